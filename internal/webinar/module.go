// Package webinar runs webinars: live online sessions that users register
// for, are reminded of 24 hours and 1 hour before the start, and attend.
//
// The word "event" alone always means a domain event in Academy; the live
// sessions are webinars. Its Actions are the methods of Module; its events
// are in package events.
//
// Reminders are idempotent per registration and kind, and refuse to fire
// for a cancelled registration or a webinar that has started, so that a
// scheduled reminder job may run late, twice or after a cancellation
// without sending anything wrong. When a webinar moves, WebinarRescheduled
// lets listeners schedule the reminders again; a reminder that runs before
// it is due for the new start is refused with ErrReminderNotDue.
package webinar

import (
	"database/sql"
	"fmt"
	"net/http"

	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/webinar/events"
	"github.com/academy/academy/internal/webinar/internal/store"
)

// Deps are what the webinar module needs from the platform.
type Deps struct {
	DB    *sql.DB
	Bus   *eventbus.Bus
	Clock clock.Clock
}

// Module holds the webinar Actions and read APIs.
type Module struct {
	db    *sql.DB
	bus   *eventbus.Bus
	clock clock.Clock
	store store.Store
	// reminderPage is how many registrations ScheduleWebinarReminders
	// handles per transaction (reminderPageSize; tests make it small).
	reminderPage int
}

// New builds the module and defines its events on the bus.
func New(deps Deps) (*Module, error) {
	if err := deps.Bus.Define(events.Definitions...); err != nil {
		return nil, fmt.Errorf("webinar: %w", err)
	}
	return &Module{db: deps.DB, bus: deps.Bus, clock: deps.Clock, reminderPage: reminderPageSize}, nil
}

// serviceRoles may call the endpoints that integrations and other systems
// use: registering, cancelling, reminders and attendance.
var serviceRoles = []web.Role{web.RoleAdmin, web.RoleStaff, web.RoleService}

// Routes registers the module's HTTP API.
func (m *Module) Routes(r *web.Router) {
	r.Handle("POST /api/webinars", web.Staff, m.handleScheduleWebinar,
		web.Accepts[ScheduleWebinarInput](), web.Returns[Webinar](http.StatusCreated))
	r.Handle("GET /api/webinars/{id}", serviceRoles, m.handleGetWebinar, web.Returns[Webinar](http.StatusOK))
	r.Handle("POST /api/webinars/{id}/reschedule", web.Staff, m.handleRescheduleWebinar,
		web.Accepts[RescheduleWebinarInput](), web.Returns[Webinar](http.StatusOK))
	r.Handle("POST /api/webinar-registrations", serviceRoles, m.handleRegisterForEvent,
		web.Accepts[RegisterForEventInput](), web.Returns[Registration](http.StatusCreated))
	r.Handle("GET /api/webinar-registrations/{id}", serviceRoles, m.handleGetRegistration,
		web.Returns[Registration](http.StatusOK))
	r.Handle("POST /api/webinar-registrations/{id}/cancel", serviceRoles, m.handleCancelRegistration,
		web.Returns[Registration](http.StatusOK))
	r.Handle("POST /api/webinar-registrations/{id}/reminders", serviceRoles, m.handleTriggerWebinarReminder,
		web.Accepts[TriggerWebinarReminderInput](), web.Returns[TriggerWebinarReminderResult](http.StatusCreated, http.StatusOK))
	r.Handle("POST /api/webinar-registrations/{id}/attendance", serviceRoles, m.handleRecordWebinarAttendance,
		web.Returns[RecordWebinarAttendanceResult](http.StatusCreated, http.StatusOK))
}
