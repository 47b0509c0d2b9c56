package webinar

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/webinar/internal/store"
)

// CancelRegistrationInput is the input of CancelRegistration.
type CancelRegistrationInput struct {
	RegistrationID string `json:"-"`
	// ActorUserID is who cancels; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

// CancelRegistration cancels a live registration before the webinar starts
// and frees its seat. It records no event: nothing in the catalog reacts to
// it, and reminders check the registration when they fire, so none fires
// after a cancellation.
func (m *Module) CancelRegistration(ctx context.Context, in CancelRegistrationInput) (Registration, error) {
	var v apperr.Validation
	v.Require("registrationId", in.RegistrationID)
	v.Require("actorUserId", in.ActorUserID)
	if err := v.Err(); err != nil {
		return Registration{}, err
	}
	now := m.clock.Now()
	var out Registration
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		row, w, err := m.loadRegistration(ctx, tx, in.RegistrationID)
		if err != nil {
			return err
		}
		if err := registrationFromRow(row).cancel(w, now); err != nil {
			return err
		}
		moved, err := m.store.SetRegistrationStatus(ctx, tx, row.ID, StatusRegistered, StatusCancelled, now)
		if err != nil {
			return err
		}
		if !moved { // a concurrent transaction cancelled or attended it first
			return ErrRegistrationCancelled
		}
		if err := m.store.FreeSeat(ctx, tx, w.id); err != nil {
			return err
		}
		row.Status, row.CancelledAt = StatusCancelled, sql.NullTime{Time: now, Valid: true}
		reminders, err := m.store.Reminders(ctx, tx, row.ID)
		if err != nil {
			return err
		}
		out = registrationView(row, reminders)
		return nil
	})
	if err != nil {
		return Registration{}, fmt.Errorf("cancel webinar registration: %w", err)
	}
	return out, nil
}

// loadRegistration reads a registration and its webinar in tx.
func (m *Module) loadRegistration(ctx context.Context, tx *sql.Tx, id string) (store.Registration, webinar, error) {
	row, err := m.store.Registration(ctx, tx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Registration{}, webinar{}, apperr.Errorf(apperr.NotFound, "webinar registration %s not found", id)
	}
	if err != nil {
		return store.Registration{}, webinar{}, err
	}
	wrow, err := m.store.Webinar(ctx, tx, row.WebinarID)
	if err != nil {
		return store.Registration{}, webinar{}, err
	}
	return row, webinarFromRow(wrow), nil
}
