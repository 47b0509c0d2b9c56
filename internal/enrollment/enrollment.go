package enrollment

import (
	"database/sql"
	"time"

	"github.com/academy/academy/internal/enrollment/events"
	"github.com/academy/academy/internal/enrollment/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
)

// Status is where an enrollment is in its life:
//
//	pending ──confirm──▶ confirmed
//	   │                    │
//	   └──cancel──▶ cancelled ◀──cancel──┘
type Status string

const (
	StatusPending   Status = "pending"
	StatusConfirmed Status = "confirmed"
	StatusCancelled Status = "cancelled"
)

// Errors of illegal state changes. They are Conflict errors (HTTP 409);
// callers tell them apart with errors.Is. A listener that confirms an
// enrollment treats ErrAlreadyConfirmed as done.
var (
	ErrAlreadyConfirmed = &apperr.Error{Code: apperr.Conflict, Message: "enrollment is already confirmed"}
	ErrAlreadyCancelled = &apperr.Error{Code: apperr.Conflict, Message: "enrollment is already cancelled"}
	ErrCancelled        = &apperr.Error{Code: apperr.Conflict, Message: "enrollment is cancelled and cannot be confirmed"}
	ErrDuplicate        = &apperr.Error{Code: apperr.Conflict, Message: "the user already has an active enrollment in this course session"}
	ErrSessionFull      = &apperr.Error{Code: apperr.Conflict, Message: "the course session is full"}
)

// Enrollment is the read model of an enrollment.
type Enrollment struct {
	ID              string        `json:"id"`
	CourseSessionID string        `json:"courseSessionId"`
	UserID          string        `json:"userId"`
	Source          events.Source `json:"source"`
	Status          Status        `json:"status"`
	// CancelReason is set once the enrollment is cancelled.
	CancelReason events.CancelReason `json:"cancelReason,omitempty"`
	CreatedBy    string              `json:"createdBy"`
	CreatedAt    time.Time           `json:"createdAt"`
	ConfirmedAt  *time.Time          `json:"confirmedAt,omitempty"`
	CancelledAt  *time.Time          `json:"cancelledAt,omitempty"`
}

// Active reports whether the enrollment holds a seat (pending or confirmed).
func (e Enrollment) Active() bool { return e.Status != StatusCancelled }

// enrollment is the domain object. Its status changes only through its
// methods, which refuse illegal moves with the errors above.
type enrollment struct {
	row store.Enrollment
}

func enrollmentFromRow(r store.Enrollment) *enrollment { return &enrollment{row: r} }

func (e *enrollment) status() Status { return Status(e.row.Status) }

func (e *enrollment) confirm(now time.Time) error {
	switch e.status() {
	case StatusPending:
		e.row.Status = string(StatusConfirmed)
		e.row.ConfirmedAt = sql.NullTime{Time: now, Valid: true}
		return nil
	case StatusConfirmed:
		return ErrAlreadyConfirmed
	default:
		return ErrCancelled
	}
}

func (e *enrollment) cancel(reason events.CancelReason, now time.Time) error {
	switch e.status() {
	case StatusPending, StatusConfirmed:
		e.row.Status = string(StatusCancelled)
		e.row.CancelReason = string(reason)
		e.row.CancelledAt = sql.NullTime{Time: now, Valid: true}
		return nil
	default:
		return ErrAlreadyCancelled
	}
}

func (e *enrollment) view() Enrollment {
	r := e.row
	return Enrollment{
		ID: r.ID, CourseSessionID: r.CourseSessionID, UserID: r.UserID,
		Source: events.Source(r.Source), Status: Status(r.Status), CancelReason: events.CancelReason(r.CancelReason),
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(),
		ConfirmedAt: timePtr(r.ConfirmedAt), CancelledAt: timePtr(r.CancelledAt),
	}
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
