package enrollment_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/enrollment"
	"github.com/academy/academy/internal/enrollment/events"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/web"
)

const (
	staffToken   = "staff-token-0123456789"
	serviceToken = "service-token-0123456789"
)

type apiClient struct {
	t   *testing.T
	url string
}

func newAPI(t *testing.T, m *enrollment.Module) *apiClient {
	t.Helper()
	r := web.NewRouter([]web.Token{
		{Principal: web.Principal{Name: "staff-1", Role: web.RoleStaff}, Secret: staffToken},
		{Principal: web.Principal{Name: "website", Role: web.RoleService}, Secret: serviceToken},
	})
	m.Routes(r)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return &apiClient{t: t, url: srv.URL}
}

func (c *apiClient) do(method, path, token string, body any) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, c.url+path, rd)
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

func fieldsOf(problem map[string]any) []string {
	var out []string
	errs, _ := problem["errors"].([]any)
	for _, e := range errs {
		out = append(out, e.(map[string]any)["field"].(string))
	}
	return out
}

func TestHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		api := newAPI(t, b.m)
		sessionID, userID := b.session(t, 5), b.student(t)

		status, e := api.do("POST", "/api/enrollments", serviceToken, map[string]any{"courseSessionId": sessionID, "userId": userID, "source": "web"})
		require.Equal(t, http.StatusCreated, status, e)
		require.Equal(t, "pending", e["status"])
		id := e["id"].(string)
		ev := eventbustest.RequireRecorded[events.EnrollmentCreated](t, b.bus)
		require.Equal(t, events.UserID("website"), ev.ActorUserID)

		status, got := api.do("GET", "/api/enrollments/"+id, serviceToken, nil)
		require.Equal(t, http.StatusOK, status, got)

		status, got = api.do("POST", "/api/enrollments/"+id+"/confirm", staffToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, "confirmed", got["status"])

		status, list := api.do("GET", "/api/enrollments?courseSessionId="+sessionID, staffToken, nil)
		require.Equal(t, http.StatusOK, status, list)
		require.Len(t, list["enrollments"], 1)

		// 409: confirming twice; enrolling the same person again.
		status, p := api.do("POST", "/api/enrollments/"+id+"/confirm", staffToken, nil)
		require.Equal(t, http.StatusConflict, status, p)
		status, p = api.do("POST", "/api/enrollments", staffToken, map[string]any{"courseSessionId": sessionID, "userId": userID, "source": "staff"})
		require.Equal(t, http.StatusConflict, status, p)

		// 422 names the field.
		status, p = api.do("POST", "/api/enrollments/"+id+"/cancel", staffToken, map[string]any{"reason": "because"})
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"reason"}, fieldsOf(p))
		status, p = api.do("POST", "/api/enrollments", staffToken, map[string]any{"courseSessionId": sessionID, "userId": userID, "source": "carrier-pigeon"})
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"source"}, fieldsOf(p))
		status, p = api.do("GET", "/api/enrollments", staffToken, nil)
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"courseSessionId"}, fieldsOf(p))

		status, got = api.do("POST", "/api/enrollments/"+id+"/cancel", staffToken, map[string]any{"reason": "student_request"})
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, "student_request", got["cancelReason"])

		// 404: unknown enrollment, unknown person.
		status, p = api.do("GET", "/api/enrollments/missing", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status, p)
		status, p = api.do("POST", "/api/enrollments/missing/confirm", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status, p)
		status, p = api.do("POST", "/api/enrollments", staffToken, map[string]any{"courseSessionId": sessionID, "userId": "missing", "source": "staff"})
		require.Equal(t, http.StatusNotFound, status, p)

		// 401 without a token; 403 when an integration tries to confirm.
		status, _ = api.do("GET", "/api/enrollments/"+id, "", nil)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = api.do("POST", "/api/enrollments/"+id+"/confirm", serviceToken, nil)
		require.Equal(t, http.StatusForbidden, status)

		eventbustest.RequireTotal(t, b.bus, 3)
	})
}
