package app

import (
	"github.com/academy/academy/internal/webinar"
	webinarjobs "github.com/academy/academy/internal/webinar/jobs"
	webinarlisteners "github.com/academy/academy/internal/webinar/listeners"
)

// wireWebinar builds the webinar module and registers its reminder
// listeners and jobs and its routes. It must come after wireOutbox and
// wireUser: the reminder email goes through the outbox to the address
// user.FindUserContact gives.
func (a *App) wireWebinar() error {
	m, err := webinar.New(webinar.Deps{DB: a.DB.DB, Bus: a.Bus, Clock: a.Clock})
	if err != nil {
		return err
	}
	a.Webinar = m
	webinarlisteners.Register(a.Bus, m, webinarlisteners.Deps{DB: a.DB.DB, Outbox: a.Outbox, Contacts: a.User, Logger: a.log})
	webinarjobs.Register(a.Bus, m, webinarjobs.Config{})
	m.Routes(a.router)
	return nil
}
