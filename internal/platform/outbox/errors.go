package outbox

import (
	"errors"
	"fmt"
	"time"
)

// ProviderError is how a Sender says whether a failed send may be retried.
type ProviderError struct {
	// Permanent errors (a bad address, a rejected template) mark the message
	// failed and are never retried.
	Permanent bool
	// Ambiguous errors happened after the provider may have accepted the
	// message (a timeout waiting for its answer): the message becomes
	// uncertain, for an operator, instead of being sent again.
	Ambiguous bool
	// RetryAfter, when set on a transient error, is the provider's own
	// Retry-After; the next attempt waits at least that long.
	RetryAfter time.Duration
	// Reason is the provider's explanation, kept on the message.
	Reason string
}

func (e *ProviderError) Error() string {
	kind := "transient"
	switch {
	case e.Permanent:
		kind = "permanent"
	case e.Ambiguous:
		kind = "ambiguous"
	}
	return fmt.Sprintf("%s provider error: %s", kind, e.Reason)
}

// Permanent returns an error that marks the message failed without retry.
func Permanent(reason string) error { return &ProviderError{Permanent: true, Reason: reason} }

// Ambiguous returns an error for a send whose outcome is unknown: the
// request went out but no answer came back. It is never retried.
func Ambiguous(reason string) error { return &ProviderError{Ambiguous: true, Reason: reason} }

// Transient returns an error that is retried with backoff, no sooner than
// retryAfter when it is positive.
func Transient(reason string, retryAfter time.Duration) error {
	return &ProviderError{Reason: reason, RetryAfter: retryAfter}
}

// classify treats unknown errors (network, timeouts) as transient.
func classify(err error) *ProviderError {
	if pe, ok := errors.AsType[*ProviderError](err); ok {
		return pe
	}
	return &ProviderError{Reason: err.Error()}
}
