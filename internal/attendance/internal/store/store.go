// Package store is the attendance module's SQL. No other module may import it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/academy/academy/internal/platform/db"
)

var (
	// ErrNotFound is returned when a row does not exist.
	ErrNotFound = errors.New("not found")
	// ErrSessionExists is returned when the course session already has a
	// roll call that is not cancelled.
	ErrSessionExists = errors.New("course session has a live attendance session")
)

// Session is an attendance_sessions row.
type Session struct {
	ID              string
	CourseSessionID string
	StartsAt        time.Time
	EndsAt          time.Time
	Status          string
	CreatedBy       string
	CreatedAt       time.Time
	CancelledAt     sql.NullTime
}

// Mark is an attendance_marks row.
type Mark struct {
	ID                  string
	AttendanceSessionID string
	UserID              string
	Status              string
	MarkedBy            string
	MarkedAt            time.Time
	CreatedAt           time.Time
}

// NoShow is an attendance_no_shows row.
type NoShow struct {
	AttendanceSessionID string
	UserID              string
	DetectedAt          time.Time
}

// Querier is satisfied by *sql.DB and *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store runs the module's queries on a DB or a Tx.
type Store struct{}

// InsertSession writes a new attendance session, or returns
// ErrSessionExists when its course session already has one that is not
// cancelled. A partial unique index decides, so two concurrent requests
// cannot both win.
func (Store) InsertSession(ctx context.Context, q Querier, s Session) error {
	res, err := q.ExecContext(ctx, `INSERT INTO attendance_sessions
		(id, course_session_id, starts_at, ends_at, status, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT DO NOTHING`,
		s.ID, s.CourseSessionID, s.StartsAt.UTC(), s.EndsAt.UTC(), s.Status, s.CreatedBy, s.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert attendance session: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("insert attendance session: %w", err)
	}
	if n == 0 {
		return ErrSessionExists
	}
	return nil
}

// Session reads one attendance session.
func (Store) Session(ctx context.Context, q Querier, id string) (Session, error) {
	var s Session
	err := q.QueryRowContext(ctx, `SELECT id, course_session_id, starts_at, ends_at, status,
		created_by, created_at, cancelled_at
		FROM attendance_sessions WHERE id = $1`, id).
		Scan(&s.ID, &s.CourseSessionID, &s.StartsAt, &s.EndsAt, &s.Status, &s.CreatedBy, &s.CreatedAt, &s.CancelledAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("read attendance session %s: %w", id, err)
	}
	return s, nil
}

// CancelSession moves an open session to cancelled and reports whether it
// did; false means another transaction cancelled it first.
func (Store) CancelSession(ctx context.Context, q Querier, id string, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE attendance_sessions SET status = 'cancelled', cancelled_at = $2
		WHERE id = $1 AND status = 'open'`, id, at.UTC())
	if err != nil {
		return false, fmt.Errorf("cancel attendance session %s: %w", id, err)
	}
	return db.ChangedOne(res)
}

const markColumns = `id, attendance_session_id, user_id, status, marked_by, marked_at, created_at`

func scanMark(row interface{ Scan(...any) error }) (Mark, error) {
	var m Mark
	err := row.Scan(&m.ID, &m.AttendanceSessionID, &m.UserID, &m.Status, &m.MarkedBy, &m.MarkedAt, &m.CreatedAt)
	return m, err
}

// Mark reads one attendance mark.
func (Store) Mark(ctx context.Context, q Querier, id string) (Mark, error) {
	m, err := scanMark(q.QueryRowContext(ctx, `SELECT `+markColumns+` FROM attendance_marks WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Mark{}, ErrNotFound
	}
	if err != nil {
		return Mark{}, fmt.Errorf("read attendance mark %s: %w", id, err)
	}
	return m, nil
}

// MarkOf reads a student's mark in a session.
func (Store) MarkOf(ctx context.Context, q Querier, sessionID, userID string) (Mark, error) {
	m, err := scanMark(q.QueryRowContext(ctx, `SELECT `+markColumns+` FROM attendance_marks
		WHERE attendance_session_id = $1 AND user_id = $2`, sessionID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return Mark{}, ErrNotFound
	}
	if err != nil {
		return Mark{}, fmt.Errorf("read mark of %s in attendance session %s: %w", userID, sessionID, err)
	}
	return m, nil
}

// Marks lists a session's marks, oldest first.
func (Store) Marks(ctx context.Context, q Querier, sessionID string) ([]Mark, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+markColumns+` FROM attendance_marks
		WHERE attendance_session_id = $1 ORDER BY created_at, id`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("list marks of attendance session %s: %w", sessionID, err)
	}
	out, err := db.Collect(rows, scanMark)
	if err != nil {
		return nil, fmt.Errorf("list marks of attendance session %s: %w", sessionID, err)
	}
	return out, nil
}

// InsertMark writes a student's first mark in a session and reports
// whether it did; false means the student already has one.
func (Store) InsertMark(ctx context.Context, q Querier, m Mark) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO attendance_marks
		(id, attendance_session_id, user_id, status, marked_by, marked_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (attendance_session_id, user_id) DO NOTHING`,
		m.ID, m.AttendanceSessionID, m.UserID, m.Status, m.MarkedBy, m.MarkedAt.UTC(), m.CreatedAt.UTC())
	if err != nil {
		return false, fmt.Errorf("insert attendance mark: %w", err)
	}
	return db.ChangedOne(res)
}

// UpdateMark changes a mark's status from one value to another and reports
// whether it did; false means another transaction changed it first.
func (Store) UpdateMark(ctx context.Context, q Querier, id, from, to, by string, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE attendance_marks SET status = $3, marked_by = $4, marked_at = $5
		WHERE id = $1 AND status = $2`, id, from, to, by, at.UTC())
	if err != nil {
		return false, fmt.Errorf("update attendance mark %s: %w", id, err)
	}
	return db.ChangedOne(res)
}

// InsertNoShow stores a detected no-show and reports whether it is new.
func (Store) InsertNoShow(ctx context.Context, q Querier, n NoShow) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO attendance_no_shows (attendance_session_id, user_id, detected_at)
		VALUES ($1, $2, $3) ON CONFLICT (attendance_session_id, user_id) DO NOTHING`,
		n.AttendanceSessionID, n.UserID, n.DetectedAt.UTC())
	if err != nil {
		return false, fmt.Errorf("insert no-show: %w", err)
	}
	return db.ChangedOne(res)
}

// NoShows lists a session's detected no-shows, oldest first.
func (Store) NoShows(ctx context.Context, q Querier, sessionID string) ([]NoShow, error) {
	rows, err := q.QueryContext(ctx, `SELECT attendance_session_id, user_id, detected_at FROM attendance_no_shows
		WHERE attendance_session_id = $1 ORDER BY detected_at, user_id`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("list no-shows of attendance session %s: %w", sessionID, err)
	}
	out, err := db.Collect(rows, func(row db.Scanner) (NoShow, error) {
		var n NoShow
		err := row.Scan(&n.AttendanceSessionID, &n.UserID, &n.DetectedAt)
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("list no-shows of attendance session %s: %w", sessionID, err)
	}
	return out, nil
}
