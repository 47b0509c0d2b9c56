// Package listeners holds the webinar module's reactions to events: it
// schedules the 24h and 1h reminder jobs when someone registers or a
// webinar moves, and emails the reminder once it is triggered. State
// changes go only through webinar Actions; the email goes through the
// outbox.
package listeners

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/user"
	"github.com/academy/academy/internal/webinar"
	"github.com/academy/academy/internal/webinar/events"
)

// Contacts finds how to reach a person; the user module implements it.
type Contacts interface {
	FindUserContact(ctx context.Context, id string) (user.Contact, error)
}

// Deps are what the reminder email needs. Without an Outbox or Contacts
// the reminders are still triggered, but nobody is emailed.
type Deps struct {
	// DB is the database the outbox message is queued in.
	DB *sql.DB
	// Outbox sends the reminder email.
	Outbox *outbox.Outbox
	// Contacts gives the registrant's current email address.
	Contacts Contacts
	// Logger notes reminders skipped for want of a recipient. Defaults to
	// slog.Default().
	Logger *slog.Logger
}

// Register registers the webinar listeners on the bus.
func Register(bus *eventbus.Bus, m *webinar.Module, deps Deps) {
	eventbus.Listen(bus, "webinar.ScheduleReminders", eventbus.ListenerOptions{
		Description: "Schedules the registration's 24h and 1h reminder jobs for the webinar's current start, skipping a reminder already due when the person registered.",
		Idempotency: "Reminder jobs are unique on registration, kind and due time, so a repeat schedules nothing new; each reminder job triggers through TriggerWebinarReminder, which records once per registration and kind.",
		Timeout:     10 * time.Second,
	}, func(ctx context.Context, d eventbus.Delivery[events.EventRegistrationCreated]) error {
		_, err := m.ScheduleReminders(ctx, string(d.Event.RegistrationID), d.Event.OccurredAt)
		return err
	})

	eventbus.Listen(bus, "webinar.RescheduleReminders", eventbus.ListenerOptions{
		Description: "Schedules reminder jobs for the new start of a moved webinar, for each live registration; jobs for the old start end without reminding when they fire.",
		Idempotency: "Reminder jobs are unique on registration, kind and due time (the new start is in the args), so a repeat schedules nothing new; reminders already triggered are not scheduled again.",
		Timeout:     time.Minute,
	}, func(ctx context.Context, d eventbus.Delivery[events.WebinarRescheduled]) error {
		_, err := m.ScheduleWebinarReminders(ctx, string(d.Event.WebinarID), d.Event.OccurredAt)
		return err
	})

	if deps.DB != nil && deps.Outbox != nil && deps.Contacts != nil {
		r := reminderEmail{m: m, deps: deps}
		eventbus.Listen(bus, "webinar.EmailReminder", eventbus.ListenerOptions{
			Description: "Emails the registrant the triggered 24h or 1h reminder through the outbox, to the current address from user.FindUserContact; skipped when the registration was cancelled since.",
			Idempotency: "Outbox key webinar-reminder:{registrationId}:{reminder}:email: the outbox queues and sends one message per key, so a repeat sends nothing.",
			Timeout:     10 * time.Second,
		}, r.handle)
	}
}
