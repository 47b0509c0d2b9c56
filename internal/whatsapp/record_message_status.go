package whatsapp

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/whatsapp/internal/store"
)

// RecordMessageStatusInput is a delivery status of an outbound message.
type RecordMessageStatusInput struct {
	// ProviderMessageID is the provider's id of the message ("wamid...").
	// It is empty only when the provider refused the message outright.
	ProviderMessageID string `json:"providerMessageId"`
	// OutboxKey is the outbox key the message was sent under. The provider
	// echoes it in status callbacks, and it finds a message whose provider
	// id is not stored yet; it may be empty when ProviderMessageID is set.
	OutboxKey string `json:"outboxKey"`
	// Status is accepted (the sender got an id back from the provider),
	// failed (the provider refused it, or reported it undeliverable), or
	// another status the provider reports: sent, delivered or read.
	Status string `json:"status"`
	// Reason explains a failed status.
	Reason string `json:"reason"`
}

// reportedStatuses are the statuses RecordMessageStatus takes; all but
// accepted come from the provider and are passed on to the outbox.
var reportedStatuses = []string{StatusAccepted, StatusSent, StatusDelivered, StatusRead, StatusFailed}

const maxReasonLen = 1000

func (in RecordMessageStatusInput) validate() error {
	var v apperr.Validation
	v.Check(in.ProviderMessageID != "" || in.OutboxKey != "", "providerMessageId", "is required (or outboxKey)")
	v.Check(len(in.ProviderMessageID) <= maxIDLen, "providerMessageId", "must be at most %d characters", maxIDLen)
	v.Check(len(in.OutboxKey) <= maxKeyLen, "outboxKey", "must be at most %d characters", maxKeyLen)
	v.Check(slices.Contains(reportedStatuses, in.Status), "status", "must be one of %v", reportedStatuses)
	v.Check(utf8.RuneCountInString(in.Reason) <= maxReasonLen, "reason", "must be at most %d characters", maxReasonLen)
	return v.Err()
}

// RecordMessageStatus moves an outbound message's delivery status forward
// and remembers its provider id, then passes provider statuses on to the
// outbox message that sent it (outbox.RecordProviderStatus), so that a
// failure reported after the send shows there too.
//
// Providers report at least once and out of order: a repeated or older
// status changes nothing and is not an error. A message this module does
// not know is NotFound, after the outbox has still been told; a provider
// id of an inbound message is ErrNotOutbound (409). It records no domain
// event: a delivery status is the provider's fact, kept on the message.
func (m *Module) RecordMessageStatus(ctx context.Context, in RecordMessageStatusInput) (Message, error) {
	if err := in.validate(); err != nil {
		return Message{}, err
	}
	var out Message
	// passOn is true when the outbox should hear of the report: it is the
	// message's status now (new, or a repeat of the latest report), or it
	// is about another send of the message (an operator's resend, with a
	// new provider id) that this module does not track.
	passOn := false
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		row, err := store.Message{}, store.ErrNotFound
		if in.ProviderMessageID != "" {
			row, err = m.store.MessageByProviderID(ctx, tx, in.ProviderMessageID)
		}
		if errors.Is(err, store.ErrNotFound) && in.OutboxKey != "" {
			row, err = m.store.MessageByOutboxKey(ctx, tx, in.OutboxKey)
		}
		if errors.Is(err, store.ErrNotFound) {
			return apperr.Errorf(apperr.NotFound, "no WhatsApp message with provider id %q or outbox key %q", in.ProviderMessageID, in.OutboxKey)
		}
		if err != nil {
			return err
		}
		otherSend := row.ProviderMessageID != "" && in.ProviderMessageID != "" && row.ProviderMessageID != in.ProviderMessageID
		advance, err := deliveryStatus(row.Status).advance(in.Status)
		if err != nil {
			return err
		}
		link := row.ProviderMessageID == "" && in.ProviderMessageID != ""
		if advance || link {
			to, reason := row.Status, row.StatusReason
			if advance {
				to, reason = in.Status, ""
				if in.Status == StatusFailed {
					reason = in.Reason
				}
			}
			if err := m.store.SetMessageStatus(ctx, tx, row.ID, row.Status, to, reason, in.ProviderMessageID); err != nil {
				if errors.Is(err, store.ErrStale) {
					return ErrConcurrentChange
				}
				return err
			}
			if row, err = m.store.Message(ctx, tx, row.ID); err != nil {
				return err
			}
		}
		conv, err := m.store.Conversation(ctx, tx, row.ConversationID)
		if err != nil {
			return err
		}
		out, passOn = messageFromRow(row, conv.PhoneNumber), row.Status == in.Status || otherSend
		return nil
	})
	unknown := apperr.CodeOf(err) == apperr.NotFound
	if err != nil && !unknown {
		return Message{}, fmt.Errorf("record whatsapp status %s of %s: %w", in.Status, in.ProviderMessageID, err)
	}
	// After commit: the outbox writes on its own connection. A repeat of
	// the latest report (a redelivered webhook, perhaps because this call
	// failed here the first time) tells it again, which is harmless; a
	// stale report is not passed on. Without a provider id there is no
	// outbox row to match: the outbox recorded the refusal itself.
	if in.ProviderMessageID != "" && in.Status != StatusAccepted && (passOn || unknown) {
		if oerr := m.outbox.RecordProviderStatus(ctx, in.ProviderMessageID, in.Status, in.Reason); oerr != nil {
			return Message{}, fmt.Errorf("record whatsapp status %s of %s: %w", in.Status, in.ProviderMessageID, oerr)
		}
	}
	if err != nil {
		return Message{}, err
	}
	return out, nil
}
