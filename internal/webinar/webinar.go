package webinar

import (
	"time"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/webinar/internal/store"
)

// Errors of the webinar and registration state machines. Each is a
// Conflict (409): the object's state forbids the change, and nothing is
// written or recorded.
var (
	ErrWebinarStarted        = &apperr.Error{Code: apperr.Conflict, Message: "the webinar has already started"}
	ErrWebinarNotStarted     = &apperr.Error{Code: apperr.Conflict, Message: "the webinar has not started yet"}
	ErrWebinarFull           = &apperr.Error{Code: apperr.Conflict, Message: "the webinar is full"}
	ErrAlreadyRegistered     = &apperr.Error{Code: apperr.Conflict, Message: "the user is already registered for this webinar"}
	ErrRegistrationCancelled = &apperr.Error{Code: apperr.Conflict, Message: "the registration is cancelled"}
	ErrRegistrationAttended  = &apperr.Error{Code: apperr.Conflict, Message: "the registration is already attended"}
	ErrReminderNotDue        = &apperr.Error{Code: apperr.Conflict, Message: "the reminder is not due yet"}
)

// Webinar is a scheduled live online session, as read APIs return it.
type Webinar struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	StartsAt time.Time `json:"startsAt"`
	EndsAt   time.Time `json:"endsAt"`
	Capacity int       `json:"capacity"`
	// Registered counts registrations that are not cancelled.
	Registered int       `json:"registered"`
	CreatedBy  string    `json:"createdBy"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
}

// webinar is the domain state of a webinar. Its phase follows from the
// clock: scheduled until it starts, then started; nothing but the start
// time is stored.
type webinar struct {
	id         string
	startsAt   time.Time
	endsAt     time.Time
	capacity   int
	registered int
}

func webinarFromRow(r store.Webinar) webinar {
	return webinar{id: r.ID, startsAt: r.StartsAt.UTC(), endsAt: r.EndsAt.UTC(), capacity: r.Capacity, registered: r.Registered}
}

func webinarView(r store.Webinar) Webinar {
	return Webinar{
		ID: r.ID, Title: r.Title, StartsAt: r.StartsAt.UTC(), EndsAt: r.EndsAt.UTC(),
		Capacity: r.Capacity, Registered: r.Registered,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

func (w webinar) started(now time.Time) bool { return !now.Before(w.startsAt) }

// canRegister says whether a new registration may be taken at now.
// Registration closes when the webinar starts; capacity is enforced by the
// store's guarded seat count.
func (w webinar) canRegister(now time.Time) error {
	if w.started(now) {
		return ErrWebinarStarted
	}
	return nil
}

// canMove says whether the webinar may be moved at now.
func (w webinar) canMove(now time.Time) error {
	if w.started(now) {
		return ErrWebinarStarted
	}
	return nil
}

// ReminderKind names a webinar reminder by how long before the start it is
// due.
type ReminderKind string

const (
	// Reminder24h is due 24 hours before the webinar starts.
	Reminder24h ReminderKind = "24h"
	// Reminder1h is due 1 hour before the webinar starts.
	Reminder1h ReminderKind = "1h"
)

// ReminderKinds lists every reminder kind, earliest first.
var ReminderKinds = []ReminderKind{Reminder24h, Reminder1h}

// Lead is how long before the start the reminder is due; 0 for an unknown kind.
func (k ReminderKind) Lead() time.Duration {
	switch k {
	case Reminder24h:
		return 24 * time.Hour
	case Reminder1h:
		return time.Hour
	}
	return 0
}

// Valid reports whether k is a known reminder kind.
func (k ReminderKind) Valid() bool { return k.Lead() > 0 }

// DueAt is when the reminder is due for a webinar starting at startsAt.
// Listeners schedule reminder jobs for this time.
func (k ReminderKind) DueAt(startsAt time.Time) time.Time { return startsAt.Add(-k.Lead()) }

// Registration statuses. A registration is registered until it is either
// cancelled or attended; both are final.
const (
	StatusRegistered = "registered"
	StatusCancelled  = "cancelled"
	StatusAttended   = "attended"
)

// Registration is one user's registration for one webinar, as read APIs
// return it.
type Registration struct {
	ID           string     `json:"id"`
	WebinarID    string     `json:"webinarId"`
	UserID       string     `json:"userId"`
	Status       string     `json:"status"`
	RegisteredAt time.Time  `json:"registeredAt"`
	CancelledAt  *time.Time `json:"cancelledAt,omitempty"`
	AttendedAt   *time.Time `json:"attendedAt,omitempty"`
	// Reminders lists the reminders already triggered.
	Reminders []TriggeredReminder `json:"reminders"`
}

// TriggeredReminder is a reminder that TriggerWebinarReminder recorded.
type TriggeredReminder struct {
	Reminder    ReminderKind `json:"reminder"`
	TriggeredAt time.Time    `json:"triggeredAt"`
}

// registration is the domain state of a registration.
type registration struct {
	id        string
	webinarID string
	userID    string
	status    string
}

func registrationFromRow(r store.Registration) registration {
	return registration{id: r.ID, webinarID: r.WebinarID, userID: r.UserID, status: r.Status}
}

func registrationView(r store.Registration, reminders []store.Reminder) Registration {
	out := Registration{
		ID: r.ID, WebinarID: r.WebinarID, UserID: r.UserID, Status: r.Status,
		RegisteredAt: r.RegisteredAt.UTC(), Reminders: []TriggeredReminder{},
	}
	if r.CancelledAt.Valid {
		t := r.CancelledAt.Time.UTC()
		out.CancelledAt = &t
	}
	if r.AttendedAt.Valid {
		t := r.AttendedAt.Time.UTC()
		out.AttendedAt = &t
	}
	for _, rem := range reminders {
		out.Reminders = append(out.Reminders, TriggeredReminder{Reminder: ReminderKind(rem.Reminder), TriggeredAt: rem.TriggeredAt.UTC()})
	}
	return out
}

// cancel checks that the registration may be cancelled at now: only a live
// registration, and only before the webinar starts.
func (r registration) cancel(w webinar, now time.Time) error {
	switch r.status {
	case StatusCancelled:
		return ErrRegistrationCancelled
	case StatusAttended:
		return ErrRegistrationAttended
	}
	if w.started(now) {
		return ErrWebinarStarted
	}
	return nil
}

// attend checks that the registration may be marked attended at now. It
// reports false, without error, when it already is: attendance is recorded
// once.
func (r registration) attend(w webinar, now time.Time) (bool, error) {
	switch r.status {
	case StatusCancelled:
		return false, ErrRegistrationCancelled
	case StatusAttended:
		return false, nil
	}
	if !w.started(now) {
		return false, ErrWebinarNotStarted
	}
	return true, nil
}

// remind checks that a reminder may fire at now: the registration is live,
// the webinar has not started and the reminder is due.
func (r registration) remind(w webinar, kind ReminderKind, now time.Time) error {
	switch r.status {
	case StatusCancelled:
		return ErrRegistrationCancelled
	case StatusAttended:
		return ErrWebinarStarted
	}
	if w.started(now) {
		return ErrWebinarStarted
	}
	if now.Before(kind.DueAt(w.startsAt)) {
		return ErrReminderNotDue
	}
	return nil
}
