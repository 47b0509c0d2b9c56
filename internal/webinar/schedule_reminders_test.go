package webinar_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/webinar"
	"github.com/academy/academy/internal/webinar/jobs"
)

// setupReminders is setup with the reminder job registered, so that
// reminders can be scheduled; the bus is not started, so none runs.
func setupReminders(t *testing.T, d *db.DB) *bundle {
	t.Helper()
	b := setup(t, d)
	jobs.Register(b.bus, b.m, jobs.Config{})
	return b
}

// reminderJobs reads the reminder jobs in River's queue, oldest first.
func reminderJobs(t *testing.T, d *db.DB) []webinar.ReminderJobArgs {
	t.Helper()
	// River keeps args as jsonb on PostgreSQL and as binary JSONB on SQLite.
	args := "args::text"
	if d.Dialect == db.SQLite {
		args = "json(args)"
	}
	rows, err := d.QueryContext(context.Background(),
		`SELECT `+args+` FROM river_job WHERE kind = $1 ORDER BY id`, webinar.ReminderJobArgs{}.Kind())
	require.NoError(t, err)
	defer rows.Close()
	var out []webinar.ReminderJobArgs
	for rows.Next() {
		var raw []byte
		require.NoError(t, rows.Scan(&raw))
		var args webinar.ReminderJobArgs
		require.NoError(t, json.Unmarshal(raw, &args))
		out = append(out, args)
	}
	require.NoError(t, rows.Err())
	return out
}

func job(registrationID string, kind webinar.ReminderKind, due time.Time) webinar.ReminderJobArgs {
	return webinar.ReminderJobArgs{RegistrationID: registrationID, Reminder: kind, DueAt: due.UTC()}
}

func TestScheduleReminders(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setupReminders(t, d)
		w := b.schedule(t, 10) // starts at t0+48h
		start := t0.Add(48 * time.Hour)
		ana := b.register(t, w.ID, "ana")

		got, err := b.m.ScheduleReminders(ctx, ana.ID, t0)
		require.NoError(t, err)
		want := []webinar.ReminderJobArgs{job(ana.ID, webinar.Reminder24h, start.Add(-24*time.Hour)), job(ana.ID, webinar.Reminder1h, start.Add(-time.Hour))}
		require.Equal(t, want, got)
		require.Equal(t, want, reminderJobs(t, d))

		// A repeated delivery asks again; the jobs are unique on their args.
		_, err = b.m.ScheduleReminders(ctx, ana.ID, t0)
		require.NoError(t, err)
		require.Len(t, reminderJobs(t, d), 2)

		// A reminder already due when the person registered is skipped.
		late, err := b.m.ScheduleReminders(ctx, ana.ID, start.Add(-2*time.Hour))
		require.NoError(t, err)
		require.Equal(t, want[1:], late)
		none, err := b.m.ScheduleReminders(ctx, ana.ID, start.Add(-30*time.Minute))
		require.NoError(t, err)
		require.Empty(t, none)

		// A triggered reminder is not scheduled again.
		b.clock.Set(start.Add(-24 * time.Hour))
		_, err = b.m.TriggerWebinarReminder(ctx, webinar.TriggerWebinarReminderInput{RegistrationID: ana.ID, Reminder: webinar.Reminder24h})
		require.NoError(t, err)
		again, err := b.m.ScheduleReminders(ctx, ana.ID, t0)
		require.NoError(t, err)
		require.Equal(t, want[1:], again)

		// A cancelled registration gets no reminders.
		b.clock.Set(t0)
		bob := b.register(t, w.ID, "bob")
		_, err = b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: bob.ID, ActorUserID: "bob"})
		require.NoError(t, err)
		cancelled, err := b.m.ScheduleReminders(ctx, bob.ID, t0)
		require.NoError(t, err)
		require.Empty(t, cancelled)
		require.Len(t, reminderJobs(t, d), 2)

		_, err = b.m.ScheduleReminders(ctx, "nope", t0)
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
		_, err = b.m.ScheduleReminders(ctx, "", time.Time{})
		apperrtest.RequireInvalid(t, err, "registrationId")
		apperrtest.RequireInvalid(t, err, "since")
	})
}

func TestScheduleWebinarRemindersAfterAMove(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setupReminders(t, d)
		w := b.schedule(t, 10)
		ana, cy := b.register(t, w.ID, "ana"), b.register(t, w.ID, "cy")
		bob := b.register(t, w.ID, "bob")
		_, err := b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: bob.ID, ActorUserID: "bob"})
		require.NoError(t, err)
		_, err = b.m.ScheduleReminders(ctx, ana.ID, t0)
		require.NoError(t, err)

		newStart := t0.Add(72 * time.Hour)
		_, err = b.m.RescheduleWebinar(ctx, webinar.RescheduleWebinarInput{WebinarID: w.ID, StartsAt: newStart, ActorUserID: "staff-1"})
		require.NoError(t, err)
		got, err := b.m.ScheduleWebinarReminders(ctx, w.ID, t0)
		require.NoError(t, err)
		require.ElementsMatch(t, []webinar.ReminderJobArgs{
			job(ana.ID, webinar.Reminder24h, newStart.Add(-24*time.Hour)), job(ana.ID, webinar.Reminder1h, newStart.Add(-time.Hour)),
			job(cy.ID, webinar.Reminder24h, newStart.Add(-24*time.Hour)), job(cy.ID, webinar.Reminder1h, newStart.Add(-time.Hour)),
		}, got)
		// ana's jobs for the old start stay; they end without reminding.
		require.Len(t, reminderJobs(t, d), 6)

		due, err := b.m.FindReminderDueAt(ctx, ana.ID, webinar.Reminder1h)
		require.NoError(t, err)
		require.True(t, due.Equal(newStart.Add(-time.Hour)))
		_, err = b.m.FindReminderDueAt(ctx, ana.ID, "2h")
		apperrtest.RequireInvalid(t, err, "reminder")
		_, err = b.m.FindReminderDueAt(ctx, "nope", webinar.Reminder1h)
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))

		_, err = b.m.ScheduleWebinarReminders(ctx, "nope", t0)
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
		_, err = b.m.ScheduleWebinarReminders(ctx, w.ID, time.Time{})
		apperrtest.RequireInvalid(t, err, "since")
	})
}

func TestScheduleWebinarRemindersInPages(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setupReminders(t, d)
		b.m.SetReminderPageForTest(2)
		w := b.schedule(t, 10)
		var want []webinar.ReminderJobArgs
		for i, user := range []string{"ana", "bob", "cy", "dee", "eve", "fay", "gus"} {
			r := b.register(t, w.ID, user)
			if i == 3 {
				_, err := b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: r.ID, ActorUserID: user})
				require.NoError(t, err)
				continue
			}
			want = append(want, job(r.ID, webinar.Reminder24h, w.StartsAt.Add(-24*time.Hour)), job(r.ID, webinar.Reminder1h, w.StartsAt.Add(-time.Hour)))
		}

		// Six live registrations in pages of two (the last page is full, so
		// one more, empty page ends the walk): every one gets both jobs.
		got, err := b.m.ScheduleWebinarReminders(ctx, w.ID, t0)
		require.NoError(t, err)
		require.ElementsMatch(t, want, got)
		require.ElementsMatch(t, want, reminderJobs(t, d))

		// Running again (a retried listener) asks for the same jobs and
		// adds none: jobs are unique on their args.
		got, err = b.m.ScheduleWebinarReminders(ctx, w.ID, t0)
		require.NoError(t, err)
		require.ElementsMatch(t, want, got)
		require.Len(t, reminderJobs(t, d), len(want))
	})
}
