package corporate_test

import (
	"context"
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

func TestActivateAgreement(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		p := b.acceptedProposal(t)
		a, err := b.m.ActivateAgreement(context.Background(), agreementInput(p.ID))
		require.NoError(t, err)
		require.Equal(t, "active", a.Status)
		require.Equal(t, p.Seats, a.Seats)
		require.Equal(t, p.AmountMinor, a.AmountMinor)
		require.Equal(t, "EUR", a.Currency)

		ev := eventbustest.RequireRecorded[events.AgreementActivated](t, b.bus)
		require.Equal(t, events.AgreementActivated{
			AgreementID: events.AgreementID(a.ID), OrganizationID: events.OrganizationID(p.OrganizationID),
			ProposalID: events.ProposalID(p.ID), StartsAt: start, EndsAt: start.AddDate(0, 6, 0),
			ActorUserID: "staff-1", OccurredAt: start,
		}, ev)
		got, err := b.m.GetAgreement(context.Background(), a.ID)
		require.NoError(t, err)
		require.Equal(t, a, got)

		// Activated once: a second agreement for the proposal is a 409.
		_, err = b.m.ActivateAgreement(context.Background(), agreementInput(p.ID))
		require.ErrorIs(t, err, corporate.ErrAgreementExists)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireCount[events.AgreementActivated](t, b.bus, 1)
		require.Equal(t, 1, b.count(t, "corporate_agreements"))
	})
}

func TestActivateAgreementRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		sent := b.proposal(t)
		_, err := b.m.ActivateAgreement(context.Background(), agreementInput(sent.ID))
		require.ErrorIs(t, err, corporate.ErrProposalNotAccepted)
		apperrtest.RequireCode(t, err, apperr.Conflict)

		_, err = b.m.ActivateAgreement(context.Background(), agreementInput("nope"))
		apperrtest.RequireFields(t, err, "proposalId")

		in := agreementInput(sent.ID)
		in.EndsAt = in.StartsAt.Add(-time.Hour)
		_, err = b.m.ActivateAgreement(context.Background(), in)
		apperrtest.RequireInvalid(t, err, "endsAt")
		in = agreementInput(sent.ID)
		in.StartsAt = time.Time{}
		_, err = b.m.ActivateAgreement(context.Background(), in)
		apperrtest.RequireInvalid(t, err, "startsAt")
		in = agreementInput(sent.ID)
		in.StartsAt, in.EndsAt = start.AddDate(-1, 0, 0), start.Add(-time.Hour)
		_, err = b.m.ActivateAgreement(context.Background(), in)
		apperrtest.RequireInvalid(t, err, "endsAt")

		eventbustest.RequireCount[events.AgreementActivated](t, b.bus, 0)
		require.Zero(t, b.count(t, "corporate_agreements"))
		_, err = b.m.GetAgreement(context.Background(), "nope")
		apperrtest.RequireCode(t, err, apperr.NotFound)
	})
}

func TestStartCorporateCohort(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		a := b.agreement(t)
		c, err := b.m.StartCorporateCohort(context.Background(), cohortInput(a.ID))
		require.NoError(t, err)
		require.Equal(t, "started", c.Status)
		require.Equal(t, a.OrganizationID, c.OrganizationID)

		ev := eventbustest.RequireRecorded[events.CorporateCohortStarted](t, b.bus)
		require.Equal(t, events.CorporateCohortStarted{
			CohortID: events.CohortID(c.ID), AgreementID: events.AgreementID(a.ID),
			OrganizationID: events.OrganizationID(a.OrganizationID), CourseID: "course-forklift",
			Seats: 12, StartsAt: start.AddDate(0, 0, 7), ActorUserID: "staff-1", OccurredAt: start,
		}, ev)
		got, err := b.m.GetCohort(context.Background(), c.ID)
		require.NoError(t, err)
		require.Equal(t, c, got)
	})
}

func TestStartCorporateCohortRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*corporate.StartCorporateCohortInput)
		field  string
	}{
		{"no course", func(in *corporate.StartCorporateCohortInput) { in.CourseID = "" }, "courseId"},
		{"no name", func(in *corporate.StartCorporateCohortInput) { in.Name = "" }, "name"},
		{"no seats", func(in *corporate.StartCorporateCohortInput) { in.Seats = 0 }, "seats"},
		{"more seats than agreed", func(in *corporate.StartCorporateCohortInput) { in.Seats = 21 }, "seats"},
		{"no start", func(in *corporate.StartCorporateCohortInput) { in.StartsAt = time.Time{} }, "startsAt"},
		{"starts before the agreement", func(in *corporate.StartCorporateCohortInput) { in.StartsAt = start.Add(-time.Hour) }, "startsAt"},
		{"starts after the agreement", func(in *corporate.StartCorporateCohortInput) { in.StartsAt = start.AddDate(1, 0, 0) }, "startsAt"},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		a := b.agreement(t)
		before := len(eventbustest.Recorded(t, b.bus, ""))
		for _, tt := range tests {
			in := cohortInput(a.ID)
			tt.change(&in)
			_, err := b.m.StartCorporateCohort(context.Background(), in)
			apperrtest.RequireInvalid(t, err, tt.field)
		}
		_, err := b.m.StartCorporateCohort(context.Background(), cohortInput("nope"))
		apperrtest.RequireFields(t, err, "agreementId")

		// An agreement past its end takes no new cohort.
		b.clock.Set(a.EndsAt)
		_, err = b.m.StartCorporateCohort(context.Background(), cohortInput(a.ID))
		require.ErrorIs(t, err, corporate.ErrAgreementEnded)
		apperrtest.RequireCode(t, err, apperr.Conflict)

		eventbustest.RequireTotal(t, b.bus, before)
		require.Zero(t, b.count(t, "corporate_cohorts"))
		_, err = b.m.GetCohort(context.Background(), "nope")
		apperrtest.RequireCode(t, err, apperr.NotFound)
	})
}

