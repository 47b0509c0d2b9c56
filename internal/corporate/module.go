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
	"net/http"

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
	r.Handle("POST /api/corporate/leads", leadWriters, m.handleCreateB2bLead,
		web.Accepts[CreateB2bLeadInput](), web.Returns[Lead](http.StatusCreated))
	r.Handle("GET /api/corporate/leads/{id}", web.Staff, m.handleGetLead, web.Returns[Lead](http.StatusOK))
	r.Handle("POST /api/corporate/leads/{id}/convert", web.Staff, m.handleConvertB2bLead,
		web.AcceptsOptional[ConvertB2bLeadInput](), web.Returns[Conversion](http.StatusCreated))
	r.Handle("GET /api/corporate/organizations/{id}", web.Staff, m.handleGetOrganization,
		web.Returns[Organization](http.StatusOK))
	r.Handle("POST /api/corporate/proposals", web.Staff, m.handleSendProposal,
		web.Accepts[SendProposalInput](), web.Returns[Proposal](http.StatusCreated))
	r.Handle("GET /api/corporate/proposals/{id}", web.Staff, m.handleGetProposal, web.Returns[Proposal](http.StatusOK))
	r.Handle("POST /api/corporate/proposals/{id}/accept", web.Staff, m.handleAcceptProposal,
		web.AcceptsOptional[AcceptProposalInput](), web.Returns[Proposal](http.StatusOK))
	r.Handle("POST /api/corporate/agreements", web.Staff, m.handleActivateAgreement,
		web.Accepts[ActivateAgreementInput](), web.Returns[Agreement](http.StatusCreated))
	r.Handle("GET /api/corporate/agreements/{id}", web.Staff, m.handleGetAgreement,
		web.Returns[Agreement](http.StatusOK))
	r.Handle("POST /api/corporate/cohorts", web.Staff, m.handleStartCorporateCohort,
		web.Accepts[StartCorporateCohortInput](), web.Returns[Cohort](http.StatusCreated))
	r.Handle("GET /api/corporate/cohorts/{id}", web.Staff, m.handleGetCohort, web.Returns[Cohort](http.StatusOK))
	r.Handle("POST /api/corporate/reports", web.Staff, m.handleGenerateCorporateReport,
		web.Accepts[GenerateCorporateReportInput](), web.Returns[Report](http.StatusCreated))
	r.Handle("GET /api/corporate/reports/{id}", web.Staff, m.handleGetReport, web.Returns[Report](http.StatusOK))
	r.Handle("POST /api/corporate/invoices", web.Staff, m.handleIssueCorporateInvoice,
		web.Accepts[IssueCorporateInvoiceInput](), web.Returns[Invoice](http.StatusCreated))
	r.Handle("GET /api/corporate/invoices/{id}", web.Staff, m.handleGetInvoice, web.Returns[Invoice](http.StatusOK))
	r.Handle("POST /api/corporate/invoices/{id}/payments", web.Staff, m.handleAllocateCorporatePayment,
		web.Accepts[AllocateCorporatePaymentInput](), web.Returns[Allocated](http.StatusCreated))
	r.Handle("GET /api/corporate/invoices/{id}/payments", web.Staff, m.handleListPaymentAllocations,
		web.Returns[allocationList](http.StatusOK))
}
