package whatsapp_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/web/webtest"
	"github.com/academy/academy/internal/user"
)

func TestHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		a := webtest.New(t, b.m.Routes)
		sam := b.user(t, "sam@academy.example", user.KindStaff)
		msg := map[string]any{"from": "34600111222", "providerMessageId": "wamid.1", "text": "Hello", "timestamp": start.Add(-time.Minute), "profileName": "Ana"}

		// Inbound: for the provider integration (service), not for staff.
		status, _ := a.Do("POST", "/api/whatsapp/inbound", "", msg)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = a.Do("POST", "/api/whatsapp/inbound", webtest.StaffToken, msg)
		require.Equal(t, http.StatusForbidden, status)
		status, body := a.Do("POST", "/api/whatsapp/inbound", webtest.ServiceToken, msg)
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, true, body["newConversation"])
		convID := body["conversation"].(map[string]any)["id"].(string)
		status, body = a.Do("POST", "/api/whatsapp/inbound", webtest.ServiceToken, msg)
		require.Equal(t, http.StatusOK, status, "a repeated webhook is not created twice")
		require.Equal(t, true, body["duplicate"])
		status, body = a.Do("POST", "/api/whatsapp/inbound", webtest.ServiceToken, map[string]any{"from": "nope", "providerMessageId": "wamid.2", "text": "Hi", "timestamp": start})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"from"}, webtest.Fields(body))

		// Reads are for staff.
		status, body = a.Do("GET", "/api/whatsapp/conversations/"+convID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "+34600111222", body["phoneNumber"])
		status, _ = a.Do("GET", "/api/whatsapp/conversations/"+convID, webtest.ServiceToken, nil)
		require.Equal(t, http.StatusForbidden, status)
		status, _ = a.Do("GET", "/api/whatsapp/conversations/nope", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status)

		// Assign; the same assignee again is a 200 no-op.
		status, body = a.Do("POST", "/api/whatsapp/conversations/"+convID+"/assign", webtest.StaffToken, map[string]any{"assigneeUserId": sam.ID})
		require.Equal(t, http.StatusOK, status, body)
		require.Equal(t, true, body["changed"])
		status, body = a.Do("POST", "/api/whatsapp/conversations/"+convID+"/assign", webtest.StaffToken, map[string]any{"assigneeUserId": sam.ID})
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, false, body["changed"])
		status, _ = a.Do("POST", "/api/whatsapp/conversations/nope/assign", webtest.StaffToken, map[string]any{"assigneeUserId": sam.ID})
		require.Equal(t, http.StatusNotFound, status)

		// Lead: 201, then 409; corporate's validation names the field.
		status, body = a.Do("POST", "/api/whatsapp/conversations/"+convID+"/lead", webtest.StaffToken, map[string]any{"companyName": "Acme", "contactEmail": "bad"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"contactEmail"}, webtest.Fields(body))
		status, body = a.Do("POST", "/api/whatsapp/conversations/"+convID+"/lead", webtest.StaffToken, map[string]any{"companyName": "Acme"})
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, "whatsapp", body["lead"].(map[string]any)["source"])
		status, _ = a.Do("POST", "/api/whatsapp/conversations/"+convID+"/lead", webtest.StaffToken, map[string]any{"companyName": "Acme"})
		require.Equal(t, http.StatusConflict, status)

		// Replies: free text inside the window, 409 after it, template then.
		status, body = a.Do("POST", "/api/whatsapp/conversations/"+convID+"/replies", webtest.StaffToken, map[string]any{"text": "Hi Ana"})
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, "queued", body["status"])
		messageID := body["id"].(string)
		b.clock.Advance(24 * time.Hour)
		status, _ = a.Do("POST", "/api/whatsapp/conversations/"+convID+"/replies", webtest.StaffToken, map[string]any{"text": "Still there?"})
		require.Equal(t, http.StatusConflict, status)
		status, body = a.Do("POST", "/api/whatsapp/conversations/"+convID+"/replies", webtest.StaffToken, map[string]any{"templateName": "follow_up"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		require.Equal(t, []string{"templateLanguage"}, webtest.Fields(body))
		status, body = a.Do("POST", "/api/whatsapp/conversations/"+convID+"/replies", webtest.StaffToken, map[string]any{"templateName": "follow_up", "templateLanguage": "es"})
		require.Equal(t, http.StatusCreated, status, body)
		require.Equal(t, "template", body["mode"])

		status, body = a.Do("GET", "/api/whatsapp/messages/"+messageID, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "Hi Ana", body["text"])
		require.Equal(t, "+34600111222", body["phoneNumber"])
		status, _ = a.Do("GET", "/api/whatsapp/messages/nope", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status)
		status, body = a.Do("GET", "/api/whatsapp/conversations/"+convID+"/messages", webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["messages"], 3)
	})
}
