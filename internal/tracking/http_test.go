package tracking_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/web/webtest"
	"github.com/academy/academy/internal/tracking/events"
)

func TestHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		c := webtest.New(t, b.m.Routes)
		conv := map[string]any{"kind": "enrollment_confirmed", "subjectId": "enr-1", "sourceEventId": "ev-1", "valueAmount": 50000, "valueCurrency": "EUR"}

		status, body := c.Do("POST", "/api/tracking/conversions", webtest.ServiceToken, conv)
		require.Equal(t, http.StatusCreated, status, body)
		id := body["conversion"].(map[string]any)["id"].(string)
		status, body = c.Do("POST", "/api/tracking/conversions", webtest.AdminToken, conv)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, true, body["alreadyRecorded"])
		eventbustest.RequireCount[events.ConversionTracked](t, b.bus, 1)

		status, body = c.Do("POST", "/api/tracking/conversions", webtest.ServiceToken, map[string]any{"kind": "nope", "subjectId": "enr-1", "sourceEventId": "ev-2"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"kind"}, webtest.Fields(body))
		status, _ = c.Do("POST", "/api/tracking/conversions", "", conv)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = c.Do("POST", "/api/tracking/conversions", webtest.StaffToken, conv)
		require.Equal(t, http.StatusForbidden, status)

		status, body = c.Do("GET", "/api/tracking/conversions/"+id, webtest.ServiceToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "enr-1", body["subjectId"])
		status, _ = c.Do("GET", "/api/tracking/conversions/nope", webtest.ServiceToken, nil)
		require.Equal(t, http.StatusNotFound, status)
		status, body = c.Do("GET", "/api/tracking/conversions?subjectId=enr-1", webtest.AdminToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["conversions"], 1)
		status, body = c.Do("GET", "/api/tracking/conversions", webtest.AdminToken, nil)
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"subjectId"}, webtest.Fields(body))

		step := map[string]any{"userId": "user-1", "step": "attended", "subjectId": "web-1", "sourceEventId": "ev-3"}
		status, body = c.Do("POST", "/api/tracking/funnel-steps", webtest.ServiceToken, step)
		require.Equal(t, http.StatusCreated, status, body)
		stepID := body["funnelStep"].(map[string]any)["id"].(string)
		status, body = c.Do("POST", "/api/tracking/funnel-steps", webtest.ServiceToken, step)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, true, body["alreadyCompleted"])
		status, body = c.Do("POST", "/api/tracking/funnel-steps", webtest.ServiceToken, map[string]any{"userId": "user-1", "step": "paid", "sourceEventId": "ev-4"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"step"}, webtest.Fields(body))
		status, _ = c.Do("POST", "/api/tracking/funnel-steps", webtest.StaffToken, step)
		require.Equal(t, http.StatusForbidden, status)
		status, body = c.Do("GET", "/api/tracking/funnel-steps/"+stepID, webtest.ServiceToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "attended", body["step"])
		status, _ = c.Do("GET", "/api/tracking/funnel-steps/nope", webtest.ServiceToken, nil)
		require.Equal(t, http.StatusNotFound, status)
		status, body = c.Do("GET", "/api/tracking/funnel-steps?userId=user-1", webtest.ServiceToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["funnelSteps"], 1)
		eventbustest.RequireCount[events.FunnelStepCompleted](t, b.bus, 1)
	})
}
