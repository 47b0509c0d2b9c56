package corporate_test

import (
	"context"
	"database/sql"
	"strings"
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

func TestCreateB2bLead(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		lead, err := b.m.CreateB2bLead(context.Background(), leadInput())
		require.NoError(t, err)
		require.Equal(t, "new", lead.Status)

		ev := eventbustest.RequireRecorded[events.B2bLeadCreated](t, b.bus)
		require.Equal(t, events.B2bLeadCreated{
			B2bLeadID: events.B2bLeadID(lead.ID), Source: "web", ActorUserID: "staff-1", OccurredAt: start,
		}, ev)
		eventbustest.RequireTotal(t, b.bus, 1)

		// Contact data stays in corporate's tables, never in the event.
		recorded := eventbustest.Recorded(t, b.bus, ev.EventName())
		for _, secret := range []string{"ana@acme.example", "600 000 000", "Acme", "Ana"} {
			require.NotContains(t, string(recorded[0].Payload), secret)
		}
		got, err := b.m.GetLead(context.Background(), lead.ID)
		require.NoError(t, err)
		require.Equal(t, lead, got)
		require.Equal(t, "ana@acme.example", got.ContactEmail)
	})
}

func TestCreateB2bLeadRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*corporate.CreateB2bLeadInput)
		field  string
	}{
		{"missing source", func(in *corporate.CreateB2bLeadInput) { in.Source = "" }, "source"},
		{"unknown source", func(in *corporate.CreateB2bLeadInput) { in.Source = "fax" }, "source"},
		{"missing company", func(in *corporate.CreateB2bLeadInput) { in.CompanyName = "  " }, "companyName"},
		{"long company", func(in *corporate.CreateB2bLeadInput) { in.CompanyName = strings.Repeat("a", 201) }, "companyName"},
		{"missing contact", func(in *corporate.CreateB2bLeadInput) { in.ContactName = "" }, "contactName"},
		{"no way to contact", func(in *corporate.CreateB2bLeadInput) { in.ContactEmail, in.ContactPhone = "", "" }, "contactEmail"},
		{"bad email", func(in *corporate.CreateB2bLeadInput) { in.ContactEmail = "Ana <ana@acme.example>" }, "contactEmail"},
		{"bad phone", func(in *corporate.CreateB2bLeadInput) { in.ContactPhone = "call me" }, "contactPhone"},
		{"short phone", func(in *corporate.CreateB2bLeadInput) { in.ContactPhone = "+34 60" }, "contactPhone"},
		{"no actor", func(in *corporate.CreateB2bLeadInput) { in.ActorUserID = "" }, "actorUserId"},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		for _, tt := range tests {
			in := leadInput()
			tt.change(&in)
			_, err := b.m.CreateB2bLead(context.Background(), in)
			apperrtest.RequireInvalid(t, err, tt.field)
		}
		eventbustest.RequireTotal(t, b.bus, 0)
		require.Zero(t, b.count(t, "corporate_leads"))
	})
}

func TestCreateB2bLeadAcceptsEitherEmailOrPhone(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		in := leadInput()
		in.ContactPhone = ""
		_, err := b.m.CreateB2bLead(context.Background(), in)
		require.NoError(t, err)
		in = leadInput()
		in.ContactEmail, in.Source = "", corporate.SourceWhatsApp
		_, err = b.m.CreateB2bLead(context.Background(), in)
		require.NoError(t, err)
		eventbustest.RequireCount[events.B2bLeadCreated](t, b.bus, 2)
	})
}

func TestCreateB2bLeadTxRollsBackWithTheCallersTransaction(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		b.rolledBack(t, func(tx *sql.Tx) error {
			_, err := b.m.CreateB2bLeadTx(context.Background(), tx, leadInput())
			return err
		})
		eventbustest.RequireTotal(t, b.bus, 0)
		require.Zero(t, b.count(t, "corporate_leads"))

		// Inside a committed transaction it behaves as CreateB2bLead.
		var lead corporate.Lead
		require.NoError(t, db.InTx(context.Background(), d.DB, func(tx *sql.Tx) error {
			var err error
			lead, err = b.m.CreateB2bLeadTx(context.Background(), tx, leadInput())
			return err
		}))
		require.Equal(t, events.B2bLeadID(lead.ID), eventbustest.RequireRecorded[events.B2bLeadCreated](t, b.bus).B2bLeadID)
	})
}

func TestConvertB2bLeadToOrganization(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		lead := b.lead(t)
		b.clock.Advance(time.Minute)
		now := b.clock.Now()
		c, err := b.m.ConvertB2bLeadToOrganization(context.Background(), corporate.ConvertB2bLeadInput{LeadID: lead.ID, ActorUserID: "staff-2"})
		require.NoError(t, err)
		require.Equal(t, "Acme Logistics", c.Organization.Name, "defaults to the company name")
		require.Equal(t, lead.ID, c.Organization.LeadID)
		require.Equal(t, "converted", c.Lead.Status)
		require.Equal(t, c.Organization.ID, c.Lead.OrganizationID)

		ev := eventbustest.RequireRecorded[events.B2bLeadConverted](t, b.bus)
		require.Equal(t, events.B2bLeadConverted{
			B2bLeadID: events.B2bLeadID(lead.ID), OrganizationID: events.OrganizationID(c.Organization.ID),
			ActorUserID: "staff-2", OccurredAt: now,
		}, ev)
		got, err := b.m.GetLead(context.Background(), lead.ID)
		require.NoError(t, err)
		require.Equal(t, c.Lead, got)
		org, err := b.m.GetOrganization(context.Background(), c.Organization.ID)
		require.NoError(t, err)
		require.Equal(t, c.Organization, org)

		// Converting twice is an illegal move: 409, nothing new.
		_, err = b.m.ConvertB2bLeadToOrganization(context.Background(), corporate.ConvertB2bLeadInput{LeadID: lead.ID, OrganizationName: "Other", ActorUserID: "staff-2"})
		require.ErrorIs(t, err, corporate.ErrLeadConverted)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireCount[events.B2bLeadConverted](t, b.bus, 1)
		require.Equal(t, 1, b.count(t, "corporate_organizations"))
	})
}

func TestConvertB2bLeadRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		_, err := b.m.ConvertB2bLeadToOrganization(context.Background(), corporate.ConvertB2bLeadInput{LeadID: "nope", ActorUserID: "staff-1"})
		apperrtest.RequireCode(t, err, apperr.NotFound)
		_, err = b.m.ConvertB2bLeadToOrganization(context.Background(), corporate.ConvertB2bLeadInput{LeadID: "", ActorUserID: "staff-1"})
		apperrtest.RequireInvalid(t, err, "leadId")
		lead := b.lead(t)
		_, err = b.m.ConvertB2bLeadToOrganization(context.Background(), corporate.ConvertB2bLeadInput{LeadID: lead.ID, OrganizationName: strings.Repeat("x", 201), ActorUserID: "staff-1"})
		apperrtest.RequireInvalid(t, err, "organizationName")
		eventbustest.RequireCount[events.B2bLeadConverted](t, b.bus, 0)
		require.Zero(t, b.count(t, "corporate_organizations"))
		_, err = b.m.GetOrganization(context.Background(), "nope")
		apperrtest.RequireCode(t, err, apperr.NotFound)
		_, err = b.m.GetLead(context.Background(), "nope")
		apperrtest.RequireCode(t, err, apperr.NotFound)
	})
}
