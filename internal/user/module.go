// Package user keeps the people Academy deals with: students, staff and
// corporate contacts, with how to reach them and whether they agreed to be
// messaged on WhatsApp.
//
// It records no domain events. Other modules refer to people by user id and
// ask this module's read APIs (GetUser, FindUserContact) for contact data,
// so that email addresses and phone numbers never travel in events.
package user

import (
	"database/sql"
	"net/http"

	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/user/internal/store"
)

// Deps are what the user module needs from the platform.
type Deps struct {
	DB    *sql.DB
	Clock clock.Clock
}

// Module holds the user Actions and read APIs.
type Module struct {
	db    *sql.DB
	clock clock.Clock
	store store.Store
}

// New builds the module.
func New(deps Deps) (*Module, error) {
	return &Module{db: deps.DB, clock: deps.Clock}, nil
}

// serviceFacing may call endpoints that sign-up forms and messaging
// integrations use as well as staff.
var serviceFacing = []web.Role{web.RoleAdmin, web.RoleStaff, web.RoleService}

// Routes registers the module's HTTP API.
func (m *Module) Routes(r *web.Router) {
	r.Handle("POST /api/users", serviceFacing, m.handleCreateUser,
		web.Accepts[CreateUserInput](), web.Returns[User](http.StatusCreated))
	r.Handle("GET /api/users/{id}", web.Staff, m.handleGetUser, web.Returns[User](http.StatusOK))
	r.Handle("POST /api/users/{id}/whatsapp-opt-in", serviceFacing, m.handleUpdateWhatsAppOptIn,
		web.Accepts[whatsAppOptInBody](), web.Returns[User](http.StatusOK))
}
