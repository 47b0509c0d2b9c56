package webinar_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/webinar"
	"github.com/academy/academy/internal/webinar/events"
)

var t0 = time.Date(2030, 1, 6, 9, 0, 0, 0, time.UTC)

type bundle struct {
	db    *db.DB
	bus   *eventbus.Bus
	clock *clock.Manual
	m     *webinar.Module
}

func setup(t *testing.T, d *db.DB) *bundle {
	t.Helper()
	clk := clock.NewManual(t0)
	bus := eventbustest.New(t, eventbus.Config{DB: d, Clock: clk})
	m, err := webinar.New(webinar.Deps{DB: d.DB, Bus: bus, Clock: clk})
	require.NoError(t, err)
	return &bundle{db: d, bus: bus, clock: clk, m: m}
}

// schedule schedules a webinar starting in 48 hours, one hour long.
func (b *bundle) schedule(t *testing.T, capacity int) webinar.Webinar {
	t.Helper()
	w, err := b.m.ScheduleWebinar(context.Background(), webinar.ScheduleWebinarInput{
		Title: "Intro to Go", StartsAt: t0.Add(48 * time.Hour), DurationMinutes: 60, Capacity: capacity, ActorUserID: "staff-1",
	})
	require.NoError(t, err)
	return w
}

func (b *bundle) register(t *testing.T, webinarID, userID string) webinar.Registration {
	t.Helper()
	r, err := b.m.RegisterForEvent(context.Background(), webinar.RegisterForEventInput{WebinarID: webinarID, UserID: userID})
	require.NoError(t, err)
	return r
}

func (b *bundle) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	require.NoError(t, b.db.QueryRow(`SELECT COUNT(*) FROM `+table).Scan(&n))
	return n
}

func TestScheduleWebinar(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)

		w, err := b.m.ScheduleWebinar(ctx, webinar.ScheduleWebinarInput{
			Title: "  Intro to Go ", StartsAt: t0.Add(48 * time.Hour), EndsAt: t0.Add(49 * time.Hour), Capacity: 30, ActorUserID: "staff-1",
		})
		require.NoError(t, err)
		require.Equal(t, "Intro to Go", w.Title)
		ev := eventbustest.RequireRecorded[events.WebinarScheduled](t, b.bus)
		require.Equal(t, events.WebinarID(w.ID), ev.WebinarID)
		require.True(t, ev.StartsAt.Equal(t0.Add(48*time.Hour)))
		require.True(t, ev.EndsAt.Equal(t0.Add(49*time.Hour)))
		require.Equal(t, 30, ev.Capacity)
		require.Equal(t, events.UserID("staff-1"), ev.ActorUserID)
		require.True(t, ev.OccurredAt.Equal(t0))

		got, err := b.m.GetWebinar(ctx, w.ID)
		require.NoError(t, err)
		require.Equal(t, w, got)

		_, err = b.m.GetWebinar(ctx, "nope")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
	})
}

func TestScheduleWebinarRejectsBadInput(t *testing.T) {
	t.Parallel()
	good := webinar.ScheduleWebinarInput{Title: "Intro", StartsAt: t0.Add(time.Hour), DurationMinutes: 60, Capacity: 10, ActorUserID: "staff-1"}
	tests := []struct {
		name  string
		edit  func(*webinar.ScheduleWebinarInput)
		field string
	}{
		{"no title", func(in *webinar.ScheduleWebinarInput) { in.Title = " " }, "title"},
		{"no start", func(in *webinar.ScheduleWebinarInput) { in.StartsAt = time.Time{} }, "startsAt"},
		{"start in the past", func(in *webinar.ScheduleWebinarInput) { in.StartsAt = t0.Add(-time.Minute) }, "startsAt"},
		{"no end", func(in *webinar.ScheduleWebinarInput) { in.DurationMinutes = 0 }, "endsAt"},
		{"end and duration", func(in *webinar.ScheduleWebinarInput) { in.EndsAt = t0.Add(2 * time.Hour) }, "durationMinutes"},
		{"end before start", func(in *webinar.ScheduleWebinarInput) { in.DurationMinutes, in.EndsAt = 0, t0 }, "endsAt"},
		{"too long", func(in *webinar.ScheduleWebinarInput) { in.DurationMinutes = 25 * 60 }, "durationMinutes"},
		{"no capacity", func(in *webinar.ScheduleWebinarInput) { in.Capacity = 0 }, "capacity"},
		{"no actor", func(in *webinar.ScheduleWebinarInput) { in.ActorUserID = "" }, "actorUserId"},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		for _, tt := range tests {
			in := good
			tt.edit(&in)
			_, err := b.m.ScheduleWebinar(context.Background(), in)
			apperrtest.RequireInvalid(t, err, tt.field)
		}
		eventbustest.RequireTotal(t, b.bus, 0)
		require.Zero(t, b.count(t, "webinars"))
	})
}

