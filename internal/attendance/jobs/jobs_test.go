package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/attendance"
	"github.com/academy/academy/internal/attendance/events"
	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
)

type roster []string

func (r roster) ListConfirmedStudentIDs(context.Context, string) ([]string, error) { return r, nil }

// courseSessions is the course module's read API as attendance sees it:
// every course session exists except "unknown-course-session".
type courseSessions struct{}

func (courseSessions) GetCourseSession(_ context.Context, id string) (course.Session, error) {
	if id == "unknown-course-session" {
		return course.Session{}, apperr.Errorf(apperr.NotFound, "course session %s not found", id)
	}
	return course.Session{ID: id}, nil
}

// TestNoShowWorker checks which outcomes of DetectNoShows end the job and
// which are retried.
func TestNoShowWorker(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		t0 := time.Date(2030, 1, 6, 9, 0, 0, 0, time.UTC)
		clk := clock.NewManual(t0)
		bus := eventbustest.New(t, eventbus.Config{DB: d, Clock: clk})
		m, err := attendance.New(attendance.Deps{DB: d.DB, Bus: bus, Clock: clk, NoShowGrace: time.Minute, Roster: roster{"user-1"}, CourseSessions: courseSessions{}})
		require.NoError(t, err)
		w := &noShowWorker{m: m, recheck: time.Second}
		work := func(id string) error {
			return w.Work(ctx, &eventbus.Job[attendance.NoShowCheckArgs]{Args: attendance.NoShowCheckArgs{AttendanceSessionID: id}})
		}
		open := func(courseSessionID string) attendance.Session {
			s, err := m.CreateAttendanceSession(ctx, attendance.CreateAttendanceSessionInput{
				CourseSessionID: courseSessionID, StartsAt: t0.Add(time.Hour), EndsAt: t0.Add(2 * time.Hour), ActorUserID: "staff-1",
			})
			require.NoError(t, err)
			return s
		}
		s, cancelled := open("cs-1"), open("cs-2")
		_, err = m.CancelAttendanceSession(ctx, attendance.CancelAttendanceSessionInput{AttendanceSessionID: cancelled.ID, ActorUserID: "staff-1"})
		require.NoError(t, err)

		var snooze *eventbus.SnoozeError
		require.ErrorAs(t, work(s.ID), &snooze, "too early: asked again later")
		require.Equal(t, time.Second, snooze.Duration)
		clk.Set(s.EndsAt.Add(time.Minute - time.Nanosecond))
		require.ErrorAs(t, work(s.ID), &snooze, "a moment too early")
		clk.Set(s.EndsAt.Add(time.Minute))
		require.NoError(t, work(s.ID))
		require.NoError(t, work(s.ID))
		eventbustest.RequireCount[events.StudentNoShowDetected](t, bus, 1)
		require.NoError(t, work(cancelled.ID), "cancelled: done")
		require.NoError(t, work("nope"), "unknown: done")
		eventbustest.RequireCount[events.StudentNoShowDetected](t, bus, 1)
	})
}
