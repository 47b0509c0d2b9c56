package course_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/web/webtest"
)

func TestHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		api := webtest.New(t, b.m.Routes)

		status, c := api.Do("POST", "/api/courses", webtest.StaffToken, map[string]any{"title": "Latte Art", "priceAmount": 50000, "depositAmount": 10000, "currency": "BRL"})
		require.Equal(t, http.StatusCreated, status, c)
		require.Equal(t, webtest.StaffName, c["createdBy"])
		courseID := c["id"].(string)

		status, got := api.Do("GET", "/api/courses/"+courseID, webtest.ServiceToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, float64(10000), got["depositAmount"])

		sessionBody := map[string]any{"courseId": courseID, "startsAt": start.Add(time.Hour), "endsAt": start.Add(3 * time.Hour), "capacity": 8}
		status, s := api.Do("POST", "/api/course-sessions", webtest.StaffToken, sessionBody)
		require.Equal(t, http.StatusCreated, status, s)
		status, got = api.Do("GET", "/api/course-sessions/"+s["id"].(string), webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, float64(8), got["capacity"])

		// 422 names the field.
		status, p := api.Do("POST", "/api/courses", webtest.StaffToken, map[string]any{"title": "X", "priceAmount": 100, "depositAmount": 200, "currency": "BRL"})
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"depositAmount"}, webtest.Fields(p))

		// An unknown course in the body is 422 naming courseId; an unknown
		// session in the path is 404.
		sessionBody["courseId"] = "missing"
		status, p = api.Do("POST", "/api/course-sessions", webtest.StaffToken, sessionBody)
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"courseId"}, webtest.Fields(p))
		status, p = api.Do("GET", "/api/course-sessions/missing", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status, p)

		// 401 without a token; 403 when an integration tries to change the catalogue.
		status, _ = api.Do("GET", "/api/courses/"+courseID, "", nil)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = api.Do("POST", "/api/courses", webtest.ServiceToken, map[string]any{"title": "Y", "currency": "BRL"})
		require.Equal(t, http.StatusForbidden, status)
	})
}
