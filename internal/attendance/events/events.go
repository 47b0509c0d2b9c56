// Package events holds the attendance module's event contracts. Any module
// may import it to listen to attendance facts.
package events

import (
	"time"

	"github.com/academy/academy/internal/platform/eventbus"
)

// AttendanceSessionID identifies an attendance session: one roll call of one
// course session.
type AttendanceSessionID string

// CourseSessionID identifies a scheduled run of a course (owned by course).
type CourseSessionID string

// UserID identifies a person (owned by user).
type UserID string

// AttendanceMarkID identifies one student's mark in one attendance session.
type AttendanceMarkID string

// MarkStatus is a roll-call mark: "present", "absent" or "late".
type MarkStatus string

// AttendanceSessionCreated: staff opened the roll call for a course session.
type AttendanceSessionCreated struct {
	AttendanceSessionID AttendanceSessionID `json:"attendanceSessionId"`
	CourseSessionID     CourseSessionID     `json:"courseSessionId"`
	StartsAt            time.Time           `json:"startsAt"`
	EndsAt              time.Time           `json:"endsAt"`
	ActorUserID         UserID              `json:"actorUserId"`
	OccurredAt          time.Time           `json:"occurredAt"`
}

func (AttendanceSessionCreated) EventName() string { return "attendance.AttendanceSessionCreated" }
func (AttendanceSessionCreated) EventVersion() int { return 1 }

// AttendanceSessionCancelled: staff cancelled a roll call before the
// session ended; no marks are taken and no no-shows detected for it.
type AttendanceSessionCancelled struct {
	AttendanceSessionID AttendanceSessionID `json:"attendanceSessionId"`
	CourseSessionID     CourseSessionID     `json:"courseSessionId"`
	ActorUserID         UserID              `json:"actorUserId"`
	OccurredAt          time.Time           `json:"occurredAt"`
}

func (AttendanceSessionCancelled) EventName() string { return "attendance.AttendanceSessionCancelled" }
func (AttendanceSessionCancelled) EventVersion() int { return 1 }

// AttendanceMarked: staff marked a student present, absent or late, or
// changed the mark. PreviousStatus is "" for the first mark.
type AttendanceMarked struct {
	AttendanceSessionID AttendanceSessionID `json:"attendanceSessionId"`
	AttendanceMarkID    AttendanceMarkID    `json:"attendanceMarkId"`
	UserID              UserID              `json:"userId"`
	Status              MarkStatus          `json:"status"`
	PreviousStatus      MarkStatus          `json:"previousStatus"`
	ActorUserID         UserID              `json:"actorUserId"`
	OccurredAt          time.Time           `json:"occurredAt"`
}

func (AttendanceMarked) EventName() string { return "attendance.AttendanceMarked" }
func (AttendanceMarked) EventVersion() int { return 1 }

// StudentNoShowDetected: a student with a confirmed enrollment was not
// marked present or late by the time the session ended plus the grace
// period. Recorded once per student and session.
type StudentNoShowDetected struct {
	AttendanceSessionID AttendanceSessionID `json:"attendanceSessionId"`
	CourseSessionID     CourseSessionID     `json:"courseSessionId"`
	UserID              UserID              `json:"userId"`
	OccurredAt          time.Time           `json:"occurredAt"`
}

func (StudentNoShowDetected) EventName() string { return "attendance.StudentNoShowDetected" }
func (StudentNoShowDetected) EventVersion() int { return 1 }

// Definitions describes the attendance events for the registry and catalog.
var Definitions = []eventbus.Definition{
	{
		Event:            AttendanceSessionCreated{},
		Owner:            "attendance",
		Description:      "An attendance session (roll call) was opened for a course session.",
		Emitters:         []string{"attendance.CreateAttendanceSession"},
		AutomationSafety: "Safe to schedule work (no-show checks); sends nothing to students by itself.",
		Idempotency:      "One event per attendance session id; key reactions on attendanceSessionId.",
	},
	{
		Event:            AttendanceSessionCancelled{},
		Owner:            "attendance",
		Description:      "An attendance session (roll call) was cancelled before it ended.",
		Emitters:         []string{"attendance.CancelAttendanceSession"},
		AutomationSafety: "Safe for reporting; its scheduled no-show check then records nothing.",
		Idempotency:      "At most one event per attendance session id.",
	},
	{
		Event:            AttendanceMarked{},
		Owner:            "attendance",
		Description:      "A student was marked present, absent or late in a roll call, or the mark changed.",
		Emitters:         []string{"attendance.MarkAttendance"},
		AutomationSafety: "Safe to record funnel steps and conversions; a follow-up message to the student may be sent through the outbox.",
		Idempotency:      "One event per change of a student's mark; marking the same status again records nothing. Key reactions on the event id, or on attendanceSessionId + userId + status.",
	},
	{
		Event:            StudentNoShowDetected{},
		Owner:            "attendance",
		Description:      "A student with a confirmed enrollment was not marked present or late by the end of the session plus the grace period.",
		Emitters:         []string{"attendance.DetectNoShows"},
		AutomationSafety: "May send one follow-up message to the student through the outbox; a later mark does not retract it, so keep the message gentle.",
		Idempotency:      "At most one event per attendanceSessionId + userId.",
	},
}
