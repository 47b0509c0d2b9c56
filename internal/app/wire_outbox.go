package app

import (
	"github.com/academy/academy/internal/platform/outbox"
)

// wireOutbox builds the outbox that every user-visible message goes
// through. Email goes to SMTP when a host is configured, and otherwise to
// .eml files in MailDir. Channels whose provider is owned by a module (the
// WhatsApp Cloud API) are added by that module's wiring.
func (a *App) wireOutbox() error {
	var email outbox.Sender = outbox.FileSender{Dir: a.cfg.MailDir, From: a.cfg.SMTP.From}
	if a.cfg.SMTP.Host != "" {
		smtp, err := outbox.NewSMTPSender(a.cfg.SMTP)
		if err != nil {
			return err
		}
		email = smtp
	}
	a.senders = map[outbox.Channel]outbox.Sender{outbox.Email: email}
	box, err := outbox.New(outbox.Config{DB: a.DB.DB, Bus: a.Bus, Clock: a.Clock, Senders: a.senders})
	if err != nil {
		return err
	}
	a.Outbox = box
	a.outboxRoutes()
	return nil
}
