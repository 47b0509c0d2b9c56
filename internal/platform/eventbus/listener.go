package eventbus

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/riverqueue/river"
)

// ListenerOptions tune one listener's delivery.
type ListenerOptions struct {
	// Description says in one line what the listener does (for the catalog).
	Description string
	// Idempotency says why running the listener twice has its effect once.
	Idempotency string
	// MaxAttempts is how many times a delivery is tried before it is
	// discarded and left for `academy events retry`. Defaults to 10.
	MaxAttempts int
	// Timeout bounds one attempt. Defaults to 30s.
	Timeout time.Duration
	// Backoff gives the wait before the next attempt, after the given
	// attempt failed. Defaults to 2^attempt seconds, capped at one hour.
	Backoff func(attempt int) time.Duration
}

// Delivery is one listener's delivery of one event.
type Delivery[E Event] struct {
	// Event is the typed event, decoded from the log.
	Event E
	// Envelope is the event's recording metadata and the delivery attempt.
	Envelope Envelope
}

// Envelope carries what the log knows about a recorded event, plus the
// delivery attempt.
type Envelope struct {
	EventID       string
	EventName     string
	Listener      string
	Attempt       int
	CorrelationID string
	CausationID   string
	Actor         string
}

// Key is the delivery's stable idempotency key: listener name + event id.
func (e Envelope) Key() string { return e.Listener + ":" + e.EventID }

// Handler handles one delivery. Returning an error retries it later.
type Handler[E Event] func(ctx context.Context, d Delivery[E]) error

type listener struct {
	info    ListenerInfo
	opts    ListenerOptions
	deliver func(ctx context.Context, rec RecordedEvent, attempt int) error
}

// Listen registers a durable listener for events of type E under a stable
// name, "<module>.<Reaction>". Every event of type E recorded after this call
// gets one delivery job for it, in the recording transaction.
//
// It panics when the name is taken or E is not defined: both are wiring
// mistakes that must stop the program at start-up.
func Listen[E Event](b *Bus, name string, opts ListenerOptions, handle Handler[E]) {
	var zero E
	l := &listener{
		info: ListenerInfo{Name: name, Event: zero.EventName(), Description: opts.Description, Idempotency: opts.Idempotency},
		opts: opts,
	}
	l.opts.MaxAttempts = cmp.Or(l.opts.MaxAttempts, 10)
	l.opts.Timeout = cmp.Or(l.opts.Timeout, 30*time.Second)
	if l.opts.Backoff == nil {
		l.opts.Backoff = defaultBackoff
	}
	l.deliver = func(ctx context.Context, rec RecordedEvent, attempt int) error {
		var ev E
		if err := json.Unmarshal(rec.Payload, &ev); err != nil {
			return fmt.Errorf("decode %s %s: %w", rec.Name, rec.ID, err)
		}
		return handle(ctx, Delivery[E]{Event: ev, Envelope: Envelope{
			EventID: rec.ID, EventName: rec.Name, Listener: name, Attempt: attempt,
			CorrelationID: rec.CorrelationID, CausationID: rec.CausationID, Actor: rec.Actor,
		}})
	}
	if err := b.registry.addListener(l); err != nil {
		panic("eventbus: " + err.Error())
	}
}

func defaultBackoff(attempt int) time.Duration {
	return time.Duration(math.Min(math.Pow(2, float64(attempt)), 3600)) * time.Second
}

// deliveryArgs is the River job for one listener and one event. It holds
// only references: the event itself stays in the domain_events log.
type deliveryArgs struct {
	Listener  string `json:"listener" river:"unique"`
	EventID   string `json:"event_id" river:"unique"`
	EventName string `json:"event_name"`
}

const deliveryKind = "academy.delivery"

func (deliveryArgs) Kind() string { return deliveryKind }

func (l *listener) insertParams(eventID, eventName string) river.InsertManyParams {
	return river.InsertManyParams{
		Args: deliveryArgs{Listener: l.info.Name, EventID: eventID, EventName: eventName},
		InsertOpts: &river.InsertOpts{
			MaxAttempts: l.opts.MaxAttempts,
			// Unique on listener + event id: recording or retrying can never
			// make a second live delivery of the same event to one listener.
			UniqueOpts: river.UniqueOpts{ByArgs: true},
		},
	}
}

type deliveryWorker struct {
	river.WorkerDefaults[deliveryArgs]
	bus *Bus
}

func (w *deliveryWorker) listener(job *river.Job[deliveryArgs]) *listener {
	return w.bus.registry.listeners[job.Args.Listener]
}

func (w *deliveryWorker) Timeout(job *river.Job[deliveryArgs]) time.Duration {
	if l := w.listener(job); l != nil {
		return l.opts.Timeout
	}
	return 30 * time.Second
}

func (w *deliveryWorker) NextRetry(job *river.Job[deliveryArgs]) time.Time {
	backoff := defaultBackoff
	if l := w.listener(job); l != nil {
		backoff = l.opts.Backoff
	}
	return time.Now().Add(backoff(job.Attempt))
}

func (w *deliveryWorker) Work(ctx context.Context, job *river.Job[deliveryArgs]) error {
	l := w.listener(job)
	if l == nil {
		// An older or newer build may run a listener this one lacks. Retrying
		// lets a node that has it take the delivery.
		return fmt.Errorf("listener %q is not registered in this process", job.Args.Listener)
	}
	rec, err := w.bus.Event(ctx, job.Args.EventID)
	if err != nil {
		return fmt.Errorf("load event %s: %w", job.Args.EventID, err)
	}
	ctx = WithMetadata(ctx, Metadata{
		Actor:         "listener:" + l.info.Name,
		CorrelationID: rec.CorrelationID,
		CausationID:   rec.ID,
	})
	start := time.Now()
	err = l.deliver(ctx, rec, job.Attempt)
	attrs := []any{
		slog.String("listener", l.info.Name), slog.String("event", rec.Name),
		slog.String("event_id", rec.ID), slog.Int("attempt", job.Attempt),
		slog.Duration("took", time.Since(start)),
	}
	if err != nil {
		w.bus.log.WarnContext(ctx, "listener failed", append(attrs, slog.String("error", err.Error()))...)
		return err
	}
	w.bus.log.InfoContext(ctx, "listener delivered", attrs...)
	return nil
}

// Once marks key as processed inside tx and reports whether this is the
// first time. A listener calls it in the same transaction as its effect and
// skips the effect when it returns false, so that a repeated delivery changes
// nothing:
//
//	first, err := eventbus.Once(ctx, tx, d.Envelope.Key(), now)
//	if err != nil || !first {
//		return err
//	}
func Once(ctx context.Context, tx *sql.Tx, key string, now time.Time) (bool, error) {
	if key == "" {
		return false, errors.New("eventbus.Once: empty key")
	}
	res, err := tx.ExecContext(ctx,
		`INSERT INTO processed_deliveries (key, processed_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
		key, now.UTC())
	if err != nil {
		return false, fmt.Errorf("mark %s processed: %w", key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark %s processed: %w", key, err)
	}
	return n == 1, nil
}
