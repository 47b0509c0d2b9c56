package corporate_test

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
	"github.com/academy/academy/internal/platform/web"
)

const (
	staffToken   = "staff-secret-0123456789"
	serviceToken = "service-secret-0123456789"
)

type api struct {
	t   *testing.T
	srv *httptest.Server
}

func newAPI(t *testing.T, b *bundle) *api {
	t.Helper()
	r := web.NewRouter([]web.Token{
		{Principal: web.Principal{Name: "sam", Role: web.RoleStaff}, Secret: staffToken},
		{Principal: web.Principal{Name: "website", Role: web.RoleService}, Secret: serviceToken},
	})
	b.m.Routes(r)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return &api{t: t, srv: srv}
}

// do sends a request and decodes the JSON response into a map.
func (a *api) do(method, path, token string, body any) (int, map[string]any) {
	a.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		require.NoError(a.t, err)
		rd = bytes.NewReader(buf)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, a.srv.URL+path, rd)
	require.NoError(a.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(a.t, err)
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// fieldsOf lists the field names of a problem+json body.
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
		a := newAPI(t, b)
		lead := map[string]any{
			"source": "web", "companyName": "Acme", "contactName": "Ana", "contactEmail": "ana@acme.example",
		}

		// Leads: the website (service role) may open them; 401 without a token.
		status, _ := a.do("POST", "/api/corporate/leads", "", lead)
		require.Equal(t, http.StatusUnauthorized, status)
		status, body := a.do("POST", "/api/corporate/leads", serviceToken, lead)
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, "website", body["createdBy"])
		leadID := body["id"].(string)
		status, body = a.do("POST", "/api/corporate/leads", staffToken, map[string]any{"source": "fax", "companyName": "Acme", "contactName": "Ana", "contactEmail": "ana@acme.example"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"source"}, fieldsOf(body))

		// Reading contact data is for staff only.
		status, _ = a.do("GET", "/api/corporate/leads/"+leadID, serviceToken, nil)
		require.Equal(t, http.StatusForbidden, status)
		status, body = a.do("GET", "/api/corporate/leads/"+leadID, staffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "ana@acme.example", body["contactEmail"])
		status, _ = a.do("GET", "/api/corporate/leads/nope", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status)

		// Convert, with no body; twice is 409.
		status, body = a.do("POST", "/api/corporate/leads/"+leadID+"/convert", staffToken, nil)
		require.Equal(t, http.StatusCreated, status, body)
		orgID := body["organization"].(map[string]any)["id"].(string)
		status, _ = a.do("POST", "/api/corporate/leads/"+leadID+"/convert", staffToken, map[string]any{"organizationName": "Acme SA"})
		require.Equal(t, http.StatusConflict, status)
		status, _ = a.do("POST", "/api/corporate/leads/nope/convert", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status)
		status, _ = a.do("GET", "/api/corporate/organizations/"+orgID, staffToken, nil)
		require.Equal(t, http.StatusOK, status)

		// Proposal -> accept (twice is 409).
		proposal := map[string]any{"organizationId": orgID, "title": "Safety", "seats": 10, "amountMinor": 500000, "currency": "EUR"}
		status, _ = a.do("POST", "/api/corporate/proposals", serviceToken, proposal)
		require.Equal(t, http.StatusForbidden, status)
		status, body = a.do("POST", "/api/corporate/proposals", staffToken, proposal)
		require.Equal(t, http.StatusCreated, status, body)
		proposalID := body["id"].(string)
		status, body = a.do("POST", "/api/corporate/proposals", staffToken, map[string]any{"organizationId": orgID, "title": "Safety", "seats": 10, "amountMinor": 500000, "currency": "euro"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"currency"}, fieldsOf(body))
		status, body = a.do("POST", "/api/corporate/proposals/"+proposalID+"/accept", staffToken, nil)
		require.Equal(t, http.StatusOK, status, body)
		require.Equal(t, "accepted", body["status"])
		status, _ = a.do("POST", "/api/corporate/proposals/"+proposalID+"/accept", staffToken, nil)
		require.Equal(t, http.StatusConflict, status)
		status, _ = a.do("GET", "/api/corporate/proposals/"+proposalID, staffToken, nil)
		require.Equal(t, http.StatusOK, status)

		// Agreement -> cohort -> invoice -> payments -> report.
		status, body = a.do("POST", "/api/corporate/agreements", staffToken, map[string]any{
			"proposalId": proposalID, "startsAt": start, "endsAt": start.AddDate(0, 6, 0),
		})
		require.Equal(t, http.StatusCreated, status, body)
		agreementID := body["id"].(string)
		status, _ = a.do("GET", "/api/corporate/agreements/"+agreementID, staffToken, nil)
		require.Equal(t, http.StatusOK, status)

		status, body = a.do("POST", "/api/corporate/cohorts", staffToken, map[string]any{
			"agreementId": agreementID, "courseId": "course-1", "name": "Spring", "seats": 10, "startsAt": start.Add(24 * time.Hour),
		})
		require.Equal(t, http.StatusCreated, status, body)
		cohortID := body["id"].(string)
		status, _ = a.do("GET", "/api/corporate/cohorts/"+cohortID, staffToken, nil)
		require.Equal(t, http.StatusOK, status)

		status, body = a.do("POST", "/api/corporate/invoices", staffToken, map[string]any{
			"agreementId": agreementID, "amountMinor": 1000, "currency": "EUR", "dueAt": start.AddDate(0, 1, 0),
		})
		require.Equal(t, http.StatusCreated, status, body)
		invoiceID := body["id"].(string)
		status, body = a.do("POST", "/api/corporate/invoices/"+invoiceID+"/payments", staffToken, map[string]any{
			"paymentId": "pay-1", "amountMinor": 1001, "currency": "EUR",
		})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"amountMinor"}, fieldsOf(body))
		status, body = a.do("POST", "/api/corporate/invoices/"+invoiceID+"/payments", staffToken, map[string]any{
			"paymentId": "pay-1", "amountMinor": 1000, "currency": "EUR",
		})
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, "paid", body["invoice"].(map[string]any)["status"])
		status, _ = a.do("POST", "/api/corporate/invoices/"+invoiceID+"/payments", staffToken, map[string]any{
			"paymentId": "pay-2", "amountMinor": 1, "currency": "EUR",
		})
		require.Equal(t, http.StatusConflict, status)
		status, body = a.do("GET", "/api/corporate/invoices/"+invoiceID+"/payments", staffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["allocations"], 1)
		status, body = a.do("GET", "/api/corporate/invoices/"+invoiceID, staffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.EqualValues(t, 0, body["openAmountMinor"])

		b.clock.Advance(48 * time.Hour)
		status, body = a.do("POST", "/api/corporate/reports", staffToken, map[string]any{
			"cohortId": cohortID, "periodStart": start, "periodEnd": start.Add(48 * time.Hour),
		})
		require.Equal(t, http.StatusCreated, status, body)
		require.EqualValues(t, 1000, body["paidMinor"])
		status, _ = a.do("GET", "/api/corporate/reports/"+body["id"].(string), staffToken, nil)
		require.Equal(t, http.StatusOK, status)
		status, _ = a.do("GET", "/api/corporate/reports/nope", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status)
	})
}
