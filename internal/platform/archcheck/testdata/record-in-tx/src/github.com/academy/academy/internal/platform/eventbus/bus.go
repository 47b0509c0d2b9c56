// Package eventbus stands in for the event bus.
package eventbus

import (
	"context"
	"database/sql"
	"time"

	"github.com/riverqueue/river"
)

type Event interface {
	EventName() string
	EventVersion() int
}

type Bus struct {
	river *river.Client[*sql.Tx]
}

var OwnedTables = []string{"domain_events", "processed_deliveries"}

func (b *Bus) Record(ctx context.Context, tx *sql.Tx, events ...Event) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO domain_events (name) VALUES ($1)", events[0].EventName())
	return err
}

func (b *Bus) ScheduleTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, at time.Time) error {
	return b.river.InsertTx(ctx, tx, args, nil)
}

func (b *Bus) Healthy() bool { return true }
