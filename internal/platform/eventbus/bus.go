package eventbus

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
)

// OwnedTables lists the tables only the bus writes. River's own river_*
// tables are written by River, through the bus.
var OwnedTables = []string{"domain_events", "processed_deliveries"}

// Config configures a Bus.
type Config struct {
	// DB is the database the events log and River's jobs live in.
	DB *db.DB
	// Clock fixes "now" for idempotency records. Defaults to the system clock.
	Clock clock.Clock
	// Logger receives one line per delivery outcome. Defaults to slog.Default().
	Logger *slog.Logger
	// Workers is how many deliveries and jobs this process runs at once when
	// started. Defaults to 10.
	Workers int
	// PollInterval is how often workers look for due jobs when no
	// notification arrives. SQLite has no LISTEN/NOTIFY, so this bounds its
	// delivery latency. Defaults to 200ms on SQLite and 1s on PostgreSQL.
	PollInterval time.Duration
	// RescueStuckAfter is how long a delivery may stay running before it is
	// considered lost with a dead process and run again. It must exceed every
	// listener's timeout. Defaults to 1 hour.
	RescueStuckAfter time.Duration
}

func (c *Config) withDefaults() Config {
	out := *c
	out.Clock = cmp.Or[clock.Clock](out.Clock, clock.System{})
	out.Logger = cmp.Or(out.Logger, slog.Default())
	out.Workers = cmp.Or(out.Workers, 10)
	if out.PollInterval == 0 {
		out.PollInterval = time.Second
		if out.DB != nil && out.DB.Dialect == db.SQLite {
			out.PollInterval = 200 * time.Millisecond
		}
	}
	out.RescueStuckAfter = cmp.Or(out.RescueStuckAfter, time.Hour)
	return out
}

func (c *Config) validate() error {
	if c.DB == nil {
		return errors.New("eventbus: Config.DB is required")
	}
	if c.Workers < 1 || c.Workers > 10_000 {
		return fmt.Errorf("eventbus: Workers must be between 1 and 10000, got %d", c.Workers)
	}
	return nil
}

// Bus records domain events inside Actions' transactions and delivers them
// to listeners, after commit, as River jobs.
type Bus struct {
	cfg      Config
	db       *db.DB
	registry *registry
	workers  *river.Workers
	river    *river.Client[*sql.Tx]
	log      *slog.Logger

	stmtMu    sync.Mutex
	eventStmt *sql.Stmt // see eventByID
}

// New builds a bus. Define events and register listeners and jobs on it
// before calling Start.
func New(cfg Config) (*Bus, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	b := &Bus{cfg: cfg, db: cfg.DB, registry: newRegistry(), workers: river.NewWorkers(), log: cfg.Logger}
	river.AddWorker(b.workers, &deliveryWorker{bus: b})
	client, err := river.NewClient(cfg.DB.RiverDriver(), &river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:              b.workers,
		FetchPollInterval:    cfg.PollInterval,
		FetchCooldown:        min(cfg.PollInterval, 100*time.Millisecond),
		RescueStuckJobsAfter: cfg.RescueStuckAfter,
		JobTimeout:           -1, // each listener and job sets its own timeout
		Logger:               riverLogger(cfg.Logger),
	})
	if err != nil {
		return nil, fmt.Errorf("eventbus: river client: %w", err)
	}
	b.river = client
	return b, nil
}

// riverLogger keeps River's own chatter to warnings and errors; the bus logs
// each delivery itself.
func riverLogger(l *slog.Logger) *slog.Logger {
	return slog.New(levelFilter{Handler: l.Handler(), min: slog.LevelWarn})
}

type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (h levelFilter) Enabled(ctx context.Context, level slog.Level) bool {
	return level >= h.min && h.Handler.Enabled(ctx, level)
}

func (h levelFilter) WithAttrs(attrs []slog.Attr) slog.Handler {
	return levelFilter{Handler: h.Handler.WithAttrs(attrs), min: h.min}
}

