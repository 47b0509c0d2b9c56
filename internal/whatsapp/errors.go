package whatsapp

import "github.com/academy/academy/internal/platform/apperr"

// The illegal moves of whatsapp's state machines. Each is a Conflict (HTTP
// 409); an Action that returns one has written and recorded nothing.
var (
	// ErrLeadAlreadyCreated: a conversation makes one corporate lead.
	ErrLeadAlreadyCreated = &apperr.Error{Code: apperr.Conflict, Message: "a lead was already created from this conversation"}
	// ErrOutsideServiceWindow: free text may be sent only within 24h of the
	// contact's last inbound message; use a template.
	ErrOutsideServiceWindow = &apperr.Error{Code: apperr.Conflict, Message: "the 24h customer-service window is closed: only template messages may be sent"}
	// ErrProviderMessageReused: a provider message id arrived again from
	// another phone number, which a provider never does.
	ErrProviderMessageReused = &apperr.Error{Code: apperr.Conflict, Message: "providerMessageId is already stored for another phone number"}
	// ErrNotOutbound: delivery statuses belong to outbound messages; the
	// provider id names a message the contact sent.
	ErrNotOutbound = &apperr.Error{Code: apperr.Conflict, Message: "the message is inbound; only outbound messages have a delivery status"}
	// ErrNoWhatsAppConsent: the person has not opted in to WhatsApp
	// messages (or has no phone number), so nothing may be sent to them.
	ErrNoWhatsAppConsent = &apperr.Error{Code: apperr.Conflict, Message: "the person has not opted in to WhatsApp messages"}
	// ErrConcurrentChange: another request changed the conversation between
	// our read and our write; retrying re-evaluates the rules.
	ErrConcurrentChange = &apperr.Error{Code: apperr.Conflict, Message: "changed by a concurrent request; retry"}
)
