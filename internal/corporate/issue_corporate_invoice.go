package corporate

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/corporate/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// IssueCorporateInvoiceInput is the input of IssueCorporateInvoice.
type IssueCorporateInvoiceInput struct {
	AgreementID string `json:"agreementId"`
	// AmountMinor is in minor units of Currency, which must be the
	// agreement's currency.
	AmountMinor int64     `json:"amountMinor"`
	Currency    string    `json:"currency"`
	DueAt       time.Time `json:"dueAt"`
	ActorUserID string    `json:"-"`
}

func (in IssueCorporateInvoiceInput) validate(now time.Time) error {
	var v apperr.Validation
	checkID(&v, "agreementId", in.AgreementID)
	v.Check(in.AmountMinor > 0, "amountMinor", "must be a positive amount in minor units")
	checkCurrency(&v, "currency", in.Currency)
	if in.DueAt.IsZero() {
		v.Add("dueAt", "is required")
	} else {
		v.Check(in.DueAt.After(now), "dueAt", "must be in the future")
	}
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// IssueCorporateInvoice bills an organization under its active agreement
// and records CorporateInvoiceIssued.
//
// Invoice numbering (a legal sequence per issuer) is not built yet: the
// invoice id is the reference.
func (m *Module) IssueCorporateInvoice(ctx context.Context, in IssueCorporateInvoiceInput) (Invoice, error) {
	now := m.clock.Now()
	if err := in.validate(now); err != nil {
		return Invoice{}, err
	}
	var out Invoice
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		a, err := m.store.Agreement(ctx, tx, in.AgreementID)
		if err != nil {
			return apperr.Referenced("agreementId", notFound(err, "agreement", in.AgreementID))
		}
		if err := agreementStateOf(a).invoice(); err != nil {
			return err
		}
		if in.Currency != a.Currency {
			var v apperr.Validation
			v.Add("currency", "must be the agreement currency %s", a.Currency)
			return v.Err()
		}
		row := store.Invoice{
			ID:             uuid.NewString(),
			AgreementID:    a.ID,
			OrganizationID: a.OrganizationID,
			AmountMinor:    in.AmountMinor,
			Currency:       in.Currency,
			DueAt:          in.DueAt.UTC(),
			Status:         invoiceOpen,
			IssuedBy:       in.ActorUserID,
			IssuedAt:       now,
		}
		if err := m.store.InsertInvoice(ctx, tx, row); err != nil {
			return err
		}
		out = invoiceFromRow(row)
		return m.bus.Record(ctx, tx, events.CorporateInvoiceIssued{
			InvoiceID:      events.InvoiceID(row.ID),
			OrganizationID: events.OrganizationID(row.OrganizationID),
			AgreementID:    events.AgreementID(row.AgreementID),
			AmountMinor:    row.AmountMinor,
			Currency:       row.Currency,
			DueAt:          row.DueAt,
			ActorUserID:    events.UserID(in.ActorUserID),
			OccurredAt:     now,
		})
	})
	if err != nil {
		return Invoice{}, fmt.Errorf("issue corporate invoice: %w", err)
	}
	return out, nil
}