func (h levelFilter) WithGroup(name string) slog.Handler {
	return levelFilter{Handler: h.Handler.WithGroup(name), min: h.min}
}

// Define registers event definitions. It fails on a duplicate name, a
// missing description or emitter, or a contract that breaks the shape rules.
func (b *Bus) Define(defs ...Definition) error {
	for _, def := range defs {
		if err := b.registry.define(def); err != nil {
			return err
		}
	}
	return nil
}

// Events lists every defined event with its listeners, sorted by name.
func (b *Bus) Events() []EventInfo { return b.registry.list() }

// Start starts working deliveries and jobs in the background. Only Stop
// ends them: ctx's cancellation is deliberately not passed on, because
// River would take it as a hard stop and cancel running deliveries at once,
// leaving no grace period for a graceful shutdown.
func (b *Bus) Start(ctx context.Context) error {
	if err := b.river.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("eventbus: start workers: %w", err)
	}
	return nil
}

// Stop stops taking new work and waits for running deliveries to finish.
// When ctx ends first, running deliveries are cancelled; River puts them
// back in the queue as retryable, so none is lost.
func (b *Bus) Stop(ctx context.Context) error {
	err := b.river.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		cancelCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = b.river.StopAndCancel(cancelCtx)
	}
	if err != nil {
		return fmt.Errorf("eventbus: stop workers: %w", err)
	}
	return nil
}

// Close releases the bus's prepared statements. Call it after Stop.
func (b *Bus) Close() error {
	b.stmtMu.Lock()
	defer b.stmtMu.Unlock()
	if b.eventStmt == nil {
		return nil
	}
	err := b.eventStmt.Close()
	b.eventStmt = nil
	return err
}

// Healthy reports whether the workers are running, for readiness checks.
func (b *Bus) Healthy() bool {
	select {
	case <-b.river.Stopped():
		return false
	default:
		return true
	}
}

// Record records events as part of tx: it appends each one to the
// domain_events log and inserts one delivery job per registered listener.
// Nothing is delivered unless tx commits. There is deliberately no way to
// publish outside a transaction.
func (b *Bus) Record(ctx context.Context, tx *sql.Tx, events ...Event) error {
	md := MetadataFrom(ctx)
	var jobs []river.InsertManyParams
	for _, ev := range events {
		entry, ok := b.registry.events[ev.EventName()]
		if !ok {
			return fmt.Errorf("record %s: event is not defined", ev.EventName())
		}
		if got := reflect.TypeOf(ev); got != entry.typ {
			return fmt.Errorf("record %s: type %v does not match the defined %v", ev.EventName(), got, entry.typ)
		}
		at := occurredAt(ev)
		if at.IsZero() {
			return fmt.Errorf("record %s: OccurredAt is not set", ev.EventName())
		}
		id, err := uuid.NewV7()
		if err != nil {
			return fmt.Errorf("record %s: event id: %w", ev.EventName(), err)
		}
		payload, err := json.Marshal(ev)
		if err != nil {
			return fmt.Errorf("record %s: encode payload: %w", ev.EventName(), err)
		}
		eventID := id.String()
		correlationID := cmp.Or(md.CorrelationID, eventID)
		if _, err := tx.ExecContext(ctx, `INSERT INTO domain_events
			(id, name, version, aggregate_id, payload, occurred_at, actor, correlation_id, causation_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			eventID, ev.EventName(), ev.EventVersion(), aggregateID(ev), string(payload), at.UTC(),
			md.Actor, correlationID, md.CausationID); err != nil {
			return fmt.Errorf("record %s: write events log: %w", ev.EventName(), err)
		}
		for _, l := range entry.info.Listeners {
			jobs = append(jobs, b.registry.listeners[l.Name].insertParams(eventID, ev.EventName()))
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	if _, err := b.river.InsertManyTx(ctx, tx, jobs); err != nil {
		return fmt.Errorf("record events: insert deliveries: %w", err)
	}
	return nil
}
