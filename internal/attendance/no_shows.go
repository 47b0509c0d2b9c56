package attendance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

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
		at := s.EndsAt.Add(m.noShowGrace)
		if err := m.bus.ScheduleTx(ctx, tx, NoShowCheckArgs{AttendanceSessionID: s.ID}, at); err != nil {
			return fmt.Errorf("schedule no-show check: %w", err)
		}
		return nil
	})
}

// DefaultNoShowGrace is how long after a session ends no-shows are detected.
const DefaultNoShowGrace = 30 * time.Minute

// DetectNoShows records StudentNoShowDetected once per enrolled student not
// marked present in the session.
//
// TODO(#3): the roster (enrollment read API) and attendance marks land with
// MarkAttendance; until then this only checks the session exists.
func (m *Module) DetectNoShows(ctx context.Context, attendanceSessionID string) error {
	_, err := m.GetAttendanceSession(ctx, attendanceSessionID)
	return err
}
