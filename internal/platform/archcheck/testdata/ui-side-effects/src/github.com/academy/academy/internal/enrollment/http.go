// Package enrollment is a fixture for rule ui-side-effects.
package enrollment

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/academy/academy/internal/enrollment/jobs"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/tracking"
	"github.com/academy/academy/internal/whatsapp"
	"github.com/riverqueue/river"
)

type Module struct {
	bus   *eventbus.Bus
	ob    *outbox.Outbox
	wa    *whatsapp.Module
	tr    *tracking.Module
	river *river.Client[*sql.Tx]
}

// Enroll is an Action: it may record events and queue sends in its transaction.
func (m *Module) Enroll(ctx context.Context, tx *sql.Tx) error {
	if err := outbox.Enqueue("a@example.com"); err != nil {
		return err
	}
	return m.bus.Record(ctx, tx)
}

func (m *Module) GetEnrollment(id string) string { return id }

// handleEnroll calls only Actions and read APIs.
func (m *Module) handleEnroll(w http.ResponseWriter, r *http.Request) error {
	_ = m.GetEnrollment("1")
	_ = m.tr.CountVisits()
	_ = m.wa.GetThread("1")
	_ = jobs.Reminders()
	_ = m.bus.Healthy()
	return m.Enroll(r.Context(), nil)
}

func (m *Module) handleBad(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	_ = outbox.Enqueue("a@example.com")         // want `HTTP handler handleBad calls outbox.Enqueue, which is the outbox`
	_ = m.wa.QueueMessage("+1")                 // want `calls whatsapp.\(\*Module\).QueueMessage, which is WhatsApp queueing`
	_ = m.tr.RecordVisit("/")                   // want `calls tracking.\(\*Module\).RecordVisit, which is a tracking write`
	_ = m.river.Insert(ctx, nil, nil)           // want `calls river.\(\*Client\).Insert, which is a River job insert`
	_ = m.bus.Record(ctx, nil)                  // want `calls eventbus.\(\*Bus\).Record, which is event recording`
	_ = m.bus.ScheduleTx(ctx, nil, nil, noTime) // want `calls eventbus.\(\*Bus\).ScheduleTx, which is job scheduling`
	_ = jobs.ScheduleReminder("1")              // want `calls jobs.ScheduleReminder, which is job scheduling`
	return m.notify()                           // want `calls outbox.\(\*Outbox\).Send \(through notify -> sendMail\), which is the outbox`
}

func (m *Module) notify() error   { return m.sendMail() }
func (m *Module) sendMail() error { return m.ob.Send("a@example.com") }

// Routes builds a handler from a closure: the closure is a handler too.
func (m *Module) Routes() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = outbox.Enqueue("b@example.com") // want `HTTP handler func literal calls outbox.Enqueue`
	})
}

// remind is no handler: the rule does not look at it.
func (m *Module) remind() error { return jobs.ScheduleReminder("1") }
