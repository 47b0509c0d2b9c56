// Package events holds the whatsapp module's event contracts. Any module may
// import it to listen to WhatsApp facts.
//
// Phone numbers, profile names and message text never appear here: a
// listener that needs them asks whatsapp's read API (GetConversation,
// GetMessage).
package events

import (
	"time"

	"github.com/academy/academy/internal/platform/eventbus"
)

// ConversationID identifies a WhatsApp conversation: one per phone number.
type ConversationID string

// MessageID identifies a stored WhatsApp message (inbound or outbound).
type MessageID string

// B2bLeadID identifies a corporate lead (owned by corporate).
type B2bLeadID string

// UserID identifies a person (owned by user).
type UserID string

// ReplyMode is how a reply is sent: "free_text" (only inside the 24h
// customer-service window) or "template".
type ReplyMode string

// WhatsAppLeadCreated: staff turned a conversation into a corporate lead.
// It is recorded in the same transaction as corporate's B2bLeadCreated for
// B2bLeadID; both exist or neither does.
type WhatsAppLeadCreated struct {
	ConversationID ConversationID `json:"conversationId"`
	B2bLeadID      B2bLeadID      `json:"b2bLeadId"`
	ActorUserID    UserID         `json:"actorUserId"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (WhatsAppLeadCreated) EventName() string { return "whatsapp.WhatsAppLeadCreated" }
func (WhatsAppLeadCreated) EventVersion() int { return 1 }

// WhatsAppConversationAssigned: a conversation was given to a staff member.
// PreviousAssigneeUserID is empty on the first assignment.
type WhatsAppConversationAssigned struct {
	ConversationID         ConversationID `json:"conversationId"`
	AssigneeUserID         UserID         `json:"assigneeUserId"`
	PreviousAssigneeUserID UserID         `json:"previousAssigneeUserId"`
	ActorUserID            UserID         `json:"actorUserId"`
	OccurredAt             time.Time      `json:"occurredAt"`
}

func (WhatsAppConversationAssigned) EventName() string {
	return "whatsapp.WhatsAppConversationAssigned"
}
func (WhatsAppConversationAssigned) EventVersion() int { return 1 }

// WhatsAppReplySent: staff wrote a reply, stored with status "queued". The
// provider is called later, by a listener through the outbox.
type WhatsAppReplySent struct {
	ConversationID ConversationID `json:"conversationId"`
	MessageID      MessageID      `json:"messageId"`
	ActorUserID    UserID         `json:"actorUserId"`
	Mode           ReplyMode      `json:"mode"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (WhatsAppReplySent) EventName() string { return "whatsapp.WhatsAppReplySent" }
func (WhatsAppReplySent) EventVersion() int { return 1 }

// Definitions describes the whatsapp events for the registry and catalog.
var Definitions = []eventbus.Definition{
	{
		Event:            WhatsAppLeadCreated{},
		Owner:            "whatsapp",
		Description:      "A WhatsApp conversation became a corporate lead; recorded atomically with corporate.B2bLeadCreated. A conversation makes one lead.",
		Emitters:         []string{"whatsapp.CreateB2bLeadFromConversation"},
		AutomationSafety: "Safe for internal follow-up; sends nothing to the contact. Contact data is read from corporate.GetLead or whatsapp.GetConversation.",
		Idempotency:      "One event per conversation id (and per lead id); key reactions on conversationId.",
	},
	{
		Event:            WhatsAppConversationAssigned{},
		Owner:            "whatsapp",
		Description:      "A WhatsApp conversation was assigned to a staff member; reassigning to the same person records nothing.",
		Emitters:         []string{"whatsapp.AssignConversation"},
		AutomationSafety: "Safe to notify the assignee internally; sends nothing to the contact.",
		Idempotency:      "Several per conversation; each is a distinct assignment. Key reactions on the event id.",
	},
	{
		Event:            WhatsAppReplySent{},
		Owner:            "whatsapp",
		Description:      "Staff replied in a WhatsApp conversation; the message is stored as queued (free text only within 24h of the last inbound message, otherwise a template).",
		Emitters:         []string{"whatsapp.SendWhatsAppReply"},
		AutomationSafety: "The one trigger for delivering the reply: a listener sends it through the outbox, keyed on messageId, so the contact gets it once.",
		Idempotency:      "One event per message id; key the send on messageId.",
	},
}
