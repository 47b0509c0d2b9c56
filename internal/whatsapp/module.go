// Package whatsapp keeps WhatsApp conversations with the outside world: one
// conversation per phone number, its inbound and outbound messages, who on
// staff handles it, and the corporate lead made from it.
//
// Actions never call the WhatsApp provider. SendWhatsAppReply stores the
// reply as "queued" and records WhatsAppReplySent; a listener delivers it
// later through the outbox. Free-text replies are allowed only within the
// 24h customer-service window after the contact's last inbound message;
// after that only template messages may be sent.
//
// Its Actions are the methods of Module; its events are in package events.
package whatsapp

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/academy/academy/internal/corporate"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/eventbus"
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
// it to check that a conversation is assigned to staff.
type UserDirectory interface {
	GetUser(ctx context.Context, id string) (user.User, error)
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
	return errors.Join(errs...)
}

// Module holds the whatsapp Actions and read APIs.
type Module struct {
	db    *sql.DB
	bus   *eventbus.Bus
	clock clock.Clock
	store store.Store
	leads LeadCreator
	users UserDirectory
}

// New builds the module and defines its events on the bus.
func New(deps Deps) (*Module, error) {
	if err := deps.validate(); err != nil {
		return nil, fmt.Errorf("whatsapp: %w", err)
	}
	if err := deps.Bus.Define(events.Definitions...); err != nil {
		return nil, fmt.Errorf("whatsapp: %w", err)
	}
	return &Module{db: deps.DB, bus: deps.Bus, clock: deps.Clock, leads: deps.Leads, users: deps.Users}, nil
}

// inboundCallers may hand over inbound messages: the provider integration
// (service role) and admins replaying one.
var inboundCallers = []web.Role{web.RoleAdmin, web.RoleService}

// Routes registers the module's HTTP API.
func (m *Module) Routes(r *web.Router) {
	r.Handle("POST /api/whatsapp/inbound", inboundCallers, m.handleReceiveInboundMessage)
	r.Handle("GET /api/whatsapp/conversations/{id}", web.Staff, m.handleGetConversation)
	r.Handle("GET /api/whatsapp/conversations/{id}/messages", web.Staff, m.handleListMessages)
	r.Handle("POST /api/whatsapp/conversations/{id}/assign", web.Staff, m.handleAssignConversation)
	r.Handle("POST /api/whatsapp/conversations/{id}/lead", web.Staff, m.handleCreateB2bLeadFromConversation)
	r.Handle("POST /api/whatsapp/conversations/{id}/replies", web.Staff, m.handleSendWhatsAppReply)
	r.Handle("GET /api/whatsapp/messages/{id}", web.Staff, m.handleGetMessage)
}
