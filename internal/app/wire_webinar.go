package app

import "github.com/academy/academy/internal/webinar"

// wireWebinar builds the webinar module and registers its routes. Its
// reminder listeners and jobs come with the reminder scheduling issue.
func (a *App) wireWebinar() error {
	m, err := webinar.New(webinar.Deps{DB: a.DB.DB, Bus: a.Bus, Clock: a.Clock})
	if err != nil {
		return err
	}
	a.Webinar = m
	m.Routes(a.router)
	return nil
}
