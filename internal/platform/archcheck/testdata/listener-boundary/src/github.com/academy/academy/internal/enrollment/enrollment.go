package enrollment

type Module struct{}

func (m *Module) Enroll() error  { return nil }
func (m *Module) Cancel() error  { return nil }
func (m *Module) GetSeat() error { return nil }
