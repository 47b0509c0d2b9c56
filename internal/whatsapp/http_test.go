package whatsapp_test

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
	"github.com/academy/academy/internal/user"
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
		{Principal: web.Principal{Name: "meta-webhook", Role: web.RoleService}, Secret: serviceToken},
	})
	b.m.Routes(r)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return &api{t: t, srv: srv}
}

func (a *api) do(method, path, token string, body any) (int, map[string]any) {
	a.t.Helper()
	var buf []byte
	if body != nil {
		var err error
		buf, err = json.Marshal(body)
		require.NoError(a.t, err)
	}
	req, err := http.NewRequest(method, a.srv.URL+path, bytes.NewReader(buf))
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
		sam := b.user(t, "sam@academy.example", user.KindStaff)
		msg := map[string]any{"from": "34600111222", "providerMessageId": "wamid.1", "text": "Hello", "timestamp": start.Add(-time.Minute), "profileName": "Ana"}

		// Inbound: for the provider integration (service), not for staff.
		status, _ := a.do("POST", "/api/whatsapp/inbound", "", msg)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = a.do("POST", "/api/whatsapp/inbound", staffToken, msg)
		require.Equal(t, http.StatusForbidden, status)
		status, body := a.do("POST", "/api/whatsapp/inbound", serviceToken, msg)
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, true, body["newConversation"])
		convID := body["conversation"].(map[string]any)["id"].(string)
		status, body = a.do("POST", "/api/whatsapp/inbound", serviceToken, msg)
		require.Equal(t, http.StatusOK, status, "a repeated webhook is not created twice")
		require.Equal(t, true, body["duplicate"])
		status, body = a.do("POST", "/api/whatsapp/inbound", serviceToken, map[string]any{"from": "nope", "providerMessageId": "wamid.2", "text": "Hi", "timestamp": start})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"from"}, fieldsOf(body))

		// Reads are for staff.
		status, body = a.do("GET", "/api/whatsapp/conversations/"+convID, staffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "+34600111222", body["phoneNumber"])
		status, _ = a.do("GET", "/api/whatsapp/conversations/"+convID, serviceToken, nil)
		require.Equal(t, http.StatusForbidden, status)
		status, _ = a.do("GET", "/api/whatsapp/conversations/nope", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status)

		// Assign; the same assignee again is a 200 no-op.
		status, body = a.do("POST", "/api/whatsapp/conversations/"+convID+"/assign", staffToken, map[string]any{"assigneeUserId": sam.ID})
		require.Equal(t, http.StatusOK, status, body)
		require.Equal(t, true, body["changed"])
		status, body = a.do("POST", "/api/whatsapp/conversations/"+convID+"/assign", staffToken, map[string]any{"assigneeUserId": sam.ID})
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, false, body["changed"])
		status, _ = a.do("POST", "/api/whatsapp/conversations/nope/assign", staffToken, map[string]any{"assigneeUserId": sam.ID})
		require.Equal(t, http.StatusNotFound, status)

		// Lead: 201, then 409; corporate's validation names the field.
		status, body = a.do("POST", "/api/whatsapp/conversations/"+convID+"/lead", staffToken, map[string]any{"companyName": "Acme", "contactEmail": "bad"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"contactEmail"}, fieldsOf(body))
		status, body = a.do("POST", "/api/whatsapp/conversations/"+convID+"/lead", staffToken, map[string]any{"companyName": "Acme"})
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, "whatsapp", body["lead"].(map[string]any)["source"])
		status, _ = a.do("POST", "/api/whatsapp/conversations/"+convID+"/lead", staffToken, map[string]any{"companyName": "Acme"})
		require.Equal(t, http.StatusConflict, status)

		// Replies: free text inside the window, 409 after it, template then.
		status, body = a.do("POST", "/api/whatsapp/conversations/"+convID+"/replies", staffToken, map[string]any{"text": "Hi Ana"})
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, "queued", body["status"])
		messageID := body["id"].(string)
		b.clock.Advance(24 * time.Hour)
		status, _ = a.do("POST", "/api/whatsapp/conversations/"+convID+"/replies", staffToken, map[string]any{"text": "Still there?"})
		require.Equal(t, http.StatusConflict, status)
		status, body = a.do("POST", "/api/whatsapp/conversations/"+convID+"/replies", staffToken, map[string]any{"templateName": "follow_up"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"templateLanguage"}, fieldsOf(body))
		status, body = a.do("POST", "/api/whatsapp/conversations/"+convID+"/replies", staffToken, map[string]any{"templateName": "follow_up", "templateLanguage": "es"})
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, "template", body["mode"])

		status, body = a.do("GET", "/api/whatsapp/messages/"+messageID, staffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "Hi Ana", body["text"])
		require.Equal(t, "+34600111222", body["phoneNumber"])
		status, _ = a.do("GET", "/api/whatsapp/messages/nope", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status)
		status, body = a.do("GET", "/api/whatsapp/conversations/"+convID+"/messages", staffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["messages"], 3)
	})
}
