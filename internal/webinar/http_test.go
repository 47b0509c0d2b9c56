package webinar_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/web/webtest"
	"github.com/academy/academy/internal/webinar"
	"github.com/academy/academy/internal/webinar/events"
)

func TestHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		c := webtest.New(t, b.m.Routes)
		start := t0.Add(48 * time.Hour).Format(time.RFC3339)

		// Schedule: 201, 422 naming the field, 401 without token, 403 for service.
		status, w := c.Do("POST", "/api/webinars", webtest.StaffToken, map[string]any{"title": "Intro", "startsAt": start, "durationMinutes": 60, "capacity": 1})
		require.Equal(t, http.StatusCreated, status, w)
		webinarID := w["id"].(string)
		require.Equal(t, webtest.StaffName, w["createdBy"])
		status, body := c.Do("POST", "/api/webinars", webtest.StaffToken, map[string]any{"title": "Intro", "startsAt": start, "durationMinutes": 60})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Contains(t, webtest.Fields(body), "capacity")
		status, _ = c.Do("POST", "/api/webinars", "", map[string]any{"title": "Intro"})
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = c.Do("POST", "/api/webinars", webtest.ServiceToken, map[string]any{"title": "Intro"})
		require.Equal(t, http.StatusForbidden, status)

		status, got := c.Do("GET", "/api/webinars/"+webinarID, webtest.ServiceToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, webinarID, got["id"])
		status, _ = c.Do("GET", "/api/webinars/nope", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status)

		// Register: 201, then 409 duplicate and 409 full.
		status, reg := c.Do("POST", "/api/webinar-registrations", webtest.ServiceToken, map[string]any{"webinarId": webinarID, "userId": "user-1"})
		require.Equal(t, http.StatusCreated, status, reg)
		regID := reg["id"].(string)
		status, _ = c.Do("POST", "/api/webinar-registrations", webtest.ServiceToken, map[string]any{"webinarId": webinarID, "userId": "user-1"})
		require.Equal(t, http.StatusConflict, status)
		status, _ = c.Do("POST", "/api/webinar-registrations", webtest.ServiceToken, map[string]any{"webinarId": webinarID, "userId": "user-2"})
		require.Equal(t, http.StatusConflict, status)
		status, body = c.Do("POST", "/api/webinar-registrations", webtest.ServiceToken, map[string]any{"webinarId": webinarID})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Contains(t, webtest.Fields(body), "userId")
		status, body = c.Do("POST", "/api/webinar-registrations", webtest.ServiceToken, map[string]any{"webinarId": "nope", "userId": "user-2"})
		require.Equal(t, http.StatusUnprocessableEntity, status, body)
		require.Equal(t, []string{"webinarId"}, webtest.Fields(body))
		status, got = c.Do("GET", "/api/webinar-registrations/"+regID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "registered", got["status"])

		// Reschedule: 200 and 422.
		status, got = c.Do("POST", "/api/webinars/"+webinarID+"/reschedule", webtest.StaffToken, map[string]any{"startsAt": t0.Add(72 * time.Hour).Format(time.RFC3339)})
		require.Equal(t, http.StatusOK, status, got)
		status, body = c.Do("POST", "/api/webinars/"+webinarID+"/reschedule", webtest.StaffToken, map[string]any{"startsAt": t0.Add(-time.Hour).Format(time.RFC3339)})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Contains(t, webtest.Fields(body), "startsAt")

		// Reminders: 409 not due, 201 triggered, 200 already, 422 bad kind.
		path := "/api/webinar-registrations/" + regID + "/reminders"
		status, _ = c.Do("POST", path, webtest.ServiceToken, map[string]any{"reminder": "24h"})
		require.Equal(t, http.StatusConflict, status)
		b.clock.Set(webinar.Reminder24h.DueAt(t0.Add(72 * time.Hour)))
		status, got = c.Do("POST", path, webtest.ServiceToken, map[string]any{"reminder": "24h"})
		require.Equal(t, http.StatusCreated, status, got)
		status, got = c.Do("POST", path, webtest.ServiceToken, map[string]any{"reminder": "24h"})
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, true, got["alreadyTriggered"])
		status, body = c.Do("POST", path, webtest.ServiceToken, map[string]any{"reminder": "2d"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Contains(t, webtest.Fields(body), "reminder")
		eventbustest.RequireCount[events.WebinarReminderTriggered](t, b.bus, 1)

		// Attendance: 201 then 200.
		b.clock.Set(t0.Add(72 * time.Hour))
		status, got = c.Do("POST", "/api/webinar-registrations/"+regID+"/attendance", webtest.ServiceToken, nil)
		require.Equal(t, http.StatusCreated, status, got)
		status, _ = c.Do("POST", "/api/webinar-registrations/"+regID+"/attendance", webtest.ServiceToken, nil)
		require.Equal(t, http.StatusOK, status)

		// Cancel: 409 once attended, 404 for an unknown registration.
		status, _ = c.Do("POST", "/api/webinar-registrations/"+regID+"/cancel", webtest.ServiceToken, nil)
		require.Equal(t, http.StatusConflict, status)
		status, _ = c.Do("POST", "/api/webinar-registrations/nope/cancel", webtest.ServiceToken, nil)
		require.Equal(t, http.StatusNotFound, status)
	})
}
