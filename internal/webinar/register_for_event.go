package webinar

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/webinar/events"
	"github.com/academy/academy/internal/webinar/internal/store"
)

// RegisterForEventInput is the input of RegisterForEvent.
type RegisterForEventInput struct {
	WebinarID string `json:"webinarId"`
	// UserID is who registers.
	UserID string `json:"userId"`
}

func (in RegisterForEventInput) validate() error {
	var v apperr.Validation
	v.Require("webinarId", in.WebinarID)
	v.Require("userId", in.UserID)
	return v.Err()
}

// RegisterForEvent registers a user for a webinar that has not started and
// has a free seat, and records EventRegistrationCreated. A user with a live
// registration gets ErrAlreadyRegistered; after cancelling, a user may
// register again under a new registration id.
func (m *Module) RegisterForEvent(ctx context.Context, in RegisterForEventInput) (Registration, error) {
	if err := in.validate(); err != nil {
		return Registration{}, err
	}
	now := m.clock.Now()
	row := store.Registration{
		ID:           uuid.NewString(),
		WebinarID:    in.WebinarID,
		UserID:       in.UserID,
		Status:       StatusRegistered,
		RegisteredAt: now,
	}
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		wrow, err := m.store.Webinar(ctx, tx, in.WebinarID)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.Referenced("webinarId", apperr.Errorf(apperr.NotFound, "webinar %s not found", in.WebinarID))
		}
		if err != nil {
			return err
		}
		w := webinarFromRow(wrow)
		if err := w.canRegister(now); err != nil {
			return err
		}
		if _, err := m.store.LiveRegistration(ctx, tx, w.id, in.UserID); err == nil {
			return ErrAlreadyRegistered
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		took, err := m.store.TakeSeat(ctx, tx, w.id)
		if err != nil {
			return err
		}
		if !took {
			return ErrWebinarFull
		}
		inserted, err := m.store.InsertRegistration(ctx, tx, row)
		if err != nil {
			return err
		}
		if !inserted { // a concurrent registration of the same user won
			return ErrAlreadyRegistered
		}
		return m.bus.Record(ctx, tx, events.EventRegistrationCreated{
			RegistrationID: events.RegistrationID(row.ID),
			WebinarID:      events.WebinarID(w.id),
			UserID:         events.UserID(row.UserID),
			StartsAt:       w.startsAt,
			OccurredAt:     now,
		})
	})
	if err != nil {
		return Registration{}, fmt.Errorf("register for webinar: %w", err)
	}
	return registrationView(row, nil), nil
}
