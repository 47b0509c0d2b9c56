package app_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/app/apptest"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/eventbus"
)

func eachDialect(t *testing.T, fn func(t *testing.T, s *apptest.Server)) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			fn(t, apptest.Start(t, dialect))
		})
	}
}

func TestAttendanceSessionOverHTTPReachesItsListener(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, s *apptest.Server) {
		courseSessionID := newCourseSession(t, s)
		res := s.Do("POST", "/api/attendance-sessions", apptest.StaffToken, map[string]any{
			"courseSessionId": courseSessionID, "startsAt": "2026-12-05T09:00:00Z", "endsAt": "2026-12-05T12:00:00Z",
		})
		require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
		var session struct{ ID string }
		res.Decode(t, &session)

		res = s.Do("GET", "/api/events?aggregateId="+session.ID, apptest.StaffToken, nil)
		require.Equal(t, http.StatusOK, res.Status)
		var page struct{ Events []eventbus.RecordedEvent }
		res.Decode(t, &page)
		require.Len(t, page.Events, 1)
		ev := page.Events[0]
		require.Equal(t, "attendance.AttendanceSessionCreated", ev.Name)
		require.Equal(t, "user:sam", ev.Actor)
		require.JSONEq(t, `{"attendanceSessionId":"`+session.ID+`","courseSessionId":"`+courseSessionID+`",
			"startsAt":"2026-12-05T09:00:00Z","endsAt":"2026-12-05T12:00:00Z","actorUserId":"sam",
			"occurredAt":"2026-12-04T09:00:00Z"}`, string(ev.Payload))

		var detail struct{ Deliveries []eventbus.DeliveryStatus }
		require.Eventually(t, func() bool {
			res = s.Do("GET", "/api/events/"+ev.ID, apptest.AdminToken, nil)
			res.Decode(t, &detail)
			return len(detail.Deliveries) == 1 && detail.Deliveries[0].State == "completed"
		}, 30*time.Second, 20*time.Millisecond)
		require.Equal(t, "attendance.ScheduleNoShowCheck", detail.Deliveries[0].Listener)
	})
}

// newCourseSession creates a course and one session of it over the API.
func newCourseSession(t *testing.T, s *apptest.Server) string {
	t.Helper()
	courseID := s.Create("/api/courses", apptest.StaffToken, map[string]any{
		"title": "Go for Engineers", "priceAmount": 50000, "depositAmount": 10000, "currency": "EUR",
	})
	return s.Create("/api/course-sessions", apptest.StaffToken, map[string]any{
		"courseId": courseID, "startsAt": "2026-12-05T09:00:00Z", "endsAt": "2026-12-05T12:00:00Z", "capacity": 10,
	})
}

func TestBadRequestsAreRejectedAndWriteNothing(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, s *apptest.Server) {
		tests := []struct {
			name      string
			token     string
			body      any
			status    int
			wantField string
		}{
			{"no token", "", map[string]any{}, http.StatusUnauthorized, ""},
			{"wrong token", "not-a-token-at-all-xx", map[string]any{}, http.StatusUnauthorized, ""},
			{"service may not", apptest.ServiceToken, map[string]any{}, http.StatusForbidden, ""},
			{"missing course session", apptest.StaffToken, map[string]any{"startsAt": "2026-12-05T09:00:00Z", "endsAt": "2026-12-05T10:00:00Z"}, http.StatusUnprocessableEntity, "courseSessionId"},
			{"unknown course session", apptest.StaffToken, map[string]any{"courseSessionId": "cs-404", "startsAt": "2026-12-05T09:00:00Z", "endsAt": "2026-12-05T10:00:00Z"}, http.StatusUnprocessableEntity, "courseSessionId"},
			{"ends before it starts", apptest.StaffToken, map[string]any{"courseSessionId": "cs-1", "startsAt": "2026-12-05T09:00:00Z", "endsAt": "2026-12-05T08:00:00Z"}, http.StatusUnprocessableEntity, "endsAt"},
			{"unknown field", apptest.StaffToken, map[string]any{"courseSessionId": "cs-1", "room": "A"}, http.StatusBadRequest, "room"},
			{"wrong type", apptest.StaffToken, map[string]any{"courseSessionId": 7}, http.StatusBadRequest, "courseSessionId"},
			{"not JSON", apptest.StaffToken, "{", http.StatusBadRequest, "body"},
		}
		for _, tt := range tests {
			res := s.Do("POST", "/api/attendance-sessions", tt.token, tt.body)
			require.Equal(t, tt.status, res.Status, "%s: %s", tt.name, res.Body)
			require.Equal(t, "application/problem+json", res.ContentType, tt.name)
			if tt.wantField != "" {
				var p struct{ Errors []struct{ Field string } }
				res.Decode(t, &p)
				require.NotEmpty(t, p.Errors, tt.name)
				require.Equal(t, tt.wantField, p.Errors[0].Field, tt.name)
			}
		}
		res := s.Do("GET", "/api/events", apptest.AdminToken, nil)
		require.Equal(t, http.StatusOK, res.Status)
		require.JSONEq(t, `{"events":[]}`, string(res.Body))
		require.Equal(t, http.StatusNotFound, s.Do("GET", "/api/attendance-sessions/nope", apptest.StaffToken, nil).Status)
	})
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, db.SQLite)
	require.Equal(t, http.StatusOK, s.Do("GET", "/healthz", "", nil).Status)
	res := s.Do("GET", "/readyz", "", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	require.JSONEq(t, `{"ready":true,"checks":{"database":"ok","migrations":"ok","workers":"ok"}}`, string(res.Body))
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, db.SQLite)
	res := s.Do("GET", "/openapi.json", "", nil)
	require.Equal(t, http.StatusOK, res.Status)
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	res.Decode(t, &doc)
	require.Equal(t, "3.1.0", doc.OpenAPI)
	routes := s.App.Routes()
	require.Greater(t, len(routes), 50, "every module's routes are documented")
	for _, r := range routes {
		op, ok := doc.Paths[r.Path][strings.ToLower(r.Method)]
		require.True(t, ok, "%s %s missing from /openapi.json", r.Method, r.Path)
		require.Equal(t, strings.Count(r.Path, "{"), len(asSlice(op["parameters"])), "%s %s path parameters", r.Method, r.Path)
	}
}

