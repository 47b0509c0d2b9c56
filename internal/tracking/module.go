// Package tracking counts what the business measures: conversions (a
// confirmed enrollment, an approved deposit, an attended webinar, a
// converted B2B lead) and the steps of the student funnel.
//
// Both are derived from other modules' domain events, so both Actions take
// the id of the source event and are idempotent: a conversion is unique on
// its kind and source event, a funnel step on its user, step and subject. A
// repeated delivery returns what the first one recorded and records nothing
// new. Its Actions are the methods of Module; its events are in package events.
package tracking

import (
	"database/sql"
	"fmt"
	"net/http"

	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/tracking/events"
	"github.com/academy/academy/internal/tracking/internal/store"
)

// Deps are what the tracking module needs from the platform.
type Deps struct {
	DB    *sql.DB
	Bus   *eventbus.Bus
	Clock clock.Clock
}

// Module holds the tracking Actions and read APIs.
type Module struct {
	db    *sql.DB
	bus   *eventbus.Bus
	clock clock.Clock
	store store.Store
}

// New builds the module and defines its events on the bus.
func New(deps Deps) (*Module, error) {
	if err := deps.Bus.Define(events.Definitions...); err != nil {
		return nil, fmt.Errorf("tracking: %w", err)
	}
	return &Module{db: deps.DB, bus: deps.Bus, clock: deps.Clock}, nil
}

// roles may call the tracking API: integrations and admins, not staff.
var roles = []web.Role{web.RoleAdmin, web.RoleService}

// Routes registers the module's HTTP API.
func (m *Module) Routes(r *web.Router) {
	r.Handle("POST /api/tracking/conversions", roles, m.handleRecordConversion,
		web.Accepts[RecordConversionInput](), web.Returns[RecordConversionResult](http.StatusCreated, http.StatusOK))
	r.Handle("GET /api/tracking/conversions", roles, m.handleListConversions,
		web.Returns[conversionList](http.StatusOK))
	r.Handle("GET /api/tracking/conversions/{id}", roles, m.handleGetConversion, web.Returns[Conversion](http.StatusOK))
	r.Handle("POST /api/tracking/funnel-steps", roles, m.handleCompleteFunnelStep,
		web.Accepts[CompleteFunnelStepInput](), web.Returns[CompleteFunnelStepResult](http.StatusCreated, http.StatusOK))
	r.Handle("GET /api/tracking/funnel-steps", roles, m.handleListFunnelSteps,
		web.Returns[funnelStepList](http.StatusOK))
	r.Handle("GET /api/tracking/funnel-steps/{id}", roles, m.handleGetFunnelStep,
		web.Returns[CompletedStep](http.StatusOK))
}
