package app

import "github.com/academy/academy/internal/whatsapp"

// wireWhatsApp builds the whatsapp module and registers its routes. It uses
// corporate (leads in its transaction) and user (who is staff), so it is
// wired after both. It has no listeners or jobs yet; the reply sender comes
// with the outbox integration.
func (a *App) wireWhatsApp() error {
	m, err := whatsapp.New(whatsapp.Deps{DB: a.DB.DB, Bus: a.Bus, Clock: a.Clock, Leads: a.Corporate, Users: a.User})
	if err != nil {
		return err
	}
	a.WhatsApp = m
	m.Routes(a.router)
	return nil
}
