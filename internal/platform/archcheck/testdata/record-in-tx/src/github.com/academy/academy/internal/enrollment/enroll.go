// Package enrollment is a fixture for rule record-in-tx.
package enrollment

import (
	"context"
	"database/sql"

	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/riverqueue/river"
)

type Module struct {
	bus   *eventbus.Bus
	river *river.Client[*sql.Tx]
}

type reminder struct{}

func (reminder) Kind() string { return "enrollment.reminder" }

func (m *Module) Enroll(ctx context.Context, tx *sql.Tx) error {
	_, _ = tx.ExecContext(ctx, "INSERT INTO domain_events (name) VALUES ($1)", "x") // want `internal/enrollment writes the event bus's table domain_events \(INSERT\) with SQL`
	_, _ = tx.ExecContext(ctx, `UPDATE river_job SET state = 'available'`)          // want `table river_job \(UPDATE\) with SQL`
	_, _ = tx.ExecContext(ctx, "DELETE FROM processed_deliveries")                  // want `table processed_deliveries \(DELETE\)`
	_, _ = tx.QueryContext(ctx, "SELECT id FROM domain_events")
	_ = m.river.InsertTx(ctx, tx, reminder{}, nil) // want `internal/enrollment calls River's InsertTx directly`
	_ = m.river.Stop(ctx)
	_ = m.bus.Record(ctx, nil) // want `passes a nil transaction to \(\*eventbus.Bus\).Record`
	_ = m.bus.ScheduleTx(ctx, tx, reminder{}, noTime)
	return m.bus.Record(ctx, tx)
}
