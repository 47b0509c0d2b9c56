package listeners_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/user"
	"github.com/academy/academy/internal/webinar"
	"github.com/academy/academy/internal/webinar/events"
	"github.com/academy/academy/internal/webinar/jobs"
	"github.com/academy/academy/internal/webinar/listeners"
)

// t0 is long past by the wall clock, so that River finds every reminder
// job due at once and runs it; the manual clock alone decides whether the
// reminder is due, as it would with a job that fires early.
var t0 = time.Date(2020, 1, 6, 9, 0, 0, 0, time.UTC)

// The user module the App wires in implements Contacts.
var _ listeners.Contacts = (*user.Module)(nil)

// sentMail is an outbox email provider that keeps what it was given.
type sentMail struct {
	mu   sync.Mutex
	msgs []outbox.Message
}

func (s *sentMail) Send(_ context.Context, m outbox.Message) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	return "provider-" + m.Key, nil
}

func (s *sentMail) sent() []outbox.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]outbox.Message(nil), s.msgs...)
}

type bundle struct {
	db    *db.DB
	bus   *eventbus.Bus
	clock *clock.Manual
	m     *webinar.Module
	users *user.Module
	box   *outbox.Outbox
	mail  *sentMail
}

// setup composes webinar with its listeners and jobs, the user module and
// the outbox on a bus that is started, as the App does.
func setup(t *testing.T, d *db.DB) *bundle {
	t.Helper()
	clk := clock.NewManual(t0)
	bus, err := eventbus.New(eventbus.Config{
		DB: d, Clock: clk, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PollInterval: 20 * time.Millisecond,
	})
	require.NoError(t, err)
	mail := &sentMail{}
	box, err := outbox.New(outbox.Config{DB: d.DB, Bus: bus, Clock: clk, Senders: map[outbox.Channel]outbox.Sender{outbox.Email: mail}})
	require.NoError(t, err)
	users, err := user.New(user.Deps{DB: d.DB, Clock: clk})
	require.NoError(t, err)
	m, err := webinar.New(webinar.Deps{DB: d.DB, Bus: bus, Clock: clk})
	require.NoError(t, err)
	listeners.Register(bus, m, listeners.Deps{DB: d.DB, Outbox: box, Contacts: users})
	jobs.Register(bus, m, jobs.Config{Recheck: 20 * time.Millisecond})
	require.NoError(t, bus.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = bus.Stop(ctx)
	})
	return &bundle{db: d, bus: bus, clock: clk, m: m, users: users, box: box, mail: mail}
}

func (b *bundle) user(t *testing.T, name, email string) string {
	t.Helper()
	u, err := b.users.CreateUser(context.Background(), user.CreateUserInput{FullName: name, Email: email, Kind: user.KindStudent, ActorUserID: "staff-1"})
	require.NoError(t, err)
	return u.ID
}

func (b *bundle) webinar(t *testing.T, start time.Time) webinar.Webinar {
	t.Helper()
	w, err := b.m.ScheduleWebinar(context.Background(), webinar.ScheduleWebinarInput{
		Title: "Intro to Go", StartsAt: start, DurationMinutes: 60, Capacity: 10, ActorUserID: "staff-1",
	})
	require.NoError(t, err)
	return w
}

func (b *bundle) register(t *testing.T, webinarID, userID string) string {
	t.Helper()
	r, err := b.m.RegisterForEvent(context.Background(), webinar.RegisterForEventInput{WebinarID: webinarID, UserID: userID})
	require.NoError(t, err)
	return r.ID
}

// reminderJob is a reminder job as River holds it.
type reminderJob struct {
	webinar.ReminderJobArgs
	State string
	// Snoozes counts the runs that found the reminder not due yet.
	Snoozes int
}

