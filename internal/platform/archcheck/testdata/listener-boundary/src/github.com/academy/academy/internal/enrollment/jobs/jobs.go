package jobs

import (
	"github.com/academy/academy/internal/enrollment"
	"github.com/academy/academy/internal/payment"
)

func Expire(m *enrollment.Module, p *payment.Module) error {
	_ = m.Cancel()
	_ = p.GetPayment()
	return p.RefundPayment() // want `job code of module enrollment calls payment.\(\*Module\).RefundPayment`
}
