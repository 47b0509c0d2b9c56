// Package jobs holds the whatsapp module's background work: the outbox
// sender that delivers WhatsApp messages through Meta's Cloud API. It is,
// with the listeners, the only code that may call the Cloud API client
// (architecture-check rule provider-boundary), and it changes whatsapp
// state only through whatsapp Actions.
package jobs

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/whatsapp"
	"github.com/academy/academy/internal/whatsapp/internal/cloudapi"
)

// SenderConfig configures NewSender.
type SenderConfig struct {
	// Config holds the provider settings (API URL, phone number id, token).
	Config whatsapp.Config
	// WhatsApp is the module whose messages are sent: the sender records
	// on them the id the provider gave.
	WhatsApp *whatsapp.Module
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// HTTPClient defaults to the Cloud API client's own.
	HTTPClient *http.Client
}

// NewSender returns the outbox sender of the WhatsApp channel.
//
// When no phone number id and token are configured it returns a sender
// whose every send fails transiently with "WhatsApp is not configured",
// rather than registering no sender: a message then retries for a while,
// so a restart with the settings delivers it, and ends "failed" with that
// reason, where an operator sees it and can resend it. (With no sender,
// the outbox would leave it queued with no job to send it.)
func NewSender(cfg SenderConfig) (outbox.Sender, error) {
	cfg.Config = cfg.Config.WithDefaults()
	if err := cfg.Config.Validate(); err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if !cfg.Config.SendingConfigured() {
		return notConfigured{m: cfg.WhatsApp, log: cfg.Logger}, nil
	}
	client, err := cloudapi.New(cloudapi.Config{
		BaseURL: cfg.Config.APIURL, PhoneNumberID: cfg.Config.PhoneNumberID, Token: cfg.Config.Token,
		HTTPClient: cfg.HTTPClient,
	})
	if err != nil {
		return nil, err
	}
	return &sender{client: client, m: cfg.WhatsApp, log: cfg.Logger}, nil
}

// recordTimeout bounds recording the provider id after a send.
const recordTimeout = 10 * time.Second

type notConfigured struct {
	m   *whatsapp.Module
	log *slog.Logger
}

func (notConfigured) Send(context.Context, outbox.Message) (string, error) {
	return "", outbox.Transient("WhatsApp is not configured: set --whatsapp-phone-number-id and --whatsapp-token", 0)
}

// sender sends outbox messages of the WhatsApp channel with the Cloud API.
type sender struct {
	client *cloudapi.Client
	m      *whatsapp.Module
	log    *slog.Logger
}

// Send sends m as a template message when it names a template, and as
// free text otherwise. Once Meta accepted it, the message id is recorded
// on the whatsapp message; failing to record it is logged, never
// returned, because an error would make the outbox send the message again.
// Status webhooks still find the message by its outbox key. A permanent
// refusal, or running out of attempts, is recorded by Settled.
func (s *sender) Send(ctx context.Context, m outbox.Message) (string, error) {
	opts := cloudapi.Options{Key: m.Key}
	var id string
	var err error
	if m.TemplateName != "" {
		id, err = s.client.SendTemplate(ctx, cloudapi.Template{
			To: m.To, Name: m.TemplateName, Language: m.TemplateLanguage, BodyParams: m.TemplateParams,
		}, opts)
	} else {
		id, err = s.client.SendText(ctx, cloudapi.Text{To: m.To, Body: m.Body}, opts)
	}
	if err == nil {
		s.record(ctx, whatsapp.RecordMessageStatusInput{ProviderMessageID: id, OutboxKey: m.Key, Status: whatsapp.StatusAccepted})
	}
	return id, err
}

// Settled records on the whatsapp message that the outbox gave up on it:
// refused by Meta, out of attempts, or left uncertain. An uncertain
// message is not marked failed, since Meta may have it; its status
// callbacks, if any, still arrive.
func (s *sender) Settled(ctx context.Context, m outbox.Message, state outbox.State, reason string) {
	if state == outbox.Failed {
		s.record(ctx, whatsapp.RecordMessageStatusInput{OutboxKey: m.Key, Status: whatsapp.StatusFailed, Reason: truncate(reason, 1000)})
	}
}

// Settled records on the whatsapp message that it was never sent because
// WhatsApp is not configured.
func (n notConfigured) Settled(ctx context.Context, m outbox.Message, state outbox.State, reason string) {
	if n.m != nil && state == outbox.Failed {
		(&sender{m: n.m, log: n.log}).Settled(ctx, m, state, reason)
	}
}

// record stores the outcome of a send on the whatsapp message, best effort.
func (s *sender) record(ctx context.Context, in whatsapp.RecordMessageStatusInput) {
	if s.m == nil {
		return
	}
	// The send's deadline may be all but spent; recording gets its own.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	_, err := s.m.RecordMessageStatus(rctx, in)
	if err != nil && apperr.CodeOf(err) != apperr.NotFound {
		s.log.WarnContext(ctx, "whatsapp: the outcome of a send was not recorded on its message",
			"key", in.OutboxKey, "status", in.Status, "error", err)
	}
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
