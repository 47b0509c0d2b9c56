package payment

import (
	"context"
	"errors"

	"github.com/academy/academy/internal/payment/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
)

// GetPayment reads one payment. An unknown id is a NotFound error.
func (m *Module) GetPayment(ctx context.Context, id string) (Payment, error) {
	p, err := m.load(ctx, m.db, id)
	if err != nil {
		return Payment{}, err
	}
	return p.view(), nil
}

// FindPaymentByEnrollment reads the payment of an enrollment; NotFound when
// no deposit was started for it.
func (m *Module) FindPaymentByEnrollment(ctx context.Context, enrollmentID string) (Payment, error) {
	row, err := m.store.PaymentByEnrollment(ctx, m.db, enrollmentID)
	if errors.Is(err, store.ErrNotFound) {
		return Payment{}, apperr.Errorf(apperr.NotFound, "no payment for enrollment %s", enrollmentID)
	}
	if err != nil {
		return Payment{}, err
	}
	return paymentFromRow(row).view(), nil
}

// GetPaymentReceipt reads a receipt's metadata.
func (m *Module) GetPaymentReceipt(ctx context.Context, id string) (Receipt, error) {
	row, err := m.receiptRow(ctx, id)
	if err != nil {
		return Receipt{}, err
	}
	return receiptFromRow(row), nil
}

// GetPaymentReceiptFile reads a receipt's metadata and its file, for staff
// to check before approving the deposit.
func (m *Module) GetPaymentReceiptFile(ctx context.Context, id string) (Receipt, []byte, error) {
	row, err := m.receiptRow(ctx, id)
	if err != nil {
		return Receipt{}, nil, err
	}
	b, err := m.receipts.read(row.StoredName)
	if err != nil {
		return Receipt{}, nil, err
	}
	return receiptFromRow(row), b, nil
}

func (m *Module) receiptRow(ctx context.Context, id string) (store.Receipt, error) {
	row, err := m.store.Receipt(ctx, m.db, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Receipt{}, apperr.Errorf(apperr.NotFound, "payment receipt %s not found", id)
	}
	return row, err
}
