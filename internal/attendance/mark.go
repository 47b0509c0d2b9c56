package attendance

import (
	"slices"
	"time"

	"github.com/academy/academy/internal/attendance/internal/store"
)

// MarkStatus is what the roll call says about a student.
type MarkStatus string

// Mark statuses. Present and late students showed up; absent ones did not.
const (
	StatusPresent MarkStatus = "present"
	StatusAbsent  MarkStatus = "absent"
	StatusLate    MarkStatus = "late"
)

// MarkStatuses lists every mark status.
var MarkStatuses = []MarkStatus{StatusPresent, StatusAbsent, StatusLate}

// Valid reports whether s is a known mark status.
func (s MarkStatus) Valid() bool { return slices.Contains(MarkStatuses, s) }

// showedUp reports whether a student with this mark attended, so is not a
// no-show.
func (s MarkStatus) showedUp() bool { return s == StatusPresent || s == StatusLate }

// Mark is one student's mark in one attendance session.
type Mark struct {
	ID                  string     `json:"id"`
	AttendanceSessionID string     `json:"attendanceSessionId"`
	UserID              string     `json:"userId"`
	Status              MarkStatus `json:"status"`
	// MarkedBy is who set the current status, at MarkedAt.
	MarkedBy  string    `json:"markedBy"`
	MarkedAt  time.Time `json:"markedAt"`
	CreatedAt time.Time `json:"createdAt"`
}

func markFromRow(r store.Mark) Mark {
	return Mark{
		ID: r.ID, AttendanceSessionID: r.AttendanceSessionID, UserID: r.UserID, Status: MarkStatus(r.Status),
		MarkedBy: r.MarkedBy, MarkedAt: r.MarkedAt.UTC(), CreatedAt: r.CreatedAt.UTC(),
	}
}

// NoShow is an enrolled student DetectNoShows found not to have attended.
type NoShow struct {
	AttendanceSessionID string    `json:"attendanceSessionId"`
	UserID              string    `json:"userId"`
	DetectedAt          time.Time `json:"detectedAt"`
}

func noShowFromRow(r store.NoShow) NoShow {
	return NoShow{AttendanceSessionID: r.AttendanceSessionID, UserID: r.UserID, DetectedAt: r.DetectedAt.UTC()}
}
