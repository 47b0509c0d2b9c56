// Package listeners holds the whatsapp module's reactions to events. It
// queues staff replies in the outbox, and tells people who opted in to
// WhatsApp that their enrollment was received or confirmed, with template
// messages. Other modules never message people on WhatsApp themselves:
// whatsapp listens to their facts and asks its own Action,
// QueueTemplateMessage.
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
	enrollmentevents "github.com/academy/academy/internal/enrollment/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/user"
	"github.com/academy/academy/internal/whatsapp"
	"github.com/academy/academy/internal/whatsapp/events"
)

// The templates of automatic messages, as approved in Meta's WhatsApp
// Manager. Both take three body parameters: {{1}} the person's full name,
// {{2}} the course title, {{3}} when the session starts.
const (
	TemplateEnrollmentReceived  = "enrollment_received"
	TemplateEnrollmentConfirmed = "enrollment_confirmed"
	// TemplateLanguage is the language the templates are approved in.
	TemplateLanguage = "en"
)

// Deps are what the whatsapp listeners need.
type Deps struct {
	DB       *sql.DB
	Bus      *eventbus.Bus
	WhatsApp *whatsapp.Module
	// Outbox queues staff replies.
	Outbox interface {
		Enqueue(ctx context.Context, tx *sql.Tx, m outbox.Message) (id string, created bool, err error)
	}
	// Users and Courses are the read APIs that give a template's recipient
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

// Register registers the whatsapp listeners on the bus. The enrollment
// events must be defined on it already.
func Register(deps Deps) {
	eventbus.Listen(deps.Bus, "whatsapp.QueueReply", eventbus.ListenerOptions{
		Description: "Queues a staff reply in the outbox, whose send job delivers it with the WhatsApp Cloud API.",
		Idempotency: "Outbox key whatsapp-reply:{messageId}; queueing it again keeps one message.",
		Timeout:     time.Minute,
	}, func(ctx context.Context, d eventbus.Delivery[events.WhatsAppReplySent]) error {
		return deps.queueReply(ctx, d.Envelope.EventID, string(d.Event.MessageID))
	})

	eventbus.Listen(deps.Bus, "whatsapp.NotifyEnrollmentCreated", eventbus.ListenerOptions{
		Description: "Sends the enrollment_received template to a person who opted in to WhatsApp, through QueueTemplateMessage.",
		Idempotency: "Outbox key enrollment-created:{enrollmentId}:whatsapp; QueueTemplateMessage keeps one message per key.",
		Timeout:     time.Minute,
	}, func(ctx context.Context, d eventbus.Delivery[enrollmentevents.EnrollmentCreated]) error {
		return deps.notify(ctx, d.Envelope, "enrollment-created", TemplateEnrollmentReceived,
			string(d.Event.EnrollmentID), string(d.Event.UserID), string(d.Event.CourseSessionID))
	})

	eventbus.Listen(deps.Bus, "whatsapp.NotifyEnrollmentConfirmed", eventbus.ListenerOptions{
		Description: "Sends the enrollment_confirmed template to a person who opted in to WhatsApp, through QueueTemplateMessage.",
		Idempotency: "Outbox key enrollment-confirmed:{enrollmentId}:whatsapp; QueueTemplateMessage keeps one message per key.",
		Timeout:     time.Minute,
	}, func(ctx context.Context, d eventbus.Delivery[enrollmentevents.EnrollmentConfirmed]) error {
		return deps.notify(ctx, d.Envelope, "enrollment-confirmed", TemplateEnrollmentConfirmed,
			string(d.Event.EnrollmentID), string(d.Event.UserID), string(d.Event.CourseSessionID))
	})
}

// queueReply queues the stored reply in the outbox. The message is read
// before the transaction: on SQLite the pool has one connection, so a read
// inside it would wait for itself.
func (deps Deps) queueReply(ctx context.Context, eventID, messageID string) error {
	msg, err := deps.WhatsApp.GetMessage(ctx, messageID)
	if err != nil {
		return fmt.Errorf("read whatsapp reply %s: %w", messageID, err)
	}
	out := outbox.Message{
		Key: whatsapp.ReplyOutboxKey(msg.ID), Channel: outbox.WhatsApp, To: msg.PhoneNumber, Body: msg.Text,
		TemplateName: msg.TemplateName, TemplateLanguage: msg.TemplateLanguage, TemplateParams: msg.TemplateParams,
		SourceEventID: eventID,
	}
	return db.InTx(ctx, deps.DB, func(tx *sql.Tx) error {
		_, _, err := deps.Outbox.Enqueue(ctx, tx, out)
		return err
	})
}

// notify queues one enrollment template for a person who opted in, and
// does nothing for anyone else.
func (deps Deps) notify(ctx context.Context, env eventbus.Envelope, fact, template, enrollmentID, userID, courseSessionID string) error {
	contact, err := deps.Users.FindUserContact(ctx, userID)
	if apperr.CodeOf(err) == apperr.NotFound {
		// The person was deleted or never existed: there is nobody to
		// write to, and retrying cannot change that. Other errors retry.
		cmp.Or(deps.Logger, slog.Default()).WarnContext(ctx, "whatsapp template not sent: no contact",
			"fact", fact, "enrollment_id", enrollmentID, "user_id", userID, "event_id", env.EventID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("read contact of user %s: %w", userID, err)
	}
	if !contact.WhatsAppOptIn || contact.Phone == "" {
		return nil
	}
	session, err := deps.Courses.GetCourseSession(ctx, courseSessionID)
	if err != nil {
		return fmt.Errorf("read course session %s: %w", courseSessionID, err)
	}
	c, err := deps.Courses.GetCourse(ctx, session.CourseID)
	if err != nil {
		return fmt.Errorf("read course %s: %w", session.CourseID, err)
	}
	_, err = deps.WhatsApp.QueueTemplateMessage(ctx, whatsapp.QueueTemplateMessageInput{
		Key:              fact + ":" + enrollmentID + ":whatsapp",
		UserID:           userID,
		TemplateName:     template,
		TemplateLanguage: TemplateLanguage,
		TemplateParams:   []string{contact.FullName, c.Title, session.StartsAt.Format("Monday 2 January 2006 at 15:04 MST")},
		SourceEventID:    env.EventID,
		ActorUserID:      "listener:" + env.Listener,
	})
	if errors.Is(err, whatsapp.ErrNoWhatsAppConsent) {
		return nil // withdrawn since we looked: send nothing
	}
	return err
}
