package attendance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/academy/academy/internal/attendance/events"
	"github.com/academy/academy/internal/attendance/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// NoShowCheckArgs is the scheduled job that looks for no-shows once an
// attendance session is over.
type NoShowCheckArgs struct {
	AttendanceSessionID string `json:"attendanceSessionId"`
}

// Kind is the job's stable kind.
func (NoShowCheckArgs) Kind() string { return "attendance.detect_no_shows" }

// ScheduleNoShowCheck schedules DetectNoShows for the end of the session
// plus the grace period. Scheduling twice keeps one job.
func (m *Module) ScheduleNoShowCheck(ctx context.Context, attendanceSessionID string) error {
	return db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		s, err := m.store.Session(ctx, tx, attendanceSessionID)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.Errorf(apperr.NotFound, "attendance session %s not found", attendanceSessionID)
		}
		if err != nil {
			return err
		}
		at := sessionStateFromRow(s).noShowCheckAt(m.noShowGrace)
		if err := m.bus.ScheduleTx(ctx, tx, NoShowCheckArgs{AttendanceSessionID: s.ID}, at); err != nil {
			return fmt.Errorf("schedule no-show check: %w", err)
		}
		return nil
	})
}

// DefaultNoShowGrace is how long after a session ends no-shows are detected.
const DefaultNoShowGrace = 30 * time.Minute

// DetectNoShowsResult says what DetectNoShows found.
type DetectNoShowsResult struct {
	AttendanceSessionID string `json:"attendanceSessionId"`
	// Expected is how many students the roster lists.
	Expected int `json:"expected"`
	// Detected lists the students found to be no-shows by this run; a
	// re-run lists none of the students an earlier run found.
	Detected []string `json:"detected"`
	// NoShows lists every no-show of the session, from this run and earlier ones.
	NoShows []NoShow `json:"noShows"`
}

// DetectNoShows records StudentNoShowDetected once per student on the
// course session's roster (confirmed enrollments) who is not marked present
// or late. It runs only from the end of the session plus the grace period
// (ErrNoShowCheckTooEarly before), never for a cancelled session
// (ErrSessionCancelled), and a re-run records nothing new. The scheduled
// no-show job and the admin endpoint both run it.
func (m *Module) DetectNoShows(ctx context.Context, attendanceSessionID string) (DetectNoShowsResult, error) {
	var v apperr.Validation
	v.Require("attendanceSessionId", attendanceSessionID)
	if err := v.Err(); err != nil {
		return DetectNoShowsResult{}, err
	}
	out, err := m.detectNoShows(ctx, attendanceSessionID, m.clock.Now())
	if err != nil {
		return DetectNoShowsResult{}, fmt.Errorf("detect no-shows: %w", err)
	}
	return out, nil
}

func (m *Module) detectNoShows(ctx context.Context, id string, now time.Time) (DetectNoShowsResult, error) {
	// Check the session, then read the roster outside the transaction: the
	// roster is another module's read API, which reads on its own
	// connection (SQLite has only one).
	row, err := m.store.Session(ctx, m.db, id)
	if errors.Is(err, store.ErrNotFound) {
		return DetectNoShowsResult{}, apperr.Errorf(apperr.NotFound, "attendance session %s not found", id)
	}
	if err != nil {
		return DetectNoShowsResult{}, err
	}
	if err := sessionStateFromRow(row).canDetectNoShows(now, m.noShowGrace); err != nil {
		return DetectNoShowsResult{}, err
	}
	if m.roster == nil {
		return DetectNoShowsResult{}, apperr.Errorf(apperr.Unavailable, "no roster is configured: the enrollment module is not wired")
	}
	expected, err := m.roster.ListConfirmedStudentIDs(ctx, row.CourseSessionID)
	if err != nil {
		return DetectNoShowsResult{}, fmt.Errorf("roster of course session %s: %w", row.CourseSessionID, err)
	}
	out := DetectNoShowsResult{AttendanceSessionID: id, Expected: len(expected), Detected: []string{}}
	err = db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		row, err := m.store.Session(ctx, tx, id)
		if err != nil {
			return err
		}
		s := sessionStateFromRow(row)
		if err := s.canDetectNoShows(now, m.noShowGrace); err != nil {
			return err
		}
		marks, err := m.store.Marks(ctx, tx, id)
		if err != nil {
			return err
		}
		showedUp := make(map[string]bool, len(marks))
		for _, mk := range marks {
			showedUp[mk.UserID] = MarkStatus(mk.Status).showedUp()
		}
		for _, userID := range expected {
			if showedUp[userID] {
				continue
			}
			first, err := m.store.InsertNoShow(ctx, tx, store.NoShow{AttendanceSessionID: id, UserID: userID, DetectedAt: now})
			if err != nil {
				return err
			}
			if !first {
				continue
			}
			out.Detected = append(out.Detected, userID)
			if err := m.bus.Record(ctx, tx, events.StudentNoShowDetected{
				AttendanceSessionID: events.AttendanceSessionID(id),
				CourseSessionID:     events.CourseSessionID(s.courseSessionID),
				UserID:              events.UserID(userID),
				OccurredAt:          now,
			}); err != nil {
				return err
			}
		}
		noShows, err := m.store.NoShows(ctx, tx, id)
		if err != nil {
			return err
		}
		out.NoShows = make([]NoShow, len(noShows))
		for i, n := range noShows {
			out.NoShows[i] = noShowFromRow(n)
		}
		return nil
	})
	if err != nil {
		return DetectNoShowsResult{}, err
	}
	return out, nil
}

// ListNoShows lists the no-shows detected for an attendance session.
func (m *Module) ListNoShows(ctx context.Context, attendanceSessionID string) ([]NoShow, error) {
	if _, err := m.GetAttendanceSession(ctx, attendanceSessionID); err != nil {
		return nil, err
	}
	rows, err := m.store.NoShows(ctx, m.db, attendanceSessionID)
	if err != nil {
		return nil, err
	}
	out := make([]NoShow, len(rows))
	for i, r := range rows {
		out[i] = noShowFromRow(r)
	}
	return out, nil
}