func TestRegisterForEvent(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		w := b.schedule(t, 2)

		r := b.register(t, w.ID, "user-1")
		require.Equal(t, webinar.StatusRegistered, r.Status)
		ev := eventbustest.RequireRecorded[events.EventRegistrationCreated](t, b.bus)
		require.Equal(t, events.RegistrationID(r.ID), ev.RegistrationID)
		require.Equal(t, events.WebinarID(w.ID), ev.WebinarID)
		require.Equal(t, events.UserID("user-1"), ev.UserID)
		require.True(t, ev.StartsAt.Equal(w.StartsAt))
		require.True(t, ev.OccurredAt.Equal(t0))

		got, err := b.m.GetRegistration(ctx, r.ID)
		require.NoError(t, err)
		require.Equal(t, r, got)
		gotW, err := b.m.GetWebinar(ctx, w.ID)
		require.NoError(t, err)
		require.Equal(t, 1, gotW.Registered)

		// Refusals record nothing and write nothing.
		_, err = b.m.RegisterForEvent(ctx, webinar.RegisterForEventInput{WebinarID: w.ID, UserID: "user-1"})
		require.ErrorIs(t, err, webinar.ErrAlreadyRegistered)
		require.Equal(t, apperr.Conflict, apperr.CodeOf(err))
		_, err = b.m.RegisterForEvent(ctx, webinar.RegisterForEventInput{WebinarID: "nope", UserID: "user-2"})
		apperrtest.RequireFields(t, err, "webinarId")
		_, err = b.m.RegisterForEvent(ctx, webinar.RegisterForEventInput{WebinarID: w.ID})
		apperrtest.RequireInvalid(t, err, "userId")
		_, err = b.m.RegisterForEvent(ctx, webinar.RegisterForEventInput{UserID: "user-2"})
		apperrtest.RequireInvalid(t, err, "webinarId")
		eventbustest.RequireTotal(t, b.bus, 2)
		require.Equal(t, 1, b.count(t, "webinar_registrations"))

		// The second seat goes; then the webinar is full.
		b.register(t, w.ID, "user-2")
		_, err = b.m.RegisterForEvent(ctx, webinar.RegisterForEventInput{WebinarID: w.ID, UserID: "user-3"})
		require.ErrorIs(t, err, webinar.ErrWebinarFull)
		require.Equal(t, apperr.Conflict, apperr.CodeOf(err))
		eventbustest.RequireCount[events.EventRegistrationCreated](t, b.bus, 2)

		// Cancelling frees the seat, and the user may register again under
		// a new registration id.
		_, err = b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: r.ID, ActorUserID: "user-1"})
		require.NoError(t, err)
		again := b.register(t, w.ID, "user-1")
		require.NotEqual(t, r.ID, again.ID)
		eventbustest.RequireCount[events.EventRegistrationCreated](t, b.bus, 3)

		// Registration closes when the webinar starts.
		other := b.schedule(t, 10)
		b.clock.Set(other.StartsAt)
		_, err = b.m.RegisterForEvent(ctx, webinar.RegisterForEventInput{WebinarID: other.ID, UserID: "user-4"})
		require.ErrorIs(t, err, webinar.ErrWebinarStarted)
		require.Equal(t, apperr.Conflict, apperr.CodeOf(err))
		eventbustest.RequireCount[events.EventRegistrationCreated](t, b.bus, 3)
	})
}

