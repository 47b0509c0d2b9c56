package eventbus_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
)

type thingHappened struct {
	ThingID    string    `json:"thingId"`
	N          int       `json:"n"`
	OccurredAt time.Time `json:"occurredAt"`
}

func (thingHappened) EventName() string { return "test.ThingHappened" }
func (thingHappened) EventVersion() int { return 1 }

type otherHappened struct {
	OtherID    string    `json:"otherId"`
	OccurredAt time.Time `json:"occurredAt"`
}

func (otherHappened) EventName() string { return "test.OtherHappened" }
func (otherHappened) EventVersion() int { return 1 }

var testDefinitions = []eventbus.Definition{
	{Event: thingHappened{}, Owner: "test", Description: "A thing happened.", Emitters: []string{"test.DoThing"}},
	{Event: otherHappened{}, Owner: "test", Description: "Another thing happened.", Emitters: []string{"test.DoOther"}},
}

// calls counts listener invocations by listener name and aggregate id.
type calls struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *calls) add(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key]++
	return c.n[key]
}

func (c *calls) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

type bundle struct {
	db    *db.DB
	bus   *eventbus.Bus
	calls *calls
}

func setup(t *testing.T, d *db.DB) *bundle {
	t.Helper()
	bus, err := eventbus.New(eventbus.Config{
		DB:           d,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		PollInterval: 50 * time.Millisecond,
	})
	require.NoError(t, err)
	require.NoError(t, bus.Define(testDefinitions...))
	return &bundle{db: d, bus: bus, calls: &calls{n: map[string]int{}}}
}

// countingListener registers a listener that counts its calls and fails its
// first failures attempts.
func (b *bundle) countingListener(name string, failures int) {
	eventbus.Listen(b.bus, name, eventbus.ListenerOptions{Backoff: func(int) time.Duration { return time.Millisecond }},
		func(_ context.Context, d eventbus.Delivery[thingHappened]) error {
			if n := b.calls.add(name + "/" + d.Event.ThingID); n <= failures {
				return errors.New("induced failure")
			}
			return nil
		})
}

func (b *bundle) start(t *testing.T) {
	t.Helper()
	require.NoError(t, b.bus.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = b.bus.Stop(ctx)
	})
}

func (b *bundle) record(t *testing.T, events ...eventbus.Event) {
	t.Helper()
	require.NoError(t, db.InTx(context.Background(), b.db.DB, func(tx *sql.Tx) error {
		return b.bus.Record(context.Background(), tx, events...)
	}))
}

// waitDelivered waits until every delivery of the event on aggregate id has
// completed, and returns them.
func (b *bundle) waitDelivered(t *testing.T, aggregateID string, want int) []eventbus.DeliveryStatus {
	t.Helper()
	evs, err := b.bus.ListEvents(context.Background(), eventbus.EventQuery{AggregateID: aggregateID})
	require.NoError(t, err)
	require.Len(t, evs, 1)
	var got []eventbus.DeliveryStatus
	require.Eventually(t, func() bool {
		got, err = b.bus.Deliveries(context.Background(), eventbus.DeliveryQuery{EventID: evs[0].ID})
		require.NoError(t, err)
		done := 0
		for _, d := range got {
			if d.State == "completed" {
				done++
			}
		}
		return len(got) == want && done == want
	}, 60*time.Second, 50*time.Millisecond, "deliveries of %s never all completed: %+v", aggregateID, got)
	return got
}

func thing(id string) thingHappened {
	return thingHappened{ThingID: id, N: 1, OccurredAt: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)}
}

func TestCommittedEventIsDeliveredOnceToEachListener(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		for _, name := range []string{"test.A", "test.B", "test.C"} {
			b.countingListener(name, 0)
		}
		eventbus.Listen(b.bus, "test.OnOther", eventbus.ListenerOptions{},
			func(context.Context, eventbus.Delivery[otherHappened]) error { b.calls.add("test.OnOther"); return nil })
		b.record(t, thing("t1"))
		b.start(t)

		deliveries := b.waitDelivered(t, "t1", 3)
		listeners := []string{}
		for _, d := range deliveries {
			listeners = append(listeners, d.Listener)
			require.Equal(t, 1, d.Attempt)
		}
		require.ElementsMatch(t, []string{"test.A", "test.B", "test.C"}, listeners)
		for _, name := range []string{"test.A", "test.B", "test.C"} {
			require.Equal(t, 1, b.calls.get(name+"/t1"), name)
		}
		require.Zero(t, b.calls.get("test.OnOther"))
	})
}

