package attendance_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/attendance/events"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/web"
)

const (
	adminToken   = "admin-secret-0123456789"
	staffToken   = "staff-secret-0123456789"
	serviceToken = "service-secret-0123456789"
)

type client struct {
	t   *testing.T
	srv *httptest.Server
}

func newServer(t *testing.T, b *bundle) *client {
	t.Helper()
	router := web.NewRouter([]web.Token{
		{Principal: web.Principal{Name: "admin-1", Role: web.RoleAdmin}, Secret: adminToken},
		{Principal: web.Principal{Name: "staff-1", Role: web.RoleStaff}, Secret: staffToken},
		{Principal: web.Principal{Name: "svc-1", Role: web.RoleService}, Secret: serviceToken},
	})
	b.m.Routes(router)
	srv := httptest.NewServer(router)
	t.Cleanup(srv.Close)
	return &client{t: t, srv: srv}
}

func (c *client) do(method, path, token string, body any) (int, map[string]any) {
	c.t.Helper()
	rd := bytes.NewReader(nil)
	if body != nil {
		buf, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, c.srv.URL+path, rd)
	require.NoError(c.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	var out map[string]any
	require.NoError(c.t, json.NewDecoder(res.Body).Decode(&out))
	return res.StatusCode, out
}

func fieldNames(body map[string]any) []string {
	var out []string
	errs, _ := body["errors"].([]any)
	for _, e := range errs {
		out = append(out, e.(map[string]any)["field"].(string))
	}
	return out
}

func TestHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, fakeRoster{"cs-1": {"user-1", "user-2"}})
		c := newServer(t, b)

		newSession := map[string]any{"courseSessionId": "cs-1", "startsAt": start.Format(time.RFC3339), "endsAt": end.Format(time.RFC3339)}
		status, s := c.do("POST", "/api/attendance-sessions", staffToken, newSession)
		require.Equal(t, http.StatusCreated, status, s)
		id := s["id"].(string)
		status, body := c.do("POST", "/api/attendance-sessions", staffToken, map[string]any{"startsAt": start.Format(time.RFC3339), "endsAt": end.Format(time.RFC3339)})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"courseSessionId"}, fieldNames(body))
		status, _ = c.do("POST", "/api/attendance-sessions", "", newSession)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = c.do("POST", "/api/attendance-sessions", serviceToken, newSession)
		require.Equal(t, http.StatusForbidden, status)
		status, _ = c.do("GET", "/api/attendance-sessions/nope", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status)

		// Marks: 409 before the start, 201 first mark, 200 change, 422, 404.
		marks := "/api/attendance-sessions/" + id + "/marks"
		status, _ = c.do("POST", marks, staffToken, map[string]any{"userId": "user-1", "status": "present"})
		require.Equal(t, http.StatusConflict, status)
		b.clock.Set(start)
		status, body = c.do("POST", marks, staffToken, map[string]any{"userId": "user-1", "status": "late"})
		require.Equal(t, http.StatusCreated, status, body)
		markID := body["mark"].(map[string]any)["id"].(string)
		require.Equal(t, "staff-1", body["mark"].(map[string]any)["markedBy"])
		status, body = c.do("POST", marks, adminToken, map[string]any{"userId": "user-1", "status": "present"})
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, true, body["changed"])
		status, body = c.do("POST", marks, staffToken, map[string]any{"userId": "user-1", "status": "here"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"status"}, fieldNames(body))
		status, _ = c.do("POST", "/api/attendance-sessions/nope/marks", staffToken, map[string]any{"userId": "user-1", "status": "present"})
		require.Equal(t, http.StatusNotFound, status)
		status, body = c.do("GET", "/api/attendance-marks/"+markID, staffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "present", body["status"])
		status, body = c.do("GET", marks, staffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["marks"], 1)
		eventbustest.RequireCount[events.AttendanceMarked](t, b.bus, 2)

		// Detect no-shows: admin only, 409 too early, then 200 with user-2.
		detect := "/api/attendance-sessions/" + id + "/detect-no-shows"
		status, _ = c.do("POST", detect, staffToken, nil)
		require.Equal(t, http.StatusForbidden, status)
		status, _ = c.do("POST", detect, adminToken, nil)
		require.Equal(t, http.StatusConflict, status)
		b.clock.Set(end.Add(grace))
		status, body = c.do("POST", detect, adminToken, nil)
		require.Equal(t, http.StatusOK, status, body)
		require.Equal(t, []any{"user-2"}, body["detected"])
		status, body = c.do("POST", detect, adminToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, []any{}, body["detected"])
		status, body = c.do("GET", "/api/attendance-sessions/"+id+"/no-shows", staffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["noShows"], 1)
		status, _ = c.do("POST", "/api/attendance-sessions/nope/detect-no-shows", adminToken, nil)
		require.Equal(t, http.StatusNotFound, status)
		eventbustest.RequireCount[events.StudentNoShowDetected](t, b.bus, 1)

		// Cancel: 409 once ended; 200 for a session that has not.
		status, _ = c.do("POST", "/api/attendance-sessions/"+id+"/cancel", staffToken, nil)
		require.Equal(t, http.StatusConflict, status)
		b.clock.Set(t0)
		_, s = c.do("POST", "/api/attendance-sessions", staffToken, newSession)
		status, body = c.do("POST", "/api/attendance-sessions/"+s["id"].(string)+"/cancel", staffToken, nil)
		require.Equal(t, http.StatusOK, status, body)
		require.Equal(t, "cancelled", body["status"])
	})
}
