// Package app wires modules; listener-boundary does not apply to it.
package app

import "github.com/academy/academy/internal/payment"

func Wire(p *payment.Module) error { return p.CapturePayment() }
