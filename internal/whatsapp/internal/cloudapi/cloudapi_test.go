package cloudapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/whatsapp/internal/cloudapi"
)

// graph is a fake Graph API: it answers each POST with the next reply
// (then with success) and keeps what it received.
type graph struct {
	srv     *httptest.Server
	mu      sync.Mutex
	replies []reply
	reqs    []*http.Request
	bodies  []map[string]any
}

type reply struct {
	status int
	header map[string]string
	body   string
}

func newGraph(t *testing.T, replies ...reply) *graph {
	t.Helper()
	g := &graph{replies: replies}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(raw, &body)
		g.mu.Lock()
		g.reqs = append(g.reqs, r)
		g.bodies = append(g.bodies, body)
		rep := reply{status: 200, body: `{"messaging_product":"whatsapp","contacts":[{"input":"34600111222","wa_id":"34600111222"}],"messages":[{"id":"wamid.OK","message_status":"accepted"}]}`}
		if len(g.replies) > 0 {
			rep, g.replies = g.replies[0], g.replies[1:]
		}
		g.mu.Unlock()
		for k, v := range rep.header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.status)
		_, _ = io.WriteString(w, rep.body)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func client(t *testing.T, baseURL string) *cloudapi.Client {
	t.Helper()
	c, err := cloudapi.New(cloudapi.Config{BaseURL: baseURL + "/v21.0/", PhoneNumberID: "1234567890", Token: "secret-token"})
	require.NoError(t, err)
	return c
}

func TestSendTextPostsGraphAPIMessage(t *testing.T) {
	t.Parallel()
	g := newGraph(t)
	id, err := client(t, g.srv.URL).SendText(context.Background(),
		cloudapi.Text{To: "+34600111222", Body: "Hi Ana"}, cloudapi.Options{Key: "whatsapp-reply:m1"})
	require.NoError(t, err)
	require.Equal(t, "wamid.OK", id)

	require.Len(t, g.reqs, 1)
	r := g.reqs[0]
	require.Equal(t, http.MethodPost, r.Method)
	require.Equal(t, "/v21.0/1234567890/messages", r.URL.Path)
	require.Equal(t, "Bearer secret-token", r.Header.Get("Authorization"))
	require.Equal(t, "application/json", r.Header.Get("Content-Type"))
	require.Empty(t, r.Header.Get("Idempotency-Key"), "would make http.Transport retry the POST by itself")
	require.Equal(t, map[string]any{
		"messaging_product": "whatsapp", "recipient_type": "individual", "to": "34600111222", "type": "text",
		"text":                     map[string]any{"preview_url": false, "body": "Hi Ana"},
		"biz_opaque_callback_data": "whatsapp-reply:m1",
	}, g.bodies[0])
}

func TestSendTemplatePostsComponents(t *testing.T) {
	t.Parallel()
	g := newGraph(t)
	_, err := client(t, g.srv.URL).SendTemplate(context.Background(), cloudapi.Template{
		To: "+34600111222", Name: "enrollment_confirmed", Language: "en", BodyParams: []string{"Ana Ruiz", "Go 101"},
	}, cloudapi.Options{Key: "enrollment-confirmed:e1:whatsapp"})
	require.NoError(t, err)
	require.Equal(t, map[string]any{
		"messaging_product": "whatsapp", "recipient_type": "individual", "to": "34600111222", "type": "template",
		"template": map[string]any{
			"name": "enrollment_confirmed", "language": map[string]any{"code": "en"},
			"components": []any{map[string]any{"type": "body", "parameters": []any{
				map[string]any{"type": "text", "text": "Ana Ruiz"},
				map[string]any{"type": "text", "text": "Go 101"},
			}}},
		},
		"biz_opaque_callback_data": "enrollment-confirmed:e1:whatsapp",
	}, g.bodies[0])

	// A template without parameters sends no components.
	_, err = client(t, g.srv.URL).SendTemplate(context.Background(), cloudapi.Template{
		To: "+34600111222", Name: "hello_world", Language: "en_US",
	}, cloudapi.Options{})
	require.NoError(t, err)
	require.NotContains(t, g.bodies[1]["template"], "components")
	require.NotContains(t, g.bodies[1], "biz_opaque_callback_data")
	require.Empty(t, g.reqs[1].Header.Get("Idempotency-Key"))
}

func graphError(code, subcode int, msg string) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": msg, "type": "OAuthException", "code": code, "error_subcode": subcode, "fbtrace_id": "AbCdEf",
	}})
	return string(b)
}