func TestCancelRegistration(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		w := b.schedule(t, 5)
		r := b.register(t, w.ID, "user-1")
		before := b.count(t, "domain_events")

		b.clock.Advance(time.Hour)
		got, err := b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: r.ID, ActorUserID: "user-1"})
		require.NoError(t, err)
		require.Equal(t, webinar.StatusCancelled, got.Status)
		require.NotNil(t, got.CancelledAt)
		require.True(t, got.CancelledAt.Equal(t0.Add(time.Hour)))
		eventbustest.RequireTotal(t, b.bus, before) // cancelling records no event
		gotW, err := b.m.GetWebinar(ctx, w.ID)
		require.NoError(t, err)
		require.Zero(t, gotW.Registered)

		_, err = b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: r.ID, ActorUserID: "user-1"})
		require.ErrorIs(t, err, webinar.ErrRegistrationCancelled)
		_, err = b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: "nope", ActorUserID: "user-1"})
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
		_, err = b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: r.ID})
		apperrtest.RequireInvalid(t, err, "actorUserId")

		// After the start a registration can no longer be cancelled.
		r2 := b.register(t, w.ID, "user-2")
		b.clock.Set(w.StartsAt)
		_, err = b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: r2.ID, ActorUserID: "user-2"})
		require.ErrorIs(t, err, webinar.ErrWebinarStarted)
		got, err = b.m.GetRegistration(ctx, r2.ID)
		require.NoError(t, err)
		require.Equal(t, webinar.StatusRegistered, got.Status)
	})
}

func TestRescheduleWebinar(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		w := b.schedule(t, 5)
		b.clock.Advance(time.Hour)

		newStart := w.StartsAt.Add(72 * time.Hour)
		moved, err := b.m.RescheduleWebinar(ctx, webinar.RescheduleWebinarInput{WebinarID: w.ID, StartsAt: newStart, ActorUserID: "staff-1"})
		require.NoError(t, err)
		require.True(t, moved.StartsAt.Equal(newStart))
		require.True(t, moved.EndsAt.Equal(newStart.Add(time.Hour)), "keeps its length")
		ev := eventbustest.RequireRecorded[events.WebinarRescheduled](t, b.bus)
		require.Equal(t, events.WebinarID(w.ID), ev.WebinarID)
		require.True(t, ev.StartsAt.Equal(newStart))
		require.True(t, ev.EndsAt.Equal(newStart.Add(time.Hour)))
		require.True(t, ev.PreviousStartsAt.Equal(w.StartsAt))
		require.True(t, ev.OccurredAt.Equal(t0.Add(time.Hour)))
		got, err := b.m.GetWebinar(ctx, w.ID)
		require.NoError(t, err)
		require.Equal(t, moved, got)

		// Moving it where it already is records nothing.
		_, err = b.m.RescheduleWebinar(ctx, webinar.RescheduleWebinarInput{WebinarID: w.ID, StartsAt: newStart, ActorUserID: "staff-1"})
		require.NoError(t, err)
		eventbustest.RequireCount[events.WebinarRescheduled](t, b.bus, 1)

		_, err = b.m.RescheduleWebinar(ctx, webinar.RescheduleWebinarInput{WebinarID: w.ID, StartsAt: t0, ActorUserID: "staff-1"})
		apperrtest.RequireInvalid(t, err, "startsAt")
		_, err = b.m.RescheduleWebinar(ctx, webinar.RescheduleWebinarInput{WebinarID: w.ID, StartsAt: newStart, EndsAt: newStart, ActorUserID: "staff-1"})
		apperrtest.RequireInvalid(t, err, "endsAt")
		_, err = b.m.RescheduleWebinar(ctx, webinar.RescheduleWebinarInput{WebinarID: "nope", StartsAt: newStart, ActorUserID: "staff-1"})
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))

		b.clock.Set(newStart)
		_, err = b.m.RescheduleWebinar(ctx, webinar.RescheduleWebinarInput{WebinarID: w.ID, StartsAt: newStart.Add(time.Hour), ActorUserID: "staff-1"})
		require.ErrorIs(t, err, webinar.ErrWebinarStarted)
		eventbustest.RequireCount[events.WebinarRescheduled](t, b.bus, 1)
		got, err = b.m.GetWebinar(ctx, w.ID)
		require.NoError(t, err)
		require.Equal(t, moved, got)
	})
}

