package whatsapp

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
	"slices"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/whatsapp/internal/webhook"
)

// maxWebhookBody bounds a webhook delivery; Meta's are a few kilobytes.
const maxWebhookBody = 1 << 20

// providerStatuses are the delivery statuses Meta reports that Academy
// records; others (such as "deleted") are skipped.
var providerStatuses = []string{StatusSent, StatusDelivered, StatusRead, StatusFailed}

// handleWebhookVerify answers Meta's subscription check: it echoes
// hub.challenge when hub.mode is "subscribe" and hub.verify_token is the
// configured VerifyToken, and is 403 otherwise.
func (m *Module) handleWebhookVerify(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if m.cfg.VerifyToken == "" || q.Get("hub.mode") != "subscribe" || !sameSecret(q.Get("hub.verify_token"), m.cfg.VerifyToken) {
		return apperr.Errorf(apperr.Forbidden, "webhook verification failed: hub.mode must be subscribe and hub.verify_token the configured verify token")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, err := io.WriteString(w, q.Get("hub.challenge"))
	return err
}

// sameSecret compares secrets by hash, so that the time taken tells
// nothing about either, not even its length.
func sameSecret(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// webhookResult is the webhook's answer: counts only, for whoever replays
// a delivery by hand. Meta needs just the 200.
type webhookResult struct {
	Messages   int `json:"messages"`
	Duplicates int `json:"duplicates"`
	Statuses   int `json:"statuses"`
	Skipped    int `json:"skipped"`
}

// handleWebhook takes a signed delivery from Meta: inbound messages become
// ReceiveInboundMessage calls and delivery statuses RecordMessageStatus
// calls, both idempotent, so a redelivered webhook changes nothing. A
// missing or bad signature is 401 and nothing is read. An item Academy
// cannot take (a malformed number, a status of a message it never sent) is
// skipped, since resending cannot fix it; any other failure is 500, and
// Meta delivers the whole batch again. The body is never logged.
func (m *Module) handleWebhook(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if m.cfg.AppSecret == "" {
		return apperr.Errorf(apperr.Unavailable, "the WhatsApp webhook is not configured: set the app secret (--whatsapp-app-secret)")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return apperr.Errorf(apperr.Invalid, "webhook body is larger than %d bytes", maxWebhookBody)
		}
		return apperr.Errorf(apperr.Invalid, "webhook body could not be read")
	}
	if !webhook.ValidSignature(m.cfg.AppSecret, body, r.Header.Get(webhook.SignatureHeader)) {
		m.log.WarnContext(ctx, "whatsapp webhook rejected: missing or invalid signature", "remote", r.RemoteAddr)
		return apperr.Errorf(apperr.Unauthorized, "missing or invalid %s signature", webhook.SignatureHeader)
	}
	batch, err := webhook.Parse(body)
	if err != nil {
		return apperr.Errorf(apperr.Invalid, "%s", err.Error())
	}
	var res webhookResult
	ours := func(phoneNumberID string) bool {
		return m.cfg.PhoneNumberID == "" || phoneNumberID == m.cfg.PhoneNumberID
	}
	for _, in := range batch.Messages {
		if !ours(in.PhoneNumberID) {
			res.Skipped++
			continue
		}
		at := in.Timestamp
		if at.IsZero() {
			at = m.clock.Now()
		}
		got, err := m.ReceiveInboundMessage(ctx, ReceiveInboundMessageInput{
			From: in.From, ProviderMessageID: in.ID, Text: in.Text, Timestamp: at, ProfileName: in.ProfileName,
		})
		switch {
		case skippable(err):
			m.log.WarnContext(ctx, "whatsapp webhook: inbound message skipped", "providerMessageId", in.ID, "error", err)
			res.Skipped++
		case err != nil:
			return err
		case got.Duplicate:
			res.Duplicates++
		default:
			res.Messages++
		}
	}
	for _, st := range batch.Statuses {
		if !ours(st.PhoneNumberID) || !slices.Contains(providerStatuses, st.Status) {
			res.Skipped++
			continue
		}
		_, err := m.RecordMessageStatus(ctx, RecordMessageStatusInput{
			ProviderMessageID: st.ID, OutboxKey: st.CallbackData, Status: st.Status, Reason: st.Reason,
		})
		switch {
		case apperr.CodeOf(err) == apperr.NotFound:
			// Sent outside Academy, or before its id was stored; the
			// outbox has been told all the same.
			res.Skipped++
		case skippable(err):
			m.log.WarnContext(ctx, "whatsapp webhook: status skipped", "providerMessageId", st.ID, "status", st.Status, "error", err)
			res.Skipped++
		case err != nil:
			return err
		default:
			res.Statuses++
		}
	}
	m.log.InfoContext(ctx, "whatsapp webhook", "messages", res.Messages, "duplicates", res.Duplicates,
		"statuses", res.Statuses, "skipped", res.Skipped)
	return web.JSON(w, http.StatusOK, res)
}

// skippable errors are about one item, and a redelivery cannot fix them.
// A concurrent change is not one: the redelivery sees the settled row.
func skippable(err error) bool {
	code := apperr.CodeOf(err)
	return err != nil && !errors.Is(err, ErrConcurrentChange) && (code == apperr.Invalid || code == apperr.Conflict)
}
