package user

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// UpdateWhatsAppOptInInput is the input of UpdateWhatsAppOptIn.
type UpdateWhatsAppOptInInput struct {
	UserID string `json:"-"`
	OptIn  bool   `json:"optIn"`
	// ActorUserID is who reports the consent; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

func (in UpdateWhatsAppOptInInput) validate() error {
	var v apperr.Validation
	v.Require("userId", in.UserID)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// UpdateWhatsAppOptIn records that a person agreed to, or stopped agreeing
// to, WhatsApp messages. Opting in needs a phone number (ErrNoPhone).
// Setting the value the person already has changes nothing and succeeds, so
// a repeated request or webhook is harmless.
func (m *Module) UpdateWhatsAppOptIn(ctx context.Context, in UpdateWhatsAppOptInInput) (User, error) {
	if err := in.validate(); err != nil {
		return User{}, err
	}
	now := m.clock.Now()
	var out User
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		u, err := m.load(ctx, tx, in.UserID)
		if err != nil {
			return err
		}
		changed, err := u.setWhatsAppOptIn(in.OptIn, now)
		if err != nil {
			return fmt.Errorf("user %s: %w", in.UserID, err)
		}
		out = u.view()
		if !changed {
			return nil
		}
		return m.store.UpdateWhatsAppOptIn(ctx, tx, u.row.ID, u.row.WhatsAppOptIn, u.row.UpdatedAt)
	})
	if err != nil {
		return User{}, fmt.Errorf("update whatsapp opt-in: %w", err)
	}
	return out, nil
}
