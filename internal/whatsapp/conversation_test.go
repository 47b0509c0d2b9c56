package whatsapp_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/corporate"
	corporateevents "github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/user"
	"github.com/academy/academy/internal/whatsapp"
	"github.com/academy/academy/internal/whatsapp/events"
)

func TestAssignConversation(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		conv := b.conversation(t)
		sam := b.user(t, "sam@academy.example", user.KindStaff)
		kim := b.user(t, "kim@academy.example", user.KindStaff)

		a, err := b.m.AssignConversation(ctx, whatsapp.AssignConversationInput{ConversationID: conv.ID, AssigneeUserID: sam.ID, ActorUserID: "lead-1"})
		require.NoError(t, err)
		require.True(t, a.Changed)
		require.Equal(t, sam.ID, a.Conversation.AssignedTo)
		require.Equal(t, start, a.Conversation.AssignedAt)
		ev := eventbustest.RequireRecorded[events.WhatsAppConversationAssigned](t, b.bus)
		require.Equal(t, events.WhatsAppConversationAssigned{
			ConversationID: events.ConversationID(conv.ID), AssigneeUserID: events.UserID(sam.ID),
			PreviousAssigneeUserID: "", ActorUserID: "lead-1", OccurredAt: start,
		}, ev)
		got, err := b.m.GetConversation(ctx, conv.ID)
		require.NoError(t, err)
		require.Equal(t, a.Conversation, got)

		// The same assignee again is a no-op: 200, nothing recorded.
		b.clock.Advance(time.Minute)
		same, err := b.m.AssignConversation(ctx, whatsapp.AssignConversationInput{ConversationID: conv.ID, AssigneeUserID: sam.ID, ActorUserID: "lead-1"})
		require.NoError(t, err)
		require.False(t, same.Changed)
		require.Equal(t, start, same.Conversation.AssignedAt)
		eventbustest.RequireCount[events.WhatsAppConversationAssigned](t, b.bus, 1)

		// Reassigning names the previous assignee.
		_, err = b.m.AssignConversation(ctx, whatsapp.AssignConversationInput{ConversationID: conv.ID, AssigneeUserID: kim.ID, ActorUserID: "lead-1"})
		require.NoError(t, err)
		evs := eventbustest.Recorded(t, b.bus, events.WhatsAppConversationAssigned{}.EventName())
		require.Len(t, evs, 2)
		require.Contains(t, string(evs[1].Payload), sam.ID)
	})
}

func TestAssignConversationRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		conv := b.conversation(t)
		sam := b.user(t, "sam@academy.example", user.KindStaff)
		student := b.user(t, "stu@example.com", user.KindStudent)

		_, err := b.m.AssignConversation(ctx, whatsapp.AssignConversationInput{ConversationID: conv.ID, AssigneeUserID: student.ID, ActorUserID: "lead-1"})
		apperrtest.RequireInvalid(t, err, "assigneeUserId")
		_, err = b.m.AssignConversation(ctx, whatsapp.AssignConversationInput{ConversationID: conv.ID, AssigneeUserID: "", ActorUserID: "lead-1"})
		apperrtest.RequireInvalid(t, err, "assigneeUserId")
		_, err = b.m.AssignConversation(ctx, whatsapp.AssignConversationInput{ConversationID: conv.ID, AssigneeUserID: "ghost", ActorUserID: "lead-1"})
		apperrtest.RequireFields(t, err, "assigneeUserId")
		_, err = b.m.AssignConversation(ctx, whatsapp.AssignConversationInput{ConversationID: "nope", AssigneeUserID: sam.ID, ActorUserID: "lead-1"})
		apperrtest.RequireCode(t, err, apperr.NotFound)

		eventbustest.RequireTotal(t, b.bus, 0)
		got, err := b.m.GetConversation(ctx, conv.ID)
		require.NoError(t, err)
		require.Empty(t, got.AssignedTo)
	})
}

func leadInput(conversationID string) whatsapp.CreateB2bLeadFromConversationInput {
	return whatsapp.CreateB2bLeadFromConversationInput{
		ConversationID: conversationID, CompanyName: "Acme Logistics", ContactEmail: "ana@acme.example", ActorUserID: "sam",
	}
}

