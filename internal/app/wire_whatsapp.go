package app

import (
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/whatsapp"
	"github.com/academy/academy/internal/whatsapp/jobs"
	"github.com/academy/academy/internal/whatsapp/listeners"
)

// wireWhatsApp builds the whatsapp module, its routes (the API and Meta's
// webhook), its listeners, and the outbox sender of the WhatsApp channel.
// It uses corporate (leads in its transaction), user (staff, contacts and
// consent), course (template wording), enrollment (whose events it
// listens to) and the outbox, so it is wired after all of them.
func (a *App) wireWhatsApp() error {
	m, err := whatsapp.New(whatsapp.Deps{
		DB: a.DB.DB, Bus: a.Bus, Clock: a.Clock, Leads: a.Corporate, Users: a.User,
		Outbox: a.Outbox, Config: a.cfg.WhatsApp, Logger: a.log,
	})
	if err != nil {
		return err
	}
	a.WhatsApp = m
	m.Routes(a.router)
	listeners.Register(listeners.Deps{
		DB: a.DB.DB, Bus: a.Bus, WhatsApp: m, Outbox: a.Outbox, Users: a.User, Courses: a.Course, Logger: a.log,
	})
	sender, err := jobs.NewSender(jobs.SenderConfig{Config: a.cfg.WhatsApp, WhatsApp: m, Logger: a.log})
	if err != nil {
		return err
	}
	// The outbox holds this map, not a copy: the channel is live for it
	// from here on, before any worker starts.
	a.senders[outbox.WhatsApp] = sender
	return nil
}
