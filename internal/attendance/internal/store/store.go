// Package store is the attendance module's SQL. No other module may import it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrNotFound is returned when a row does not exist.
var ErrNotFound = errors.New("not found")

// Session is an attendance_sessions row.
type Session struct {
	ID              string
	CourseSessionID string
	StartsAt        time.Time
	EndsAt          time.Time
	CreatedBy       string
	CreatedAt       time.Time
}

// Querier is satisfied by *sql.DB and *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store runs the module's queries on a DB or a Tx.
type Store struct{}

// InsertSession writes a new attendance session.
func (Store) InsertSession(ctx context.Context, q Querier, s Session) error {
	_, err := q.ExecContext(ctx, `INSERT INTO attendance_sessions
		(id, course_session_id, starts_at, ends_at, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		s.ID, s.CourseSessionID, s.StartsAt.UTC(), s.EndsAt.UTC(), s.CreatedBy, s.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert attendance session: %w", err)
	}
	return nil
}

// Session reads one attendance session.
func (Store) Session(ctx context.Context, q Querier, id string) (Session, error) {
	var s Session
	err := q.QueryRowContext(ctx, `SELECT id, course_session_id, starts_at, ends_at, created_by, created_at
		FROM attendance_sessions WHERE id = $1`, id).
		Scan(&s.ID, &s.CourseSessionID, &s.StartsAt, &s.EndsAt, &s.CreatedBy, &s.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("read attendance session %s: %w", id, err)
	}
	return s, nil
}
