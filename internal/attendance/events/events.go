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
}
