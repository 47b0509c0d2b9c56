// Package apptest runs a whole Academy App for end-to-end tests: real
// database, real workers, real HTTP server on a loopback port.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/academy/academy/internal/app"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
)

// Tokens are the bearer tokens every test App accepts, one per role.
const (
	AdminToken   = "admin-token-0123456789"
	StaffToken   = "staff-token-0123456789"
	ServiceToken = "service-token-0123456789"
)

// Server is a running App.
type Server struct {
	App   *app.App
	URL   string
	Clock *clock.Manual
	t     testing.TB
}

// Start runs an App on a new database of the given dialect until the test
// ends. The clock starts at 2026-12-04 09:00 UTC and moves only by hand.
func Start(t testing.TB, dialect db.Dialect) *Server {
	t.Helper()
	clk := clock.NewManual(time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC))
	cfg := app.Config{
		DatabaseURL: dbtest.URL(t, dialect),
		Addr:        "127.0.0.1:0",
		Tokens:      "anna:admin:" + AdminToken + ",sam:staff:" + StaffToken + ",crm:service:" + ServiceToken,
		LogLevel:    "warn",
	}
	a, err := app.New(context.Background(), cfg, app.Options{Clock: clk, LogOutput: testWriter{t}})
	if err != nil {
		t.Fatalf("new app: %v", err)
	}
	if err := a.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, true, func(addr string) { addrc <- addr }) }()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve stopped with: %v", err)
		}
		a.Close()
	})
	return &Server{App: a, URL: "http://" + addr, Clock: clk, t: t}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(bytes.TrimRight(p, "\n")))
	return len(p), nil
}

// Response is a finished HTTP exchange.
type Response struct {
	Status      int
	ContentType string
	Body        []byte
}

// Decode decodes the JSON body into v, failing the test on error.
func (r Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Do sends a request with a JSON body (nil for none) and the given token
// ("" for none).
func (s *Server) Do(method, path, token string, body any) Response {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		if raw, ok := body.(string); ok {
			rd = bytes.NewBufferString(raw)
		} else {
			buf, err := json.Marshal(body)
			if err != nil {
				s.t.Fatalf("encode body: %v", err)
			}
			rd = bytes.NewReader(buf)
		}
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		s.t.Fatalf("request: %v", err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatalf("read %s %s: %v", method, path, err)
	}
	return Response{Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"), Body: out}
}
