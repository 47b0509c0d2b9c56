// Package store is the webinar module's SQL. No other module may import it.
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

// Webinar is a webinars row.
type Webinar struct {
	ID         string
	Title      string
	StartsAt   time.Time
	EndsAt     time.Time
	Capacity   int
	Registered int
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Registration is a webinar_registrations row.
type Registration struct {
	ID           string
	WebinarID    string
	UserID       string
	Status       string
	RegisteredAt time.Time
	CancelledAt  sql.NullTime
	AttendedAt   sql.NullTime
}

// Reminder is a webinar_reminders row.
type Reminder struct {
	RegistrationID string
	Reminder       string
	TriggeredAt    time.Time
}

// Querier is satisfied by *sql.DB and *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store runs the module's queries on a DB or a Tx.
type Store struct{}

// InsertWebinar writes a new webinar.
func (Store) InsertWebinar(ctx context.Context, q Querier, w Webinar) error {
	_, err := q.ExecContext(ctx, `INSERT INTO webinars
		(id, title, starts_at, ends_at, capacity, registered, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		w.ID, w.Title, w.StartsAt.UTC(), w.EndsAt.UTC(), w.Capacity, w.Registered, w.CreatedBy,
		w.CreatedAt.UTC(), w.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert webinar: %w", err)
	}
	return nil
}

// Webinar reads one webinar.
func (Store) Webinar(ctx context.Context, q Querier, id string) (Webinar, error) {
	var w Webinar
	err := q.QueryRowContext(ctx, `SELECT id, title, starts_at, ends_at, capacity, registered,
		created_by, created_at, updated_at FROM webinars WHERE id = $1`, id).
		Scan(&w.ID, &w.Title, &w.StartsAt, &w.EndsAt, &w.Capacity, &w.Registered,
			&w.CreatedBy, &w.CreatedAt, &w.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Webinar{}, ErrNotFound
	}
	if err != nil {
		return Webinar{}, fmt.Errorf("read webinar %s: %w", id, err)
	}
	return w, nil
}

// MoveWebinar sets a webinar's start and end.
func (Store) MoveWebinar(ctx context.Context, q Querier, id string, startsAt, endsAt, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE webinars SET starts_at = $2, ends_at = $3, updated_at = $4 WHERE id = $1`,
		id, startsAt.UTC(), endsAt.UTC(), now.UTC())
	if err != nil {
		return fmt.Errorf("move webinar %s: %w", id, err)
	}
	return nil
}

// TakeSeat counts one more registration unless the webinar is full, and
// reports whether a seat was taken. The guard is in the UPDATE, so two
// concurrent registrations cannot both take the last seat.
func (Store) TakeSeat(ctx context.Context, q Querier, webinarID string) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE webinars SET registered = registered + 1
		WHERE id = $1 AND registered < capacity`, webinarID)
	if err != nil {
		return false, fmt.Errorf("take a seat in webinar %s: %w", webinarID, err)
	}
	return db.ChangedOne(res)
}

// FreeSeat counts one registration less.
func (Store) FreeSeat(ctx context.Context, q Querier, webinarID string) error {
	_, err := q.ExecContext(ctx, `UPDATE webinars SET registered = registered - 1
		WHERE id = $1 AND registered > 0`, webinarID)
	if err != nil {
		return fmt.Errorf("free a seat in webinar %s: %w", webinarID, err)
	}
	return nil
}

// InsertRegistration writes a new registration and reports whether it was
// written; false means the user already has a live registration.
func (Store) InsertRegistration(ctx context.Context, q Querier, r Registration) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO webinar_registrations
		(id, webinar_id, user_id, status, registered_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT DO NOTHING`,
		r.ID, r.WebinarID, r.UserID, r.Status, r.RegisteredAt.UTC())
	if err != nil {
		return false, fmt.Errorf("insert webinar registration: %w", err)
	}
	return db.ChangedOne(res)
}

const registrationColumns = `id, webinar_id, user_id, status, registered_at, cancelled_at, attended_at`

