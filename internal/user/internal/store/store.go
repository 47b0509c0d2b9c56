// Package store is the user module's SQL. No other module may import it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

var (
	// ErrNotFound is returned when a row does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicateEmail is returned when another user has the email.
	ErrDuplicateEmail = errors.New("email already in use")
)

// User is a users row.
type User struct {
	ID            string
	FullName      string
	Email         string // lower case
	Phone         string // E.164 or empty
	WhatsAppOptIn bool
	Kind          string
	CreatedBy     string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Querier is satisfied by *sql.DB and *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store runs the module's queries on a DB or a Tx.
type Store struct{}

// InsertUser writes a new user, or returns ErrDuplicateEmail. The unique
// index decides, so two concurrent sign-ups with one email cannot both win.
func (Store) InsertUser(ctx context.Context, q Querier, u User) error {
	res, err := q.ExecContext(ctx, `INSERT INTO users
		(id, full_name, email, phone, whatsapp_opt_in, kind, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT DO NOTHING`,
		u.ID, u.FullName, u.Email, u.Phone, u.WhatsAppOptIn, u.Kind, u.CreatedBy, u.CreatedAt.UTC(), u.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	if n == 0 {
		return ErrDuplicateEmail
	}
	return nil
}

// UpdateWhatsAppOptIn saves a user's WhatsApp consent.
func (Store) UpdateWhatsAppOptIn(ctx context.Context, q Querier, id string, optIn bool, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE users SET whatsapp_opt_in = $1, updated_at = $2 WHERE id = $3`, optIn, at.UTC(), id)
	if err != nil {
		return fmt.Errorf("update whatsapp opt-in of user %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update whatsapp opt-in of user %s: %w", id, err)
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}

// User reads one user.
func (Store) User(ctx context.Context, q Querier, id string) (User, error) {
	var u User
	err := q.QueryRowContext(ctx, `SELECT id, full_name, email, phone, whatsapp_opt_in, kind, created_by, created_at, updated_at
		FROM users WHERE id = $1`, id).
		Scan(&u.ID, &u.FullName, &u.Email, &u.Phone, &u.WhatsAppOptIn, &u.Kind, &u.CreatedBy, &u.CreatedAt, &u.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("read user %s: %w", id, err)
	}
	return u, nil
}
