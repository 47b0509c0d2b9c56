package whatsapp_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/web/webtest"
	"github.com/academy/academy/internal/whatsapp"
)

const businessNumberID = "106540352242922"

// metaDelivery builds a webhook body in Meta's shape for the business
// number phoneNumberID.
func metaDelivery(phoneNumberID string, messages, statuses []map[string]any) []byte {
	value := map[string]any{
		"messaging_product": "whatsapp",
		"metadata":          map[string]any{"display_phone_number": "15550783881", "phone_number_id": phoneNumberID},
		"contacts":          []any{map[string]any{"profile": map[string]any{"name": "Ana Ruiz"}, "wa_id": "34600111222"}},
	}
	if messages != nil {
		value["messages"] = messages
	}
	if statuses != nil {
		value["statuses"] = statuses
	}
	body, _ := json.Marshal(map[string]any{
		"object": "whatsapp_business_account",
		"entry":  []any{map[string]any{"id": "102290129340398", "changes": []any{map[string]any{"field": "messages", "value": value}}}},
	})
	return body
}

func textMessage(id, text string, at time.Time) map[string]any {
	return map[string]any{"from": "34600111222", "id": id, "timestamp": strconv.FormatInt(at.Unix(), 10), "type": "text", "text": map[string]any{"body": text}}
}

func statusUpdate(id, status, callbackData string) map[string]any {
	s := map[string]any{"id": id, "status": status, "timestamp": "1893456003", "recipient_id": "34600111222"}
	if callbackData != "" {
		s["biz_opaque_callback_data"] = callbackData
	}
	if status == "failed" {
		s["errors"] = []any{map[string]any{"code": 131026, "title": "Message undeliverable", "message": "Message undeliverable"}}
	}
	return s
}

// sign computes X-Hub-Signature-256 the way Meta does, independently of
// the code under test.
func sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// postWebhook posts body to the webhook with the given signature header
// ("" for none).
func postWebhook(t *testing.T, a *webtest.Client, body []byte, signature string) (int, map[string]any) {
	t.Helper()
	header := http.Header{"Content-Type": {"application/json"}}
	if signature != "" {
		header.Set("X-Hub-Signature-256", signature)
	}
	res := a.Send("POST", "/webhooks/whatsapp", "", header, bytes.NewReader(body))
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func withConfig(cfg whatsapp.Config) option {
	return func(d *whatsapp.Deps) { d.Config = cfg }
}

func TestWebhookVerification(t *testing.T) {
	t.Parallel()
	b := setup(t, dbtest.Open(t, db.SQLite))
	a := webtest.New(t, b.m.Routes)
	get := func(query url.Values) (int, string, string) {
		res, err := http.Get(a.URL + "/webhooks/whatsapp?" + query.Encode())
		require.NoError(t, err)
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), string(body)
	}
	status, ctype, body := get(url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {verifyToken}, "hub.challenge": {"1158201444"}})
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "text/plain; charset=utf-8", ctype)
	require.Equal(t, "1158201444", body)

	for _, q := range []url.Values{
		{"hub.mode": {"subscribe"}, "hub.verify_token": {"wrong"}, "hub.challenge": {"1"}},
		{"hub.mode": {"unsubscribe"}, "hub.verify_token": {verifyToken}, "hub.challenge": {"1"}},
		{"hub.challenge": {"1"}},
	} {
		status, ctype, body := get(q)
		require.Equal(t, http.StatusForbidden, status, q)
		require.Equal(t, "application/problem+json", ctype)
		require.NotContains(t, body, "\n1\n")
	}

	// Without a configured verify token nothing verifies, not even "".
	b2 := setup(t, dbtest.Open(t, db.SQLite), withConfig(whatsapp.Config{AppSecret: appSecret}))
	a2 := webtest.New(t, b2.m.Routes)
	res, err := http.Get(a2.URL + "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=&hub.challenge=1")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusForbidden, res.StatusCode)
}

