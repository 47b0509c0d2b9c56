package enrollment_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/enrollment"
	"github.com/academy/academy/internal/enrollment/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/user"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type bundle struct {
	db      *db.DB
	bus     *eventbus.Bus
	clock   *clock.Manual
	users   *user.Module
	courses *course.Module
	m       *enrollment.Module
}

func setup(t *testing.T, d *db.DB) *bundle {
	t.Helper()
	clk := clock.NewManual(start)
	bus := eventbustest.New(t, eventbus.Config{DB: d, Clock: clk})
	users, err := user.New(user.Deps{DB: d.DB, Clock: clk})
	require.NoError(t, err)
	courses, err := course.New(course.Deps{DB: d.DB, Clock: clk})
	require.NoError(t, err)
	m, err := enrollment.New(enrollment.Deps{DB: d.DB, Bus: bus, Clock: clk, Users: users, CourseSessions: courses})
	require.NoError(t, err)
	return &bundle{db: d, bus: bus, clock: clk, users: users, courses: courses, m: m}
}

var emails atomic.Int64

// student registers a new person.
func (b *bundle) student(t *testing.T) string {
	t.Helper()
	u, err := b.users.CreateUser(context.Background(), user.CreateUserInput{
		FullName: "Student", Email: fmt.Sprintf("student%d@example.com", emails.Add(1)),
		Kind: user.KindStudent, ActorUserID: "staff-1",
	})
	require.NoError(t, err)
	return u.ID
}

// session schedules a session of a new course with the given capacity.
func (b *bundle) session(t *testing.T, capacity int) string {
	t.Helper()
	ctx := context.Background()
	c, err := b.courses.CreateCourse(ctx, course.CreateCourseInput{Title: "Barista", PriceAmount: 100000, DepositAmount: 20000, Currency: "BRL", ActorUserID: "staff-1"})
	require.NoError(t, err)
	s, err := b.courses.ScheduleCourseSession(ctx, course.ScheduleCourseSessionInput{
		CourseID: c.ID, StartsAt: start.Add(24 * time.Hour), EndsAt: start.Add(27 * time.Hour), Capacity: capacity, ActorUserID: "staff-1",
	})
	require.NoError(t, err)
	return s.ID
}

func (b *bundle) enroll(t *testing.T, sessionID, userID string) enrollment.Enrollment {
	t.Helper()
	e, err := b.m.CreateEnrollment(context.Background(), enrollment.CreateEnrollmentInput{
		CourseSessionID: sessionID, UserID: userID, Source: events.SourceWeb, ActorUserID: "staff-1",
	})
	require.NoError(t, err)
	return e
}

