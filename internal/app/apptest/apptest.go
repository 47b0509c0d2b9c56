// Package apptest runs a whole Academy App for end-to-end tests: real
// database, real workers, real HTTP server on a loopback port.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
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
		MailDir:     filepath.Join(t.TempDir(), "mail"),
		ReceiptsDir: filepath.Join(t.TempDir(), "receipts"),
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

// Upload sends a multipart/form-data request with one file part.
func (s *Server) Upload(path, token, part, filename string, content []byte) Response {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile(part, filename)
	if err != nil {
		s.t.Fatalf("multipart: %v", err)
	}
	_, _ = fw.Write(content)
	if err := mw.Close(); err != nil {
		s.t.Fatalf("multipart: %v", err)
	}
	req, err := http.NewRequest("POST", s.URL+path, &body)
	if err != nil {
		s.t.Fatalf("request: %v", err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return s.send(req)
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
	return s.send(req)
}

func (s *Server) send(req *http.Request) Response {
	s.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatalf("read %s %s: %v", req.Method, req.URL.Path, err)
	}
	return Response{Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"), Body: out}
}

// Create posts body and requires 201 Created; it returns the new object's id.
func (s *Server) Create(path, token string, body any) string {
	s.t.Helper()
	res := s.Do("POST", path, token, body)
	if res.Status != http.StatusCreated {
		s.t.Fatalf("POST %s: want 201, got %d: %s", path, res.Status, res.Body)
	}
	var obj struct {
		ID string `json:"id"`
	}
	res.Decode(s.t, &obj)
	if obj.ID == "" {
		s.t.Fatalf("POST %s: no id in %s", path, res.Body)
	}
	return obj.ID
}
