package enrollment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/academy/academy/internal/enrollment/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
)

// maxStaleRetries bounds how often change re-reads a row that concurrent
// transactions keep changing.
const maxStaleRetries = 3

// change loads an enrollment in tx, applies a state change and saves it
// only if the row still has the status it was read with. When a concurrent
// transaction changed it first, change reads it again and re-applies the
// move, so the caller gets the answer for the state the row really has
// (for example ErrAlreadyConfirmed rather than a lost update). It returns
// the changed enrollment and the status it had before.
func (m *Module) change(ctx context.Context, tx *sql.Tx, id string, move func(*enrollment) error) (*enrollment, Status, error) {
	for attempt := 0; ; attempt++ {
		e, err := m.load(ctx, tx, id)
		if err != nil {
			return nil, "", err
		}
		from := e.status()
		if err := move(e); err != nil {
			return nil, from, fmt.Errorf("enrollment %s: %w", id, err)
		}
		err = m.store.UpdateStatus(ctx, tx, e.row, string(from))
		switch {
		case errors.Is(err, store.ErrStale) && attempt < maxStaleRetries:
			continue
		case errors.Is(err, store.ErrStale):
			return nil, from, apperr.Errorf(apperr.Conflict, "enrollment %s is being changed concurrently; try again", id)
		case err != nil:
			return nil, from, err
		}
		return e, from, nil
	}
}

func (m *Module) load(ctx context.Context, q store.Querier, id string) (*enrollment, error) {
	row, err := m.store.Enrollment(ctx, q, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.Errorf(apperr.NotFound, "enrollment %s not found", id)
	}
	if err != nil {
		return nil, err
	}
	return enrollmentFromRow(row), nil
}