func (b *bundle) countEnrollments(t *testing.T) int {
	t.Helper()
	var n int
	require.NoError(t, b.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM enrollments`).Scan(&n))
	return n
}

func TestCreateEnrollment(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		sessionID, userID := b.session(t, 5), b.student(t)

		e, err := b.m.CreateEnrollment(ctx, enrollment.CreateEnrollmentInput{
			CourseSessionID: sessionID, UserID: userID, Source: events.SourceWhatsApp, ActorUserID: "staff-1",
		})
		require.NoError(t, err)
		require.Equal(t, enrollment.StatusPending, e.Status)
		require.True(t, e.Active())
		require.Equal(t, events.SourceWhatsApp, e.Source)
		require.Equal(t, start, e.CreatedAt)
		require.Nil(t, e.ConfirmedAt)

		ev := eventbustest.RequireRecorded[events.EnrollmentCreated](t, b.bus)
		require.Equal(t, events.EnrollmentCreated{
			EnrollmentID: events.EnrollmentID(e.ID), CourseSessionID: events.CourseSessionID(sessionID),
			UserID: events.UserID(userID), ActorUserID: "staff-1", Source: events.SourceWhatsApp, OccurredAt: start,
		}, ev)
		eventbustest.RequireTotal(t, b.bus, 1)

		got, err := b.m.GetEnrollment(ctx, e.ID)
		require.NoError(t, err)
		require.Equal(t, e, got)
	})
}

func TestCreateEnrollmentRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		sessionID, userID := b.session(t, 1), b.student(t)
		valid := enrollment.CreateEnrollmentInput{CourseSessionID: sessionID, UserID: userID, Source: events.SourceStaff, ActorUserID: "staff-1"}

		bad := []struct {
			name   string
			edit   func(*enrollment.CreateEnrollmentInput)
			fields []string
		}{
			{"no session", func(in *enrollment.CreateEnrollmentInput) { in.CourseSessionID = "" }, []string{"courseSessionId"}},
			{"no user", func(in *enrollment.CreateEnrollmentInput) { in.UserID = " " }, []string{"userId"}},
			{"no source", func(in *enrollment.CreateEnrollmentInput) { in.Source = "" }, []string{"source"}},
			{"unknown source", func(in *enrollment.CreateEnrollmentInput) { in.Source = "fax" }, []string{"source"}},
			{"no actor", func(in *enrollment.CreateEnrollmentInput) { in.ActorUserID = "" }, []string{"actorUserId"}},
		}
		for _, tt := range bad {
			in := valid
			tt.edit(&in)
			_, err := b.m.CreateEnrollment(ctx, in)
			t.Run(tt.name, func(t *testing.T) { apperrtest.RequireFields(t, err, tt.fields...) })
		}

		in := valid
		in.UserID = "missing"
		_, err := b.m.CreateEnrollment(ctx, in)
		apperrtest.RequireFields(t, err, "userId")
		in = valid
		in.CourseSessionID = "missing"
		_, err = b.m.CreateEnrollment(ctx, in)
		apperrtest.RequireFields(t, err, "courseSessionId")
		eventbustest.RequireTotal(t, b.bus, 0)
		require.Equal(t, 0, b.countEnrollments(t))

		first, err := b.m.CreateEnrollment(ctx, valid)
		require.NoError(t, err)

		// The same person twice in the session, and a second person in a
		// session with one seat: conflicts that write and record nothing.
		_, err = b.m.CreateEnrollment(ctx, valid)
		require.ErrorIs(t, err, enrollment.ErrDuplicate)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		other := valid
		other.UserID = b.student(t)
		_, err = b.m.CreateEnrollment(ctx, other)
		require.ErrorIs(t, err, enrollment.ErrSessionFull)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireTotal(t, b.bus, 1)
		require.Equal(t, 1, b.countEnrollments(t))

		// Cancelling frees the seat and lets the same person enroll again.
		_, err = b.m.CancelEnrollment(ctx, enrollment.CancelEnrollmentInput{EnrollmentID: first.ID, Reason: events.ReasonDuplicate, ActorUserID: "staff-1"})
		require.NoError(t, err)
		again, err := b.m.CreateEnrollment(ctx, valid)
		require.NoError(t, err)
		require.NotEqual(t, first.ID, again.ID)
		eventbustest.RequireCount[events.EnrollmentCreated](t, b.bus, 2)
	})
}

func TestConfirmEnrollment(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		sessionID, userID := b.session(t, 5), b.student(t)
		e := b.enroll(t, sessionID, userID)

		b.clock.Advance(time.Hour)
		confirmed, err := b.m.ConfirmEnrollment(ctx, enrollment.ConfirmEnrollmentInput{EnrollmentID: e.ID, ActorUserID: "staff-2"})
		require.NoError(t, err)
		require.Equal(t, enrollment.StatusConfirmed, confirmed.Status)
		require.Equal(t, start.Add(time.Hour), *confirmed.ConfirmedAt)
		ev := eventbustest.RequireRecorded[events.EnrollmentConfirmed](t, b.bus)
		require.Equal(t, events.EnrollmentConfirmed{
			EnrollmentID: events.EnrollmentID(e.ID), CourseSessionID: events.CourseSessionID(sessionID),
			UserID: events.UserID(userID), ActorUserID: "staff-2", OccurredAt: start.Add(time.Hour),
		}, ev)

		// Confirming again is a conflict a listener can recognise.
		_, err = b.m.ConfirmEnrollment(ctx, enrollment.ConfirmEnrollmentInput{EnrollmentID: e.ID, ActorUserID: "listener"})
		require.ErrorIs(t, err, enrollment.ErrAlreadyConfirmed)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireCount[events.EnrollmentConfirmed](t, b.bus, 1)

		got, err := b.m.GetEnrollment(ctx, e.ID)
		require.NoError(t, err)
		require.Equal(t, confirmed, got)
	})
}

func TestConfirmEnrollmentRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		e := b.enroll(t, b.session(t, 5), b.student(t))
		_, err := b.m.CancelEnrollment(ctx, enrollment.CancelEnrollmentInput{EnrollmentID: e.ID, Reason: events.ReasonStudentRequest, ActorUserID: "staff-1"})
		require.NoError(t, err)
		eventbustest.RequireTotal(t, b.bus, 2)

		_, err = b.m.ConfirmEnrollment(ctx, enrollment.ConfirmEnrollmentInput{EnrollmentID: e.ID, ActorUserID: "staff-1"})
		require.ErrorIs(t, err, enrollment.ErrCancelled)
		require.NotErrorIs(t, err, enrollment.ErrAlreadyConfirmed)
		apperrtest.RequireCode(t, err, apperr.Conflict)

		_, err = b.m.ConfirmEnrollment(ctx, enrollment.ConfirmEnrollmentInput{EnrollmentID: "missing", ActorUserID: "staff-1"})
		apperrtest.RequireCode(t, err, apperr.NotFound)
		_, err = b.m.ConfirmEnrollment(ctx, enrollment.ConfirmEnrollmentInput{EnrollmentID: e.ID})
		apperrtest.RequireFields(t, err, "actorUserId")

		eventbustest.RequireTotal(t, b.bus, 2)
		got, err := b.m.GetEnrollment(ctx, e.ID)
		require.NoError(t, err)
		require.Equal(t, enrollment.StatusCancelled, got.Status)
	})
}

func TestConfirmEnrollmentTxRollsBackWithCaller(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		e := b.enroll(t, b.session(t, 5), b.student(t))

		errCaller := errors.New("caller failed later")
		err := db.InTx(ctx, d.DB, func(tx *sql.Tx) error {
			out, err := b.m.ConfirmEnrollmentTx(ctx, tx, enrollment.ConfirmEnrollmentInput{EnrollmentID: e.ID, ActorUserID: "staff-1"})
			require.NoError(t, err)
			require.Equal(t, enrollment.StatusConfirmed, out.Status)
			return errCaller
		})
		require.ErrorIs(t, err, errCaller)

		got, err := b.m.GetEnrollment(ctx, e.ID)
		require.NoError(t, err)
		require.Equal(t, enrollment.StatusPending, got.Status)
		eventbustest.RequireCount[events.EnrollmentConfirmed](t, b.bus, 0)
	})
}

func TestCancelEnrollment(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		sessionID := b.session(t, 5)
		pending := b.enroll(t, sessionID, b.student(t))
		confirmed := b.enroll(t, sessionID, b.student(t))
		_, err := b.m.ConfirmEnrollment(ctx, enrollment.ConfirmEnrollmentInput{EnrollmentID: confirmed.ID, ActorUserID: "staff-1"})
		require.NoError(t, err)

		b.clock.Advance(time.Hour)
		out, err := b.m.CancelEnrollment(ctx, enrollment.CancelEnrollmentInput{EnrollmentID: pending.ID, Reason: events.ReasonPaymentNotReceived, ActorUserID: "staff-1"})
		require.NoError(t, err)
		require.Equal(t, enrollment.StatusCancelled, out.Status)
		require.False(t, out.Active())
		require.Equal(t, events.ReasonPaymentNotReceived, out.CancelReason)
		require.Equal(t, start.Add(time.Hour), *out.CancelledAt)
		_, err = b.m.CancelEnrollment(ctx, enrollment.CancelEnrollmentInput{EnrollmentID: confirmed.ID, Reason: events.ReasonSessionCancelled, ActorUserID: "staff-1"})
		require.NoError(t, err)

		evs := eventbustest.Recorded(t, b.bus, events.EnrollmentCancelled{}.EventName())
		require.Len(t, evs, 2)
		require.JSONEq(t, fmt.Sprintf(`{"enrollmentId":%q,"courseSessionId":%q,"userId":%q,"actorUserId":"staff-1","reason":"payment_not_received","wasConfirmed":false,"occurredAt":"2026-03-02T10:00:00Z"}`,
			pending.ID, sessionID, pending.UserID), string(evs[0].Payload))
		var second events.EnrollmentCancelled
		require.NoError(t, json.Unmarshal(evs[1].Payload, &second))
		require.True(t, second.WasConfirmed)
		require.Equal(t, events.ReasonSessionCancelled, second.Reason)

		// Cancelling twice, a bad reason, an unknown id: nothing recorded.
		_, err = b.m.CancelEnrollment(ctx, enrollment.CancelEnrollmentInput{EnrollmentID: pending.ID, Reason: events.ReasonStaffDecision, ActorUserID: "staff-1"})
		require.ErrorIs(t, err, enrollment.ErrAlreadyCancelled)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		_, err = b.m.CancelEnrollment(ctx, enrollment.CancelEnrollmentInput{EnrollmentID: confirmed.ID, Reason: "changed my mind", ActorUserID: "staff-1"})
		apperrtest.RequireFields(t, err, "reason")
		_, err = b.m.CancelEnrollment(ctx, enrollment.CancelEnrollmentInput{EnrollmentID: "missing", Reason: events.ReasonDuplicate, ActorUserID: "staff-1"})
		apperrtest.RequireCode(t, err, apperr.NotFound)
		eventbustest.RequireCount[events.EnrollmentCancelled](t, b.bus, 2)
	})
}

func TestListEnrollments(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		sessionID, otherSession := b.session(t, 5), b.session(t, 5)
		a := b.enroll(t, sessionID, b.student(t))
		b.clock.Advance(time.Minute)
		c := b.enroll(t, sessionID, b.student(t))
		b.clock.Advance(time.Minute)
		pending := b.enroll(t, sessionID, b.student(t))
		b.enroll(t, otherSession, b.student(t))
		for _, id := range []string{a.ID, c.ID} {
			_, err := b.m.ConfirmEnrollment(ctx, enrollment.ConfirmEnrollmentInput{EnrollmentID: id, ActorUserID: "staff-1"})
			require.NoError(t, err)
		}

		all, err := b.m.ListEnrollmentsBySession(ctx, sessionID)
		require.NoError(t, err)
		require.Len(t, all, 3)
		require.Equal(t, []string{a.ID, c.ID, pending.ID}, []string{all[0].ID, all[1].ID, all[2].ID})

		roster, err := b.m.ListConfirmedStudentIDs(ctx, sessionID)
		require.NoError(t, err)
		require.Equal(t, []string{a.UserID, c.UserID}, roster)

		none, err := b.m.ListConfirmedStudentIDs(ctx, "no-such-session")
		require.NoError(t, err)
		require.NotNil(t, none)
		require.Empty(t, none)
		_, err = b.m.ListEnrollmentsBySession(ctx, "")
		apperrtest.RequireFields(t, err, "courseSessionId")
	})
}

// TestConcurrency checks that seats and state changes hold when requests
// race: on PostgreSQL they run in parallel transactions.
func TestConcurrency(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		const capacity, people = 3, 8
		sessionID := b.session(t, capacity)
		students := make([]string, people)
		for i := range students {
			students[i] = b.student(t)
		}

		var wg sync.WaitGroup
		errs := make([]error, people)
		for i, id := range students {
			wg.Go(func() {
				_, errs[i] = b.m.CreateEnrollment(ctx, enrollment.CreateEnrollmentInput{CourseSessionID: sessionID, UserID: id, Source: events.SourceWeb, ActorUserID: "web"})
			})
		}
		wg.Wait()
		ok, full := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, enrollment.ErrSessionFull):
				full++
			default:
				t.Fatalf("unexpected error: %v", err)
			}
		}
		require.Equal(t, capacity, ok)
		require.Equal(t, people-capacity, full)
		eventbustest.RequireCount[events.EnrollmentCreated](t, b.bus, capacity)

		all, err := b.m.ListEnrollmentsBySession(ctx, sessionID)
		require.NoError(t, err)
		target := all[0].ID
		confirmErrs := make([]error, 4)
		for i := range confirmErrs {
			wg.Go(func() {
				_, confirmErrs[i] = b.m.ConfirmEnrollment(ctx, enrollment.ConfirmEnrollmentInput{EnrollmentID: target, ActorUserID: "staff-1"})
			})
		}
		wg.Wait()
		won := 0
		for _, err := range confirmErrs {
			if err == nil {
				won++
				continue
			}
			require.ErrorIs(t, err, enrollment.ErrAlreadyConfirmed)
		}
		require.Equal(t, 1, won)
		eventbustest.RequireCount[events.EnrollmentConfirmed](t, b.bus, 1)
	})
}

// TestGetEnrollmentTx reads inside the caller's transaction (on SQLite's
// single connection a read through the pool would wait forever) and holds
// the row until that transaction ends: on PostgreSQL a cancellation waits
// for the reader to commit, so whatever the reader wrote on the strength of
// an active enrollment exists before the cancellation does.
func TestGetEnrollmentTx(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		e := b.enroll(t, b.session(t, 5), b.student(t))

		tx, err := d.BeginTx(ctx, nil)
		require.NoError(t, err)
		defer func() { _ = tx.Rollback() }()
		got, err := b.m.GetEnrollmentTx(ctx, tx, e.ID)
		require.NoError(t, err)
		require.Equal(t, e, got)
		_, err = b.m.GetEnrollmentTx(ctx, tx, "missing")
		apperrtest.RequireCode(t, err, apperr.NotFound)
		if d.Dialect == db.SQLite {
			require.NoError(t, tx.Commit())
			return
		}

		var pid int
		require.NoError(t, tx.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid))
		done := make(chan error, 1)
		go func() {
			_, err := b.m.CancelEnrollment(ctx, enrollment.CancelEnrollmentInput{EnrollmentID: e.ID, Reason: events.ReasonStudentRequest, ActorUserID: "staff-1"})
			done <- err
		}()
		for waiting := false; !waiting; {
			select {
			case err := <-done:
				t.Fatalf("cancelled while the enrollment was held (err: %v)", err)
			case <-ctx.Done():
				t.Fatal("timed out waiting for the cancellation to block")
			case <-time.After(2 * time.Millisecond):
			}
			require.NoError(t, d.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)))`, pid).Scan(&waiting))
		}
		require.NoError(t, tx.Commit())
		require.NoError(t, <-done)
		eventbustest.RequireCount[events.EnrollmentCancelled](t, b.bus, 1)
	})
}
