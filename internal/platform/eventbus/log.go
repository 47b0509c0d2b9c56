package eventbus

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/academy/academy/internal/platform/db"
)

// ErrEventNotFound is returned when no recorded event has the given id.
var ErrEventNotFound = errors.New("event not found")

// RecordedEvent is one row of the domain_events log.
type RecordedEvent struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Version       int             `json:"version"`
	AggregateID   string          `json:"aggregateId"`
	Payload       json.RawMessage `json:"payload"`
	OccurredAt    time.Time       `json:"occurredAt"`
	Actor         string          `json:"actor"`
	CorrelationID string          `json:"correlationId"`
	CausationID   string          `json:"causationId,omitempty"`
}

const eventColumns = `id, name, version, aggregate_id, payload, occurred_at, actor, correlation_id, causation_id`

func scanEvent(row interface{ Scan(...any) error }) (RecordedEvent, error) {
	var ev RecordedEvent
	var payload string
	err := row.Scan(&ev.ID, &ev.Name, &ev.Version, &ev.AggregateID, &payload, &ev.OccurredAt,
		&ev.Actor, &ev.CorrelationID, &ev.CausationID)
	ev.Payload = json.RawMessage(payload)
	ev.OccurredAt = ev.OccurredAt.UTC()
	return ev, err
}

// Event reads one recorded event by id.
func (b *Bus) Event(ctx context.Context, id string) (RecordedEvent, error) {
	stmt, err := b.eventByID(ctx)
	if err != nil {
		return RecordedEvent{}, fmt.Errorf("read event %s: %w", id, err)
	}
	ev, err := scanEvent(stmt.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return RecordedEvent{}, fmt.Errorf("event %s: %w", id, ErrEventNotFound)
	}
	if err != nil {
		return RecordedEvent{}, fmt.Errorf("read event %s: %w", id, err)
	}
	return ev, nil
}

const eventByIDQuery = `SELECT ` + eventColumns + ` FROM domain_events WHERE id = $1`

// eventByID returns the statement that loads one event, prepared once:
// every delivery runs it, and SQLite would otherwise parse it each time.
// A failed prepare (no schema yet) is not cached.
func (b *Bus) eventByID(ctx context.Context) (*sql.Stmt, error) {
	b.stmtMu.Lock()
	defer b.stmtMu.Unlock()
	if b.eventStmt == nil {
		stmt, err := b.db.PrepareContext(ctx, eventByIDQuery)
		if err != nil {
			return nil, err
		}
		b.eventStmt = stmt
	}
	return b.eventStmt, nil
}

// EventQuery filters the events log. Zero fields do not filter.
type EventQuery struct {
	Name        string
	AggregateID string
	// Since and Until bound occurred_at: Since <= occurred_at < Until.
	Since, Until time.Time
	// After is a cursor: only events whose id sorts after this one. Ids
	// are UUIDv7, taken when an Action records, not when it commits; on
	// PostgreSQL, where Actions commit concurrently, an event recorded
	// just before the cursor's but committed after it can be passed over.
	// Page through the log to browse it; listeners, not the log, are how
	// code reacts to every event.
	After string
	// Limit caps the page size: 1 to 500, default 100.
	Limit int
}

// ListEvents reads the events log in recording order.
func (b *Bus) ListEvents(ctx context.Context, q EventQuery) ([]RecordedEvent, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if q.Name != "" {
		add("name = $%d", q.Name)
	}
	if q.AggregateID != "" {
		add("aggregate_id = $%d", q.AggregateID)
	}
	if !q.Since.IsZero() {
		add("occurred_at >= $%d", q.Since.UTC())
	}
	if !q.Until.IsZero() {
		add("occurred_at < $%d", q.Until.UTC())
	}
	if q.After != "" {
		add("id > $%d", q.After)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 500)
	query := `SELECT ` + eventColumns + ` FROM domain_events`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	query += fmt.Sprintf(` ORDER BY id LIMIT %d`, limit)
	rows, err := b.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	out, err := db.Collect(rows, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return out, nil
}
