package eventbus_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
)

// BenchmarkBus measures the bus against bare River doing the same work, on
// each database, for docs/benchmarks.md:
//
//	ACADEMY_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	  go test ./internal/platform/eventbus -run '^$' -bench '^BenchmarkBus$' -benchtime 1000x -count 3
//
// One op is one Action: a transaction that writes a business row and records
// one event with three listeners. The timed part runs b.N Actions from
// benchProducers goroutines and waits for all 3*b.N deliveries, so ns/op is
// end-to-end. Custom metrics:
//
//   - actions/s: Actions committed per second while the workers run beside them.
//   - deliveries/s: listener deliveries started per second, from the first
//     Action to the last delivery.
//   - p50-ms, p99-ms: time from an Action's commit returning to a listener's
//     handler starting, measured afterwards over a few paced Actions, so that
//     the figure is the delay of an idle system and not the queue built up
//     by the throughput phase.
//
// Both implementations run with benchUnthrottled settings; see
// BenchmarkBusDefaults for the bus's defaults.
func BenchmarkBus(b *testing.B) {
	benchEachImplementation(b, func(db.Dialect) benchSettings { return benchUnthrottled })
}

// BenchmarkBusDefaults runs the workload of BenchmarkBus with the bus's
// default worker settings, where River's fetch throttle, not the bus, sets
// both throughput and latency:
//
//	go test ./internal/platform/eventbus -run '^$' -bench '^BenchmarkBusDefaults$' -benchtime 300x
func BenchmarkBusDefaults(b *testing.B) { benchEachImplementation(b, benchDefaults) }

func benchEachImplementation(b *testing.B, settings func(db.Dialect) benchSettings) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		b.Run(string(dialect), func(b *testing.B) {
			for _, impl := range []string{"academy", "bare-river"} {
				b.Run(impl, func(b *testing.B) { runBusBenchmark(b, dialect, impl, settings(dialect)) })
			}
		})
	}
}

// benchSettings are the worker settings both implementations run with, and
// the shape of the latency phase.
type benchSettings struct {
	// Workers is the default queue's MaxWorkers (eventbus.Config.Workers).
	Workers int
	// PollInterval is River's FetchPollInterval (eventbus.Config.PollInterval);
	// FetchCooldown follows it as in eventbus.New.
	PollInterval time.Duration
	// LatencyActions Actions, one every Pace, are timed for p50 and p99. Pace
	// keeps the load well under what either implementation sustains.
	LatencyActions int
	Pace           time.Duration
}

// benchUnthrottled lifts River's fetch throttle out of the way. River fetches
// at most Workers jobs per FetchCooldown; at the bus's defaults that caps
// both implementations at 10 per 100ms = 100 deliveries/s; even at 10ms
// both measured the same ~715 deliveries/s on SQLite, held by the throttle,
// which hid the bus's own cost. At 2ms the cap is 5000/s, above what two
// cores deliver.
var benchUnthrottled = benchSettings{Workers: 10, PollInterval: 2 * time.Millisecond, LatencyActions: 150, Pace: 20 * time.Millisecond}

// benchDefaults mirrors eventbus.Config's defaults for each dialect.
func benchDefaults(dialect db.Dialect) benchSettings {
	s := benchSettings{Workers: 10, PollInterval: time.Second, LatencyActions: 40, Pace: 100 * time.Millisecond}
	if dialect == db.SQLite {
		s.PollInterval = 200 * time.Millisecond
	}
	return s
}

// fetchCooldown mirrors how eventbus.New derives River's FetchCooldown.
func (s benchSettings) fetchCooldown() time.Duration {
	return min(s.PollInterval, 100*time.Millisecond)
}

const (
	// benchProducers is how many goroutines run Actions at once, like
	// concurrent HTTP requests.
	benchProducers = 4
	// benchDeadline fails a run whose deliveries stop arriving.
	benchDeadline = 2 * time.Minute
)

// benchListeners are the three listeners every event is delivered to.
var benchListeners = []string{"bench.A", "bench.B", "bench.C"}

type benchThingRecorded struct {
	ThingID    string    `json:"thingId"`
	Seq        int       `json:"seq"`
	OccurredAt time.Time `json:"occurredAt"`
}

func (benchThingRecorded) EventName() string { return "bench.ThingRecorded" }
func (benchThingRecorded) EventVersion() int { return 1 }

// benchSystem is one implementation under test.
type benchSystem interface {
	// record records the event of the Action seq in tx, with one delivery
	// per listener.
	record(ctx context.Context, tx *sql.Tx, seq int, at time.Time) error
	start(ctx context.Context) error
	stop(ctx context.Context) error
}

