package webinar

import (
	"context"
	"errors"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/webinar/internal/store"
)

// GetWebinar reads one webinar.
func (m *Module) GetWebinar(ctx context.Context, id string) (Webinar, error) {
	row, err := m.store.Webinar(ctx, m.db, id)
	if errors.Is(err, store.ErrNotFound) {
		return Webinar{}, apperr.Errorf(apperr.NotFound, "webinar %s not found", id)
	}
	if err != nil {
		return Webinar{}, err
	}
	return webinarView(row), nil
}

// GetRegistration reads one registration with the reminders triggered for it.
func (m *Module) GetRegistration(ctx context.Context, id string) (Registration, error) {
	row, err := m.store.Registration(ctx, m.db, id)
	if errors.Is(err, store.ErrNotFound) {
		return Registration{}, apperr.Errorf(apperr.NotFound, "webinar registration %s not found", id)
	}
	if err != nil {
		return Registration{}, err
	}
	reminders, err := m.store.Reminders(ctx, m.db, id)
	if err != nil {
		return Registration{}, err
	}
	return registrationView(row, reminders), nil
}