func TestErrorsAreClassifiedForTheOutbox(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		reply      reply
		permanent  bool
		retryAfter time.Duration
		reason     []string
	}{
		{"500", reply{status: 500, body: graphError(131000, 0, "Something went wrong")}, false, 0,
			[]string{"WhatsApp Cloud API 500", "code 131000", "Something went wrong", "fbtrace_id AbCdEf"}},
		{"503 without a Graph body", reply{status: 503, body: "upstream down"}, false, 0,
			[]string{"WhatsApp Cloud API 503: Service Unavailable"}},
		{"429 with Retry-After seconds", reply{status: 429, header: map[string]string{"Retry-After": "7"}, body: graphError(4, 0, "Application request limit reached")},
			false, 7 * time.Second, []string{"429", "Application request limit reached"}},
		{"throttling code on a 400", reply{status: 400, body: graphError(130429, 0, "Rate limit hit")}, false, 0,
			[]string{"code 130429"}},
		{"400 invalid parameter", reply{status: 400, body: graphError(100, 2494010, "Invalid parameter")}, true, 0,
			[]string{"WhatsApp Cloud API 400 (code 100, subcode 2494010): Invalid parameter"}},
		{"401 expired token", reply{status: 401, body: graphError(190, 463, "Error validating access token")}, true, 0,
			[]string{"401", "code 190", "Error validating access token"}},
		{"404 unknown phone number id", reply{status: 404, body: "not json"}, true, 0,
			[]string{"WhatsApp Cloud API 404: Not Found"}},
		{"200 without a message id", reply{status: 200, body: `{"messaging_product":"whatsapp"}`}, true, 0,
			[]string{"without a message id", "may have been sent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := newGraph(t, tt.reply)
			_, err := client(t, g.srv.URL).SendText(context.Background(), cloudapi.Text{To: "+34600111222", Body: "Hi"}, cloudapi.Options{})
			pe, ok := errors.AsType[*outbox.ProviderError](err)
			require.True(t, ok, "want an outbox.ProviderError, got %v", err)
			require.Equal(t, tt.permanent, pe.Permanent, pe.Reason)
			require.Equal(t, tt.retryAfter, pe.RetryAfter)
			for _, s := range tt.reason {
				require.Contains(t, pe.Reason, s)
			}
			require.NotContains(t, pe.Reason, "secret-token")
		})
	}
}

func TestRetryAfterAsAnHTTPDate(t *testing.T) {
	t.Parallel()
	at := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	g := newGraph(t, reply{status: 503, header: map[string]string{"Retry-After": at}})
	_, err := client(t, g.srv.URL).SendText(context.Background(), cloudapi.Text{To: "+34600111222", Body: "Hi"}, cloudapi.Options{})
	pe, ok := errors.AsType[*outbox.ProviderError](err)
	require.True(t, ok)
	require.False(t, pe.Permanent)
	require.InDelta(t, 90, pe.RetryAfter.Seconds(), 2)
}

func TestNoAnswerAfterSendingIsAmbiguous(t *testing.T) {
	t.Parallel()
	// A Graph API that takes the request and hangs up without answering:
	// Meta may have accepted the message.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		conn, _, err := w.(http.Hijacker).Hijack()
		require.NoError(t, err)
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	_, err := client(t, srv.URL).SendText(context.Background(), cloudapi.Text{To: "+34600111222", Body: "Hi"}, cloudapi.Options{})
	pe, ok := errors.AsType[*outbox.ProviderError](err)
	require.True(t, ok, "got %v", err)
	require.True(t, pe.Ambiguous, "got %v", err)
	require.False(t, pe.Permanent)
}

func TestNetworkErrorsAreTransient(t *testing.T) {
	t.Parallel()
	g := newGraph(t)
	c := client(t, g.srv.URL)
	g.srv.Close() // nothing listens any more
	_, err := c.SendText(context.Background(), cloudapi.Text{To: "+34600111222", Body: "Hi"}, cloudapi.Options{})
	pe, ok := errors.AsType[*outbox.ProviderError](err)
	require.True(t, ok, "got %v", err)
	require.False(t, pe.Permanent)
	require.Contains(t, pe.Reason, "unreachable")
}

func TestNewNeedsEverySetting(t *testing.T) {
	t.Parallel()
	_, err := cloudapi.New(cloudapi.Config{BaseURL: "https://graph.facebook.com/v21.0", PhoneNumberID: "1"})
	require.Error(t, err)
}
