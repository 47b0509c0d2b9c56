package enrollment_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/enrollment/events"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/web/webtest"
)

func TestHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		api := webtest.New(t, b.m.Routes)
		sessionID, userID := b.session(t, 5), b.student(t)

		status, e := api.Do("POST", "/api/enrollments", webtest.ServiceToken, map[string]any{"courseSessionId": sessionID, "userId": userID, "source": "web"})
		require.Equal(t, http.StatusCreated, status, e)
		require.Equal(t, "pending", e["status"])
		id := e["id"].(string)
		ev := eventbustest.RequireRecorded[events.EnrollmentCreated](t, b.bus)
		require.Equal(t, events.UserID(webtest.ServiceName), ev.ActorUserID)

		status, got := api.Do("GET", "/api/enrollments/"+id, webtest.ServiceToken, nil)
		require.Equal(t, http.StatusOK, status, got)

		status, got = api.Do("POST", "/api/enrollments/"+id+"/confirm", webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, "confirmed", got["status"])

		status, list := api.Do("GET", "/api/enrollments?courseSessionId="+sessionID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status, list)
		require.Len(t, list["enrollments"], 1)

		// 409: confirming twice; enrolling the same person again.
		status, p := api.Do("POST", "/api/enrollments/"+id+"/confirm", webtest.StaffToken, nil)
		require.Equal(t, http.StatusConflict, status, p)
		status, p = api.Do("POST", "/api/enrollments", webtest.StaffToken, map[string]any{"courseSessionId": sessionID, "userId": userID, "source": "staff"})
		require.Equal(t, http.StatusConflict, status, p)

		// 422 names the field.
		status, p = api.Do("POST", "/api/enrollments/"+id+"/cancel", webtest.StaffToken, map[string]any{"reason": "because"})
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"reason"}, webtest.Fields(p))
		status, p = api.Do("POST", "/api/enrollments", webtest.StaffToken, map[string]any{"courseSessionId": sessionID, "userId": userID, "source": "carrier-pigeon"})
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"source"}, webtest.Fields(p))
		status, p = api.Do("GET", "/api/enrollments", webtest.StaffToken, nil)
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"courseSessionId"}, webtest.Fields(p))

		status, got = api.Do("POST", "/api/enrollments/"+id+"/cancel", webtest.StaffToken, map[string]any{"reason": "student_request"})
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, "student_request", got["cancelReason"])

		// 404 for an unknown enrollment in the path; 422 naming userId for an
		// unknown person in the body.
		status, p = api.Do("GET", "/api/enrollments/missing", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status, p)
		status, p = api.Do("POST", "/api/enrollments/missing/confirm", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status, p)
		status, p = api.Do("POST", "/api/enrollments", webtest.StaffToken, map[string]any{"courseSessionId": sessionID, "userId": "missing", "source": "staff"})
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"userId"}, webtest.Fields(p))

		// 401 without a token; 403 when an integration tries to confirm.
		status, _ = api.Do("GET", "/api/enrollments/"+id, "", nil)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = api.Do("POST", "/api/enrollments/"+id+"/confirm", webtest.ServiceToken, nil)
		require.Equal(t, http.StatusForbidden, status)

		eventbustest.RequireTotal(t, b.bus, 3)
	})
}
