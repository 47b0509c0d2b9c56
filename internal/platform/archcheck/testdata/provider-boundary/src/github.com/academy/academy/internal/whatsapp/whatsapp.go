// Package whatsapp is a fixture for rule provider-boundary.
package whatsapp

import "github.com/academy/academy/internal/whatsapp/internal/cloudapi"

type Module struct {
	client *cloudapi.Client
}

// New is wiring: building the client for the send job is allowed.
func New(cfg cloudapi.Config) *Module { return &Module{client: cloudapi.New(cfg)} }

// Client hands the client to the send job.
func (m *Module) Client() *cloudapi.Client { return m.client }

func (m *Module) QueueMessage(to string) error {
	return m.client.SendTemplate(to, "welcome") // want `internal/whatsapp calls cloudapi.\(\*Client\).SendTemplate, the WhatsApp Cloud API client`
}
