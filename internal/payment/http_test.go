package payment_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/payment"
	"github.com/academy/academy/internal/payment/events"
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

func newAPI(t *testing.T, m *payment.Module) *apiClient {
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

func (c *apiClient) send(method, path, token, contentType string, body io.Reader) *http.Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path, body)
	require.NoError(c.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	c.t.Cleanup(func() { res.Body.Close() })
	return res
}

func (c *apiClient) do(method, path, token string, body any) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(buf)
	}
	return decode(c.t, c.send(method, path, token, "", rd))
}

// upload posts file as the multipart part named part.
func (c *apiClient) upload(path, token, part string, file []byte) (int, map[string]any) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(c.t, mw.WriteField("note", "ignored"))
	fw, err := mw.CreateFormFile(part, "comprovante.pdf")
	require.NoError(c.t, err)
	_, err = fw.Write(file)
	require.NoError(c.t, err)
	require.NoError(c.t, mw.Close())
	return decode(c.t, c.send("POST", path, token, mw.FormDataContentType(), &buf))
}

func decode(t *testing.T, res *http.Response) (int, map[string]any) {
	t.Helper()
	var out map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
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
		e := b.enrollment(t, 120000, 30000)

		status, p := api.do("POST", "/api/payments", serviceToken, map[string]any{"enrollmentId": e.ID})
		require.Equal(t, http.StatusCreated, status, p)
		require.Equal(t, "deposit_started", p["status"])
		require.Equal(t, float64(30000), p["depositAmount"])
		id := p["id"].(string)

		status, got := api.do("GET", "/api/payments/"+id, serviceToken, nil)
		require.Equal(t, http.StatusOK, status, got)

		// 422 names the field: a GIF, a body that is not multipart, a
		// request without the file part.
		status, prob := api.upload("/api/payments/"+id+"/receipts", serviceToken, "file", gif)
		require.Equal(t, http.StatusUnprocessableEntity, status, prob)
		require.Equal(t, []string{"file"}, fieldsOf(prob))
		status, prob = api.do("POST", "/api/payments/"+id+"/receipts", serviceToken, map[string]any{"file": "JVBERi0="})
		require.Equal(t, http.StatusUnprocessableEntity, status, prob)
		require.Equal(t, []string{"file"}, fieldsOf(prob))
		status, prob = api.upload("/api/payments/"+id+"/receipts", serviceToken, "attachment", pdf)
		require.Equal(t, http.StatusUnprocessableEntity, status, prob)
		require.Equal(t, []string{"file"}, fieldsOf(prob))
		status, prob = api.upload("/api/payments/"+id+"/receipts", serviceToken, "file", make([]byte, 2*maxReceipt))
		require.Equal(t, http.StatusUnprocessableEntity, status, prob)
		require.Equal(t, []string{"file"}, fieldsOf(prob))
		status, prob = api.do("POST", "/api/payments", staffToken, map[string]any{})
		require.Equal(t, http.StatusUnprocessableEntity, status, prob)
		require.Equal(t, []string{"enrollmentId"}, fieldsOf(prob))
		require.Empty(t, b.files(t))

		status, rec := api.upload("/api/payments/"+id+"/receipts", serviceToken, "file", pdf)
		require.Equal(t, http.StatusCreated, status, rec)
		require.Equal(t, "application/pdf", rec["contentType"])
		require.Equal(t, "website", rec["uploadedBy"])
		receiptID := rec["id"].(string)
		require.NotContains(t, rec, "storedName")

		status, meta := api.do("GET", "/api/payment-receipts/"+receiptID, staffToken, nil)
		require.Equal(t, http.StatusOK, status, meta)
		res := api.send("GET", "/api/payment-receipts/"+receiptID+"/file", staffToken, "", nil)
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.Equal(t, "application/pdf", res.Header.Get("Content-Type"))
		content, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, pdf, content)

		status, got = api.do("POST", "/api/payments/"+id+"/approve-deposit", staffToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, "deposit_approved", got["status"])
		status, got = api.do("POST", "/api/payments/"+id+"/complete-balance", serviceToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, "balance_completed", got["status"])

		// 409: approving twice, starting a second payment, completing twice.
		status, prob = api.do("POST", "/api/payments/"+id+"/approve-deposit", staffToken, nil)
		require.Equal(t, http.StatusConflict, status, prob)
		status, prob = api.do("POST", "/api/payments", staffToken, map[string]any{"enrollmentId": e.ID})
		require.Equal(t, http.StatusConflict, status, prob)
		status, prob = api.do("POST", "/api/payments/"+id+"/complete-balance", staffToken, nil)
		require.Equal(t, http.StatusConflict, status, prob)

		// 404.
		status, prob = api.do("GET", "/api/payments/missing", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status, prob)
		status, prob = api.upload("/api/payments/missing/receipts", staffToken, "file", pdf)
		require.Equal(t, http.StatusNotFound, status, prob)
		status, prob = api.do("GET", "/api/payment-receipts/missing/file", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status, prob)

		// 401 without a token; 403 when an integration tries to approve or
		// read receipts.
		status, _ = api.do("GET", "/api/payments/"+id, "", nil)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = api.do("POST", "/api/payments/"+id+"/approve-deposit", serviceToken, nil)
		require.Equal(t, http.StatusForbidden, status)
		status, _ = api.do("GET", "/api/payment-receipts/"+receiptID, serviceToken, nil)
		require.Equal(t, http.StatusForbidden, status)

		eventbustest.RequireCount[events.PaymentReceiptUploaded](t, b.bus, 1)
		require.Equal(t, 4, paymentEvents(t, b.bus))
	})
}
