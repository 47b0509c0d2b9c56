package jobs

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/webinar"
	"github.com/academy/academy/internal/webinar/events"
)

// TestReminderWorker checks, with the clock moved by hand, which outcomes
// of TriggerWebinarReminder end the job, which snooze it and that each
// reminder is recorded once.
func TestReminderWorker(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		t0 := time.Date(2030, 1, 6, 9, 0, 0, 0, time.UTC)
		clk := clock.NewManual(t0)
		bus := eventbustest.New(t, eventbus.Config{DB: d, Clock: clk})
		m, err := webinar.New(webinar.Deps{DB: d.DB, Bus: bus, Clock: clk})
		require.NoError(t, err)
		w := &reminderWorker{m: m, recheck: time.Second}
		work := func(args webinar.ReminderJobArgs) error {
			return w.Work(ctx, &eventbus.Job[webinar.ReminderJobArgs]{Args: args})
		}
		start := t0.Add(48 * time.Hour)
		wb, err := m.ScheduleWebinar(ctx, webinar.ScheduleWebinarInput{Title: "Intro", StartsAt: start, DurationMinutes: 60, Capacity: 10, ActorUserID: "staff-1"})
		require.NoError(t, err)
		register := func(userID string) string {
			r, err := m.RegisterForEvent(ctx, webinar.RegisterForEventInput{WebinarID: wb.ID, UserID: userID})
			require.NoError(t, err)
			return r.ID
		}
		ana, bob, cy := register("ana"), register("bob"), register("cy")
		_, err = m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: bob, ActorUserID: "bob"})
		require.NoError(t, err)
		due24 := start.Add(-24 * time.Hour)
		job24 := webinar.ReminderJobArgs{RegistrationID: ana, Reminder: webinar.Reminder24h, DueAt: due24}

		// Early by the clock: snoozed, without using up an attempt.
		err = work(job24)
		var snooze *eventbus.SnoozeError
		require.True(t, errors.As(err, &snooze), "want a snooze, got %v", err)
		require.Equal(t, time.Second, snooze.Duration)
		// Stale (scheduled for a start the webinar no longer has): done.
		require.NoError(t, work(webinar.ReminderJobArgs{RegistrationID: ana, Reminder: webinar.Reminder24h, DueAt: due24.Add(-time.Hour)}))
		eventbustest.RequireCount[events.WebinarReminderTriggered](t, bus, 0)

		clk.Set(due24)
		require.NoError(t, work(job24))
		require.NoError(t, work(job24), "a repeat ends the job and records nothing")
		ev := eventbustest.RequireRecorded[events.WebinarReminderTriggered](t, bus)
		require.Equal(t, events.RegistrationID(ana), ev.RegistrationID)
		require.Equal(t, events.ReminderKind("24h"), ev.Reminder)

		// Stale while the reminder is due by the clock (the webinar started
		// an hour later when the job was scheduled, then moved earlier):
		// done, without a late reminder; the job for the current start
		// reminds.
		clk.Set(due24.Add(time.Hour))
		require.NoError(t, work(webinar.ReminderJobArgs{RegistrationID: cy, Reminder: webinar.Reminder24h, DueAt: due24.Add(time.Hour)}))
		eventbustest.RequireCount[events.WebinarReminderTriggered](t, bus, 1)
		require.NoError(t, work(webinar.ReminderJobArgs{RegistrationID: cy, Reminder: webinar.Reminder24h, DueAt: due24}))
		eventbustest.RequireCount[events.WebinarReminderTriggered](t, bus, 2)

		require.NoError(t, work(webinar.ReminderJobArgs{RegistrationID: bob, Reminder: webinar.Reminder24h, DueAt: due24}), "cancelled: done")
		require.NoError(t, work(webinar.ReminderJobArgs{RegistrationID: "nope", Reminder: webinar.Reminder24h, DueAt: due24}), "unknown: done")
		clk.Set(start)
		require.NoError(t, work(webinar.ReminderJobArgs{RegistrationID: ana, Reminder: webinar.Reminder1h, DueAt: start.Add(-time.Hour)}), "started: done")
		eventbustest.RequireCount[events.WebinarReminderTriggered](t, bus, 2)
	})
}
