package user_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/web/webtest"
)

func TestHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		api := webtest.New(t, b.m.Routes)
		body := map[string]any{"fullName": "Ana Souza", "email": "ana@example.com", "phone": "+5511987654321", "whatsAppOptIn": true, "kind": "student"}

		status, u := api.Do("POST", "/api/users", webtest.ServiceToken, body)
		require.Equal(t, http.StatusCreated, status, u)
		require.Equal(t, webtest.ServiceName, u["createdBy"])
		id := u["id"].(string)

		status, got := api.Do("GET", "/api/users/"+id, webtest.StaffToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, "ana@example.com", got["email"])

		status, got = api.Do("POST", "/api/users/"+id+"/whatsapp-opt-in", webtest.ServiceToken, map[string]any{"optIn": false})
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, false, got["whatsAppOptIn"])

		// 422 names the field.
		status, p := api.Do("POST", "/api/users", webtest.StaffToken, map[string]any{"fullName": "X", "email": "nope", "kind": "student"})
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"email"}, webtest.Fields(p))
		status, p = api.Do("POST", "/api/users/"+id+"/whatsapp-opt-in", webtest.StaffToken, map[string]any{})
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"optIn"}, webtest.Fields(p))

		// 409: the email is taken; opting in without a phone.
		status, p = api.Do("POST", "/api/users", webtest.StaffToken, body)
		require.Equal(t, http.StatusConflict, status, p)
		status, corp := api.Do("POST", "/api/users", webtest.StaffToken, map[string]any{"fullName": "Bruno", "email": "bruno@corp.example", "kind": "corporate_contact"})
		require.Equal(t, http.StatusCreated, status, corp)
		status, p = api.Do("POST", "/api/users/"+corp["id"].(string)+"/whatsapp-opt-in", webtest.StaffToken, map[string]any{"optIn": true})
		require.Equal(t, http.StatusConflict, status, p)

		// 404.
		status, p = api.Do("GET", "/api/users/missing", webtest.StaffToken, nil)
		require.Equal(t, http.StatusNotFound, status, p)
		status, p = api.Do("POST", "/api/users/missing/whatsapp-opt-in", webtest.StaffToken, map[string]any{"optIn": true})
		require.Equal(t, http.StatusNotFound, status, p)

		// 401 without a token, 403 for a role that may not read people.
		status, _ = api.Do("GET", "/api/users/"+id, "", nil)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = api.Do("GET", "/api/users/"+id, webtest.ServiceToken, nil)
		require.Equal(t, http.StatusForbidden, status)
	})
}