func TestWebhookRejectsUnsignedDeliveries(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		a := webtest.New(t, b.m.Routes)
		body := metaDelivery(businessNumberID, []map[string]any{textMessage("wamid.in1", "Hello", start.Add(-time.Minute))}, nil)

		for name, sig := range map[string]string{
			"missing":      "",
			"other secret": sign("not-the-app-secret", body),
			"garbage":      "sha256=00ff",
			"no prefix":    sign(appSecret, body)[len("sha256="):],
		} {
			status, problem := postWebhook(t, a, body, sig)
			require.Equal(t, http.StatusUnauthorized, status, name)
			require.Equal(t, "unauthorized", problem["code"], name)
		}
		// A signature of another body does not carry over.
		tampered := bytes.Replace(body, []byte("Hello"), []byte("Hallo"), 1)
		status, _ := postWebhook(t, a, tampered, sign(appSecret, body))
		require.Equal(t, http.StatusUnauthorized, status)

		require.Equal(t, 0, b.count(t, "whatsapp_conversations"))
		require.Equal(t, 0, b.count(t, "whatsapp_messages"))
		eventbustest.RequireTotal(t, b.bus, 0)

		// No app secret configured: every delivery is refused.
		b2 := setup(t, d, withConfig(whatsapp.Config{VerifyToken: verifyToken}))
		a2 := webtest.New(t, b2.m.Routes)
		status, problem := postWebhook(t, a2, body, sign("", body))
		require.Equal(t, http.StatusServiceUnavailable, status)
		require.Contains(t, problem["detail"], "--whatsapp-app-secret")
		require.Equal(t, 0, b.count(t, "whatsapp_messages"))
	})
}

func TestWebhookStoresInboundMessagesOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, withConfig(whatsapp.Config{AppSecret: appSecret, VerifyToken: verifyToken, PhoneNumberID: businessNumberID}))
		a := webtest.New(t, b.m.Routes)
		body := metaDelivery(businessNumberID, []map[string]any{
			textMessage("wamid.in1", "Hi, we need training for 30 people", start.Add(-2*time.Minute)),
			textMessage("wamid.in2", "Are you there?", start.Add(-time.Minute)),
		}, nil)

		status, res := postWebhook(t, a, body, sign(appSecret, body))
		require.Equal(t, http.StatusOK, status, res)
		require.Equal(t, map[string]any{"messages": 2.0, "duplicates": 0.0, "statuses": 0.0, "skipped": 0.0}, res)

		// Meta redelivers: nothing is stored twice.
		status, res = postWebhook(t, a, body, sign(appSecret, body))
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, map[string]any{"messages": 0.0, "duplicates": 2.0, "statuses": 0.0, "skipped": 0.0}, res)
		require.Equal(t, 1, b.count(t, "whatsapp_conversations"))
		require.Equal(t, 2, b.count(t, "whatsapp_messages"))

		msgs, err := b.m.ListMessages(t.Context(), mustConversationID(t, b))
		require.NoError(t, err)
		require.Equal(t, "Hi, we need training for 30 people", msgs[0].Text)
		require.Equal(t, "wamid.in2", msgs[1].ProviderMessageID)
		conv, err := b.m.GetConversation(t.Context(), msgs[0].ConversationID)
		require.NoError(t, err)
		require.Equal(t, "Ana Ruiz", conv.ProfileName)
		require.Equal(t, start.Add(-time.Minute), conv.LastInboundAt)

		// Changes of another business number, and items Academy cannot
		// take, are skipped with a 200 so that Meta does not resend them.
		other := metaDelivery("999", []map[string]any{textMessage("wamid.in3", "Hello", start)}, nil)
		status, res = postWebhook(t, a, other, sign(appSecret, other))
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, 1.0, res["skipped"])
		bad := textMessage("wamid.in4", "Hello", start)
		bad["from"] = "not-a-number"
		odd := metaDelivery(businessNumberID, []map[string]any{bad}, []map[string]any{statusUpdate("wamid.never-sent", "delivered", "")})
		status, res = postWebhook(t, a, odd, sign(appSecret, odd))
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, 2.0, res["skipped"])
		require.Equal(t, 2, b.count(t, "whatsapp_messages"))

		// A signed body that is not a WhatsApp notification is a 422.
		junk := []byte(`{"object":"page"}`)
		status, _ = postWebhook(t, a, junk, sign(appSecret, junk))
		require.Equal(t, http.StatusUnprocessableEntity, status)
		eventbustest.RequireTotal(t, b.bus, 0)
	})
}

