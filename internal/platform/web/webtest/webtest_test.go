package webtest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/platform/web/webtest"
)

// routes registers an Action-like JSON echo for staff and a plain-text echo
// for every role.
func routes(r *web.Router) {
	r.Handle("POST /echo", web.Staff, func(w http.ResponseWriter, r *http.Request) error {
		var in struct{ Name, Email string }
		if err := web.Decode(r, &in); err != nil {
			return err
		}
		var v apperr.Validation
		v.Require("name", in.Name)
		v.Require("email", in.Email)
		if err := v.Err(); err != nil {
			return err
		}
		p, _ := web.PrincipalFrom(r.Context())
		return web.JSON(w, http.StatusCreated, map[string]any{"principal": p.Name, "name": in.Name, "contentType": r.Header.Get("Content-Type")})
	})
	r.Handle("POST /text", []web.Role{web.RoleAdmin, web.RoleStaff, web.RoleService}, func(w http.ResponseWriter, r *http.Request) error {
		in, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/plain")
		_, err = io.WriteString(w, r.Header.Get("X-Greeting")+" "+string(in))
		return err
	})
}

func TestClient(t *testing.T) {
	t.Parallel()
	c := webtest.New(t, routes)
	body := map[string]any{"name": "Ana", "email": "ana@example.com"}

	for token, name := range map[string]string{webtest.AdminToken: webtest.AdminName, webtest.StaffToken: webtest.StaffName} {
		status, out := c.Do("POST", "/echo", token, body)
		require.Equal(t, http.StatusCreated, status, out)
		require.Equal(t, name, out["principal"])
		require.Equal(t, "Ana", out["name"])
		require.Equal(t, "application/json", out["contentType"])
	}

	status, _ := c.Do("POST", "/echo", "", body)
	require.Equal(t, http.StatusUnauthorized, status)
	status, _ = c.Do("POST", "/echo", webtest.ServiceToken, body)
	require.Equal(t, http.StatusForbidden, status)
	status, problem := c.Do("POST", "/echo", webtest.StaffToken, map[string]any{})
	require.Equal(t, http.StatusUnprocessableEntity, status, problem)
	require.Equal(t, []string{"name", "email"}, webtest.Fields(problem))
	require.Nil(t, webtest.Fields(map[string]any{"status": 404}))

	res := c.Send("POST", "/text", webtest.ServiceToken, http.Header{"X-Greeting": {"hello"}}, strings.NewReader("world"))
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "text/plain", res.Header.Get("Content-Type"))
	text, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, "hello world", string(text))
}