// bodilessPosts are the POST routes that read no request body: the path
// says it all, or (the webhook) the body is Meta's, checked by signature.
var bodilessPosts = []string{
	"/api/enrollments/{id}/confirm",
	"/api/payments/{id}/approve-deposit",
	"/api/payments/{id}/complete-balance",
	"/api/attendance-sessions/{id}/cancel",
	"/api/attendance-sessions/{id}/detect-no-shows",
	"/api/webinar-registrations/{id}/cancel",
	"/api/webinar-registrations/{id}/attendance",
	"/api/deliveries/{id}/retry",
	"/api/outbox/{id}/resend",
	"/api/outbox/{id}/resolve",
	"/webhooks/whatsapp",
}

func TestOpenAPIDescribesEveryBody(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, db.SQLite)
	res := s.Do("GET", "/openapi.json", "", nil)
	require.Equal(t, http.StatusOK, res.Status)
	var doc map[string]any
	res.Decode(t, &doc)

	for _, r := range s.App.Routes() {
		op := lookup(t, doc, "paths", r.Path, strings.ToLower(r.Method))
		body, hasBody := op["requestBody"].(map[string]any)
		if r.Method == "POST" && !slices.Contains(bodilessPosts, r.Path) {
			require.True(t, hasBody, "%s %s reads a body and declares none: add web.Accepts", r.Method, r.Path)
			requireSchemas(t, body, "%s %s request", r.Method, r.Path)
		} else {
			require.False(t, hasBody, "%s %s declares a body it does not read", r.Method, r.Path)
		}
		var success int
		for status, resp := range op["responses"].(map[string]any) {
			if status[0] == '2' {
				require.NotEqual(t, "2XX", status, "%s %s: declare its answer with web.Returns", r.Method, r.Path)
				requireSchemas(t, resp.(map[string]any), "%s %s %s response", r.Method, r.Path, status)
				success++
			}
		}
		require.NotZero(t, success, "%s %s declares no success answer", r.Method, r.Path)
	}

	var refs int
	walkJSON(doc, func(m map[string]any) {
		if ref, ok := m["$ref"].(string); ok {
			require.True(t, strings.HasPrefix(ref, "#/"), "external $ref %s", ref)
			lookup(t, doc, strings.Split(strings.TrimPrefix(ref, "#/"), "/")...)
			refs++
		}
	})
	require.Greater(t, refs, 100)
	require.Contains(t, lookup(t, doc, "components", "schemas"), "attendance.Session")
	require.Contains(t, lookup(t, doc, "components", "schemas"), "course.Session")
}

// requireSchemas checks that a request body or response has content, each
// media type with a schema.
func requireSchemas(t *testing.T, body map[string]any, msgAndArgs ...any) {
	t.Helper()
	content, ok := body["content"].(map[string]any)
	require.True(t, ok, msgAndArgs...)
	require.NotEmpty(t, content, msgAndArgs...)
	for _, media := range content {
		schema, ok := media.(map[string]any)["schema"].(map[string]any)
		require.True(t, ok, msgAndArgs...)
		require.NotEmpty(t, schema, msgAndArgs...)
	}
}

// lookup follows keys (JSON pointer tokens) from v, which must lead to an
// object.
func lookup(t *testing.T, v any, keys ...string) map[string]any {
	t.Helper()
	for _, k := range keys {
		m, ok := v.(map[string]any)
		require.True(t, ok, "%v: %s is not in an object", keys, k)
		v, ok = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(k)]
		require.True(t, ok, "%v: no %s", keys, k)
	}
	m, ok := v.(map[string]any)
	require.True(t, ok, "%v is not an object", keys)
	return m
}

// walkJSON calls fn with every object in v.
func walkJSON(v any, fn func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		fn(v)
		for _, e := range v {
			walkJSON(e, fn)
		}
	case []any:
		for _, e := range v {
			walkJSON(e, fn)
		}
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}
