// Package store is a fixture for rule cross-module-write.
package store

import (
	"errors"
	"fmt"
	"log/slog"
)

const insertEnrollment = `
	INSERT INTO enrollments (id, seats) VALUES ($1, $2)
	ON CONFLICT (id) DO UPDATE SET seats = excluded.seats`

const markPaid = `UPDATE payments SET status = 'paid' WHERE id = $1` // want `internal/enrollment/internal/store writes table payments \(UPDATE\), which belongs to payment`

const readPayments = `SELECT p.id FROM payments p JOIN enrollments e ON e.payment_id = p.id`

func queries(err error) []any {
	return []any{
		"delete from " + "public.payments where id = $1", // want `writes table payments \(DELETE\), which belongs to payment`
		`insert or replace into "Seats" (id) values (1)`, // own table, quoted and mixed case
		"INSERT INTO mystery_table (id) VALUES (1)",      // want `writes table mystery_table \(INSERT\), which no OwnedTables declares \(heuristic`
		"UPDATE outbox_messages AS m SET sent = 1",       // want `writes table outbox_messages \(UPDATE\), which belongs to platform/outbox`
		"INSERT INTO domain_events (name) VALUES ($1)",   // the bus's table: rule record-in-tx reports it
		"UPDATE river_job SET state = 'available'",       // River's table: rule record-in-tx
		"-- DELETE FROM payments\nSELECT 1",              // a comment
		fmt.Errorf("insert into payments: %w", err),      // an error message
		errors.New("delete from payments failed"),        // an error message
		"update the payments settings",                   // English, not UPDATE ... SET
		"TRUNCATE TABLE payments",                        // want `writes table payments \(TRUNCATE\), which belongs to payment`
	}
}

func logIt() { slog.Info("delete from payments skipped") }
