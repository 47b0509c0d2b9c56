// Package payment is a fixture module with Actions and read APIs.
package payment

type Module struct{}

func (m *Module) CapturePayment() error        { return nil }
func (m *Module) RefundPayment() error         { return nil }
func (m *Module) GetPayment() string           { return "" }
func (m *Module) ListPayments() []string       { return nil }
func (m *Module) FindPaymentByRef() string     { return "" }
func (m *Module) CountPayments() int           { return 0 }
func (m *Module) LookupPayer() string          { return "" }
func (m *Module) Listen() error                { return nil }
func (m *Module) capture() error               { return nil }
func (m *Module) CreatePaymentTx(tx any) error { return nil }

// Helper is not the Module type: its methods are not Actions.
type Helper struct{}

func (Helper) Format() string { return "" }