func TestRolledBackEventIsNeverDelivered(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		b.countingListener("test.A", 0)
		b.start(t)

		errRollback := errors.New("action failed after recording")
		err := db.InTx(context.Background(), d.DB, func(tx *sql.Tx) error {
			require.NoError(t, b.bus.Record(context.Background(), tx, thing("rolled-back")))
			return errRollback
		})
		require.ErrorIs(t, err, errRollback)
		// A later committed event is delivered; the rolled-back one left no
		// log row and no job behind, so it never can be.
		b.record(t, thing("committed"))
		b.waitDelivered(t, "committed", 1)

		evs, err := b.bus.ListEvents(context.Background(), eventbus.EventQuery{AggregateID: "rolled-back"})
		require.NoError(t, err)
		require.Empty(t, evs)
		all, err := b.bus.Deliveries(context.Background(), eventbus.DeliveryQuery{})
		require.NoError(t, err)
		require.Len(t, all, 1)
		require.Zero(t, b.calls.get("test.A/rolled-back"))
	})
}

func TestFailingListenerIsRetriedAlone(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		b.countingListener("test.Flaky", 2)
		b.countingListener("test.Steady", 0)
		b.record(t, thing("t1"))
		b.start(t)

		deliveries := b.waitDelivered(t, "t1", 2)
		for _, d := range deliveries {
			switch d.Listener {
			case "test.Flaky":
				require.Equal(t, 3, d.Attempt)
			case "test.Steady":
				require.Equal(t, 1, d.Attempt)
			}
		}
		require.Equal(t, 3, b.calls.get("test.Flaky/t1"))
		require.Equal(t, 1, b.calls.get("test.Steady/t1"))
	})
}

func TestExhaustedDeliveryStaysVisibleAndCanBeRetried(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		fail := true
		var mu sync.Mutex
		eventbus.Listen(b.bus, "test.Broken", eventbus.ListenerOptions{MaxAttempts: 1},
			func(context.Context, eventbus.Delivery[thingHappened]) error {
				mu.Lock()
				defer mu.Unlock()
				if fail {
					return errors.New("smtp relay refused the message")
				}
				return nil
			})
		b.record(t, thing("t1"))
		b.start(t)

		var discarded []eventbus.DeliveryStatus
		require.Eventually(t, func() bool {
			var err error
			discarded, err = b.bus.Deliveries(context.Background(), eventbus.DeliveryQuery{State: "discarded"})
			require.NoError(t, err)
			return len(discarded) == 1
		}, 30*time.Second, 50*time.Millisecond)
		require.Equal(t, "smtp relay refused the message", discarded[0].LastError)

		mu.Lock()
		fail = false
		mu.Unlock()
		_, err := b.bus.Retry(context.Background(), discarded[0].JobID)
		require.NoError(t, err)
		b.waitDelivered(t, "t1", 1)

		_, err = b.bus.Retry(context.Background(), 999999)
		require.ErrorIs(t, err, eventbus.ErrDeliveryNotFound)
	})
}

func TestOnceMakesARepeatedDeliveryHaveItsEffectOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, err := d.Exec(`CREATE TABLE test_effects (thing_id TEXT NOT NULL)`)
		require.NoError(t, err)
		b := setup(t, d)
		eventbus.Listen(b.bus, "test.Effect", eventbus.ListenerOptions{},
			func(ctx context.Context, del eventbus.Delivery[thingHappened]) error {
				b.calls.add("runs")
				return db.InTx(ctx, d.DB, func(tx *sql.Tx) error {
					first, err := eventbus.Once(ctx, tx, del.Envelope.Key(), time.Now())
					if err != nil || !first {
						return err
					}
					_, err = tx.ExecContext(ctx, `INSERT INTO test_effects (thing_id) VALUES ($1)`, del.Event.ThingID)
					return err
				})
			})
		b.record(t, thing("t1"))
		b.start(t)
		first := b.waitDelivered(t, "t1", 1)

		// Run the very same delivery again, as a retry after a lost ack would.
		_, err = b.bus.Retry(context.Background(), first[0].JobID)
		require.NoError(t, err)
		require.Eventually(t, func() bool { return b.calls.get("runs") == 2 }, 30*time.Second, 50*time.Millisecond)
		b.waitDelivered(t, "t1", 1)

		var effects int
		require.NoError(t, d.QueryRow(`SELECT COUNT(*) FROM test_effects`).Scan(&effects))
		require.Equal(t, 1, effects)
	})
}

