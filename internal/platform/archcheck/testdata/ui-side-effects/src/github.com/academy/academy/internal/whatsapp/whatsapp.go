package whatsapp

type Module struct{}

func (m *Module) QueueMessage(to string) error { return nil }
func (m *Module) GetThread(id string) string   { return "" }