func TestCreateB2bLeadFromConversation(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		conv := b.conversation(t)
		b.clock.Advance(time.Hour)
		now := b.clock.Now()

		res, err := b.m.CreateB2bLeadFromConversation(ctx, leadInput(conv.ID))
		require.NoError(t, err)
		require.Equal(t, res.Lead.ID, res.Conversation.B2bLeadID)
		require.Equal(t, corporate.SourceWhatsApp, res.Lead.Source)
		require.Equal(t, "+34600111222", res.Lead.ContactPhone, "the phone comes from the conversation")
		require.Equal(t, "Ana Ruiz", res.Lead.ContactName, "defaults to the WhatsApp profile name")

		// Both events, in one transaction.
		ev := eventbustest.RequireRecorded[events.WhatsAppLeadCreated](t, b.bus)
		require.Equal(t, events.WhatsAppLeadCreated{
			ConversationID: events.ConversationID(conv.ID), B2bLeadID: events.B2bLeadID(res.Lead.ID),
			ActorUserID: "sam", OccurredAt: now,
		}, ev)
		lead := eventbustest.RequireRecorded[corporateevents.B2bLeadCreated](t, b.bus)
		require.Equal(t, corporateevents.B2bLeadCreated{
			B2bLeadID: corporateevents.B2bLeadID(res.Lead.ID), Source: "whatsapp", ActorUserID: "sam", OccurredAt: now,
		}, lead)
		eventbustest.RequireTotal(t, b.bus, 2)

		stored, err := b.corporate.GetLead(ctx, res.Lead.ID)
		require.NoError(t, err)
		require.Equal(t, res.Lead, stored)
		got, err := b.m.GetConversation(ctx, conv.ID)
		require.NoError(t, err)
		require.Equal(t, res.Conversation, got)

		// One lead per conversation: 409, nothing new anywhere.
		_, err = b.m.CreateB2bLeadFromConversation(ctx, leadInput(conv.ID))
		require.ErrorIs(t, err, whatsapp.ErrLeadAlreadyCreated)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireTotal(t, b.bus, 2)
		require.Equal(t, 1, b.count(t, "corporate_leads"))
	})
}

// failingLeads opens the lead through corporate, in the caller's
// transaction, and then fails as if whatsapp's own write had failed.
type failingLeads struct{ corporate whatsapp.LeadCreator }

func (f failingLeads) CreateB2bLeadTx(ctx context.Context, tx *sql.Tx, in corporate.CreateB2bLeadInput) (corporate.Lead, error) {
	if _, err := f.corporate.CreateB2bLeadTx(ctx, tx, in); err != nil {
		return corporate.Lead{}, err
	}
	return corporate.Lead{}, errors.New("boom after the lead was written")
}

func TestCreateB2bLeadFromConversationIsAtomic(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()

		// Corporate rejects the lead: no link, no event from either module.
		b := setup(t, d)
		conv := b.conversation(t)
		bad := leadInput(conv.ID)
		bad.ContactEmail = "not an email"
		_, err := b.m.CreateB2bLeadFromConversation(ctx, bad)
		apperrtest.RequireInvalid(t, err, "contactEmail")
		bad = leadInput(conv.ID)
		bad.CompanyName = ""
		_, err = b.m.CreateB2bLeadFromConversation(ctx, bad)
		apperrtest.RequireInvalid(t, err, "companyName")
		eventbustest.RequireTotal(t, b.bus, 0)
		require.Zero(t, b.count(t, "corporate_leads"))
		got, err := b.m.GetConversation(ctx, conv.ID)
		require.NoError(t, err)
		require.Empty(t, got.B2bLeadID)

		// Whatsapp fails after corporate wrote the lead and recorded
		// B2bLeadCreated: the rollback takes both away.
		var corp *corporate.Module
		failing := setup(t, d, func(deps *whatsapp.Deps) {
			corp = deps.Leads.(*corporate.Module)
			deps.Leads = failingLeads{corporate: corp}
		})
		_, err = failing.m.CreateB2bLeadFromConversation(ctx, leadInput(conv.ID))
		require.ErrorContains(t, err, "boom")
		eventbustest.RequireTotal(t, b.bus, 0)
		require.Zero(t, b.count(t, "corporate_leads"))
		got, err = b.m.GetConversation(ctx, conv.ID)
		require.NoError(t, err)
		require.Empty(t, got.B2bLeadID)

		// And the conversation can still make its lead afterwards.
		_, err = b.m.CreateB2bLeadFromConversation(ctx, leadInput(conv.ID))
		require.NoError(t, err)
		eventbustest.RequireTotal(t, b.bus, 2)

		_, err = b.m.CreateB2bLeadFromConversation(ctx, leadInput("nope"))
		apperrtest.RequireCode(t, err, apperr.NotFound)
	})
}
