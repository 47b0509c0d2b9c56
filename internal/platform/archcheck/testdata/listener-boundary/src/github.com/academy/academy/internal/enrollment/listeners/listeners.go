// Package listeners is a fixture for rule listener-boundary.
package listeners

import (
	"github.com/academy/academy/internal/enrollment"
	"github.com/academy/academy/internal/payment"
	"github.com/academy/academy/internal/payment/events"
	paymentjobs "github.com/academy/academy/internal/payment/jobs" // want `listener code of module enrollment imports github.com/academy/academy/internal/payment/jobs, another module's jobs package`
)

func OnPaymentCaptured(m *enrollment.Module, p *payment.Module, ev events.PaymentCaptured) error {
	_ = ev.PaymentID
	_ = p.GetPayment()
	_ = p.ListPayments()
	_ = p.FindPaymentByRef()
	_ = p.CountPayments()
	_ = p.LookupPayer()
	_ = payment.Helper{}.Format()
	if err := m.Enroll(); err != nil {
		return err
	}
	_ = p.CapturePayment()     // want `listener code of module enrollment calls payment.\(\*Module\).CapturePayment, an Action of module payment`
	refund := p.RefundPayment  // want `calls payment.\(\*Module\).RefundPayment, an Action`
	_ = p.Listen()             // want `calls payment.\(\*Module\).Listen, an Action`
	_ = p.CreatePaymentTx(nil) // want `CreatePaymentTx, an Action`
	_ = paymentjobs.ScheduleRefund()
	return refund()
}

// payments is how a listener would hide another module's Action.
type payments interface {
	GetPayment() string
	CapturePayment() error
	Cancel() error // no payment Action has this name
}

func viaInterface(p payments) error {
	_ = p.GetPayment()
	_ = p.Cancel()
	return p.CapturePayment() // want `calls payment.\(\*Module\).CapturePayment through an interface, an Action of module payment`
}
