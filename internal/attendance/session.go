package attendance

import (
	"time"

	"github.com/academy/academy/internal/attendance/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
)

// Errors of the session and mark state machines. Each is a Conflict (409):
// the session's state forbids the change, and nothing is written or
// recorded.
var (
	ErrSessionCancelled  = &apperr.Error{Code: apperr.Conflict, Message: "the attendance session is cancelled"}
	ErrSessionNotStarted = &apperr.Error{Code: apperr.Conflict, Message: "the attendance session has not started yet"}
	ErrSessionEnded      = &apperr.Error{Code: apperr.Conflict, Message: "the attendance session has already ended"}
	// ErrSessionExists: a course session has one live roll call at a time;
	// cancel it to open another.
	ErrSessionExists = &apperr.Error{Code: apperr.Conflict, Message: "the course session already has an attendance session that is not cancelled"}
	// ErrNoShowCheckTooEarly: no-shows are detected only once the session
	// has ended and the grace period has passed.
	ErrNoShowCheckTooEarly = &apperr.Error{Code: apperr.Conflict, Message: "no-shows can be detected only after the session ends plus the grace period"}
)

// Session statuses: open from creation until cancelled; cancelled is final.
const (
	SessionOpen      = "open"
	SessionCancelled = "cancelled"
)

// Session is an attendance session: the roll call of one course session.
type Session struct {
	ID              string     `json:"id"`
	CourseSessionID string     `json:"courseSessionId"`
	StartsAt        time.Time  `json:"startsAt"`
	EndsAt          time.Time  `json:"endsAt"`
	Status          string     `json:"status"`
	CreatedBy       string     `json:"createdBy"`
	CreatedAt       time.Time  `json:"createdAt"`
	CancelledAt     *time.Time `json:"cancelledAt,omitempty"`
}

func sessionFromRow(r store.Session) Session {
	s := Session{
		ID: r.ID, CourseSessionID: r.CourseSessionID,
		StartsAt: r.StartsAt.UTC(), EndsAt: r.EndsAt.UTC(), Status: r.Status,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(),
	}
	if r.CancelledAt.Valid {
		t := r.CancelledAt.Time.UTC()
		s.CancelledAt = &t
	}
	return s
}

// session is the domain state of an attendance session.
type session struct {
	id              string
	courseSessionID string
	startsAt        time.Time
	endsAt          time.Time
	status          string
}

func sessionStateFromRow(r store.Session) session {
	return session{id: r.ID, courseSessionID: r.CourseSessionID, startsAt: r.StartsAt.UTC(), endsAt: r.EndsAt.UTC(), status: r.Status}
}

// canMark says whether students may be marked at now: the session is open
// and has started. Marks stay allowed after the session ends, also after
// its no-shows were detected, so that a late roll call can be entered.
func (s session) canMark(now time.Time) error {
	if s.status == SessionCancelled {
		return ErrSessionCancelled
	}
	if now.Before(s.startsAt) {
		return ErrSessionNotStarted
	}
	return nil
}

// canCancel says whether the session may be cancelled at now: only an open
// session that has not ended.
func (s session) canCancel(now time.Time) error {
	if s.status == SessionCancelled {
		return ErrSessionCancelled
	}
	if !now.Before(s.endsAt) {
		return ErrSessionEnded
	}
	return nil
}

// noShowCheckAt is when the session's no-shows may be detected.
func (s session) noShowCheckAt(grace time.Duration) time.Time { return s.endsAt.Add(grace) }

// canDetectNoShows says whether no-shows may be detected at now: never for
// a cancelled session, and only from the end plus the grace period.
func (s session) canDetectNoShows(now time.Time, grace time.Duration) error {
	if s.status == SessionCancelled {
		return ErrSessionCancelled
	}
	if now.Before(s.noShowCheckAt(grace)) {
		return ErrNoShowCheckTooEarly
	}
	return nil
}