func scanRegistration(row interface{ Scan(...any) error }) (Registration, error) {
	var r Registration
	err := row.Scan(&r.ID, &r.WebinarID, &r.UserID, &r.Status, &r.RegisteredAt, &r.CancelledAt, &r.AttendedAt)
	return r, err
}

// Registration reads one registration.
func (Store) Registration(ctx context.Context, q Querier, id string) (Registration, error) {
	r, err := scanRegistration(q.QueryRowContext(ctx,
		`SELECT `+registrationColumns+` FROM webinar_registrations WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Registration{}, ErrNotFound
	}
	if err != nil {
		return Registration{}, fmt.Errorf("read webinar registration %s: %w", id, err)
	}
	return r, nil
}

// LiveRegistration reads a user's registration for a webinar that is not
// cancelled.
func (Store) LiveRegistration(ctx context.Context, q Querier, webinarID, userID string) (Registration, error) {
	r, err := scanRegistration(q.QueryRowContext(ctx,
		`SELECT `+registrationColumns+` FROM webinar_registrations
		WHERE webinar_id = $1 AND user_id = $2 AND status <> 'cancelled'`, webinarID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return Registration{}, ErrNotFound
	}
	if err != nil {
		return Registration{}, fmt.Errorf("read registration of %s for webinar %s: %w", userID, webinarID, err)
	}
	return r, nil
}

// LiveRegistrationsAfter lists up to limit of a webinar's registrations
// that are not cancelled and whose id sorts after afterID ("" for the
// first page), in id order: a keyset page, so each page costs the same
// however far into the list it is.
func (Store) LiveRegistrationsAfter(ctx context.Context, q Querier, webinarID, afterID string, limit int) ([]Registration, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+registrationColumns+` FROM webinar_registrations
		WHERE webinar_id = $1 AND id > $2 AND status <> 'cancelled' ORDER BY id LIMIT $3`, webinarID, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("list registrations of webinar %s: %w", webinarID, err)
	}
	out, err := db.Collect(rows, scanRegistration)
	if err != nil {
		return nil, fmt.Errorf("list registrations of webinar %s: %w", webinarID, err)
	}
	return out, nil
}

// SetRegistrationStatus moves a registration from one status to another and
// reports whether it did; false means another transaction moved it first.
func (Store) SetRegistrationStatus(ctx context.Context, q Querier, id, from, to string, at time.Time) (bool, error) {
	column := map[string]string{"cancelled": "cancelled_at", "attended": "attended_at"}[to]
	if column == "" {
		return false, fmt.Errorf("set webinar registration %s status: unknown target status %q", id, to)
	}
	res, err := q.ExecContext(ctx, `UPDATE webinar_registrations SET status = $3, `+column+` = $4
		WHERE id = $1 AND status = $2`, id, from, to, at.UTC())
	if err != nil {
		return false, fmt.Errorf("set webinar registration %s status: %w", id, err)
	}
	return db.ChangedOne(res)
}

// InsertReminder marks a reminder as triggered and reports whether this is
// the first time for the registration and reminder kind.
func (Store) InsertReminder(ctx context.Context, q Querier, r Reminder) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO webinar_reminders (registration_id, reminder, triggered_at)
		VALUES ($1, $2, $3) ON CONFLICT (registration_id, reminder) DO NOTHING`,
		r.RegistrationID, r.Reminder, r.TriggeredAt.UTC())
	if err != nil {
		return false, fmt.Errorf("insert webinar reminder: %w", err)
	}
	return db.ChangedOne(res)
}

// Reminders lists the reminders triggered for a registration.
func (Store) Reminders(ctx context.Context, q Querier, registrationID string) ([]Reminder, error) {
	rows, err := q.QueryContext(ctx, `SELECT registration_id, reminder, triggered_at FROM webinar_reminders
		WHERE registration_id = $1 ORDER BY triggered_at, reminder`, registrationID)
	if err != nil {
		return nil, fmt.Errorf("list reminders of registration %s: %w", registrationID, err)
	}
	out, err := db.Collect(rows, func(row db.Scanner) (Reminder, error) {
		var r Reminder
		err := row.Scan(&r.RegistrationID, &r.Reminder, &r.TriggeredAt)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("list reminders of registration %s: %w", registrationID, err)
	}
	return out, nil
}
