package corporate_test

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
		a := webtest.New(t, b.m.Routes)
		lead := map[string]any{
			"source": "web", "companyName": "Acme", "contactName": "Ana", "contactEmail": "ana@acme.example",
		}

		// Leads: the website (service role) may open them; 401 without a token.
		status, _ := a.Do("POST", "/api/corporate/leads", "", lead)
		require.Equal(t, http.StatusUnauthorized, status)
		status, body := a.Do("POST", "/api/corporate/leads", webtest.ServiceToken, lead)
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, webtest.ServiceName, body["createdBy"])
		leadID := body["id"].(string)
		status, body = a.Do("POST", "/api/corporate/leads", webtest.StaffToken, map[string]any{"source": "fax", "companyName": "Acme", "contactName": "Ana", "contactEmail": "ana@acme.example"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"source"}, webtest.Fields(body))

		// Reading contact data is for staff only.
		status, _ = a.Do("GET", "/api/corporate/leads/"+leadID, webtest.ServiceToken, nil)
		require.Equal(t, http.StatusForbidden, status)
		status, body = a.Do("GET", "/api/corporate/leads/"+leadID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "ana@acme.example", body["contactEmail"])
		status, _ = a.Do("GET", "/api/corporate/leads/nope", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status)

		// Convert, with no body; twice is 409.
		status, body = a.Do("POST", "/api/corporate/leads/"+leadID+"/convert", webtest.StaffToken, nil)
		require.Equal(t, http.StatusCreated, status, body)
		orgID := body["organization"].(map[string]any)["id"].(string)
		status, _ = a.Do("POST", "/api/corporate/leads/"+leadID+"/convert", webtest.StaffToken, map[string]any{"organizationName": "Acme SA"})
		require.Equal(t, http.StatusConflict, status)
		status, _ = a.Do("POST", "/api/corporate/leads/nope/convert", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status)
		status, _ = a.Do("GET", "/api/corporate/organizations/"+orgID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)

		// Proposal -> accept (twice is 409).
		proposal := map[string]any{"organizationId": orgID, "title": "Safety", "seats": 10, "amountMinor": 500000, "currency": "EUR"}
		status, _ = a.Do("POST", "/api/corporate/proposals", webtest.ServiceToken, proposal)
		require.Equal(t, http.StatusForbidden, status)
		status, body = a.Do("POST", "/api/corporate/proposals", webtest.StaffToken, proposal)
		require.Equal(t, http.StatusCreated, status, body)
		proposalID := body["id"].(string)
		status, body = a.Do("POST", "/api/corporate/proposals", webtest.StaffToken, map[string]any{"organizationId": orgID, "title": "Safety", "seats": 10, "amountMinor": 500000, "currency": "euro"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"currency"}, webtest.Fields(body))
		status, body = a.Do("POST", "/api/corporate/proposals/"+proposalID+"/accept", webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status, body)
		require.Equal(t, "accepted", body["status"])
		status, _ = a.Do("POST", "/api/corporate/proposals/"+proposalID+"/accept", webtest.StaffToken, nil)
		require.Equal(t, http.StatusConflict, status)
		status, _ = a.Do("GET", "/api/corporate/proposals/"+proposalID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)

		// Agreement -> cohort -> invoice -> payments -> report.
		status, body = a.Do("POST", "/api/corporate/agreements", webtest.StaffToken, map[string]any{
			"proposalId": proposalID, "startsAt": start, "endsAt": start.AddDate(0, 6, 0),
		})
		require.Equal(t, http.StatusCreated, status, body)
		agreementID := body["id"].(string)
		status, _ = a.Do("GET", "/api/corporate/agreements/"+agreementID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)

		status, body = a.Do("POST", "/api/corporate/cohorts", webtest.StaffToken, map[string]any{
			"agreementId": agreementID, "courseId": "course-1", "name": "Spring", "seats": 10, "startsAt": start.Add(24 * time.Hour),
		})
		require.Equal(t, http.StatusCreated, status, body)
		cohortID := body["id"].(string)
		status, _ = a.Do("GET", "/api/corporate/cohorts/"+cohortID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)

		status, body = a.Do("POST", "/api/corporate/invoices", webtest.StaffToken, map[string]any{
			"agreementId": agreementID, "amountMinor": 1000, "currency": "EUR", "dueAt": start.AddDate(0, 1, 0),
		})
		require.Equal(t, http.StatusCreated, status, body)
		invoiceID := body["id"].(string)
		status, body = a.Do("POST", "/api/corporate/invoices/"+invoiceID+"/payments", webtest.StaffToken, map[string]any{
			"paymentId": "pay-1", "amountMinor": 1001, "currency": "EUR",
		})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"amountMinor"}, webtest.Fields(body))
		status, body = a.Do("POST", "/api/corporate/invoices/"+invoiceID+"/payments", webtest.StaffToken, map[string]any{
			"paymentId": "pay-1", "amountMinor": 1000, "currency": "EUR",
		})
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, "paid", body["invoice"].(map[string]any)["status"])
		status, _ = a.Do("POST", "/api/corporate/invoices/"+invoiceID+"/payments", webtest.StaffToken, map[string]any{
			"paymentId": "pay-2", "amountMinor": 1, "currency": "EUR",
		})
		require.Equal(t, http.StatusConflict, status)
		status, body = a.Do("GET", "/api/corporate/invoices/"+invoiceID+"/payments", webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["allocations"], 1)
		status, body = a.Do("GET", "/api/corporate/invoices/"+invoiceID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.EqualValues(t, 0, body["openAmountMinor"])

		b.clock.Advance(48 * time.Hour)
		status, body = a.Do("POST", "/api/corporate/reports", webtest.StaffToken, map[string]any{
			"cohortId": cohortID, "periodStart": start, "periodEnd": start.Add(48 * time.Hour),
		})
		require.Equal(t, http.StatusCreated, status, body)
		require.EqualValues(t, 1000, body["paidMinor"])
		status, _ = a.Do("GET", "/api/corporate/reports/"+body["id"].(string), webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)
		status, _ = a.Do("GET", "/api/corporate/reports/nope", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status)
	})
}
