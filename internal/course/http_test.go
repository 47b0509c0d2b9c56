package course_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/web"
)

const (
	staffToken   = "staff-token-0123456789"
	serviceToken = "service-token-0123456789"
)

type apiClient struct {
	t   *testing.T
	url string
}

func newAPI(t *testing.T, m *course.Module) *apiClient {
	t.Helper()
	r := web.NewRouter([]web.Token{
		{Principal: web.Principal{Name: "staff-1", Role: web.RoleStaff}, Secret: staffToken},
		{Principal: web.Principal{Name: "website", Role: web.RoleService}, Secret: serviceToken},
	})
	m.Routes(r)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return &apiClient{t: t, url: srv.URL}
}

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

		status, c := api.do("POST", "/api/courses", staffToken, map[string]any{"title": "Latte Art", "priceAmount": 50000, "depositAmount": 10000, "currency": "BRL"})
		require.Equal(t, http.StatusCreated, status, c)
		require.Equal(t, "staff-1", c["createdBy"])
		courseID := c["id"].(string)

		status, got := api.do("GET", "/api/courses/"+courseID, serviceToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, float64(10000), got["depositAmount"])

		sessionBody := map[string]any{"courseId": courseID, "startsAt": start.Add(time.Hour), "endsAt": start.Add(3 * time.Hour), "capacity": 8}
		status, s := api.do("POST", "/api/course-sessions", staffToken, sessionBody)
		require.Equal(t, http.StatusCreated, status, s)
		status, got = api.do("GET", "/api/course-sessions/"+s["id"].(string), staffToken, nil)
		require.Equal(t, http.StatusOK, status, got)
		require.Equal(t, float64(8), got["capacity"])

		// 422 names the field.
		status, p := api.do("POST", "/api/courses", staffToken, map[string]any{"title": "X", "priceAmount": 100, "depositAmount": 200, "currency": "BRL"})
		require.Equal(t, http.StatusUnprocessableEntity, status, p)
		require.Equal(t, []string{"depositAmount"}, fieldsOf(p))

		// 404 for an unknown course, as a target and as a read.
		sessionBody["courseId"] = "missing"
		status, p = api.do("POST", "/api/course-sessions", staffToken, sessionBody)
		require.Equal(t, http.StatusNotFound, status, p)
		status, p = api.do("GET", "/api/course-sessions/missing", staffToken, nil)
		require.Equal(t, http.StatusNotFound, status, p)

		// 401 without a token; 403 when an integration tries to change the catalogue.
		status, _ = api.do("GET", "/api/courses/"+courseID, "", nil)
		require.Equal(t, http.StatusUnauthorized, status)
		status, _ = api.do("POST", "/api/courses", serviceToken, map[string]any{"title": "Y", "currency": "BRL"})
		require.Equal(t, http.StatusForbidden, status)
	})
}
