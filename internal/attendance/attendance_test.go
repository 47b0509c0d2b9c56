package attendance_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/attendance"
	"github.com/academy/academy/internal/attendance/events"
	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
)

var (
	t0    = time.Date(2030, 1, 6, 9, 0, 0, 0, time.UTC)
	start = t0.Add(24 * time.Hour)
	end   = start.Add(2 * time.Hour)
	grace = 30 * time.Minute
)

// fakeRoster stands in for the enrollment module's read API: course
// session id -> confirmed student ids.
type fakeRoster map[string][]string

func (f fakeRoster) ListConfirmedStudentIDs(_ context.Context, courseSessionID string) ([]string, error) {
	return f[courseSessionID], nil
}

// courseSessions is the course module's read API as attendance sees it:
// every course session exists except "unknown-course-session".
type courseSessions struct{}

func (courseSessions) GetCourseSession(_ context.Context, id string) (course.Session, error) {
	if id == "unknown-course-session" {
		return course.Session{}, apperr.Errorf(apperr.NotFound, "course session %s not found", id)
	}
	return course.Session{ID: id}, nil
}

type bundle struct {
	db    *db.DB
	bus   *eventbus.Bus
	clock *clock.Manual
	m     *attendance.Module
}

func setup(t *testing.T, d *db.DB, roster attendance.Roster) *bundle {
	t.Helper()
	clk := clock.NewManual(t0)
	bus := eventbustest.New(t, eventbus.Config{DB: d, Clock: clk})
	m, err := attendance.New(attendance.Deps{DB: d.DB, Bus: bus, Clock: clk, NoShowGrace: grace, Roster: roster, CourseSessions: courseSessions{}})
	require.NoError(t, err)
	return &bundle{db: d, bus: bus, clock: clk, m: m}
}

func (b *bundle) session(t *testing.T, courseSessionID string) attendance.Session {
	t.Helper()
	s, err := b.m.CreateAttendanceSession(context.Background(), attendance.CreateAttendanceSessionInput{
		CourseSessionID: courseSessionID, StartsAt: start, EndsAt: end, ActorUserID: "staff-1",
	})
	require.NoError(t, err)
	return s
}

func (b *bundle) mark(t *testing.T, sessionID, userID string, status attendance.MarkStatus) attendance.MarkAttendanceResult {
	t.Helper()
	res, err := b.m.MarkAttendance(context.Background(), attendance.MarkAttendanceInput{
		AttendanceSessionID: sessionID, UserID: userID, Status: status, ActorUserID: "staff-1",
	})
	require.NoError(t, err)
	return res
}

func (b *bundle) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	require.NoError(t, b.db.QueryRow(`SELECT COUNT(*) FROM `+table).Scan(&n))
	return n
}

func TestCreateAttendanceSession(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d, fakeRoster{})
		s := b.session(t, "cs-1")
		require.Equal(t, attendance.SessionOpen, s.Status)
		ev := eventbustest.RequireRecorded[events.AttendanceSessionCreated](t, b.bus)
		require.Equal(t, events.AttendanceSessionID(s.ID), ev.AttendanceSessionID)
		require.Equal(t, events.CourseSessionID("cs-1"), ev.CourseSessionID)
		got, err := b.m.GetAttendanceSession(ctx, s.ID)
		require.NoError(t, err)
		require.Equal(t, s, got)

		for field, in := range map[string]attendance.CreateAttendanceSessionInput{
			"courseSessionId": {StartsAt: start, EndsAt: end, ActorUserID: "staff-1"},
			"endsAt":          {CourseSessionID: "cs-1", StartsAt: start, EndsAt: start, ActorUserID: "staff-1"},
			"actorUserId":     {CourseSessionID: "cs-1", StartsAt: start, EndsAt: end},
		} {
			_, err := b.m.CreateAttendanceSession(ctx, in)
			apperrtest.RequireInvalid(t, err, field)
		}
		_, err = b.m.CreateAttendanceSession(ctx, attendance.CreateAttendanceSessionInput{
			CourseSessionID: "unknown-course-session", StartsAt: start, EndsAt: end, ActorUserID: "staff-1"})
		apperrtest.RequireInvalid(t, err, "courseSessionId")
		eventbustest.RequireTotal(t, b.bus, 1)
		require.Equal(t, 1, b.count(t, "attendance_sessions"))
		_, err = b.m.GetAttendanceSession(ctx, "nope")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
	})
}

func TestCreateAttendanceSessionOneLivePerCourseSession(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d, fakeRoster{})
		first := b.session(t, "cs-1")
		in := attendance.CreateAttendanceSessionInput{CourseSessionID: "cs-1", StartsAt: start, EndsAt: end, ActorUserID: "staff-1"}

		// A second roll call would split the marks and make DetectNoShows on
		// one flag students marked present in the other.
		_, err := b.m.CreateAttendanceSession(ctx, in)
		require.ErrorIs(t, err, attendance.ErrSessionExists)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireTotal(t, b.bus, 1)
		require.Equal(t, 1, b.count(t, "attendance_sessions"))

		// Another course session is unaffected; cancelling frees cs-1.
		b.session(t, "cs-2")
		_, err = b.m.CancelAttendanceSession(ctx, attendance.CancelAttendanceSessionInput{AttendanceSessionID: first.ID, ActorUserID: "staff-1"})
		require.NoError(t, err)
		again, err := b.m.CreateAttendanceSession(ctx, in)
		require.NoError(t, err)
		require.NotEqual(t, first.ID, again.ID)
		eventbustest.RequireCount[events.AttendanceSessionCreated](t, b.bus, 3)
	})
}