func TestWebhookRecordsDeliveryStatuses(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		a := webtest.New(t, b.m.Routes)
		conv := b.conversation(t)
		reply, err := b.m.SendWhatsAppReply(t.Context(), freeText(conv.ID, "Hi Ana"))
		require.NoError(t, err)

		body := metaDelivery(businessNumberID, nil, []map[string]any{
			statusUpdate("wamid.out1", "sent", reply.OutboxKey),
			statusUpdate("wamid.out1", "delivered", reply.OutboxKey),
		})
		status, res := postWebhook(t, a, body, sign(appSecret, body))
		require.Equal(t, http.StatusOK, status, res)
		require.Equal(t, 2.0, res["statuses"])
		got, err := b.m.GetMessage(t.Context(), reply.ID)
		require.NoError(t, err)
		require.Equal(t, whatsapp.StatusDelivered, got.Status)
		require.Equal(t, "wamid.out1", got.ProviderMessageID)

		// A late "sent" changes nothing; "deleted" is not a status Academy keeps.
		body = metaDelivery(businessNumberID, nil, []map[string]any{statusUpdate("wamid.out1", "sent", ""), statusUpdate("wamid.out1", "deleted", "")})
		status, res = postWebhook(t, a, body, sign(appSecret, body))
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, 1.0, res["skipped"])
		got, err = b.m.GetMessage(t.Context(), reply.ID)
		require.NoError(t, err)
		require.Equal(t, whatsapp.StatusDelivered, got.Status)
	})
}

func TestQueueTemplateMessageHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		a := webtest.New(t, b.m.Routes)
		ana := b.person(t, "ana@example.com", "+34600111222", true)
		bo := b.person(t, "bo@example.com", "+34600333444", false)
		in := map[string]any{"key": "invoice-due:i1:whatsapp", "userId": ana.ID, "templateName": "invoice_due", "templateLanguage": "en", "templateParams": []string{"Ana"}}

		status, _ := a.Do("POST", "/api/whatsapp/template-messages", "", in)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = a.Do("POST", "/api/whatsapp/template-messages", webtest.StaffToken, in)
		require.Equal(t, http.StatusForbidden, status)
		status, body := a.Do("POST", "/api/whatsapp/template-messages", webtest.ServiceToken, in)
		require.Equal(t, http.StatusCreated, status, body)
		msg := body["message"].(map[string]any)
		require.Equal(t, "queued", msg["status"])
		require.Equal(t, webtest.ServiceName, msg["sentBy"])
		status, body = a.Do("POST", "/api/whatsapp/template-messages", webtest.ServiceToken, in)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, true, body["duplicate"])

		in["key"], in["templateLanguage"] = "invoice-due:i2:whatsapp", "English"
		status, body = a.Do("POST", "/api/whatsapp/template-messages", webtest.ServiceToken, in)
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"templateLanguage"}, webtest.Fields(body))
		in["templateLanguage"], in["userId"] = "en", "nobody"
		status, body = a.Do("POST", "/api/whatsapp/template-messages", webtest.ServiceToken, in)
		require.Equal(t, http.StatusUnprocessableEntity, status, body)
		require.Equal(t, []string{"userId"}, webtest.Fields(body))
		in["userId"] = bo.ID
		status, _ = a.Do("POST", "/api/whatsapp/template-messages", webtest.ServiceToken, in)
		require.Equal(t, http.StatusConflict, status)
		require.Len(t, b.outboxMessages(t), 1)
	})
}
