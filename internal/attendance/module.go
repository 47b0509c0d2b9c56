// Package attendance runs roll calls: attendance sessions for course
// sessions, who was marked present, and who did not show up.
//
// Its Actions are the methods of Module; its events are in package events,
// its reactions in package listeners and its scheduled work in package jobs.
package attendance

import (
	"cmp"
	"database/sql"
	"fmt"
	"time"

	"github.com/academy/academy/internal/attendance/events"
	"github.com/academy/academy/internal/attendance/internal/store"
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
}

// Module holds the attendance Actions and read APIs.
type Module struct {
	db    *sql.DB
	bus   *eventbus.Bus
	clock clock.Clock
	store store.Store

	noShowGrace time.Duration
}

// New builds the module and defines its events on the bus.
func New(deps Deps) (*Module, error) {
	if err := deps.Bus.Define(events.Definitions...); err != nil {
		return nil, fmt.Errorf("attendance: %w", err)
	}
	return &Module{db: deps.DB, bus: deps.Bus, clock: deps.Clock, noShowGrace: cmp.Or(deps.NoShowGrace, DefaultNoShowGrace)}, nil
}

// Routes registers the module's HTTP API.
func (m *Module) Routes(r *web.Router) {
	r.Handle("POST /api/attendance-sessions", web.Staff, m.handleCreateAttendanceSession)
	r.Handle("GET /api/attendance-sessions/{id}", web.Staff, m.handleGetAttendanceSession)
}
