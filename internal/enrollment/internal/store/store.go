// Package store is the enrollment module's SQL. No other module may import it.
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
	// ErrDuplicate is returned when the user already has an active
	// (pending or confirmed) enrollment in the course session.
	ErrDuplicate = errors.New("active enrollment exists")
	// ErrFull is returned when every seat of the course session is taken.
	ErrFull = errors.New("course session is full")
	// ErrStale is returned when a row's status changed since it was read.
	ErrStale = errors.New("enrollment changed concurrently")
)

// Enrollment is an enrollments row.
type Enrollment struct {
	ID              string
	CourseSessionID string
	UserID          string
	Source          string
	Status          string
	CancelReason    string // empty unless cancelled
	CreatedBy       string
	CreatedAt       time.Time
	ConfirmedAt     sql.NullTime
	CancelledAt     sql.NullTime
}

// Querier is satisfied by *sql.DB and *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store runs the module's queries on a DB or a Tx.
type Store struct {
	// forShare ends a SELECT that must keep the row from changing until the
	// reading transaction ends: FOR SHARE on PostgreSQL, which blocks a
	// concurrent UPDATE and makes the read wait for (and then see) one that
	// is uncommitted. SQLite has no row locks and needs none: _txlock=immediate
	// takes the write lock at BEGIN, so transactions never interleave.
	forShare string
}

// New returns the store for a database dialect.
func New(dialect db.Dialect) Store {
	if dialect == db.Postgres {
		return Store{forShare: " FOR SHARE"}
	}
	return Store{}
}

// InsertEnrollment writes a new enrollment, or returns ErrDuplicate when
// the user already holds an active one in the session. A partial unique
// index decides, so two concurrent requests cannot both win.
func (Store) InsertEnrollment(ctx context.Context, q Querier, e Enrollment) error {
	res, err := q.ExecContext(ctx, `INSERT INTO enrollments
		(id, course_session_id, user_id, source, status, cancel_reason, created_by, created_at, confirmed_at, cancelled_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT DO NOTHING`,
		e.ID, e.CourseSessionID, e.UserID, e.Source, e.Status, e.CancelReason, e.CreatedBy, e.CreatedAt.UTC(),
		db.UTCOrNull(e.ConfirmedAt), db.UTCOrNull(e.CancelledAt))
	if err != nil {
		return fmt.Errorf("insert enrollment: %w", err)
	}
	return affectedOne(res, ErrDuplicate, "insert enrollment")
}

// UpdateStatus saves a status change, provided the row still has status
// from. Otherwise it returns ErrStale: on PostgreSQL a concurrent change
// that committed first makes the WHERE clause fail.
func (Store) UpdateStatus(ctx context.Context, q Querier, e Enrollment, from string) error {
	res, err := q.ExecContext(ctx, `UPDATE enrollments
		SET status = $1, cancel_reason = $2, confirmed_at = $3, cancelled_at = $4
		WHERE id = $5 AND status = $6`,
		e.Status, e.CancelReason, db.UTCOrNull(e.ConfirmedAt), db.UTCOrNull(e.CancelledAt), e.ID, from)
	if err != nil {
		return fmt.Errorf("update enrollment %s: %w", e.ID, err)
	}
	return affectedOne(res, ErrStale, "update enrollment "+e.ID)
}

// TakeSeat takes one seat in a course session with the given capacity, or
// returns ErrFull. The conditional upsert is one statement, so concurrent
// enrollments cannot overbook.
func (Store) TakeSeat(ctx context.Context, q Querier, courseSessionID string, capacity int) error {
	res, err := q.ExecContext(ctx, `INSERT INTO enrollment_session_seats (course_session_id, taken)
		VALUES ($1, 1)
		ON CONFLICT (course_session_id) DO UPDATE SET taken = enrollment_session_seats.taken + 1
		WHERE enrollment_session_seats.taken < $2`,
		courseSessionID, capacity)
	if err != nil {
		return fmt.Errorf("take seat in course session %s: %w", courseSessionID, err)
	}
	return affectedOne(res, ErrFull, "take seat in course session "+courseSessionID)
}

// FreeSeat gives back one seat in a course session.
func (Store) FreeSeat(ctx context.Context, q Querier, courseSessionID string) error {
	_, err := q.ExecContext(ctx, `UPDATE enrollment_session_seats SET taken = taken - 1
		WHERE course_session_id = $1 AND taken > 0`, courseSessionID)
	if err != nil {
		return fmt.Errorf("free seat in course session %s: %w", courseSessionID, err)
	}
	return nil
}

const enrollmentColumns = `id, course_session_id, user_id, source, status, cancel_reason, created_by, created_at, confirmed_at, cancelled_at`

type scanner = db.Scanner

func scanEnrollment(s scanner) (Enrollment, error) {
	var e Enrollment
	err := s.Scan(&e.ID, &e.CourseSessionID, &e.UserID, &e.Source, &e.Status, &e.CancelReason,
		&e.CreatedBy, &e.CreatedAt, &e.ConfirmedAt, &e.CancelledAt)
	return e, err
}

// Enrollment reads one enrollment.
func (Store) Enrollment(ctx context.Context, q Querier, id string) (Enrollment, error) {
	return readEnrollment(ctx, q, id, "")
}

// EnrollmentForShare reads one enrollment in tx and, on PostgreSQL, locks
// it against concurrent change until tx ends.
func (s Store) EnrollmentForShare(ctx context.Context, tx *sql.Tx, id string) (Enrollment, error) {
	return readEnrollment(ctx, tx, id, s.forShare)
}

func readEnrollment(ctx context.Context, q Querier, id, lock string) (Enrollment, error) {
	e, err := scanEnrollment(q.QueryRowContext(ctx, `SELECT `+enrollmentColumns+` FROM enrollments WHERE id = $1`+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Enrollment{}, ErrNotFound
	}
	if err != nil {
		return Enrollment{}, fmt.Errorf("read enrollment %s: %w", id, err)
	}
	return e, nil
}

// EnrollmentsBySession lists a course session's enrollments, oldest first.
func (Store) EnrollmentsBySession(ctx context.Context, q Querier, courseSessionID string) ([]Enrollment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+enrollmentColumns+` FROM enrollments
		WHERE course_session_id = $1 ORDER BY created_at, id`, courseSessionID)
	if err != nil {
		return nil, fmt.Errorf("list enrollments of course session %s: %w", courseSessionID, err)
	}
	out, err := db.Collect(rows, scanEnrollment)
	if err != nil {
		return nil, fmt.Errorf("list enrollments of course session %s: %w", courseSessionID, err)
	}
	return out, nil
}

// UserIDsByStatus lists the user ids of a course session's enrollments in
// one status, oldest enrollment first.
func (Store) UserIDsByStatus(ctx context.Context, q Querier, courseSessionID, status string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id FROM enrollments
		WHERE course_session_id = $1 AND status = $2 ORDER BY created_at, id`, courseSessionID, status)
	if err != nil {
		return nil, fmt.Errorf("list %s users of course session %s: %w", status, courseSessionID, err)
	}
	out, err := db.Collect(rows, func(row db.Scanner) (string, error) {
		var id string
		err := row.Scan(&id)
		return id, err
	})
	if err != nil {
		return nil, fmt.Errorf("list %s users of course session %s: %w", status, courseSessionID, err)
	}
	return out, nil
}

func affectedOne(res sql.Result, none error, what string) error {
	changed, err := db.ChangedOne(res)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !changed {
		return none
	}
	return nil
}
