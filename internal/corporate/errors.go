package corporate

import "github.com/academy/academy/internal/platform/apperr"

// The illegal moves of corporate's state machines. Each is a Conflict
// (HTTP 409); an Action that returns one has written and recorded nothing.
var (
	ErrLeadConverted         = &apperr.Error{Code: apperr.Conflict, Message: "lead is already converted"}
	ErrProposalNotSent       = &apperr.Error{Code: apperr.Conflict, Message: "proposal is not in state sent"}
	ErrProposalExpired       = &apperr.Error{Code: apperr.Conflict, Message: "proposal is past its validUntil and can no longer be accepted"}
	ErrProposalNotAccepted   = &apperr.Error{Code: apperr.Conflict, Message: "proposal is not accepted"}
	ErrAgreementExists       = &apperr.Error{Code: apperr.Conflict, Message: "proposal already has an agreement"}
	ErrAgreementNotActive    = &apperr.Error{Code: apperr.Conflict, Message: "agreement is not active"}
	ErrAgreementEnded        = &apperr.Error{Code: apperr.Conflict, Message: "agreement has ended"}
	ErrInvoicePaid           = &apperr.Error{Code: apperr.Conflict, Message: "invoice is already paid in full"}
	ErrPaymentAlreadyApplied = &apperr.Error{Code: apperr.Conflict, Message: "payment is already allocated to this invoice"}
	// ErrConcurrentChange means another request changed the object between
	// our read and our write; retrying re-evaluates the rules.
	ErrConcurrentChange = &apperr.Error{Code: apperr.Conflict, Message: "changed by a concurrent request; retry"}
)
