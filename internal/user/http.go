package user

import (
	"net/http"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/web"
)

func (m *Module) handleCreateUser(w http.ResponseWriter, r *http.Request) error {
	var in CreateUserInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	p, _ := web.PrincipalFrom(r.Context())
	in.ActorUserID = p.Name
	u, err := m.CreateUser(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, u)
}

func (m *Module) handleGetUser(w http.ResponseWriter, r *http.Request) error {
	u, err := m.GetUser(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, u)
}

func (m *Module) handleUpdateWhatsAppOptIn(w http.ResponseWriter, r *http.Request) error {
	var body whatsAppOptInBody
	if err := web.Decode(r, &body); err != nil {
		return err
	}
	if body.OptIn == nil {
		var v apperr.Validation
		v.Add("optIn", "is required")
		return v.Err()
	}
	p, _ := web.PrincipalFrom(r.Context())
	u, err := m.UpdateWhatsAppOptIn(r.Context(), UpdateWhatsAppOptInInput{UserID: r.PathValue("id"), OptIn: *body.OptIn, ActorUserID: p.Name})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, u)
}

// whatsAppOptInBody is the body of POST /api/users/{id}/whatsapp-opt-in.
// OptIn is a pointer so that a missing field is an error rather than a
// silent opt-out.
type whatsAppOptInBody struct {
	OptIn *bool `json:"optIn"`
}
