package user

import (
	"context"
	"errors"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/user/internal/store"
)

// GetUser reads one person. An unknown id is a NotFound error.
func (m *Module) GetUser(ctx context.Context, id string) (User, error) {
	u, err := m.load(ctx, m.db, id)
	if err != nil {
		return User{}, err
	}
	return u.view(), nil
}

// FindUserContact returns how to reach a person: name, email, phone and
// WhatsApp consent. Listeners that notify someone call it when they run,
// so they always use the current contact data and consent.
func (m *Module) FindUserContact(ctx context.Context, id string) (Contact, error) {
	u, err := m.load(ctx, m.db, id)
	if err != nil {
		return Contact{}, err
	}
	return u.contact(), nil
}

func (m *Module) load(ctx context.Context, q store.Querier, id string) (*user, error) {
	if id == "" {
		return nil, apperr.Errorf(apperr.NotFound, "user id is empty")
	}
	row, err := m.store.User(ctx, q, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.Errorf(apperr.NotFound, "user %s not found", id)
	}
	if err != nil {
		return nil, err
	}
	return userFromRow(row), nil
}
