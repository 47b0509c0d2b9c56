package app

import (
	"net/http"

	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/platform/web"
)

// outboxRoutes lets operators see and settle user-visible messages.
func (a *App) outboxRoutes() {
	admin := []web.Role{web.RoleAdmin}
	a.router.Handle("GET /api/outbox", web.Staff, func(w http.ResponseWriter, r *http.Request) error {
		q := r.URL.Query()
		msgs, err := a.Outbox.List(r.Context(), outbox.Query{
			State: outbox.State(q.Get("state")), Key: q.Get("key"), SourceEventID: q.Get("sourceEventId"),
		})
		if err != nil {
			return err
		}
		return web.JSON(w, http.StatusOK, outboxList{Messages: msgs})
	}, web.Returns[outboxList](http.StatusOK))
	a.router.Handle("GET /api/outbox/{id}", web.Staff, func(w http.ResponseWriter, r *http.Request) error {
		m, err := a.Outbox.Get(r.Context(), r.PathValue("id"))
		if err != nil {
			return err
		}
		return web.JSON(w, http.StatusOK, m)
	}, web.Returns[outbox.Message](http.StatusOK))
	a.router.Handle("POST /api/outbox/{id}/resend", admin, func(w http.ResponseWriter, r *http.Request) error {
		p, _ := web.PrincipalFrom(r.Context())
		m, err := a.Outbox.Resend(r.Context(), r.PathValue("id"), p.Name)
		if err != nil {
			return err
		}
		return web.JSON(w, http.StatusAccepted, m)
	}, web.Returns[outbox.Message](http.StatusAccepted))
	a.router.Handle("POST /api/outbox/{id}/resolve", admin, func(w http.ResponseWriter, r *http.Request) error {
		p, _ := web.PrincipalFrom(r.Context())
		m, err := a.Outbox.Resolve(r.Context(), r.PathValue("id"), p.Name)
		if err != nil {
			return err
		}
		return web.JSON(w, http.StatusOK, m)
	}, web.Returns[outbox.Message](http.StatusOK))
}

// outboxList is the answer of GET /api/outbox.
type outboxList struct {
	Messages []outbox.Message `json:"messages"`
}
