package webhook_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/whatsapp/internal/webhook"
)

func TestValidSignature(t *testing.T) {
	t.Parallel()
	body := []byte(`{"object":"whatsapp_business_account"}`)
	good := webhook.Sign("app-secret", body)
	require.Regexp(t, `^sha256=[0-9a-f]{64}$`, good)
	tests := []struct {
		name, secret, header string
		body                 []byte
		want                 bool
	}{
		{"good", "app-secret", good, body, true},
		{"missing", "app-secret", "", body, false},
		{"no prefix", "app-secret", good[len("sha256="):], body, false},
		{"sha1 prefix", "app-secret", "sha1=" + good[len("sha256="):], body, false},
		{"not hex", "app-secret", "sha256=zz", body, false},
		{"other secret", "other-secret", good, body, false},
		{"body changed", "app-secret", good, []byte(`{"object":"whatsapp_business_account" }`), false},
		{"no secret configured", "", webhook.Sign("", body), body, false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, webhook.ValidSignature(tt.secret, tt.body, tt.header), tt.name)
	}
}

// delivery is a Meta webhook delivery with one text message, one button
// reply, one image, and two statuses, one of them failed.
const delivery = `{
  "object": "whatsapp_business_account",
  "entry": [{
    "id": "102290129340398",
    "changes": [{
      "field": "messages",
      "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Ana Ruiz"}, "wa_id": "34600111222"}],
        "messages": [
          {"from": "34600111222", "id": "wamid.in1", "timestamp": "1893456000", "type": "text", "text": {"body": "Hi, we need training"}},
          {"from": "34600111222", "id": "wamid.in2", "timestamp": "1893456001", "type": "button", "button": {"payload": "YES", "text": "Yes please"}},
          {"from": "34600111222", "id": "wamid.in3", "timestamp": "1893456002", "type": "image", "image": {"id": "media1", "mime_type": "image/jpeg"}}
        ],
        "statuses": [
          {"id": "wamid.out1", "status": "delivered", "timestamp": "1893456003", "recipient_id": "34600111222",
           "biz_opaque_callback_data": "whatsapp-reply:m1"},
          {"id": "wamid.out2", "status": "failed", "timestamp": "1893456004", "recipient_id": "34600111222",
           "errors": [{"code": 131026, "title": "Message undeliverable", "message": "Message undeliverable",
                       "error_data": {"details": "Receiver is incapable of receiving this message"}}]}
        ]
      }
    }, {
      "field": "account_update",
      "value": {"event": "VERIFIED_ACCOUNT"}
    }]
  }]
}`

func TestParse(t *testing.T) {
	t.Parallel()
	b, err := webhook.Parse([]byte(delivery))
	require.NoError(t, err)
	at := func(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
	require.Equal(t, []webhook.Message{
		{PhoneNumberID: "106540352242922", From: "34600111222", ID: "wamid.in1", Type: "text", Text: "Hi, we need training", ProfileName: "Ana Ruiz", Timestamp: at(1893456000)},
		{PhoneNumberID: "106540352242922", From: "34600111222", ID: "wamid.in2", Type: "button", Text: "Yes please", ProfileName: "Ana Ruiz", Timestamp: at(1893456001)},
		{PhoneNumberID: "106540352242922", From: "34600111222", ID: "wamid.in3", Type: "image", Text: "[image message]", ProfileName: "Ana Ruiz", Timestamp: at(1893456002)},
	}, b.Messages)
	require.Equal(t, []webhook.Status{
		{PhoneNumberID: "106540352242922", ID: "wamid.out1", Status: "delivered", CallbackData: "whatsapp-reply:m1", Timestamp: at(1893456003)},
		{PhoneNumberID: "106540352242922", ID: "wamid.out2", Status: "failed",
			Reason: "131026 Message undeliverable: Receiver is incapable of receiving this message", Timestamp: at(1893456004)},
	}, b.Statuses)
}

func TestParseRejectsOtherBodiesWithoutQuotingThem(t *testing.T) {
	t.Parallel()
	_, err := webhook.Parse([]byte(`{"text": "+34600111222 secret"`))
	require.Error(t, err)
	require.NotContains(t, err.Error(), "34600111222")
	_, err = webhook.Parse([]byte(`{"object": "page", "entry": []}`))
	require.ErrorContains(t, err, `"page"`)
}
