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

// Message statuses. Inbound messages are "received". Outbound ones start
// "queued"; "accepted" once the provider took the message and gave it an
// id; then "sent", "delivered" and "read" as the provider reports, or
// "failed" when it could not deliver.
const (
	StatusReceived  = "received"
	StatusQueued    = "queued"
	StatusAccepted  = "accepted"
	StatusSent      = "sent"
	StatusDelivered = "delivered"
	StatusRead      = "read"
	StatusFailed    = "failed"
)

// progress orders the outbound statuses a message goes through.
var progress = map[string]int{
	StatusQueued: 0, StatusAccepted: 1, StatusSent: 2, StatusDelivered: 3, StatusRead: 4,
}

// deliveryStatus is the domain object of an outbound message's delivery.
type deliveryStatus string

// advance reports whether a provider report of next changes the status.
// Providers report out of order and more than once, so a repeat or a step
// back (delivered after read) is no change rather than an error. failed
// is final, and a failure reported after the message was delivered is
// stale. Inbound messages have no delivery: ErrNotOutbound.
func (s deliveryStatus) advance(next string) (bool, error) {
	if s == StatusReceived {
		return false, ErrNotOutbound
	}
	current, known := progress[string(s)]
	switch {
	case !known: // failed, or a status this version does not know
		return false, nil
	case next == StatusFailed:
		return current < progress[StatusDelivered], nil
	default:
		return progress[next] > current, nil
	}
}

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
	// StatusReason is the provider's explanation of a failed send.
	StatusReason string `json:"statusReason,omitempty"`
	// OutboxKey is the idempotency key of the outbox message that delivers
	// an outbound message.
	OutboxKey string `json:"outboxKey,omitempty"`
	// SentBy is who wrote or queued an outbound message: a staff member,
	// or listener:<name> for automatic messages.
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
		Status: r.Status, StatusReason: r.StatusReason, OutboxKey: r.OutboxKey, SentBy: r.SentBy,
		OccurredAt: r.OccurredAt, CreatedAt: r.CreatedAt,
	}
}
