package user_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/user"
)

const (
	staffToken   = "staff-token-0123456789"
	serviceToken = "service-token-0123456789"
)

type apiClient struct {
	t   *testing.T
	url string
}

func newAPI(t *testing.T, m *user.Module) *apiClient {
	t.Helper()
	r := web.NewRouter([]web.Token{
		{Principal: web.Principal{Name: "staff-1", Role: web.RoleStaff}, Secret: staffToken},
		{Principal: web.Principal{Name: "signup-form", Role: web.RoleService}, Secret: serviceToken},
	})
	m.Routes(r)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return &apiClient{t: t, url: srv.URL}
}

// do sends body as JSON with the token (none when empty) and returns the
// status and the decoded JSON answer.
func (c *apiClient) do(method, path, token string, body any) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, c.url+path, rd)
	require.NoError(c.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	var out map[string]any
	require.NoError(c.t, json.NewDecoder(res.Body).Decode(&out))
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
		body := map[string]any{"fullName": "Ana Souza", "email": "ana@example.com", "phone": "+5511987654321", "whatsAppOptIn": true, "kind": "student"}

		status, u := api.do("POST", "/api/users", serviceToken, body)
		require.Equal(t, http.StatusCreated, status, u)
		require.Equal(t, "signup-form", u["createdBy"])
		id := u["id"].(string)

		status, got := api.do("GET", "/api/users/"+id, staffToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, "ana@example.com", got["email"])

		status, got = api.do("POST", "/api/users/"+id+"/whatsapp-opt-in", serviceToken, map[string]any{"optIn": false})
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, false, got["whatsAppOptIn"])

		// 422 names the field.
		status, p := api.do("POST", "/api/users", staffToken, map[string]any{"fullName": "X", "email": "nope", "kind": "student"})
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"email"}, fieldsOf(p))
		status, p = api.do("POST", "/api/users/"+id+"/whatsapp-opt-in", staffToken, map[string]any{})
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"optIn"}, fieldsOf(p))

		// 409: the email is taken; opting in without a phone.
		status, p = api.do("POST", "/api/users", staffToken, body)
		require.Equal(t, http.StatusConflict, status, p)
		status, corp := api.do("POST", "/api/users", staffToken, map[string]any{"fullName": "Bruno", "email": "bruno@corp.example", "kind": "corporate_contact"})
		require.Equal(t, http.StatusCreated, status, corp)
		status, p = api.do("POST", "/api/users/"+corp["id"].(string)+"/whatsapp-opt-in", staffToken, map[string]any{"optIn": true})
		require.Equal(t, http.StatusConflict, status, p)

		// 404.
		status, p = api.do("GET", "/api/users/missing", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status, p)
		status, p = api.do("POST", "/api/users/missing/whatsapp-opt-in", staffToken, map[string]any{"optIn": true})
		require.Equal(t, http.StatusNotFound, status, p)

		// 401 without a token, 403 for a role that may not read people.
		status, _ = api.do("GET", "/api/users/"+id, "", nil)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = api.do("GET", "/api/users/"+id, serviceToken, nil)
		require.Equal(t, http.StatusForbidden, status)
	})
}
