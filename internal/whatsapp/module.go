// Package whatsapp keeps WhatsApp conversations with the outside world: one
// conversation per phone number, its inbound and outbound messages, who on
// staff handles it, and the corporate lead made from it.
//
// Only this module talks to the WhatsApp provider (Meta's Cloud API), and
// its Actions never call it directly: every outbound message is stored and
// queued in the outbox (internal/platform/outbox) with an idempotency key,
// and the outbox's send job calls the provider through the sender in
// package jobs. SendWhatsAppReply stores a staff reply as "queued" and
// records WhatsAppReplySent; a listener queues it in the outbox.
// QueueTemplateMessage stores and queues a template message in one
// transaction; it is how other modules' facts (an enrollment confirmed)
// reach a person on WhatsApp, through this module's listeners, and only
// for people who opted in. Free-text replies are allowed only within the
// 24h customer-service window after the contact's last inbound message;
// after that only template messages may be sent.
//
// Meta's webhook (GET and POST /webhooks/whatsapp) brings inbound messages
// (ReceiveInboundMessage) and delivery statuses (RecordMessageStatus); it
// is public and authenticated by its HMAC signature alone.
//
// Its Actions are the methods of Module; its events are in package events.
package whatsapp

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/academy/academy/internal/corporate"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/user"
	"github.com/academy/academy/internal/whatsapp/events"
	"github.com/academy/academy/internal/whatsapp/internal/store"
)

// LeadCreator opens corporate leads inside whatsapp's transaction; the
// corporate module satisfies it.
type LeadCreator interface {
	CreateB2bLeadTx(ctx context.Context, tx *sql.Tx, in corporate.CreateB2bLeadInput) (corporate.Lead, error)
}

// UserDirectory reads people; the user module satisfies it. Whatsapp uses
// it to check that a conversation is assigned to staff, and to find the
// phone number and WhatsApp consent of a person it is asked to message.
type UserDirectory interface {
	GetUser(ctx context.Context, id string) (user.User, error)
	FindUserContact(ctx context.Context, id string) (user.Contact, error)
}

// Outbox queues user-visible messages and takes the provider's delivery
// statuses; internal/platform/outbox satisfies it.
type Outbox interface {
	Enqueue(ctx context.Context, tx *sql.Tx, m outbox.Message) (id string, created bool, err error)
	RecordProviderStatus(ctx context.Context, providerMessageID, status, reason string) error
}

// Deps are what the whatsapp module needs.
type Deps struct {
	DB    *sql.DB
	Bus   *eventbus.Bus
	Clock clock.Clock
	// Leads is the corporate module.
	Leads LeadCreator
	// Users is the user module.
	Users UserDirectory
	// Outbox queues outbound messages.
	Outbox Outbox
	// Config holds the provider settings; the module uses the webhook's
	// AppSecret and VerifyToken, and PhoneNumberID to ignore other numbers.
	Config Config
	// Logger receives the webhook's summary lines (never its body).
	// Defaults to slog.Default().
	Logger *slog.Logger
}

func (d Deps) validate() error {
	var errs []error
	if d.DB == nil || d.Bus == nil || d.Clock == nil {
		errs = append(errs, errors.New("DB, Bus and Clock are required"))
	}
	if d.Leads == nil {
		errs = append(errs, errors.New("Leads (the corporate module) is required"))
	}
	if d.Users == nil {
		errs = append(errs, errors.New("Users (the user module) is required"))
	}
	if d.Outbox == nil {
		errs = append(errs, errors.New("Outbox is required"))
	}
	return errors.Join(errs...)
}

// Module holds the whatsapp Actions and read APIs.
type Module struct {
	db     *sql.DB
	bus    *eventbus.Bus
	clock  clock.Clock
	store  store.Store
	leads  LeadCreator
	users  UserDirectory
	outbox Outbox
	cfg    Config
	log    *slog.Logger
}

// New builds the module and defines its events on the bus.
func New(deps Deps) (*Module, error) {
	if err := deps.validate(); err != nil {
		return nil, fmt.Errorf("whatsapp: %w", err)
	}
	if err := deps.Bus.Define(events.Definitions...); err != nil {
		return nil, fmt.Errorf("whatsapp: %w", err)
	}
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	return &Module{db: deps.DB, bus: deps.Bus, clock: deps.Clock, leads: deps.Leads, users: deps.Users,
		outbox: deps.Outbox, cfg: deps.Config.WithDefaults(), log: deps.Logger}, nil
}

// inboundCallers may hand over inbound messages: the provider integration
// (service role) and admins replaying one.
var inboundCallers = []web.Role{web.RoleAdmin, web.RoleService}

// templateCallers may queue template messages: other systems (service
// role) and admins.
var templateCallers = []web.Role{web.RoleAdmin, web.RoleService}

// Routes registers the module's HTTP API. The webhook routes are public:
// Meta cannot send a bearer token, so the POST is authenticated by its
// signature and the GET by the verify token.
func (m *Module) Routes(r *web.Router) {
	r.Public("GET /webhooks/whatsapp", m.handleWebhookVerify,
		web.Summary("Meta's subscription check: echoes hub.challenge"), web.ReturnsMedia(http.StatusOK, "text/plain"))
	r.Public("POST /webhooks/whatsapp", m.handleWebhook,
		web.Summary("Meta's signed webhook delivery (Cloud API payload, X-Hub-Signature-256)"), web.Returns[webhookResult](http.StatusOK))
	r.Handle("POST /api/whatsapp/inbound", inboundCallers, m.handleReceiveInboundMessage,
		web.Accepts[ReceiveInboundMessageInput](), web.Returns[Received](http.StatusCreated, http.StatusOK))
	r.Handle("POST /api/whatsapp/template-messages", templateCallers, m.handleQueueTemplateMessage,
		web.Accepts[QueueTemplateMessageInput](), web.Returns[QueuedMessage](http.StatusCreated, http.StatusOK))
	r.Handle("GET /api/whatsapp/conversations/{id}", web.Staff, m.handleGetConversation,
		web.Returns[Conversation](http.StatusOK))
	r.Handle("GET /api/whatsapp/conversations/{id}/messages", web.Staff, m.handleListMessages,
		web.Returns[messageList](http.StatusOK))
	r.Handle("POST /api/whatsapp/conversations/{id}/assign", web.Staff, m.handleAssignConversation,
		web.Accepts[AssignConversationInput](), web.Returns[Assigned](http.StatusOK))
	r.Handle("POST /api/whatsapp/conversations/{id}/lead", web.Staff, m.handleCreateB2bLeadFromConversation,
		web.Accepts[CreateB2bLeadFromConversationInput](), web.Returns[LeadFromConversation](http.StatusCreated))
	r.Handle("POST /api/whatsapp/conversations/{id}/replies", web.Staff, m.handleSendWhatsAppReply,
		web.Accepts[SendWhatsAppReplyInput](), web.Returns[Message](http.StatusCreated))
	r.Handle("GET /api/whatsapp/messages/{id}", web.Staff, m.handleGetMessage, web.Returns[Message](http.StatusOK))
}