func (b *bundle) reminderJobs(t *testing.T) []reminderJob {
	t.Helper()
	// River keeps JSON as jsonb on PostgreSQL and as binary JSONB on SQLite.
	cols := "args::text, state::text, metadata::text"
	if b.db.Dialect == db.SQLite {
		cols = "json(args), state, json(metadata)"
	}
	rows, err := b.db.QueryContext(context.Background(),
		`SELECT `+cols+` FROM river_job WHERE kind = $1 ORDER BY id`, webinar.ReminderJobArgs{}.Kind())
	require.NoError(t, err)
	defer rows.Close()
	var out []reminderJob
	for rows.Next() {
		var args, metadata string
		var j reminderJob
		require.NoError(t, rows.Scan(&args, &j.State, &metadata))
		require.NoError(t, json.Unmarshal([]byte(args), &j.ReminderJobArgs))
		var md struct {
			Snoozes int `json:"snoozes"`
		}
		require.NoError(t, json.Unmarshal([]byte(metadata), &md))
		j.Snoozes = md.Snoozes
		out = append(out, j)
	}
	require.NoError(t, rows.Err())
	return out
}

// job finds the reminder job of a registration, kind and due time.
func (b *bundle) job(t *testing.T, registrationID string, kind webinar.ReminderKind, due time.Time) (reminderJob, bool) {
	t.Helper()
	for _, j := range b.reminderJobs(t) {
		if j.RegistrationID == registrationID && j.Reminder == kind && j.DueAt.Equal(due) {
			return j, true
		}
	}
	return reminderJob{}, false
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	require.Eventually(t, cond, 30*time.Second, 20*time.Millisecond, what)
}

// waitChecked waits until the job has run again, after the clock was
// moved, and found its reminder still not due.
func (b *bundle) waitChecked(t *testing.T, registrationID string, kind webinar.ReminderKind, due time.Time) {
	t.Helper()
	before, ok := b.job(t, registrationID, kind, due)
	require.True(t, ok, "no %s job due at %s", kind, due)
	eventually(t, "the job never checked again", func() bool {
		j, _ := b.job(t, registrationID, kind, due)
		return j.Snoozes >= before.Snoozes+2
	})
}

// reminders returns the reminders triggered so far, as "registration/kind".
func (b *bundle) reminders(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, rec := range eventbustest.Recorded(t, b.bus, events.WebinarReminderTriggered{}.EventName()) {
		var ev events.WebinarReminderTriggered
		require.NoError(t, json.Unmarshal(rec.Payload, &ev))
		out = append(out, string(ev.RegistrationID)+"/"+string(ev.Reminder))
	}
	return out
}

func TestRemindersFireWhenDueOnceAndNotAfterACancellation(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		start := t0.Add(48 * time.Hour)
		due24, due1 := start.Add(-24*time.Hour), start.Add(-time.Hour)
		w := b.webinar(t, start)
		ana := b.register(t, w.ID, b.user(t, "Ana Lima", "ana@example.com"))
		bob := b.register(t, w.ID, b.user(t, "Bob Reis", "bob@example.com"))
		eventbustest.WaitDelivered(t, b.bus, 30*time.Second)
		require.Len(t, b.reminderJobs(t), 4, "24h and 1h for each registration")
		_, err := b.m.CancelRegistration(ctx, webinar.CancelRegistrationInput{RegistrationID: bob, ActorUserID: "bob"})
		require.NoError(t, err)

		// River runs every job at once (they are due by the wall clock);
		// by the manual clock none is due, so ana's keep checking and bob's
		// end, cancelled.
		eventually(t, "bob's jobs never ended", func() bool {
			j24, _ := b.job(t, bob, webinar.Reminder24h, due24)
			j1, _ := b.job(t, bob, webinar.Reminder1h, due1)
			return j24.State == "completed" && j1.State == "completed"
		})
		b.waitChecked(t, ana, webinar.Reminder24h, due24)
		require.Empty(t, b.reminders(t))

		b.clock.Set(due24.Add(-time.Second))
		b.waitChecked(t, ana, webinar.Reminder24h, due24)
		require.Empty(t, b.reminders(t), "one second early")

		b.clock.Set(due24)
		eventually(t, "the 24h reminder never fired", func() bool { return len(b.reminders(t)) == 1 })
		require.Equal(t, []string{ana + "/24h"}, b.reminders(t))
		b.waitChecked(t, ana, webinar.Reminder1h, due1)
		require.Len(t, b.reminders(t), 1, "the 1h reminder is not due yet")

		b.clock.Set(due1)
		eventually(t, "the 1h reminder never fired", func() bool { return len(b.reminders(t)) == 2 })
		require.Equal(t, []string{ana + "/24h", ana + "/1h"}, b.reminders(t))
		eventually(t, "reminder jobs never all ended", func() bool {
			for _, j := range b.reminderJobs(t) {
				if j.State != "completed" {
					return false
				}
			}
			return true
		})

		// Each reminder was emailed once, to ana only, under its outbox key.
		eventually(t, "the reminder emails were never sent", func() bool { return len(b.mail.sent()) == 2 })
		eventbustest.WaitDelivered(t, b.bus, 30*time.Second)
		keys := map[string]string{}
		for _, m := range b.mail.sent() {
			keys[m.Key] = m.To
		}
		require.Equal(t, map[string]string{
			listeners.ReminderEmailKey(ana, webinar.Reminder24h): "ana@example.com",
			listeners.ReminderEmailKey(ana, webinar.Reminder1h):  "ana@example.com",
		}, keys)

		// A repeated delivery of a triggered reminder sends nothing new.
		ds, err := b.bus.Deliveries(ctx, eventbus.DeliveryQuery{Listener: "webinar.EmailReminder"})
		require.NoError(t, err)
		require.Len(t, ds, 2)
		for _, dl := range ds {
			_, err := b.bus.Retry(ctx, dl.JobID)
			require.NoError(t, err)
		}
		eventbustest.WaitDelivered(t, b.bus, 30*time.Second)
		msgs, err := b.box.List(ctx, outbox.Query{})
		require.NoError(t, err)
		require.Len(t, msgs, 2)
		require.Len(t, b.mail.sent(), 2)
		require.Len(t, b.reminders(t), 2)
	})
}

