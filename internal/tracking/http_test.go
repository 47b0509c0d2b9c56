package tracking_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/tracking/events"
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
		b := setup(t, d)
		c := newServer(t, b)
		conv := map[string]any{"kind": "enrollment_confirmed", "subjectId": "enr-1", "sourceEventId": "ev-1", "valueAmount": 50000, "valueCurrency": "EUR"}

		status, body := c.do("POST", "/api/tracking/conversions", serviceToken, conv)
		require.Equal(t, http.StatusCreated, status, body)
		id := body["conversion"].(map[string]any)["id"].(string)
		status, body = c.do("POST", "/api/tracking/conversions", adminToken, conv)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, true, body["alreadyRecorded"])
		eventbustest.RequireCount[events.ConversionTracked](t, b.bus, 1)

		status, body = c.do("POST", "/api/tracking/conversions", serviceToken, map[string]any{"kind": "nope", "subjectId": "enr-1", "sourceEventId": "ev-2"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"kind"}, fieldNames(body))
		status, _ = c.do("POST", "/api/tracking/conversions", "", conv)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = c.do("POST", "/api/tracking/conversions", staffToken, conv)
		require.Equal(t, http.StatusForbidden, status)

		status, body = c.do("GET", "/api/tracking/conversions/"+id, serviceToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "enr-1", body["subjectId"])
		status, _ = c.do("GET", "/api/tracking/conversions/nope", serviceToken, nil)
		require.Equal(t, http.StatusNotFound, status)
		status, body = c.do("GET", "/api/tracking/conversions?subjectId=enr-1", adminToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["conversions"], 1)
		status, body = c.do("GET", "/api/tracking/conversions", adminToken, nil)
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"subjectId"}, fieldNames(body))

		step := map[string]any{"userId": "user-1", "step": "attended", "subjectId": "web-1", "sourceEventId": "ev-3"}
		status, body = c.do("POST", "/api/tracking/funnel-steps", serviceToken, step)
		require.Equal(t, http.StatusCreated, status, body)
		stepID := body["funnelStep"].(map[string]any)["id"].(string)
		status, body = c.do("POST", "/api/tracking/funnel-steps", serviceToken, step)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, true, body["alreadyCompleted"])
		status, body = c.do("POST", "/api/tracking/funnel-steps", serviceToken, map[string]any{"userId": "user-1", "step": "paid", "sourceEventId": "ev-4"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"step"}, fieldNames(body))
		status, _ = c.do("POST", "/api/tracking/funnel-steps", staffToken, step)
		require.Equal(t, http.StatusForbidden, status)
		status, body = c.do("GET", "/api/tracking/funnel-steps/"+stepID, serviceToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "attended", body["step"])
		status, _ = c.do("GET", "/api/tracking/funnel-steps/nope", serviceToken, nil)
		require.Equal(t, http.StatusNotFound, status)
		status, body = c.do("GET", "/api/tracking/funnel-steps?userId=user-1", serviceToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["funnelSteps"], 1)
		eventbustest.RequireCount[events.FunnelStepCompleted](t, b.bus, 1)
	})
}