func TestMarkAttendance(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d, fakeRoster{})
		s := b.session(t, "cs-1")
		in := attendance.MarkAttendanceInput{AttendanceSessionID: s.ID, UserID: "user-1", Status: attendance.StatusLate, ActorUserID: "staff-1"}

		// No roll call before the session starts.
		_, err := b.m.MarkAttendance(ctx, in)
		require.ErrorIs(t, err, attendance.ErrSessionNotStarted)
		require.Equal(t, apperr.Conflict, apperr.CodeOf(err))

		b.clock.Set(start.Add(10 * time.Minute))
		res := b.mark(t, s.ID, "user-1", attendance.StatusLate)
		require.True(t, res.Created)
		require.True(t, res.Changed)
		require.Equal(t, attendance.StatusLate, res.Mark.Status)
		ev := eventbustest.RequireRecorded[events.AttendanceMarked](t, b.bus)
		ev.OccurredAt = ev.OccurredAt.UTC()
		require.Equal(t, events.AttendanceMarked{
			AttendanceSessionID: events.AttendanceSessionID(s.ID), AttendanceMarkID: events.AttendanceMarkID(res.Mark.ID),
			UserID: "user-1", Status: "late", PreviousStatus: "", ActorUserID: "staff-1", OccurredAt: start.Add(10 * time.Minute),
		}, ev)

		// The same status again: nothing recorded.
		again := b.mark(t, s.ID, "user-1", attendance.StatusLate)
		require.False(t, again.Created)
		require.False(t, again.Changed)
		require.Equal(t, res.Mark, again.Mark)
		eventbustest.RequireCount[events.AttendanceMarked](t, b.bus, 1)

		// A new status updates the mark and records the change, also after
		// the session ended.
		b.clock.Set(end.Add(time.Hour))
		changed := b.mark(t, s.ID, "user-1", attendance.StatusAbsent)
		require.False(t, changed.Created)
		require.True(t, changed.Changed)
		require.Equal(t, res.Mark.ID, changed.Mark.ID)
		require.Equal(t, attendance.StatusAbsent, changed.Mark.Status)
		evs := eventbustest.Recorded(t, b.bus, events.AttendanceMarked{}.EventName())
		require.Len(t, evs, 2)
		var second events.AttendanceMarked
		require.NoError(t, json.Unmarshal(evs[1].Payload, &second))
		require.Equal(t, events.MarkStatus("absent"), second.Status)
		require.Equal(t, events.MarkStatus("late"), second.PreviousStatus)
		got, err := b.m.GetAttendanceMark(ctx, res.Mark.ID)
		require.NoError(t, err)
		require.Equal(t, changed.Mark, got)
		marks, err := b.m.ListAttendanceMarks(ctx, s.ID)
		require.NoError(t, err)
		require.Equal(t, []attendance.Mark{changed.Mark}, marks)

		// Refusals record nothing and write nothing.
		before := b.count(t, "domain_events")
		for field, bad := range map[string]attendance.MarkAttendanceInput{
			"status":      {AttendanceSessionID: s.ID, UserID: "user-2", Status: "maybe", ActorUserID: "staff-1"},
			"userId":      {AttendanceSessionID: s.ID, Status: attendance.StatusPresent, ActorUserID: "staff-1"},
			"actorUserId": {AttendanceSessionID: s.ID, UserID: "user-2", Status: attendance.StatusPresent},
		} {
			_, err := b.m.MarkAttendance(ctx, bad)
			apperrtest.RequireInvalid(t, err, field)
		}
		_, err = b.m.MarkAttendance(ctx, attendance.MarkAttendanceInput{AttendanceSessionID: "nope", UserID: "user-2", Status: attendance.StatusPresent, ActorUserID: "staff-1"})
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
		_, err = b.m.GetAttendanceMark(ctx, "nope")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
		eventbustest.RequireTotal(t, b.bus, before)
		require.Equal(t, 1, b.count(t, "attendance_marks"))
	})
}

