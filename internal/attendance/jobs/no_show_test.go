package jobs_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/attendance"
	"github.com/academy/academy/internal/attendance/events"
	"github.com/academy/academy/internal/attendance/jobs"
	"github.com/academy/academy/internal/attendance/listeners"
	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
)

// roster is the enrollment roster: the students confirmed for every course
// session.
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

// noShowJob is a no-show check job as River holds it.
type noShowJob struct {
	attendance.NoShowCheckArgs
	State string
	// Snoozes counts the runs that found the session not over yet.
	Snoozes int
}

func noShowJobs(t *testing.T, d *db.DB) map[string]noShowJob {
	t.Helper()
	// River keeps JSON as jsonb on PostgreSQL and as binary JSONB on SQLite.
	cols := "args::text, state::text, metadata::text"
	if d.Dialect == db.SQLite {
		cols = "json(args), state, json(metadata)"
	}
	rows, err := d.QueryContext(context.Background(),
		`SELECT `+cols+` FROM river_job WHERE kind = $1`, attendance.NoShowCheckArgs{}.Kind())
	require.NoError(t, err)
	defer rows.Close()
	out := map[string]noShowJob{}
	for rows.Next() {
		var args, metadata string
		var j noShowJob
		require.NoError(t, rows.Scan(&args, &j.State, &metadata))
		require.NoError(t, json.Unmarshal([]byte(args), &j.NoShowCheckArgs))
		var md struct {
			Snoozes int `json:"snoozes"`
		}
		require.NoError(t, json.Unmarshal([]byte(metadata), &md))
		j.Snoozes = md.Snoozes
		out[j.AttendanceSessionID] = j
	}
	require.NoError(t, rows.Err())
	return out
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	require.Eventually(t, cond, 30*time.Second, 20*time.Millisecond, what)
}

func noShows(t *testing.T, bus *eventbus.Bus) []string {
	t.Helper()
	var out []string
	for _, rec := range eventbustest.Recorded(t, bus, events.StudentNoShowDetected{}.EventName()) {
		var ev events.StudentNoShowDetected
		require.NoError(t, json.Unmarshal(rec.Payload, &ev))
		out = append(out, string(ev.AttendanceSessionID)+"/"+string(ev.UserID))
	}
	return out
}

// TestNoShowsAreDetectedOnceAtTheEndPlusGrace runs the attendance listener
// and job on a started bus. t0 is long past by the wall clock, so River
// runs the no-show job at once; the manual clock alone decides when the
// session is over, as with a job that fires early.
func TestNoShowsAreDetectedOnceAtTheEndPlusGrace(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		t0 := time.Date(2020, 1, 6, 9, 0, 0, 0, time.UTC)
		const grace = 30 * time.Minute
		clk := clock.NewManual(t0)
		bus, err := eventbus.New(eventbus.Config{
			DB: d, Clock: clk, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PollInterval: 20 * time.Millisecond,
		})
		require.NoError(t, err)
		m, err := attendance.New(attendance.Deps{DB: d.DB, Bus: bus, Clock: clk, NoShowGrace: grace, Roster: roster{"ana", "bob", "cy"}, CourseSessions: courseSessions{}})
		require.NoError(t, err)
		listeners.Register(bus, m)
		jobs.Register(bus, m, jobs.Config{Recheck: 20 * time.Millisecond})
		require.NoError(t, bus.Start(ctx))
		t.Cleanup(func() {
			stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = bus.Stop(stopCtx)
		})

		open := func(courseSessionID string) attendance.Session {
			s, err := m.CreateAttendanceSession(ctx, attendance.CreateAttendanceSessionInput{
				CourseSessionID: courseSessionID, StartsAt: t0.Add(time.Hour), EndsAt: t0.Add(2 * time.Hour), ActorUserID: "staff-1",
			})
			require.NoError(t, err)
			return s
		}
		s, called := open("cs-1"), open("cs-2")
		eventbustest.WaitDelivered(t, bus, 30*time.Second)
		require.Len(t, noShowJobs(t, d), 2, "one no-show check per session")
		_, err = m.CancelAttendanceSession(ctx, attendance.CancelAttendanceSessionInput{AttendanceSessionID: called.ID, ActorUserID: "staff-1"})
		require.NoError(t, err)
		// waitChecked waits until s's job has run again and found the
		// session not over yet.
		waitChecked := func() {
			t.Helper()
			before := noShowJobs(t, d)[s.ID].Snoozes
			eventually(t, "the no-show job never checked again", func() bool { return noShowJobs(t, d)[s.ID].Snoozes >= before+2 })
		}

		eventually(t, "the cancelled session's job never ended", func() bool { return noShowJobs(t, d)[called.ID].State == "completed" })
		waitChecked()

		clk.Set(s.StartsAt.Add(10 * time.Minute))
		for user, status := range map[string]attendance.MarkStatus{"ana": attendance.StatusPresent, "bob": attendance.StatusLate} {
			_, err := m.MarkAttendance(ctx, attendance.MarkAttendanceInput{AttendanceSessionID: s.ID, UserID: user, Status: status, ActorUserID: "staff-1"})
			require.NoError(t, err)
		}
		clk.Set(s.EndsAt.Add(grace - time.Second))
		waitChecked()
		require.Empty(t, noShows(t, bus), "one second before the end plus grace")

		clk.Set(s.EndsAt.Add(grace))
		eventually(t, "the no-show job never finished", func() bool { return noShowJobs(t, d)[s.ID].State == "completed" })
		require.Equal(t, []string{s.ID + "/cy"}, noShows(t, bus))

		// Running the check again finds nobody new.
		res, err := m.DetectNoShows(ctx, s.ID)
		require.NoError(t, err)
		require.Empty(t, res.Detected)
		require.Len(t, res.NoShows, 1)
		_, err = m.DetectNoShows(ctx, called.ID)
		require.ErrorIs(t, err, attendance.ErrSessionCancelled)
		require.Equal(t, []string{s.ID + "/cy"}, noShows(t, bus))
	})
}
