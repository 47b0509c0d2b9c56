package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/web"
)

func TestRouterAnswersUnroutedRequestsWithProblems(t *testing.T) {
	t.Parallel()
	rt := web.NewRouter(nil)
	noop := func(http.ResponseWriter, *http.Request) error { return nil }
	rt.Handle("GET /api/rooms/{id}", web.Staff, noop)
	rt.Handle("POST /api/rooms/{id}/close", web.Staff, noop)
	rt.Public("GET /healthz", noop)

	tests := []struct {
		name, method, path string
		status             int
		code               string
		allow              string
	}{
		{"unknown path", http.MethodGet, "/api/nothing", http.StatusNotFound, "not_found", ""},
		{"GET on a POST route", http.MethodGet, "/api/rooms/r1/close", http.StatusMethodNotAllowed, "method_not_allowed", "POST"},
		{"DELETE on a GET route", http.MethodDelete, "/api/rooms/r1", http.StatusMethodNotAllowed, "method_not_allowed", "GET, HEAD"},
		{"POST on a public route", http.MethodPost, "/healthz", http.StatusMethodNotAllowed, "method_not_allowed", "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := httptest.NewRecorder()
			rt.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
			require.Equal(t, tt.status, w.Code, w.Body.String())
			require.Equal(t, "application/problem+json", w.Header().Get("Content-Type"))
			require.Equal(t, tt.allow, w.Header().Get("Allow"))
			var p web.Problem
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &p))
			require.Equal(t, tt.status, p.Status)
			require.Equal(t, tt.code, string(p.Code))
			require.Equal(t, http.StatusText(tt.status), p.Title)
		})
	}
}
