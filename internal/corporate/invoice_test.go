package corporate_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/corporate"
	"github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
)

func TestIssueCorporateInvoice(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		a := b.agreement(t)
		inv, err := b.m.IssueCorporateInvoice(context.Background(), invoiceInput(a.ID, 600_000))
		require.NoError(t, err)
		require.Equal(t, "open", inv.Status)
		require.Equal(t, int64(600_000), inv.OpenAmountMinor)
		require.Zero(t, inv.PaidMinor)

		ev := eventbustest.RequireRecorded[events.CorporateInvoiceIssued](t, b.bus)
		require.Equal(t, events.CorporateInvoiceIssued{
			InvoiceID: events.InvoiceID(inv.ID), OrganizationID: events.OrganizationID(a.OrganizationID),
			AgreementID: events.AgreementID(a.ID), AmountMinor: 600_000, Currency: "EUR",
			DueAt: start.AddDate(0, 0, 30), ActorUserID: "staff-1", OccurredAt: start,
		}, ev)
		got, err := b.m.GetInvoice(context.Background(), inv.ID)
		require.NoError(t, err)
		require.Equal(t, inv, got)
	})
}

func TestIssueCorporateInvoiceRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*corporate.IssueCorporateInvoiceInput)
		field  string
	}{
		{"no agreement", func(in *corporate.IssueCorporateInvoiceInput) { in.AgreementID = "" }, "agreementId"},
		{"zero amount", func(in *corporate.IssueCorporateInvoiceInput) { in.AmountMinor = 0 }, "amountMinor"},
		{"bad currency", func(in *corporate.IssueCorporateInvoiceInput) { in.Currency = "EURO" }, "currency"},
		{"not the agreement currency", func(in *corporate.IssueCorporateInvoiceInput) { in.Currency = "USD" }, "currency"},
		{"no due date", func(in *corporate.IssueCorporateInvoiceInput) { in.DueAt = time.Time{} }, "dueAt"},
		{"past due date", func(in *corporate.IssueCorporateInvoiceInput) { in.DueAt = start.Add(-time.Hour) }, "dueAt"},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		a := b.agreement(t)
		before := len(eventbustest.Recorded(t, b.bus, ""))
		for _, tt := range tests {
			in := invoiceInput(a.ID, 100)
			tt.change(&in)
			_, err := b.m.IssueCorporateInvoice(context.Background(), in)
			apperrtest.RequireInvalid(t, err, tt.field)
		}
		_, err := b.m.IssueCorporateInvoice(context.Background(), invoiceInput("nope", 100))
		apperrtest.RequireFields(t, err, "agreementId")
		eventbustest.RequireTotal(t, b.bus, before)
		require.Zero(t, b.count(t, "corporate_invoices"))
		_, err = b.m.GetInvoice(context.Background(), "nope")
		apperrtest.RequireCode(t, err, apperr.NotFound)
	})
}

func allocation(invoiceID, paymentID string, amount int64) corporate.AllocateCorporatePaymentInput {
	return corporate.AllocateCorporatePaymentInput{
		InvoiceID: invoiceID, PaymentID: paymentID, AmountMinor: amount, Currency: "EUR", ActorUserID: "staff-1",
	}
}

func TestAllocateCorporatePaymentUntilPaid(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		inv := b.invoice(t, 1000)
		ctx := context.Background()

		part, err := b.m.AllocateCorporatePayment(ctx, allocation(inv.ID, "pay-1", 400))
		require.NoError(t, err)
		require.Equal(t, "open", part.Invoice.Status)
		require.Equal(t, int64(600), part.Invoice.OpenAmountMinor)
		ev := eventbustest.RequireRecorded[events.CorporatePaymentAllocated](t, b.bus)
		require.Equal(t, events.CorporatePaymentAllocated{
			InvoiceID: events.InvoiceID(inv.ID), AllocationID: events.AllocationID(part.Allocation.ID),
			OrganizationID: events.OrganizationID(inv.OrganizationID), PaymentID: "pay-1",
			AmountMinor: 400, Currency: "EUR", OpenAmountMinor: 600, InvoicePaid: false,
			ActorUserID: "staff-1", OccurredAt: start,
		}, ev)

		// More than the open amount: the request is wrong for this invoice.
		_, err = b.m.AllocateCorporatePayment(ctx, allocation(inv.ID, "pay-2", 601))
		apperrtest.RequireInvalid(t, err, "amountMinor")
		// Another currency.
		wrong := allocation(inv.ID, "pay-2", 100)
		wrong.Currency = "USD"
		_, err = b.m.AllocateCorporatePayment(ctx, wrong)
		apperrtest.RequireInvalid(t, err, "currency")
		// The same payment twice on one invoice.
		_, err = b.m.AllocateCorporatePayment(ctx, allocation(inv.ID, "pay-1", 100))
		require.ErrorIs(t, err, corporate.ErrPaymentAlreadyApplied)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireCount[events.CorporatePaymentAllocated](t, b.bus, 1)

		b.clock.Advance(time.Hour)
		full, err := b.m.AllocateCorporatePayment(ctx, allocation(inv.ID, "pay-2", 600))
		require.NoError(t, err)
		require.Equal(t, "paid", full.Invoice.Status)
		require.Zero(t, full.Invoice.OpenAmountMinor)
		require.Equal(t, start.Add(time.Hour), full.Invoice.PaidAt)
		evs := eventbustest.Recorded(t, b.bus, events.CorporatePaymentAllocated{}.EventName())
		require.Len(t, evs, 2)
		var paid events.CorporatePaymentAllocated
		require.NoError(t, json.Unmarshal(evs[1].Payload, &paid))
		require.True(t, paid.InvoicePaid)
		require.Zero(t, paid.OpenAmountMinor)
		require.Equal(t, int64(600), paid.AmountMinor)

		got, err := b.m.GetInvoice(ctx, inv.ID)
		require.NoError(t, err)
		require.Equal(t, full.Invoice, got)

		// A paid invoice takes nothing more.
		_, err = b.m.AllocateCorporatePayment(ctx, allocation(inv.ID, "pay-3", 1))
		require.ErrorIs(t, err, corporate.ErrInvoicePaid)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireCount[events.CorporatePaymentAllocated](t, b.bus, 2)

		allocs, err := b.m.ListPaymentAllocations(ctx, inv.ID)
		require.NoError(t, err)
		require.Len(t, allocs, 2)
		require.Equal(t, "pay-1", allocs[0].PaymentID)
		require.Equal(t, "pay-2", allocs[1].PaymentID)
		require.Equal(t, 2, b.count(t, "corporate_payment_allocations"))
	})
}

func TestAllocateCorporatePaymentRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		_, err := b.m.AllocateCorporatePayment(ctx, allocation("nope", "pay-1", 100))
		apperrtest.RequireCode(t, err, apperr.NotFound)
		_, err = b.m.AllocateCorporatePayment(ctx, allocation("x", "", 100))
		apperrtest.RequireInvalid(t, err, "paymentId")
		_, err = b.m.AllocateCorporatePayment(ctx, allocation("x", "pay-1", 0))
		apperrtest.RequireInvalid(t, err, "amountMinor")
		_, err = b.m.ListPaymentAllocations(ctx, "nope")
		apperrtest.RequireCode(t, err, apperr.NotFound)
		eventbustest.RequireTotal(t, b.bus, 0)
	})
}
