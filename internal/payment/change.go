package payment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/academy/academy/internal/payment/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
)

// maxStaleRetries bounds how often change re-reads a row that concurrent
// transactions keep changing.
const maxStaleRetries = 3

// change loads a payment in tx, applies a state change and saves it only if
// the row still has the status it was read with. When a concurrent
// transaction changed it first, it reads again and re-applies the move, so
// that, for example, two approvals racing give one approval and one
// ErrDepositAlreadyApproved.
func (m *Module) change(ctx context.Context, tx *sql.Tx, id string, move func(*payment) error) (*payment, error) {
	for attempt := 0; ; attempt++ {
		p, err := m.load(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		from := p.status()
		if err := move(p); err != nil {
			return nil, fmt.Errorf("payment %s: %w", id, err)
		}
		err = m.store.UpdatePayment(ctx, tx, p.row, string(from))
		switch {
		case errors.Is(err, store.ErrStale) && attempt < maxStaleRetries:
			continue
		case errors.Is(err, store.ErrStale):
			return nil, apperr.Errorf(apperr.Conflict, "payment %s is being changed concurrently; try again", id)
		case err != nil:
			return nil, err
		}
		return p, nil
	}
}

func (m *Module) load(ctx context.Context, q store.Querier, id string) (*payment, error) {
	row, err := m.store.Payment(ctx, q, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.Errorf(apperr.NotFound, "payment %s not found", id)
	}
	if err != nil {
		return nil, err
	}
	return paymentFromRow(row), nil
}