func TestGenerateCorporateReport(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		a := b.agreement(t)
		c, err := b.m.StartCorporateCohort(context.Background(), cohortInput(a.ID))
		require.NoError(t, err)
		b.clock.Advance(time.Hour)
		inv, err := b.m.IssueCorporateInvoice(context.Background(), invoiceInput(a.ID, 500_000))
		require.NoError(t, err)
		_, err = b.m.AllocateCorporatePayment(context.Background(), corporate.AllocateCorporatePaymentInput{
			InvoiceID: inv.ID, PaymentID: "pay-1", AmountMinor: 200_000, Currency: "EUR", ActorUserID: "staff-1",
		})
		require.NoError(t, err)
		b.clock.Set(start.AddDate(0, 1, 0))

		rep, err := b.m.GenerateCorporateReport(context.Background(), corporate.GenerateCorporateReportInput{
			CohortID: c.ID, PeriodStart: start, PeriodEnd: start.AddDate(0, 1, 0), ActorUserID: "staff-1",
		})
		require.NoError(t, err)
		require.Equal(t, 12, rep.Seats)
		require.Equal(t, 1, rep.InvoiceCount)
		require.Equal(t, int64(500_000), rep.InvoicedMinor)
		require.Equal(t, int64(200_000), rep.PaidMinor)
		require.Equal(t, "EUR", rep.Currency)

		ev := eventbustest.RequireRecorded[events.CorporateReportGenerated](t, b.bus)
		require.Equal(t, events.CorporateReportGenerated{
			ReportID: events.ReportID(rep.ID), OrganizationID: events.OrganizationID(a.OrganizationID),
			CohortID: events.CohortID(c.ID), PeriodStart: start, PeriodEnd: start.AddDate(0, 1, 0),
			ActorUserID: "staff-1", OccurredAt: start.AddDate(0, 1, 0),
		}, ev)
		got, err := b.m.GetReport(context.Background(), rep.ID)
		require.NoError(t, err)
		require.Equal(t, rep, got)

		// A period without invoices reports zeros.
		empty, err := b.m.GenerateCorporateReport(context.Background(), corporate.GenerateCorporateReportInput{
			CohortID: c.ID, PeriodStart: start.AddDate(0, 0, -7), PeriodEnd: start, ActorUserID: "staff-1",
		})
		require.NoError(t, err)
		require.Zero(t, empty.InvoiceCount)
		require.Zero(t, empty.InvoicedMinor)
		eventbustest.RequireCount[events.CorporateReportGenerated](t, b.bus, 2)
	})
}

func TestGenerateCorporateReportRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		c, err := b.m.StartCorporateCohort(context.Background(), cohortInput(b.agreement(t).ID))
		require.NoError(t, err)
		before := len(eventbustest.Recorded(t, b.bus, ""))
		valid := corporate.GenerateCorporateReportInput{CohortID: c.ID, PeriodStart: start.AddDate(0, 0, -7), PeriodEnd: start, ActorUserID: "staff-1"}

		in := valid
		in.PeriodEnd = in.PeriodStart
		_, err = b.m.GenerateCorporateReport(context.Background(), in)
		apperrtest.RequireInvalid(t, err, "periodEnd")
		in = valid
		in.PeriodStart = start.Add(time.Hour)
		in.PeriodEnd = start.Add(2 * time.Hour)
		_, err = b.m.GenerateCorporateReport(context.Background(), in)
		apperrtest.RequireInvalid(t, err, "periodStart")
		in = valid
		in.PeriodStart = start.AddDate(-2, 0, 0)
		_, err = b.m.GenerateCorporateReport(context.Background(), in)
		apperrtest.RequireInvalid(t, err, "periodEnd")
		in = valid
		in.CohortID = "nope"
		_, err = b.m.GenerateCorporateReport(context.Background(), in)
		apperrtest.RequireFields(t, err, "cohortId")

		eventbustest.RequireTotal(t, b.bus, before)
		require.Zero(t, b.count(t, "corporate_reports"))
		_, err = b.m.GetReport(context.Background(), "nope")
		apperrtest.RequireCode(t, err, apperr.NotFound)
	})
}
