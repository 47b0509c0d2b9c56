// Package corporate runs business-to-business sales and delivery: leads,
// the organizations they become, proposals, agreements, corporate cohorts,
// reports, invoices and the payments allocated to them.
//
// The lifecycle is a chain of small state machines:
//
//	lead new -> converted (makes an organization)
//	proposal sent -> accepted
//	accepted proposal -> one active agreement
//	active agreement -> cohorts, invoices
//	invoice open -> paid (by payment allocations, never beyond its amount)
//
// Its Actions are the methods of Module; its events are in package events.
// Contact data of leads stays in corporate's tables and is read with
// GetLead; it never travels in events.
package corporate

import (
	"database/sql"
	"fmt"

	"github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/corporate/internal/store"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/web"
)

// Deps are what the corporate module needs from the platform.
type Deps struct {
	DB    *sql.DB
	Bus   *eventbus.Bus
	Clock clock.Clock
}

// Module holds the corporate Actions and read APIs.
type Module struct {
	db    *sql.DB
	bus   *eventbus.Bus
	clock clock.Clock
	store store.Store
}

// New builds the module and defines its events on the bus.
func New(deps Deps) (*Module, error) {
	if err := deps.Bus.Define(events.Definitions...); err != nil {
		return nil, fmt.Errorf("corporate: %w", err)
	}
	return &Module{db: deps.DB, bus: deps.Bus, clock: deps.Clock}, nil
}

// leadWriters may open leads: staff, and services such as the website form.
var leadWriters = []web.Role{web.RoleAdmin, web.RoleStaff, web.RoleService}

// Routes registers the module's HTTP API.
func (m *Module) Routes(r *web.Router) {
	r.Handle("POST /api/corporate/leads", leadWriters, m.handleCreateB2bLead)
	r.Handle("GET /api/corporate/leads/{id}", web.Staff, m.handleGetLead)
	r.Handle("POST /api/corporate/leads/{id}/convert", web.Staff, m.handleConvertB2bLead)
	r.Handle("GET /api/corporate/organizations/{id}", web.Staff, m.handleGetOrganization)
	r.Handle("POST /api/corporate/proposals", web.Staff, m.handleSendProposal)
	r.Handle("GET /api/corporate/proposals/{id}", web.Staff, m.handleGetProposal)
	r.Handle("POST /api/corporate/proposals/{id}/accept", web.Staff, m.handleAcceptProposal)
	r.Handle("POST /api/corporate/agreements", web.Staff, m.handleActivateAgreement)
	r.Handle("GET /api/corporate/agreements/{id}", web.Staff, m.handleGetAgreement)
	r.Handle("POST /api/corporate/cohorts", web.Staff, m.handleStartCorporateCohort)
	r.Handle("GET /api/corporate/cohorts/{id}", web.Staff, m.handleGetCohort)
	r.Handle("POST /api/corporate/reports", web.Staff, m.handleGenerateCorporateReport)
	r.Handle("GET /api/corporate/reports/{id}", web.Staff, m.handleGetReport)
	r.Handle("POST /api/corporate/invoices", web.Staff, m.handleIssueCorporateInvoice)
	r.Handle("GET /api/corporate/invoices/{id}", web.Staff, m.handleGetInvoice)
	r.Handle("POST /api/corporate/invoices/{id}/payments", web.Staff, m.handleAllocateCorporatePayment)
	r.Handle("GET /api/corporate/invoices/{id}/payments", web.Staff, m.handleListPaymentAllocations)
}
