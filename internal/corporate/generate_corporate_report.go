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

// GenerateCorporateReportInput is the input of GenerateCorporateReport.
type GenerateCorporateReportInput struct {
	CohortID string `json:"cohortId"`
	// PeriodStart and PeriodEnd bound the report: [PeriodStart, PeriodEnd).
	PeriodStart time.Time `json:"periodStart"`
	PeriodEnd   time.Time `json:"periodEnd"`
	ActorUserID string    `json:"-"`
}

// maxReportPeriod keeps a report to at most about a year.
const maxReportPeriod = 366 * 24 * time.Hour

func (in GenerateCorporateReportInput) validate(now time.Time) error {
	var v apperr.Validation
	checkID(&v, "cohortId", in.CohortID)
	v.Check(!in.PeriodStart.IsZero(), "periodStart", "is required")
	v.Check(!in.PeriodEnd.IsZero(), "periodEnd", "is required")
	if !in.PeriodStart.IsZero() && !in.PeriodEnd.IsZero() {
		v.Check(in.PeriodEnd.After(in.PeriodStart), "periodEnd", "must be after periodStart")
		v.Check(in.PeriodEnd.Sub(in.PeriodStart) <= maxReportPeriod, "periodEnd", "must be within 366 days of periodStart")
		v.Check(in.PeriodStart.Before(now), "periodStart", "must be in the past")
	}
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// GenerateCorporateReport stores a snapshot report on a cohort for a period
// and records CorporateReportGenerated. A cohort may have many reports;
// each generation is a new one.
//
// TODO(#3): add attendance figures once attendance offers a read API for
// marks; today the report covers seats and the agreement's billing.
func (m *Module) GenerateCorporateReport(ctx context.Context, in GenerateCorporateReportInput) (Report, error) {
	now := m.clock.Now()
	if err := in.validate(now); err != nil {
		return Report{}, err
	}
	var out Report
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		c, err := m.store.Cohort(ctx, tx, in.CohortID)
		if err != nil {
			return apperr.Referenced("cohortId", notFound(err, "cohort", in.CohortID))
		}
		a, err := m.store.Agreement(ctx, tx, c.AgreementID)
		if err != nil {
			return err
		}
		totals, err := m.store.AgreementInvoiceTotals(ctx, tx, a.ID, in.PeriodStart, in.PeriodEnd)
		if err != nil {
			return err
		}
		row := store.Report{
			ID:             uuid.NewString(),
			CohortID:       c.ID,
			OrganizationID: c.OrganizationID,
			PeriodStart:    in.PeriodStart.UTC(),
			PeriodEnd:      in.PeriodEnd.UTC(),
			Seats:          c.Seats,
			Currency:       a.Currency,
			InvoicedMinor:  totals.InvoicedMinor,
			PaidMinor:      totals.PaidMinor,
			InvoiceCount:   totals.Count,
			GeneratedBy:    in.ActorUserID,
			GeneratedAt:    now,
		}
		if err := m.store.InsertReport(ctx, tx, row); err != nil {
			return err
		}
		out = reportFromRow(row)
		return m.bus.Record(ctx, tx, events.CorporateReportGenerated{
			ReportID:       events.ReportID(row.ID),
			OrganizationID: events.OrganizationID(row.OrganizationID),
			CohortID:       events.CohortID(row.CohortID),
			PeriodStart:    row.PeriodStart,
			PeriodEnd:      row.PeriodEnd,
			ActorUserID:    events.UserID(in.ActorUserID),
			OccurredAt:     now,
		})
	})
	if err != nil {
		return Report{}, fmt.Errorf("generate corporate report: %w", err)
	}
	return out, nil
}