func TestCancelAttendanceSession(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d, fakeRoster{"cs-1": {"user-1"}})
		s := b.session(t, "cs-1")
		cancel := func(id string) (attendance.Session, error) {
			return b.m.CancelAttendanceSession(ctx, attendance.CancelAttendanceSessionInput{AttendanceSessionID: id, ActorUserID: "staff-1"})
		}

		got, err := cancel(s.ID)
		require.NoError(t, err)
		require.Equal(t, attendance.SessionCancelled, got.Status)
		require.True(t, got.CancelledAt.Equal(t0))
		ev := eventbustest.RequireRecorded[events.AttendanceSessionCancelled](t, b.bus)
		require.Equal(t, events.AttendanceSessionID(s.ID), ev.AttendanceSessionID)
		require.Equal(t, events.CourseSessionID("cs-1"), ev.CourseSessionID)
		require.Equal(t, events.UserID("staff-1"), ev.ActorUserID)

		_, err = cancel(s.ID)
		require.ErrorIs(t, err, attendance.ErrSessionCancelled)
		_, err = cancel("nope")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))

		// A cancelled session takes no marks.
		b.clock.Set(start)
		_, err = b.m.MarkAttendance(ctx, attendance.MarkAttendanceInput{AttendanceSessionID: s.ID, UserID: "user-1", Status: attendance.StatusPresent, ActorUserID: "staff-1"})
		require.ErrorIs(t, err, attendance.ErrSessionCancelled)

		// A session that ended can no longer be cancelled.
		b.clock.Set(t0)
		ended := b.session(t, "cs-2")
		b.clock.Set(end)
		_, err = cancel(ended.ID)
		require.ErrorIs(t, err, attendance.ErrSessionEnded)
		eventbustest.RequireCount[events.AttendanceSessionCancelled](t, b.bus, 1)
		eventbustest.RequireCount[events.AttendanceMarked](t, b.bus, 0)
	})
}

func TestDetectNoShows(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		roster := fakeRoster{"cs-1": {"present", "late", "absent", "unmarked"}}
		b := setup(t, d, roster)
		s := b.session(t, "cs-1")
		b.clock.Set(start)
		b.mark(t, s.ID, "present", attendance.StatusPresent)
		b.mark(t, s.ID, "late", attendance.StatusLate)
		b.mark(t, s.ID, "absent", attendance.StatusAbsent)
		b.mark(t, s.ID, "walk-in", attendance.StatusPresent) // not on the roster

		// Before the end plus the grace period: refused, nothing recorded.
		for _, at := range []time.Time{start, end, end.Add(grace - time.Second)} {
			b.clock.Set(at)
			_, err := b.m.DetectNoShows(ctx, s.ID)
			require.ErrorIs(t, err, attendance.ErrNoShowCheckTooEarly, "at %s", at)
		}
		eventbustest.RequireCount[events.StudentNoShowDetected](t, b.bus, 0)
		require.Zero(t, b.count(t, "attendance_no_shows"))

		// From the end plus the grace period: once per absent student.
		at := end.Add(grace)
		b.clock.Set(at)
		res, err := b.m.DetectNoShows(ctx, s.ID)
		require.NoError(t, err)
		require.Equal(t, 4, res.Expected)
		require.Equal(t, []string{"absent", "unmarked"}, res.Detected)
		require.Len(t, res.NoShows, 2)
		evs := eventbustest.Recorded(t, b.bus, events.StudentNoShowDetected{}.EventName())
		require.Len(t, evs, 2)
		for i, userID := range []string{"absent", "unmarked"} {
			require.JSONEq(t, `{"attendanceSessionId":"`+s.ID+`","courseSessionId":"cs-1","userId":"`+userID+`","occurredAt":"`+at.Format(time.RFC3339)+`"}`,
				string(evs[i].Payload))
		}

		// A second run records nothing new, even after a late mark.
		b.clock.Advance(time.Hour)
		b.mark(t, s.ID, "unmarked", attendance.StatusPresent) // allowed after detection
		res, err = b.m.DetectNoShows(ctx, s.ID)
		require.NoError(t, err)
		require.Empty(t, res.Detected)
		require.Len(t, res.NoShows, 2)
		eventbustest.RequireCount[events.StudentNoShowDetected](t, b.bus, 2)

		noShows, err := b.m.ListNoShows(ctx, s.ID)
		require.NoError(t, err)
		require.Equal(t, res.NoShows, noShows)
	})
}

func TestDetectNoShowsRefusals(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d, fakeRoster{"cs-1": {"user-1"}})
		s := b.session(t, "cs-1")
		_, err := b.m.CancelAttendanceSession(ctx, attendance.CancelAttendanceSessionInput{AttendanceSessionID: s.ID, ActorUserID: "staff-1"})
		require.NoError(t, err)
		b.clock.Set(end.Add(24 * time.Hour))

		_, err = b.m.DetectNoShows(ctx, s.ID)
		require.ErrorIs(t, err, attendance.ErrSessionCancelled)
		_, err = b.m.DetectNoShows(ctx, "nope")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
		_, err = b.m.DetectNoShows(ctx, "")
		apperrtest.RequireInvalid(t, err, "attendanceSessionId")

		// Without a roster (enrollment not wired) nothing is guessed.
		noRoster := setup(t, d, nil)
		other := noRoster.session(t, "cs-1")
		noRoster.clock.Set(end.Add(grace))
		_, err = noRoster.m.DetectNoShows(ctx, other.ID)
		require.Equal(t, apperr.Unavailable, apperr.CodeOf(err))

		eventbustest.RequireCount[events.StudentNoShowDetected](t, b.bus, 0)
		require.Zero(t, b.count(t, "attendance_no_shows"))
	})
}
