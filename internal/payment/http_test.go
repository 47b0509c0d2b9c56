package payment_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/payment/events"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/web/webtest"
)

// upload posts file as the multipart part named part, after a part that the
// handler must skip.
func upload(t *testing.T, api *webtest.Client, path, token, part string, file []byte) (int, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.WriteField("note", "ignored"))
	fw, err := mw.CreateFormFile(part, "comprovante.pdf")
	require.NoError(t, err)
	_, err = fw.Write(file)
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	res := api.Send("POST", path, token, http.Header{"Content-Type": {mw.FormDataContentType()}}, &buf)
	var out map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
	return res.StatusCode, out
}

func TestHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		api := webtest.New(t, b.m.Routes)
		e := b.enrollment(t, 120000, 30000)

		status, p := api.Do("POST", "/api/payments", webtest.ServiceToken, map[string]any{"enrollmentId": e.ID})
		require.Equal(t, http.StatusCreated, status, p)
		require.Equal(t, "deposit_started", p["status"])
		require.Equal(t, float64(30000), p["depositAmount"])
		id := p["id"].(string)

		status, got := api.Do("GET", "/api/payments/"+id, webtest.ServiceToken, nil)
		require.Equal(t, http.StatusOK, status, got)

		// 422 names the field: a GIF, a body that is not multipart, a
		// request without the file part.
		status, prob := upload(t, api, "/api/payments/"+id+"/receipts", webtest.ServiceToken, "file", gif)
		require.Equal(t, http.StatusUnprocessableEntity, status, prob)
		require.Equal(t, []string{"file"}, webtest.Fields(prob))
		status, prob = api.Do("POST", "/api/payments/"+id+"/receipts", webtest.ServiceToken, map[string]any{"file": "JVBERi0="})
		require.Equal(t, http.StatusUnprocessableEntity, status, prob)
		require.Equal(t, []string{"file"}, webtest.Fields(prob))
		status, prob = upload(t, api, "/api/payments/"+id+"/receipts", webtest.ServiceToken, "attachment", pdf)
		require.Equal(t, http.StatusUnprocessableEntity, status, prob)
		require.Equal(t, []string{"file"}, webtest.Fields(prob))
		status, prob = upload(t, api, "/api/payments/"+id+"/receipts", webtest.ServiceToken, "file", make([]byte, 2*maxReceipt))
		require.Equal(t, http.StatusUnprocessableEntity, status, prob)
		require.Equal(t, []string{"file"}, webtest.Fields(prob))
		status, prob = api.Do("POST", "/api/payments", webtest.StaffToken, map[string]any{})
		require.Equal(t, http.StatusUnprocessableEntity, status, prob)
		require.Equal(t, []string{"enrollmentId"}, webtest.Fields(prob))
		require.Empty(t, b.files(t))

		status, rec := upload(t, api, "/api/payments/"+id+"/receipts", webtest.ServiceToken, "file", pdf)
		require.Equal(t, http.StatusCreated, status, rec)
		require.Equal(t, "application/pdf", rec["contentType"])
		require.Equal(t, webtest.ServiceName, rec["uploadedBy"])
		receiptID := rec["id"].(string)
		require.NotContains(t, rec, "storedName")

		status, meta := api.Do("GET", "/api/payment-receipts/"+receiptID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status, meta)
		res := api.Send("GET", "/api/payment-receipts/"+receiptID+"/file", webtest.StaffToken, nil, nil)
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.Equal(t, "application/pdf", res.Header.Get("Content-Type"))
		content, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, pdf, content)

		status, got = api.Do("POST", "/api/payments/"+id+"/approve-deposit", webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, "deposit_approved", got["status"])
		status, got = api.Do("POST", "/api/payments/"+id+"/complete-balance", webtest.ServiceToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, "balance_completed", got["status"])

		// 409: approving twice, starting a second payment, completing twice.
		status, prob = api.Do("POST", "/api/payments/"+id+"/approve-deposit", webtest.StaffToken, nil)
		require.Equal(t, http.StatusConflict, status, prob)
		status, prob = api.Do("POST", "/api/payments", webtest.StaffToken, map[string]any{"enrollmentId": e.ID})
		require.Equal(t, http.StatusConflict, status, prob)
		status, prob = api.Do("POST", "/api/payments/"+id+"/complete-balance", webtest.StaffToken, nil)
		require.Equal(t, http.StatusConflict, status, prob)

		// 404.
		status, prob = api.Do("GET", "/api/payments/missing", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status, prob)
		status, prob = upload(t, api, "/api/payments/missing/receipts", webtest.StaffToken, "file", pdf)
		require.Equal(t, http.StatusNotFound, status, prob)
		status, prob = api.Do("GET", "/api/payment-receipts/missing/file", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status, prob)

		// 401 without a token; 403 when an integration tries to approve or
		// read receipts.
		status, _ = api.Do("GET", "/api/payments/"+id, "", nil)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = api.Do("POST", "/api/payments/"+id+"/approve-deposit", webtest.ServiceToken, nil)
		require.Equal(t, http.StatusForbidden, status)
		status, _ = api.Do("GET", "/api/payment-receipts/"+receiptID, webtest.ServiceToken, nil)
		require.Equal(t, http.StatusForbidden, status)

		eventbustest.RequireCount[events.PaymentReceiptUploaded](t, b.bus, 1)
		require.Equal(t, 4, paymentEvents(t, b.bus))
	})
}
