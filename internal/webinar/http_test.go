package webinar_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/webinar"
	"github.com/academy/academy/internal/webinar/events"
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

// do sends a request and returns the status and the decoded JSON body.
func (c *client) do(method, path, token string, body any) (int, map[string]any) {
	c.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(buf)
	} else {
		rd = bytes.NewReader(nil)
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
		start := t0.Add(48 * time.Hour).Format(time.RFC3339)

		// Schedule: 201, 422 naming the field, 401 without token, 403 for service.
		status, w := c.do("POST", "/api/webinars", staffToken, map[string]any{"title": "Intro", "startsAt": start, "durationMinutes": 60, "capacity": 1})
		require.Equal(t, http.StatusCreated, status, w)
		webinarID := w["id"].(string)
		require.Equal(t, "staff-1", w["createdBy"])
		status, body := c.do("POST", "/api/webinars", staffToken, map[string]any{"title": "Intro", "startsAt": start, "durationMinutes": 60})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Contains(t, fieldNames(body), "capacity")
		status, _ = c.do("POST", "/api/webinars", "", map[string]any{"title": "Intro"})
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = c.do("POST", "/api/webinars", serviceToken, map[string]any{"title": "Intro"})
		require.Equal(t, http.StatusForbidden, status)

		status, got := c.do("GET", "/api/webinars/"+webinarID, serviceToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, webinarID, got["id"])
		status, _ = c.do("GET", "/api/webinars/nope", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status)

		// Register: 201, then 409 duplicate and 409 full.
		status, reg := c.do("POST", "/api/webinar-registrations", serviceToken, map[string]any{"webinarId": webinarID, "userId": "user-1"})
		require.Equal(t, http.StatusCreated, status, reg)
		regID := reg["id"].(string)
		status, _ = c.do("POST", "/api/webinar-registrations", serviceToken, map[string]any{"webinarId": webinarID, "userId": "user-1"})
		require.Equal(t, http.StatusConflict, status)
		status, _ = c.do("POST", "/api/webinar-registrations", serviceToken, map[string]any{"webinarId": webinarID, "userId": "user-2"})
		require.Equal(t, http.StatusConflict, status)
		status, body = c.do("POST", "/api/webinar-registrations", serviceToken, map[string]any{"webinarId": webinarID})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Contains(t, fieldNames(body), "userId")
		status, _ = c.do("POST", "/api/webinar-registrations", serviceToken, map[string]any{"webinarId": "nope", "userId": "user-2"})
		require.Equal(t, http.StatusNotFound, status)
		status, got = c.do("GET", "/api/webinar-registrations/"+regID, staffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "registered", got["status"])

		// Reschedule: 200 and 422.
		status, got = c.do("POST", "/api/webinars/"+webinarID+"/reschedule", staffToken, map[string]any{"startsAt": t0.Add(72 * time.Hour).Format(time.RFC3339)})
		require.Equal(t, http.StatusOK, status, got)
		status, body = c.do("POST", "/api/webinars/"+webinarID+"/reschedule", staffToken, map[string]any{"startsAt": t0.Add(-time.Hour).Format(time.RFC3339)})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Contains(t, fieldNames(body), "startsAt")

		// Reminders: 409 not due, 201 triggered, 200 already, 422 bad kind.
		path := "/api/webinar-registrations/" + regID + "/reminders"
		status, _ = c.do("POST", path, serviceToken, map[string]any{"reminder": "24h"})
		require.Equal(t, http.StatusConflict, status)
		b.clock.Set(webinar.Reminder24h.DueAt(t0.Add(72 * time.Hour)))
		status, got = c.do("POST", path, serviceToken, map[string]any{"reminder": "24h"})
		require.Equal(t, http.StatusCreated, status, got)
		status, got = c.do("POST", path, serviceToken, map[string]any{"reminder": "24h"})
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, true, got["alreadyTriggered"])
		status, body = c.do("POST", path, serviceToken, map[string]any{"reminder": "2d"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Contains(t, fieldNames(body), "reminder")
		eventbustest.RequireCount[events.WebinarReminderTriggered](t, b.bus, 1)

		// Attendance: 201 then 200.
		b.clock.Set(t0.Add(72 * time.Hour))
		status, got = c.do("POST", "/api/webinar-registrations/"+regID+"/attendance", serviceToken, nil)
		require.Equal(t, http.StatusCreated, status, got)
		status, _ = c.do("POST", "/api/webinar-registrations/"+regID+"/attendance", serviceToken, nil)
		require.Equal(t, http.StatusOK, status)

		// Cancel: 409 once attended, 404 for an unknown registration.
		status, _ = c.do("POST", "/api/webinar-registrations/"+regID+"/cancel", serviceToken, nil)
		require.Equal(t, http.StatusConflict, status)
		status, _ = c.do("POST", "/api/webinar-registrations/nope/cancel", serviceToken, nil)
		require.Equal(t, http.StatusNotFound, status)
	})
}