func runBusBenchmark(b *testing.B, dialect db.Dialect, impl string, s benchSettings) {
	ctx := context.Background()
	d := dbtest.Open(b, dialect)
	if _, err := d.ExecContext(ctx, `CREATE TABLE bench_things (id TEXT PRIMARY KEY, n INTEGER NOT NULL)`); err != nil {
		b.Fatalf("create business table: %v", err)
	}
	latencyActions := min(b.N, s.LatencyActions)
	probe := newBenchProbe(b.N + latencyActions)

	sys, err := newBenchSystem(impl, d, probe, s)
	if err != nil {
		b.Fatal(err)
	}
	if err := sys.start(ctx); err != nil {
		b.Fatal(err)
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := sys.stop(stopCtx); err != nil {
			b.Errorf("stop: %v", err)
		}
	}()
	act := func(seq int) error {
		err := db.InTx(ctx, d.DB, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO bench_things (id, n) VALUES ($1, $2)`,
				benchThingID(seq), seq); err != nil {
				return fmt.Errorf("write business row: %w", err)
			}
			return sys.record(ctx, tx, seq, time.Now())
		})
		probe.committed(seq)
		return err
	}

	// Throughput: b.N Actions as fast as benchProducers goroutines can commit
	// them, while the workers deliver.
	b.ResetTimer()
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, benchProducers)
	for range benchProducers {
		wg.Go(func() {
			for {
				seq := int(next.Add(1) - 1)
				if seq >= b.N {
					return
				}
				if err := act(seq); err != nil {
					errs <- fmt.Errorf("action %d: %w", seq, err)
					return
				}
			}
		})
	}
	wg.Wait()
	committedIn := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	if err := probe.wait(b.N * len(benchListeners)); err != nil {
		b.Fatal(err)
	}
	deliveredIn := time.Since(start)
	b.StopTimer()

	// Latency: paced Actions, one at a time, on an otherwise idle system.
	tick := time.NewTicker(s.Pace)
	defer tick.Stop()
	for seq := b.N; seq < b.N+latencyActions; seq++ {
		<-tick.C
		if err := act(seq); err != nil {
			b.Fatalf("action %d: %v", seq, err)
		}
	}
	if err := probe.wait((b.N + latencyActions) * len(benchListeners)); err != nil {
		b.Fatal(err)
	}
	lat := probe.latencies(b.N, b.N+latencyActions)

	b.ReportMetric(float64(b.N)/committedIn.Seconds(), "actions/s")
	b.ReportMetric(float64(b.N*len(benchListeners))/deliveredIn.Seconds(), "deliveries/s")
	b.ReportMetric(percentileMs(lat, 0.50), "p50-ms")
	b.ReportMetric(percentileMs(lat, 0.99), "p99-ms")
}

func newBenchSystem(impl string, d *db.DB, probe *benchProbe, s benchSettings) (benchSystem, error) {
	switch impl {
	case "academy":
		return newBenchBus(d, probe, s)
	case "bare-river":
		return newBenchBareRiver(d, probe, s)
	}
	return nil, fmt.Errorf("unknown implementation %q", impl)
}

func benchThingID(seq int) string { return fmt.Sprintf("thing-%d", seq) }

// benchProbe records when each Action committed and when each of its
// deliveries started, as offsets from a common monotonic base.
type benchProbe struct {
	base      time.Time
	commitAt  []atomic.Int64 // by seq
	startAt   []atomic.Int64 // by seq*len(benchListeners) + listener
	started   atomic.Int64
	progress  chan struct{} // signalled, without blocking, on every delivery
	timestamp func() int64
}

func newBenchProbe(actions int) *benchProbe {
	p := &benchProbe{
		base:     time.Now(),
		commitAt: make([]atomic.Int64, actions),
		startAt:  make([]atomic.Int64, actions*len(benchListeners)),
		progress: make(chan struct{}, 1),
	}
	// +1 keeps a real timestamp distinct from "not yet".
	p.timestamp = func() int64 { return int64(time.Since(p.base)) + 1 }
	return p
}

func (p *benchProbe) committed(seq int) { p.commitAt[seq].Store(p.timestamp()) }

// deliveryStarted is the whole of every listener's work. A repeated delivery
// of the same event to the same listener keeps its first start.
func (p *benchProbe) deliveryStarted(seq, listener int) {
	if p.startAt[seq*len(benchListeners)+listener].CompareAndSwap(0, p.timestamp()) {
		p.started.Add(1)
		select {
		case p.progress <- struct{}{}:
		default:
		}
	}
}

// wait waits until n deliveries have started, failing when none arrives for
// benchDeadline.
func (p *benchProbe) wait(n int) error {
	for p.started.Load() < int64(n) {
		select {
		case <-p.progress:
		case <-time.After(benchDeadline):
			return fmt.Errorf("deliveries stalled: %d of %d started", p.started.Load(), n)
		}
	}
	return nil
}

// latencies returns commit-to-handler delays of the Actions from seq to end.
func (p *benchProbe) latencies(from, to int) []time.Duration {
	out := make([]time.Duration, 0, (to-from)*len(benchListeners))
	for seq := from; seq < to; seq++ {
		for l := range benchListeners {
			out = append(out, time.Duration(p.startAt[seq*len(benchListeners)+l].Load()-p.commitAt[seq].Load()))
		}
	}
	slices.Sort(out)
	return out
}

// percentileMs reads the q-th percentile, nearest rank, of sorted durations.
func percentileMs(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := max(int(math.Ceil(q*float64(len(sorted))))-1, 0)
	return float64(sorted[i]) / float64(time.Millisecond)
}

// benchLogger formats every line as production would, but writes nowhere.
func benchLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// benchBus is the implementation under test: Record in the Action's
// transaction, three listeners through eventbus.Listen.
type benchBus struct{ bus *eventbus.Bus }

func newBenchBus(d *db.DB, probe *benchProbe, s benchSettings) (*benchBus, error) {
	bus, err := eventbus.New(eventbus.Config{DB: d, Logger: benchLogger(), Workers: s.Workers, PollInterval: s.PollInterval})
	if err != nil {
		return nil, err
	}
	if err := bus.Define(eventbus.Definition{
		Event: benchThingRecorded{}, Owner: "bench", Description: "A benchmark Action wrote a thing.",
		Emitters: []string{"bench.RecordThing"},
	}); err != nil {
		return nil, err
	}
	for l, name := range benchListeners {
		eventbus.Listen(bus, name, eventbus.ListenerOptions{},
			func(_ context.Context, d eventbus.Delivery[benchThingRecorded]) error {
				probe.deliveryStarted(d.Event.Seq, l)
				return nil
			})
	}
	return &benchBus{bus: bus}, nil
}

func (s *benchBus) record(ctx context.Context, tx *sql.Tx, seq int, at time.Time) error {
	return s.bus.Record(ctx, tx, benchThingRecorded{ThingID: benchThingID(seq), Seq: seq, OccurredAt: at})
}

func (s *benchBus) start(ctx context.Context) error { return s.bus.Start(ctx) }
func (s *benchBus) stop(ctx context.Context) error  { return s.bus.Stop(ctx) }

// benchBareArgs has the shape of the bus's delivery job: references only,
// unique on listener and event id.
type benchBareArgs struct {
	Listener  string `json:"listener" river:"unique"`
	EventID   string `json:"event_id" river:"unique"`
	EventName string `json:"event_name"`
}

func (benchBareArgs) Kind() string { return "bench.bare_delivery" }

// benchBareRiver is the baseline: the same transaction inserts the three
// delivery jobs itself with InsertManyTx, with no events log, on a River
// client configured as the bus configures its own.
type benchBareRiver struct {
	client    *river.Client[*sql.Tx]
	eventSeqs *sync.Map // event id -> Action seq, for the probe
}

func newBenchBareRiver(d *db.DB, probe *benchProbe, s benchSettings) (*benchBareRiver, error) {
	sys := &benchBareRiver{eventSeqs: &sync.Map{}}
	workers := river.NewWorkers()
	listeners := make(map[string]int, len(benchListeners))
	for l, name := range benchListeners {
		listeners[name] = l
	}
	river.AddWorker(workers, &benchBareWorker{probe: probe, listeners: listeners, eventSeqs: sys.eventSeqs})
	client, err := river.NewClient(d.RiverDriver(), &river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: s.Workers}},
		Workers:              workers,
		FetchPollInterval:    s.PollInterval,
		FetchCooldown:        s.fetchCooldown(),
		RescueStuckJobsAfter: time.Hour,
		JobTimeout:           -1,
		Logger:               slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	sys.client = client
	return sys, nil
}

func (s *benchBareRiver) record(ctx context.Context, tx *sql.Tx, seq int, _ time.Time) error {
	id, err := uuid.NewV7()
	if err != nil {
		return err
	}
	eventID := id.String()
	s.eventSeqs.Store(eventID, seq)
	jobs := make([]river.InsertManyParams, 0, len(benchListeners))
	for _, name := range benchListeners {
		jobs = append(jobs, river.InsertManyParams{
			Args:       benchBareArgs{Listener: name, EventID: eventID, EventName: benchThingRecorded{}.EventName()},
			InsertOpts: &river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}},
		})
	}
	_, err = s.client.InsertManyTx(ctx, tx, jobs)
	return err
}

func (s *benchBareRiver) start(ctx context.Context) error { return s.client.Start(ctx) }
func (s *benchBareRiver) stop(ctx context.Context) error  { return s.client.Stop(ctx) }

type benchBareWorker struct {
	river.WorkerDefaults[benchBareArgs]
	probe     *benchProbe
	listeners map[string]int
	eventSeqs *sync.Map
}

// Timeout matches the bus's default listener timeout.
func (w *benchBareWorker) Timeout(*river.Job[benchBareArgs]) time.Duration { return 30 * time.Second }

func (w *benchBareWorker) Work(_ context.Context, job *river.Job[benchBareArgs]) error {
	l, ok := w.listeners[job.Args.Listener]
	if !ok {
		return fmt.Errorf("unknown listener %q", job.Args.Listener)
	}
	seq, ok := w.eventSeqs.Load(job.Args.EventID)
	if !ok {
		return errors.New("unknown event " + job.Args.EventID)
	}
	w.probe.deliveryStarted(seq.(int), l)
	return nil
}
