// Package attendance runs roll calls: attendance sessions for course
// sessions, who was marked present, and who did not show up.
//
// Its Actions are the methods of Module; its events are in package events,
// its reactions in package listeners and its scheduled work in package jobs.
package attendance

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/academy/academy/internal/attendance/events"
	"github.com/academy/academy/internal/attendance/internal/store"
	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/web"
)

// Deps are what the attendance module needs from the platform.
type Deps struct {
	DB    *sql.DB
	Bus   *eventbus.Bus
	Clock clock.Clock
	// NoShowGrace is how long after a session ends its no-shows are
	// detected. Defaults to DefaultNoShowGrace.
	NoShowGrace time.Duration
	// Roster tells who is expected at a course session; the enrollment
	// module implements it. Without one, DetectNoShows fails with
	// apperr.Unavailable and records nothing.
	Roster Roster
	// CourseSessions checks that a roll call is for a real course session;
	// the course module implements it.
	CourseSessions CourseSessions
}

// CourseSessions is the course module's read API that attendance uses.
type CourseSessions interface {
	GetCourseSession(ctx context.Context, id string) (course.Session, error)
}

// Roster lists the students expected at a course session: those with a
// confirmed enrollment. It is the enrollment module's read API, declared
// here so that attendance depends on the method, not on the module.
type Roster interface {
	ListConfirmedStudentIDs(ctx context.Context, courseSessionID string) ([]string, error)
}

// Module holds the attendance Actions and read APIs.
type Module struct {
	db    *sql.DB
	bus   *eventbus.Bus
	clock clock.Clock
	store store.Store

	noShowGrace    time.Duration
	roster         Roster
	courseSessions CourseSessions
}

// New builds the module and defines its events on the bus.
func New(deps Deps) (*Module, error) {
	if deps.CourseSessions == nil {
		return nil, errors.New("attendance: Deps.CourseSessions is required")
	}
	if err := deps.Bus.Define(events.Definitions...); err != nil {
		return nil, fmt.Errorf("attendance: %w", err)
	}
	return &Module{
		db: deps.DB, bus: deps.Bus, clock: deps.Clock, roster: deps.Roster, courseSessions: deps.CourseSessions,
		noShowGrace: cmp.Or(deps.NoShowGrace, DefaultNoShowGrace),
	}, nil
}

// Routes registers the module's HTTP API.
func (m *Module) Routes(r *web.Router) {
	r.Handle("POST /api/attendance-sessions", web.Staff, m.handleCreateAttendanceSession,
		web.Accepts[CreateAttendanceSessionInput](), web.Returns[Session](http.StatusCreated))
	r.Handle("GET /api/attendance-sessions/{id}", web.Staff, m.handleGetAttendanceSession,
		web.Returns[Session](http.StatusOK))
	r.Handle("POST /api/attendance-sessions/{id}/cancel", web.Staff, m.handleCancelAttendanceSession,
		web.Returns[Session](http.StatusOK))
	r.Handle("POST /api/attendance-sessions/{id}/marks", web.Staff, m.handleMarkAttendance,
		web.Accepts[MarkAttendanceInput](), web.Returns[MarkAttendanceResult](http.StatusCreated, http.StatusOK))
	r.Handle("GET /api/attendance-sessions/{id}/marks", web.Staff, m.handleListAttendanceMarks,
		web.Returns[markList](http.StatusOK))
	r.Handle("GET /api/attendance-marks/{id}", web.Staff, m.handleGetAttendanceMark, web.Returns[Mark](http.StatusOK))
	r.Handle("POST /api/attendance-sessions/{id}/detect-no-shows", []web.Role{web.RoleAdmin}, m.handleDetectNoShows,
		web.Returns[DetectNoShowsResult](http.StatusOK))
	r.Handle("GET /api/attendance-sessions/{id}/no-shows", web.Staff, m.handleListNoShows,
		web.Returns[noShowList](http.StatusOK))
}
