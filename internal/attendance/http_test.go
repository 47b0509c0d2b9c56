package attendance_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/attendance/events"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/web/webtest"
)

func TestHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, fakeRoster{"cs-1": {"user-1", "user-2"}})
		c := webtest.New(t, b.m.Routes)

		newSession := map[string]any{"courseSessionId": "cs-1", "startsAt": start.Format(time.RFC3339), "endsAt": end.Format(time.RFC3339)}
		status, s := c.Do("POST", "/api/attendance-sessions", webtest.StaffToken, newSession)
		require.Equal(t, http.StatusCreated, status, s)
		id := s["id"].(string)
		status, body := c.Do("POST", "/api/attendance-sessions", webtest.StaffToken, map[string]any{"startsAt": start.Format(time.RFC3339), "endsAt": end.Format(time.RFC3339)})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"courseSessionId"}, webtest.Fields(body))
		status, _ = c.Do("POST", "/api/attendance-sessions", "", newSession)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = c.Do("POST", "/api/attendance-sessions", webtest.ServiceToken, newSession)
		require.Equal(t, http.StatusForbidden, status)
		status, _ = c.Do("GET", "/api/attendance-sessions/nope", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status)

		// Marks: 409 before the start, 201 first mark, 200 change, 422, 404.
		marks := "/api/attendance-sessions/" + id + "/marks"
		status, _ = c.Do("POST", marks, webtest.StaffToken, map[string]any{"userId": "user-1", "status": "present"})
		require.Equal(t, http.StatusConflict, status)
		b.clock.Set(start)
		status, body = c.Do("POST", marks, webtest.StaffToken, map[string]any{"userId": "user-1", "status": "late"})
		require.Equal(t, http.StatusCreated, status, body)
		markID := body["mark"].(map[string]any)["id"].(string)
		require.Equal(t, webtest.StaffName, body["mark"].(map[string]any)["markedBy"])
		status, body = c.Do("POST", marks, webtest.AdminToken, map[string]any{"userId": "user-1", "status": "present"})
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, true, body["changed"])
		status, body = c.Do("POST", marks, webtest.StaffToken, map[string]any{"userId": "user-1", "status": "here"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"status"}, webtest.Fields(body))
		status, _ = c.Do("POST", "/api/attendance-sessions/nope/marks", webtest.StaffToken, map[string]any{"userId": "user-1", "status": "present"})
		require.Equal(t, http.StatusNotFound, status)
		status, body = c.Do("GET", "/api/attendance-marks/"+markID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "present", body["status"])
		status, body = c.Do("GET", marks, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["marks"], 1)
		eventbustest.RequireCount[events.AttendanceMarked](t, b.bus, 2)

		// Detect no-shows: admin only, 409 too early, then 200 with user-2.
		detect := "/api/attendance-sessions/" + id + "/detect-no-shows"
		status, _ = c.Do("POST", detect, webtest.StaffToken, nil)
		require.Equal(t, http.StatusForbidden, status)
		status, _ = c.Do("POST", detect, webtest.AdminToken, nil)
		require.Equal(t, http.StatusConflict, status)
		b.clock.Set(end.Add(grace))
		status, body = c.Do("POST", detect, webtest.AdminToken, nil)
		require.Equal(t, http.StatusOK, status, body)
		require.Equal(t, []any{"user-2"}, body["detected"])
		status, body = c.Do("POST", detect, webtest.AdminToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, []any{}, body["detected"])
		status, body = c.Do("GET", "/api/attendance-sessions/"+id+"/no-shows", webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["noShows"], 1)
		status, _ = c.Do("POST", "/api/attendance-sessions/nope/detect-no-shows", webtest.AdminToken, nil)
		require.Equal(t, http.StatusNotFound, status)
		eventbustest.RequireCount[events.StudentNoShowDetected](t, b.bus, 1)

		// Cancel: 409 once ended; 200 for a session that has not.
		status, _ = c.Do("POST", "/api/attendance-sessions/"+id+"/cancel", webtest.StaffToken, nil)
		require.Equal(t, http.StatusConflict, status)
		b.clock.Set(t0)
		// A second roll call for cs-1 is 409: the first one still counts.
		status, body = c.Do("POST", "/api/attendance-sessions", webtest.StaffToken, newSession)
		require.Equal(t, http.StatusConflict, status, body)
		newSession["courseSessionId"] = "cs-2"
		_, s = c.Do("POST", "/api/attendance-sessions", webtest.StaffToken, newSession)
		status, body = c.Do("POST", "/api/attendance-sessions/"+s["id"].(string)+"/cancel", webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status, body)
		require.Equal(t, "cancelled", body["status"])
	})
}
