package app

import (
	"github.com/academy/academy/internal/enrollment"
	enrollmentlisteners "github.com/academy/academy/internal/enrollment/listeners"
)

// wireEnrollment builds the enrollment module on the user and course read
// APIs and registers its routes.
func (a *App) wireEnrollment() error {
	m, err := enrollment.New(enrollment.Deps{
		DB: a.DB.DB, Bus: a.Bus, Clock: a.Clock,
		Users: a.User, CourseSessions: a.Course,
	})
	if err != nil {
		return err
	}
	a.Enrollment = m
	m.Routes(a.router)
	return nil
}

// wireEnrollmentListeners registers the enrollment listeners. It comes
// after wirePayment, whose events they listen to.
func (a *App) wireEnrollmentListeners() error {
	enrollmentlisteners.Register(enrollmentlisteners.Deps{
		DB: a.DB.DB, Bus: a.Bus, Enrollment: a.Enrollment, Outbox: a.Outbox,
		Users: a.User, Courses: a.Course, Logger: a.log,
	})
	return nil
}
