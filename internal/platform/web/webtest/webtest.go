// Package webtest serves a module's routes from a test server and calls them
// the way the admin, staff and service tokens would. Only tests import it.
package webtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/academy/academy/internal/platform/web"
)

// The bearer tokens a Client's server accepts, one a role, and the names of
// the principals they authenticate as. A principal's name is the actor user
// id of what its requests record.
const (
	AdminToken   = "admin-token-0123456789"
	StaffToken   = "staff-token-0123456789"
	ServiceToken = "service-token-0123456789"

	AdminName   = "admin-1"
	StaffName   = "staff-1"
	ServiceName = "service-1"
)

// Client calls a test server that serves the routes given to New.
type Client struct {
	// URL is the server's base address, for requests that Do and Send do
	// not cover.
	URL string

	t      testing.TB
	client *http.Client
}

// New starts a server for the routes that routes registers, accepting
// AdminToken, StaffToken and ServiceToken. The server closes when the test
// ends.
func New(t testing.TB, routes func(*web.Router)) *Client {
	t.Helper()
	r := web.NewRouter([]web.Token{
		{Principal: web.Principal{Name: AdminName, Role: web.RoleAdmin}, Secret: AdminToken},
		{Principal: web.Principal{Name: StaffName, Role: web.RoleStaff}, Secret: StaffToken},
		{Principal: web.Principal{Name: ServiceName, Role: web.RoleService}, Secret: ServiceToken},
	})
	routes(r)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return &Client{URL: srv.URL, t: t, client: srv.Client()}
}

// Do sends body as JSON (none when nil) with token (no Authorization header
// when empty) and returns the status and the JSON object that answered. An
// answer that is not a JSON object fails the test.
func (c *Client) Do(method, path, token string, body any) (status int, out map[string]any) {
	c.t.Helper()
	var rd io.Reader
	var header http.Header
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			c.t.Fatalf("encode %s %s body: %v", method, path, err)
		}
		rd, header = bytes.NewReader(buf), http.Header{"Content-Type": {"application/json"}}
	}
	res := c.send(method, path, token, header, rd)
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		c.t.Fatalf("%s %s: %d answer is not a JSON object: %v", method, path, res.StatusCode, err)
	}
	return res.StatusCode, out
}

// Send sends body as it is, with header and with token when it is not
// empty, and returns the response for its headers and raw body: for
// multipart uploads, signed webhooks and files. The body is closed when the
// test ends.
func (c *Client) Send(method, path, token string, header http.Header, body io.Reader) *http.Response {
	c.t.Helper()
	res := c.send(method, path, token, header, body)
	c.t.Cleanup(func() { _ = res.Body.Close() })
	return res
}

func (c *Client) send(method, path, token string, header http.Header, body io.Reader) *http.Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.URL+path, body)
	if err != nil {
		c.t.Fatalf("new request %s %s: %v", method, path, err)
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.client.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	return res
}

// Fields lists the field names of a problem+json body's errors, in order,
// so that a test can assert which fields a 422 names.
func Fields(problem map[string]any) []string {
	var out []string
	errs, _ := problem["errors"].([]any)
	for _, e := range errs {
		field, _ := e.(map[string]any)["field"].(string)
		out = append(out, field)
	}
	return out
}
