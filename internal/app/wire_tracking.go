package app

import (
	"github.com/academy/academy/internal/tracking"
	trackinglisteners "github.com/academy/academy/internal/tracking/listeners"
)

// wireTracking builds the tracking module and registers its listeners,
// which derive conversions and funnel steps from other modules' events,
// and its routes. It comes last: it listens to the events of the modules
// wired before it and reads enrollments and roll calls through their read
// APIs.
func (a *App) wireTracking() error {
	m, err := tracking.New(tracking.Deps{DB: a.DB.DB, Bus: a.Bus, Clock: a.Clock})
	if err != nil {
		return err
	}
	a.Tracking = m
	trackinglisteners.Register(a.Bus, m, trackinglisteners.Deps{Enrollments: a.Enrollment, AttendanceSessions: a.Attendance})
	m.Routes(a.router)
	return nil
}
