// Package listeners holds the enrollment module's reactions to events: it
// confirms an enrollment once its deposit is approved, and tells the
// student by email when an enrollment is created or confirmed. It changes
// enrollment state only through enrollment Actions.
package listeners

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/enrollment"
	"github.com/academy/academy/internal/enrollment/events"
	paymentevents "github.com/academy/academy/internal/payment/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/user"
)

// Deps are what the enrollment listeners need.
type Deps struct {
	DB         *sql.DB
	Bus        *eventbus.Bus
	Enrollment *enrollment.Module
	Outbox     *outbox.Outbox
	// Users and Courses are the read APIs that give the email's recipient
	// and wording; events carry only ids.
	Users interface {
		FindUserContact(ctx context.Context, id string) (user.Contact, error)
	}
	Courses interface {
		GetCourseSession(ctx context.Context, id string) (course.Session, error)
		GetCourse(ctx context.Context, id string) (course.Course, error)
	}
	// Logger notes messages skipped for want of a recipient. Defaults to
	// slog.Default().
	Logger *slog.Logger
}

// Register registers the enrollment listeners on the bus.
func Register(deps Deps) {
	eventbus.Listen(deps.Bus, "enrollment.ConfirmAfterDeposit", eventbus.ListenerOptions{
		Description: "Confirms the enrollment through ConfirmEnrollment once its deposit is approved.",
		Idempotency: "Confirming an already confirmed enrollment is treated as done; a cancelled one is left cancelled.",
	}, func(ctx context.Context, d eventbus.Delivery[paymentevents.DepositPaymentApproved]) error {
		_, err := deps.Enrollment.ConfirmEnrollment(ctx, enrollment.ConfirmEnrollmentInput{
			EnrollmentID: string(d.Event.EnrollmentID),
			ActorUserID:  string(d.Event.ActorUserID),
		})
		switch {
		case errors.Is(err, enrollment.ErrAlreadyConfirmed):
			return nil
		case errors.Is(err, enrollment.ErrCancelled), errors.Is(err, enrollment.ErrAlreadyCancelled):
			// The student cancelled meanwhile: there is nothing to confirm,
			// and retrying cannot change that. Staff handle the refund.
			return nil
		}
		return err
	})

	eventbus.Listen(deps.Bus, "enrollment.EmailEnrollmentCreated", eventbus.ListenerOptions{
		Description: "Emails the student that their enrollment was received, through the outbox.",
		Idempotency: "Outbox key enrollment-created:{enrollmentId}:email; queueing it again keeps one message.",
		Timeout:     time.Minute,
	}, func(ctx context.Context, d eventbus.Delivery[events.EnrollmentCreated]) error {
		return deps.email(ctx, d.Envelope.EventID, "enrollment-created", string(d.Event.EnrollmentID),
			string(d.Event.UserID), string(d.Event.CourseSessionID),
			"We received your enrollment in %s",
			"Hello %s,\n\nwe received your enrollment in %s, starting %s. We will confirm it once your deposit is approved.\n")
	})

	eventbus.Listen(deps.Bus, "enrollment.EmailEnrollmentConfirmed", eventbus.ListenerOptions{
		Description: "Emails the student that their enrollment is confirmed, through the outbox.",
		Idempotency: "Outbox key enrollment-confirmed:{enrollmentId}:email; queueing it again keeps one message.",
		Timeout:     time.Minute,
	}, func(ctx context.Context, d eventbus.Delivery[events.EnrollmentConfirmed]) error {
		return deps.email(ctx, d.Envelope.EventID, "enrollment-confirmed", string(d.Event.EnrollmentID),
			string(d.Event.UserID), string(d.Event.CourseSessionID),
			"Your place in %s is confirmed",
			"Hello %s,\n\nyour place in %s, starting %s, is confirmed. See you there!\n")
	})
}

// email queues one email about an enrollment. Contact data and wording are
// read before the transaction: on SQLite the pool has one connection, so a
// read inside it would wait for itself.
func (deps Deps) email(ctx context.Context, eventID, fact, enrollmentID, userID, courseSessionID, subject, body string) error {
	contact, err := deps.Users.FindUserContact(ctx, userID)
	if apperr.CodeOf(err) == apperr.NotFound {
		// The person was deleted or never existed: there is nobody to
		// write to, and retrying cannot change that. Other errors retry.
		cmp.Or(deps.Logger, slog.Default()).WarnContext(ctx, "enrollment email not sent: no contact",
			"fact", fact, "enrollment_id", enrollmentID, "user_id", userID, "event_id", eventID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("read contact of user %s: %w", userID, err)
	}
	session, err := deps.Courses.GetCourseSession(ctx, courseSessionID)
	if err != nil {
		return fmt.Errorf("read course session %s: %w", courseSessionID, err)
	}
	c, err := deps.Courses.GetCourse(ctx, session.CourseID)
	if err != nil {
		return fmt.Errorf("read course %s: %w", session.CourseID, err)
	}
	starts := session.StartsAt.Format("Monday 2 January 2006 at 15:04 MST")
	msg := outbox.Message{
		Key:           fact + ":" + enrollmentID + ":email",
		Channel:       outbox.Email,
		To:            contact.Email,
		Subject:       fmt.Sprintf(subject, c.Title),
		Body:          fmt.Sprintf(body, contact.FullName, c.Title, starts),
		SourceEventID: eventID,
	}
	return db.InTx(ctx, deps.DB, func(tx *sql.Tx) error {
		_, _, err := deps.Outbox.Enqueue(ctx, tx, msg)
		return err
	})
}
