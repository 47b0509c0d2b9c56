package whatsapp

import (
	"time"

	"github.com/academy/academy/internal/whatsapp/internal/store"
)

// Direction says who wrote a message.
type Direction string

const (
	Inbound  Direction = "inbound"  // from the contact
	Outbound Direction = "outbound" // from staff
)

// ReplyMode is how an outbound message is sent.
type ReplyMode string

const (
	// ModeFreeText is a text message, allowed only inside the service window.
	ModeFreeText ReplyMode = "free_text"
	// ModeTemplate is a pre-approved template message, allowed any time.
	ModeTemplate ReplyMode = "template"
)

// Message statuses. Inbound messages are "received"; outbound ones start
// "queued" and are moved on by the sender (a later listener).
const (
	StatusReceived = "received"
	StatusQueued   = "queued"
)

// Message is one WhatsApp message in a conversation. It carries what the
// sender needs: the phone number, and the text or template to send.
type Message struct {
	ID             string    `json:"id"`
	ConversationID string    `json:"conversationId"`
	Direction      Direction `json:"direction"`
	// PhoneNumber is the contact's E.164 number: the sender for inbound
	// messages, the recipient for outbound ones.
	PhoneNumber       string    `json:"phoneNumber"`
	ProviderMessageID string    `json:"providerMessageId,omitempty"`
	Mode              ReplyMode `json:"mode,omitempty"`
	Text              string    `json:"text,omitempty"`
	TemplateName      string    `json:"templateName,omitempty"`
	TemplateLanguage  string    `json:"templateLanguage,omitempty"`
	TemplateParams    []string  `json:"templateParams,omitempty"`
	Status            string    `json:"status"`
	// SentBy is the staff member who wrote an outbound message.
	SentBy string `json:"sentBy,omitempty"`
	// OccurredAt is when the contact sent an inbound message (the
	// provider's timestamp) or when staff wrote an outbound one.
	OccurredAt time.Time `json:"occurredAt"`
	CreatedAt  time.Time `json:"createdAt"`
}

func messageFromRow(r store.Message, phone string) Message {
	if len(r.TemplateParams) == 0 {
		r.TemplateParams = nil
	}
	return Message{
		ID: r.ID, ConversationID: r.ConversationID, Direction: Direction(r.Direction), PhoneNumber: phone,
		ProviderMessageID: r.ProviderMessageID, Mode: ReplyMode(r.Mode), Text: r.Body,
		TemplateName: r.TemplateName, TemplateLanguage: r.TemplateLanguage, TemplateParams: r.TemplateParams,
		Status: r.Status, SentBy: r.SentBy, OccurredAt: r.OccurredAt, CreatedAt: r.CreatedAt,
	}
}