func TestMovedWebinarIsRemindedForItsNewStart(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		start, newStart := t0.Add(48*time.Hour), t0.Add(72*time.Hour)
		w := b.webinar(t, start)
		ana := b.register(t, w.ID, b.user(t, "Ana Lima", "ana@example.com"))
		eventbustest.WaitDelivered(t, b.bus, 30*time.Second)

		_, err := b.m.RescheduleWebinar(ctx, webinar.RescheduleWebinarInput{WebinarID: w.ID, StartsAt: newStart, ActorUserID: "staff-1"})
		require.NoError(t, err)
		eventbustest.WaitDelivered(t, b.bus, 30*time.Second)
		require.Len(t, b.reminderJobs(t), 4, "jobs for the old and the new start")

		// The jobs for the old start end without reminding: they are stale.
		eventually(t, "the old start's jobs never ended", func() bool {
			j24, _ := b.job(t, ana, webinar.Reminder24h, start.Add(-24*time.Hour))
			j1, _ := b.job(t, ana, webinar.Reminder1h, start.Add(-time.Hour))
			return j24.State == "completed" && j1.State == "completed"
		})
		b.clock.Set(start.Add(-time.Hour)) // the old 1h reminder time
		b.waitChecked(t, ana, webinar.Reminder24h, newStart.Add(-24*time.Hour))
		require.Empty(t, b.reminders(t))

		b.clock.Set(newStart.Add(-24 * time.Hour))
		eventually(t, "the 24h reminder never fired", func() bool { return len(b.reminders(t)) == 1 })
		b.clock.Set(newStart.Add(-time.Hour))
		eventually(t, "the 1h reminder never fired", func() bool { return len(b.reminders(t)) == 2 })
		require.Equal(t, []string{ana + "/24h", ana + "/1h"}, b.reminders(t))
	})
}

func TestRegistrationCloseToTheStartGetsOnlyTheDueReminders(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		start := t0.Add(2 * time.Hour)
		w := b.webinar(t, start)
		ana := b.register(t, w.ID, b.user(t, "Ana Lima", "ana@example.com"))
		eventbustest.WaitDelivered(t, b.bus, 30*time.Second)
		jobs := b.reminderJobs(t)
		require.Len(t, jobs, 1, "the 24h reminder was due before ana registered")
		require.Equal(t, webinar.Reminder1h, jobs[0].Reminder)

		b.clock.Set(start.Add(-time.Hour))
		eventually(t, "the 1h reminder never fired", func() bool { return len(b.reminders(t)) == 1 })
		require.Equal(t, []string{ana + "/1h"}, b.reminders(t))
	})
}
