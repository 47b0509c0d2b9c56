package payment

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/payment/events"
	"github.com/academy/academy/internal/payment/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// UploadPaymentReceiptInput is the input of UploadPaymentReceipt.
type UploadPaymentReceiptInput struct {
	PaymentID string
	// File is the receipt as uploaded: a PDF, PNG or JPEG, recognised from
	// its bytes.
	File []byte
	// ActorUserID is who uploads; the HTTP layer fills it in.
	ActorUserID string
}

// validate checks the input and returns the sniffed content type.
func (in UploadPaymentReceiptInput) validate(maxBytes int64) (string, error) {
	var v apperr.Validation
	v.Require("paymentId", in.PaymentID)
	v.Require("actorUserId", in.ActorUserID)
	var contentType string
	switch {
	case len(in.File) == 0:
		v.Add("file", "is empty")
	case int64(len(in.File)) > maxBytes:
		v.Add("file", "must be at most %d bytes", maxBytes)
	default:
		var ok bool
		contentType, ok = sniffReceiptType(in.File)
		v.Check(ok, "file", "must be a PDF, PNG or JPEG, not %s", contentType)
	}
	return contentType, v.Err()
}

// UploadPaymentReceipt stores a receipt for the deposit and records
// PaymentReceiptUploaded, which carries the receipt id only. A receipt may
// be replaced until the deposit is approved (ErrReceiptsClosed after).
//
// The file is written under a generated name before the transaction and
// deleted again when the transaction fails, so the folder holds no file
// for an upload that did not happen and no half-written file at all.
func (m *Module) UploadPaymentReceipt(ctx context.Context, in UploadPaymentReceiptInput) (Receipt, error) {
	contentType, err := in.validate(m.maxReceipt)
	if err != nil {
		return Receipt{}, err
	}
	// Refuse early what the transaction would refuse, so that no file is
	// written for an unknown or approved payment.
	current, err := m.load(ctx, m.db, in.PaymentID)
	if err != nil {
		return Receipt{}, fmt.Errorf("upload payment receipt: %w", err)
	}
	if err := current.attachReceipt(""); err != nil {
		return Receipt{}, fmt.Errorf("upload payment receipt for payment %s: %w", in.PaymentID, err)
	}

	now := m.clock.Now()
	sum := sha256.Sum256(in.File)
	row := store.Receipt{
		ID:          uuid.NewString(),
		PaymentID:   in.PaymentID,
		ContentType: contentType,
		SizeBytes:   int64(len(in.File)),
		SHA256:      hex.EncodeToString(sum[:]),
		UploadedBy:  in.ActorUserID,
		UploadedAt:  now,
	}
	row.StoredName = row.ID + receiptExtensions[contentType]
	if err := m.receipts.put(row.StoredName, in.File); err != nil {
		return Receipt{}, fmt.Errorf("upload payment receipt: %w", err)
	}
	err = db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		p, err := m.change(ctx, tx, in.PaymentID, func(p *payment) error { return p.attachReceipt(row.ID) })
		if err != nil {
			return err
		}
		if err := m.store.InsertReceipt(ctx, tx, row); err != nil {
			return err
		}
		return m.bus.Record(ctx, tx, events.PaymentReceiptUploaded{
			PaymentID:    events.PaymentID(p.row.ID),
			ReceiptID:    events.ReceiptID(row.ID),
			EnrollmentID: events.EnrollmentID(p.row.EnrollmentID),
			AmountMinor:  p.row.DepositAmount,
			Currency:     p.row.Currency,
			ActorUserID:  events.UserID(in.ActorUserID),
			OccurredAt:   now,
		})
	})
	if err != nil {
		return Receipt{}, errors.Join(fmt.Errorf("upload payment receipt: %w", err), m.receipts.remove(row.StoredName))
	}
	return receiptFromRow(row), nil
}