func TestTriggerWebinarReminder(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		w := b.schedule(t, 5) // starts at t0+48h
		r := b.register(t, w.ID, "user-1")
		trigger := func(kind webinar.ReminderKind) (webinar.TriggerWebinarReminderResult, error) {
			return b.m.TriggerWebinarReminder(ctx, webinar.TriggerWebinarReminderInput{RegistrationID: r.ID, Reminder: kind})
		}

		// Not due yet: refused, nothing recorded.
		_, err := trigger(webinar.Reminder24h)
		require.ErrorIs(t, err, webinar.ErrReminderNotDue)
		require.Equal(t, apperr.Conflict, apperr.CodeOf(err))
		_, err = trigger("2h")
		apperrtest.RequireInvalid(t, err, "reminder")
		_, err = b.m.TriggerWebinarReminder(ctx, webinar.TriggerWebinarReminderInput{RegistrationID: "nope", Reminder: webinar.Reminder1h})
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
		eventbustest.RequireCount[events.WebinarReminderTriggered](t, b.bus, 0)

		// Due: recorded once; a repeat answers "already triggered".
		due := webinar.Reminder24h.DueAt(w.StartsAt)
		b.clock.Set(due)
		res, err := trigger(webinar.Reminder24h)
		require.NoError(t, err)
		require.False(t, res.AlreadyTriggered)
		require.True(t, res.TriggeredAt.Equal(due))
		ev := eventbustest.RequireRecorded[events.WebinarReminderTriggered](t, b.bus)
		require.Equal(t, events.WebinarReminderTriggered{
			RegistrationID: events.RegistrationID(r.ID), WebinarID: events.WebinarID(w.ID), UserID: "user-1",
			Reminder: "24h", OccurredAt: due,
		}, normalize(ev))

		b.clock.Advance(time.Minute)
		res, err = trigger(webinar.Reminder24h)
		require.NoError(t, err)
		require.True(t, res.AlreadyTriggered)
		require.True(t, res.TriggeredAt.Equal(due))
		eventbustest.RequireCount[events.WebinarReminderTriggered](t, b.bus, 1)

		// The 1h reminder is a separate kind.
		_, err = trigger(webinar.Reminder1h)
		require.ErrorIs(t, err, webinar.ErrReminderNotDue)
		b.clock.Set(webinar.Reminder1h.DueAt(w.StartsAt))
		res, err = trigger(webinar.Reminder1h)
		require.NoError(t, err)
		require.False(t, res.AlreadyTriggered)
		eventbustest.RequireCount[events.WebinarReminderTriggered](t, b.bus, 2)

		got, err := b.m.GetRegistration(ctx, r.ID)
		require.NoError(t, err)
		require.Len(t, got.Reminders, 2)
	})
}

// normalize makes decoded event times comparable with ==.
func normalize(ev events.WebinarReminderTriggered) events.WebinarReminderTriggered {
	ev.OccurredAt = ev.OccurredAt.UTC()
	return ev
}

func TestTriggerWebinarReminderRefusals(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		w := b.schedule(t, 5) // starts at t0+48h
		cancelled := b.register(t, w.ID, "user-1")
		_, err := b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: cancelled.ID, ActorUserID: "user-1"})
		require.NoError(t, err)
		live := b.register(t, w.ID, "user-2")

		b.clock.Set(webinar.Reminder1h.DueAt(w.StartsAt))
		_, err = b.m.TriggerWebinarReminder(ctx, webinar.TriggerWebinarReminderInput{RegistrationID: cancelled.ID, Reminder: webinar.Reminder1h})
		require.ErrorIs(t, err, webinar.ErrRegistrationCancelled)

		// The webinar moves a day later: the 1h reminder is no longer due,
		// and the 24h reminder is due again for the new start.
		b.clock.Advance(-time.Hour)
		moved, err := b.m.RescheduleWebinar(ctx, webinar.RescheduleWebinarInput{WebinarID: w.ID, StartsAt: w.StartsAt.Add(24 * time.Hour), ActorUserID: "staff-1"})
		require.NoError(t, err)
		b.clock.Set(webinar.Reminder1h.DueAt(w.StartsAt))
		_, err = b.m.TriggerWebinarReminder(ctx, webinar.TriggerWebinarReminderInput{RegistrationID: live.ID, Reminder: webinar.Reminder1h})
		require.ErrorIs(t, err, webinar.ErrReminderNotDue)

		// Once the webinar has started nothing fires.
		b.clock.Set(moved.StartsAt)
		for _, kind := range webinar.ReminderKinds {
			_, err = b.m.TriggerWebinarReminder(ctx, webinar.TriggerWebinarReminderInput{RegistrationID: live.ID, Reminder: kind})
			require.ErrorIs(t, err, webinar.ErrWebinarStarted)
		}
		eventbustest.RequireCount[events.WebinarReminderTriggered](t, b.bus, 0)
		require.Zero(t, b.count(t, "webinar_reminders"))
	})
}

