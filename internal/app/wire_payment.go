package app

import "github.com/academy/academy/internal/payment"

// wirePayment builds the payment module on the enrollment and course read
// APIs and registers its routes.
func (a *App) wirePayment() error {
	m, err := payment.New(payment.Deps{
		DB: a.DB.DB, Bus: a.Bus, Clock: a.Clock,
		Enrollments: a.Enrollment, Courses: a.Course,
		ReceiptsDir: a.cfg.ReceiptsDir,
	})
	if err != nil {
		return err
	}
	a.Payment = m
	m.Routes(a.router)
	return nil
}
