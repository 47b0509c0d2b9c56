package app_test

import (
	"net/http"
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

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}