func TestRecordWebinarAttendance(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		w := b.schedule(t, 5)
		r := b.register(t, w.ID, "user-1")
		cancelled := b.register(t, w.ID, "user-2")
		_, err := b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: cancelled.ID, ActorUserID: "user-2"})
		require.NoError(t, err)
		attend := func(id string) (webinar.RecordWebinarAttendanceResult, error) {
			return b.m.RecordWebinarAttendance(ctx, webinar.RecordWebinarAttendanceInput{RegistrationID: id})
		}

		_, err = attend(r.ID)
		require.ErrorIs(t, err, webinar.ErrWebinarNotStarted)
		require.Equal(t, apperr.Conflict, apperr.CodeOf(err))

		at := w.StartsAt.Add(5 * time.Minute)
		b.clock.Set(at)
		res, err := attend(r.ID)
		require.NoError(t, err)
		require.False(t, res.AlreadyAttended)
		require.Equal(t, webinar.StatusAttended, res.Registration.Status)
		require.True(t, res.Registration.AttendedAt.Equal(at))
		ev := eventbustest.RequireRecorded[events.WebinarAttended](t, b.bus)
		require.Equal(t, events.RegistrationID(r.ID), ev.RegistrationID)
		require.Equal(t, events.WebinarID(w.ID), ev.WebinarID)
		require.Equal(t, events.UserID("user-1"), ev.UserID)
		require.True(t, ev.OccurredAt.Equal(at))

		b.clock.Advance(time.Minute)
		res, err = attend(r.ID)
		require.NoError(t, err)
		require.True(t, res.AlreadyAttended)
		require.True(t, res.Registration.AttendedAt.Equal(at))
		eventbustest.RequireCount[events.WebinarAttended](t, b.bus, 1)

		_, err = attend(cancelled.ID)
		require.ErrorIs(t, err, webinar.ErrRegistrationCancelled)
		_, err = attend("nope")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
		_, err = attend("")
		apperrtest.RequireInvalid(t, err, "registrationId")
		eventbustest.RequireCount[events.WebinarAttended](t, b.bus, 1)

		// An attended registration cannot be cancelled.
		_, err = b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: r.ID, ActorUserID: "user-1"})
		require.ErrorIs(t, err, webinar.ErrRegistrationAttended)
	})
}

// TestRegisterForEventHoldsCapacityUnderConcurrency registers more users
// than there are seats, all at once, and the same user twice at once.
func TestRegisterForEventHoldsCapacityUnderConcurrency(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		w := b.schedule(t, 3)
		users := []string{"u1", "u2", "u3", "u4", "u5", "u6", "u6", "u6"}
		errs := make(chan error, len(users))
		for _, u := range users {
			go func() {
				_, err := b.m.RegisterForEvent(ctx, webinar.RegisterForEventInput{WebinarID: w.ID, UserID: u})
				errs <- err
			}()
		}
		ok := 0
		for range users {
			err := <-errs
			if err == nil {
				ok++
				continue
			}
			require.True(t, errors.Is(err, webinar.ErrWebinarFull) || errors.Is(err, webinar.ErrAlreadyRegistered), "unexpected: %v", err)
		}
		require.Equal(t, 3, ok)
		got, err := b.m.GetWebinar(ctx, w.ID)
		require.NoError(t, err)
		require.Equal(t, 3, got.Registered)
		require.Equal(t, 3, b.count(t, "webinar_registrations"))
		eventbustest.RequireCount[events.EventRegistrationCreated](t, b.bus, 3)
	})
}
