package app

import "github.com/academy/academy/internal/tracking"

// wireTracking builds the tracking module and registers its routes. The
// listeners that derive conversions and funnel steps from other modules'
// events come with their own issue.
func (a *App) wireTracking() error {
	m, err := tracking.New(tracking.Deps{DB: a.DB.DB, Bus: a.Bus, Clock: a.Clock})
	if err != nil {
		return err
	}
	a.Tracking = m
	m.Routes(a.router)
	return nil
}