func TestRecordRejectsWhatCannotBeDelivered(t *testing.T) {
	t.Parallel()
	d := dbtest.Open(t, db.SQLite)
	b := setup(t, d)

	tests := []struct {
		name  string
		event eventbus.Event
		want  string
	}{
		{"undefined event", otherUndefined{}, "not defined"},
		{"zero occurred at", thingHappened{ThingID: "x"}, "OccurredAt is not set"},
	}
	for _, tt := range tests {
		err := db.InTx(context.Background(), d.DB, func(tx *sql.Tx) error {
			return b.bus.Record(context.Background(), tx, tt.event)
		})
		require.ErrorContains(t, err, tt.want, tt.name)
	}
	var n int
	require.NoError(t, d.QueryRow(`SELECT COUNT(*) FROM domain_events`).Scan(&n))
	require.Zero(t, n)

	require.ErrorContains(t, b.bus.Define(eventbus.Definition{Event: thingHappened{}, Owner: "test", Description: "x", Emitters: []string{"x"}}), "already defined")
	require.ErrorContains(t, b.bus.Define(eventbus.Definition{Event: badShape{}, Owner: "test", Description: "x", Emitters: []string{"x"}}), "OccurredAt")
	require.ErrorContains(t, b.bus.Define(eventbus.Definition{Event: otherUndefined{}, Owner: "billing", Description: "x", Emitters: []string{"x"}}), "owner module")
}

type otherUndefined struct {
	ID         string
	OccurredAt time.Time
}

func (otherUndefined) EventName() string { return "test.Undefined" }
func (otherUndefined) EventVersion() int { return 1 }

type badShape struct{ ID string }

func (badShape) EventName() string { return "test.BadShape" }
func (badShape) EventVersion() int { return 1 }

func TestStopPutsARunningDeliveryBackInTheQueue(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		started := make(chan struct{}, 1)
		newBus := func(block bool) *bundle {
			b := setup(t, d)
			eventbus.Listen(b.bus, "test.Slow", eventbus.ListenerOptions{Backoff: func(int) time.Duration { return time.Millisecond }},
				func(ctx context.Context, del eventbus.Delivery[thingHappened]) error {
					b.calls.add("runs")
					if block {
						started <- struct{}{}
						<-ctx.Done() // a long call, cut short by the shutdown
						return ctx.Err()
					}
					return nil
				})
			return b
		}

		first := newBus(true)
		first.record(t, thing("t1"))
		require.NoError(t, first.bus.Start(context.Background()))
		<-started
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		require.NoError(t, first.bus.Stop(ctx), "stop cancels what did not finish in time")

		ds, err := first.bus.Deliveries(context.Background(), eventbus.DeliveryQuery{})
		require.NoError(t, err)
		require.Len(t, ds, 1)
		require.Contains(t, []string{"retryable", "available"}, ds[0].State, "the cut delivery is queued again, not lost")

		second := newBus(false)
		second.start(t)
		second.waitDelivered(t, "t1", 1)
		require.Equal(t, 1, second.calls.get("runs"), "the next worker runs the delivery to completion")
	})
}

func TestCancellingTheStartContextLetsRunningDeliveriesFinish(t *testing.T) {
	t.Parallel()
	d := dbtest.Open(t, db.SQLite)
	b := setup(t, d)
	started, finished := make(chan struct{}), make(chan error, 1)
	eventbus.Listen(b.bus, "test.Busy", eventbus.ListenerOptions{},
		func(ctx context.Context, _ eventbus.Delivery[thingHappened]) error {
			close(started)
			select {
			case <-time.After(300 * time.Millisecond):
				finished <- nil
			case <-ctx.Done():
				finished <- ctx.Err()
			}
			return nil
		})
	b.record(t, thing("t1"))
	ctx, cancel := context.WithCancel(context.Background())
	require.NoError(t, b.bus.Start(ctx))
	<-started
	cancel() // SIGINT reaches serve's context
	stopCtx, stopCancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer stopCancel()
	require.NoError(t, b.bus.Stop(stopCtx))
	require.NoError(t, <-finished, "the delivery ran to its end within the grace period")
	ds, err := b.bus.Deliveries(context.Background(), eventbus.DeliveryQuery{})
	require.NoError(t, err)
	require.Equal(t, "completed", ds[0].State)
}
