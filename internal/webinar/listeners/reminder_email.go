package listeners

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/webinar"
	"github.com/academy/academy/internal/webinar/events"
)

// ReminderEmailKey is the outbox idempotency key of a reminder email: one
// per registration and reminder kind.
func ReminderEmailKey(registrationID string, kind webinar.ReminderKind) string {
	return fmt.Sprintf("webinar-reminder:%s:%s:email", registrationID, kind)
}

type reminderEmail struct {
	m    *webinar.Module
	deps Deps
}

// handle reads everything first, then queues the message in its own
// transaction: SQLite has a single connection, so no read may run while
// the transaction is open.
func (r reminderEmail) handle(ctx context.Context, d eventbus.Delivery[events.WebinarReminderTriggered]) error {
	ev := d.Event
	reg, err := r.m.GetRegistration(ctx, string(ev.RegistrationID))
	if err != nil {
		return err
	}
	if reg.Status == webinar.StatusCancelled {
		return nil // cancelled after the reminder fired: tell them nothing
	}
	w, err := r.m.GetWebinar(ctx, reg.WebinarID)
	if err != nil {
		return err
	}
	contact, err := r.deps.Contacts.FindUserContact(ctx, reg.UserID)
	if apperr.CodeOf(err) == apperr.NotFound {
		// The person was deleted or never existed: there is nobody to
		// write to, and retrying cannot change that. Other errors retry.
		cmp.Or(r.deps.Logger, slog.Default()).WarnContext(ctx, "webinar reminder not sent: no contact",
			"registration_id", reg.ID, "user_id", reg.UserID, "event_id", d.Envelope.EventID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("contact of user %s: %w", reg.UserID, err)
	}
	kind := webinar.ReminderKind(ev.Reminder)
	msg := outbox.Message{
		Key:           ReminderEmailKey(reg.ID, kind),
		Channel:       outbox.Email,
		To:            contact.Email,
		Subject:       reminderSubject(w.Title, kind),
		Body:          reminderBody(contact.FullName, w),
		SourceEventID: d.Envelope.EventID,
	}
	return db.InTx(ctx, r.deps.DB, func(tx *sql.Tx) error {
		_, _, err := r.deps.Outbox.Enqueue(ctx, tx, msg)
		return err
	})
}

func reminderSubject(title string, kind webinar.ReminderKind) string {
	when := "in 24 hours"
	if kind == webinar.Reminder1h {
		when = "in 1 hour"
	}
	return fmt.Sprintf("Reminder: %s starts %s", title, when)
}

func reminderBody(name string, w webinar.Webinar) string {
	return fmt.Sprintf("Hello %s,\n\nthis is a reminder that the webinar %q starts on %s (UTC) and ends at %s.\n\nSee you there!\nAcademy\n",
		name, w.Title, w.StartsAt.UTC().Format("Monday 2 January 2006 at 15:04"), w.EndsAt.UTC().Format("15:04"))
}
