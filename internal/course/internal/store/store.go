// Package store is the course module's SQL. No other module may import it.
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

// Course is a courses row.
type Course struct {
	ID            string
	Title         string
	PriceAmount   int64
	DepositAmount int64
	Currency      string
	CreatedBy     string
	CreatedAt     time.Time
}

// Session is a course_sessions row.
type Session struct {
	ID        string
	CourseID  string
	StartsAt  time.Time
	EndsAt    time.Time
	Capacity  int
	CreatedBy string
	CreatedAt time.Time
}

// Querier is satisfied by *sql.DB and *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store runs the module's queries on a DB or a Tx.
type Store struct{}

// InsertCourse writes a new course.
func (Store) InsertCourse(ctx context.Context, q Querier, c Course) error {
	_, err := q.ExecContext(ctx, `INSERT INTO courses
		(id, title, price_amount, deposit_amount, currency, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		c.ID, c.Title, c.PriceAmount, c.DepositAmount, c.Currency, c.CreatedBy, c.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert course: %w", err)
	}
	return nil
}

// Course reads one course.
func (Store) Course(ctx context.Context, q Querier, id string) (Course, error) {
	var c Course
	err := q.QueryRowContext(ctx, `SELECT id, title, price_amount, deposit_amount, currency, created_by, created_at
		FROM courses WHERE id = $1`, id).
		Scan(&c.ID, &c.Title, &c.PriceAmount, &c.DepositAmount, &c.Currency, &c.CreatedBy, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Course{}, ErrNotFound
	}
	if err != nil {
		return Course{}, fmt.Errorf("read course %s: %w", id, err)
	}
	return c, nil
}

// InsertSession writes a new course session.
func (Store) InsertSession(ctx context.Context, q Querier, s Session) error {
	_, err := q.ExecContext(ctx, `INSERT INTO course_sessions
		(id, course_id, starts_at, ends_at, capacity, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		s.ID, s.CourseID, s.StartsAt.UTC(), s.EndsAt.UTC(), s.Capacity, s.CreatedBy, s.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert course session: %w", err)
	}
	return nil
}

// Session reads one course session.
func (Store) Session(ctx context.Context, q Querier, id string) (Session, error) {
	var s Session
	err := q.QueryRowContext(ctx, `SELECT id, course_id, starts_at, ends_at, capacity, created_by, created_at
		FROM course_sessions WHERE id = $1`, id).
		Scan(&s.ID, &s.CourseID, &s.StartsAt, &s.EndsAt, &s.Capacity, &s.CreatedBy, &s.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("read course session %s: %w", id, err)
	}
	return s, nil
}
