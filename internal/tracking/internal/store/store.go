// Package store is the tracking module's SQL. No other module may import it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/academy/academy/internal/platform/db"
)

// ErrNotFound is returned when a row does not exist.
var ErrNotFound = errors.New("not found")

// Conversion is a tracking_conversions row.
type Conversion struct {
	ID            string
	Kind          string
	SubjectID     string
	SourceEventID string
	ValueAmount   int64
	ValueCurrency string
	OccurredAt    time.Time
}

// FunnelStep is a tracking_funnel_steps row.
type FunnelStep struct {
	ID            string
	UserID        string
	Step          string
	SubjectID     string
	SourceEventID string
	OccurredAt    time.Time
}

// Querier is satisfied by *sql.DB and *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store runs the module's queries on a DB or a Tx.
type Store struct{}

// InsertConversion writes a conversion unless one with the same kind and
// source event exists, and reports whether it wrote it.
func (Store) InsertConversion(ctx context.Context, q Querier, c Conversion) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO tracking_conversions
		(id, kind, subject_id, source_event_id, value_amount, value_currency, occurred_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (kind, source_event_id) DO NOTHING`,
		c.ID, c.Kind, c.SubjectID, c.SourceEventID, c.ValueAmount, c.ValueCurrency, c.OccurredAt.UTC())
	if err != nil {
		return false, fmt.Errorf("insert conversion: %w", err)
	}
	return db.ChangedOne(res)
}

const conversionColumns = `id, kind, subject_id, source_event_id, value_amount, value_currency, occurred_at`

func scanConversion(row interface{ Scan(...any) error }) (Conversion, error) {
	var c Conversion
	err := row.Scan(&c.ID, &c.Kind, &c.SubjectID, &c.SourceEventID, &c.ValueAmount, &c.ValueCurrency, &c.OccurredAt)
	return c, err
}

// Conversion reads one conversion.
func (Store) Conversion(ctx context.Context, q Querier, id string) (Conversion, error) {
	c, err := scanConversion(q.QueryRowContext(ctx,
		`SELECT `+conversionColumns+` FROM tracking_conversions WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Conversion{}, ErrNotFound
	}
	if err != nil {
		return Conversion{}, fmt.Errorf("read conversion %s: %w", id, err)
	}
	return c, nil
}

// ConversionBySource reads the conversion of a kind recorded for a source event.
func (Store) ConversionBySource(ctx context.Context, q Querier, kind, sourceEventID string) (Conversion, error) {
	c, err := scanConversion(q.QueryRowContext(ctx,
		`SELECT `+conversionColumns+` FROM tracking_conversions WHERE kind = $1 AND source_event_id = $2`,
		kind, sourceEventID))
	if errors.Is(err, sql.ErrNoRows) {
		return Conversion{}, ErrNotFound
	}
	if err != nil {
		return Conversion{}, fmt.Errorf("read %s conversion of event %s: %w", kind, sourceEventID, err)
	}
	return c, nil
}

// ConversionsBySubject lists a subject's conversions, oldest first.
func (Store) ConversionsBySubject(ctx context.Context, q Querier, subjectID string) ([]Conversion, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+conversionColumns+` FROM tracking_conversions
		WHERE subject_id = $1 ORDER BY occurred_at, id`, subjectID)
	if err != nil {
		return nil, fmt.Errorf("list conversions of %s: %w", subjectID, err)
	}
	out, err := db.Collect(rows, scanConversion)
	if err != nil {
		return nil, fmt.Errorf("list conversions of %s: %w", subjectID, err)
	}
	return out, nil
}

// InsertFunnelStep writes a funnel step unless the user already completed
// it for the subject, and reports whether it wrote it.
func (Store) InsertFunnelStep(ctx context.Context, q Querier, s FunnelStep) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO tracking_funnel_steps
		(id, user_id, step, subject_id, source_event_id, occurred_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (user_id, step, subject_id) DO NOTHING`,
		s.ID, s.UserID, s.Step, s.SubjectID, s.SourceEventID, s.OccurredAt.UTC())
	if err != nil {
		return false, fmt.Errorf("insert funnel step: %w", err)
	}
	return db.ChangedOne(res)
}

const funnelStepColumns = `id, user_id, step, subject_id, source_event_id, occurred_at`

func scanFunnelStep(row interface{ Scan(...any) error }) (FunnelStep, error) {
	var s FunnelStep
	err := row.Scan(&s.ID, &s.UserID, &s.Step, &s.SubjectID, &s.SourceEventID, &s.OccurredAt)
	return s, err
}

// FunnelStep reads one funnel step.
func (Store) FunnelStep(ctx context.Context, q Querier, id string) (FunnelStep, error) {
	s, err := scanFunnelStep(q.QueryRowContext(ctx,
		`SELECT `+funnelStepColumns+` FROM tracking_funnel_steps WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return FunnelStep{}, ErrNotFound
	}
	if err != nil {
		return FunnelStep{}, fmt.Errorf("read funnel step %s: %w", id, err)
	}
	return s, nil
}

// FunnelStepOf reads the funnel step a user completed for a subject.
func (Store) FunnelStepOf(ctx context.Context, q Querier, userID, step, subjectID string) (FunnelStep, error) {
	s, err := scanFunnelStep(q.QueryRowContext(ctx,
		`SELECT `+funnelStepColumns+` FROM tracking_funnel_steps WHERE user_id = $1 AND step = $2 AND subject_id = $3`,
		userID, step, subjectID))
	if errors.Is(err, sql.ErrNoRows) {
		return FunnelStep{}, ErrNotFound
	}
	if err != nil {
		return FunnelStep{}, fmt.Errorf("read %s step of %s: %w", step, userID, err)
	}
	return s, nil
}

// FunnelStepsOfUser lists a user's completed funnel steps, oldest first.
func (Store) FunnelStepsOfUser(ctx context.Context, q Querier, userID string) ([]FunnelStep, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+funnelStepColumns+` FROM tracking_funnel_steps
		WHERE user_id = $1 ORDER BY occurred_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("list funnel steps of %s: %w", userID, err)
	}
	out, err := db.Collect(rows, scanFunnelStep)
	if err != nil {
		return nil, fmt.Errorf("list funnel steps of %s: %w", userID, err)
	}
	return out, nil
}
