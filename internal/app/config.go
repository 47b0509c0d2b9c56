package app

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/academy/academy/internal/attendance"
	"github.com/academy/academy/internal/payment"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/whatsapp"
)

// Config is everything Academy can be configured with. The CLI fills it from
// flags and ACADEMY_* environment variables; zero values take defaults.
type Config struct {
	// DatabaseURL is "sqlite:PATH" or "postgres://...". Defaults to a SQLite
	// file in the working directory.
	DatabaseURL string
	// Addr is the HTTP listen address, HOST:PORT.
	Addr string
	// Tokens configures API bearer tokens: "name:role:secret,...". With none,
	// serve makes a one-run admin token and prints it.
	Tokens string
	// Workers is how many deliveries and jobs run at once in this process.
	Workers int
	// NoShowGrace is how long after an attendance session ends its no-shows
	// are detected.
	NoShowGrace time.Duration
	// ReceiptsDir is the folder uploaded payment receipts are stored in.
	// Defaults to "receipts" under the working directory.
	ReceiptsDir string
	// ShutdownTimeout bounds a graceful stop; deliveries still running then
	// are cancelled and go back to the queue.
	ShutdownTimeout time.Duration
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// MailDir is where email goes as .eml files when no SMTP host is set.
	MailDir string
	// SMTP configures real email delivery; empty Host means MailDir.
	SMTP outbox.SMTPConfig
	// WhatsApp configures the WhatsApp Cloud API (sending needs the phone
	// number id and token) and its webhook (the app secret and verify
	// token). Unset, WhatsApp messages fail with "WhatsApp is not
	// configured" and webhook deliveries are refused.
	WhatsApp whatsapp.Config
}

// Version is set at build time with
// -ldflags "-X github.com/academy/academy/internal/app.Version=v1.2.3".
var Version = "dev"

const (
	DefaultAddr            = "127.0.0.1:8080"
	DefaultWorkers         = 10
	DefaultShutdownTimeout = 30 * time.Second
)

func (c Config) withDefaults() Config {
	c.DatabaseURL = cmp.Or(c.DatabaseURL, db.DefaultURL)
	c.Addr = cmp.Or(c.Addr, DefaultAddr)
	c.Workers = cmp.Or(c.Workers, DefaultWorkers)
	c.NoShowGrace = cmp.Or(c.NoShowGrace, attendance.DefaultNoShowGrace)
	c.ReceiptsDir = cmp.Or(c.ReceiptsDir, payment.DefaultReceiptsDir)
	c.ShutdownTimeout = cmp.Or(c.ShutdownTimeout, DefaultShutdownTimeout)
	c.LogLevel = cmp.Or(c.LogLevel, "info")
	c.MailDir = cmp.Or(c.MailDir, "mail")
	c.SMTP.From = cmp.Or(c.SMTP.From, "Academy <no-reply@academy.localhost>")
	if c.SMTP.Host != "" {
		c.SMTP.Port = cmp.Or(c.SMTP.Port, 587)
	}
	c.WhatsApp.APIURL = cmp.Or(c.WhatsApp.APIURL, whatsapp.DefaultAPIURL)
	return c
}

func (c Config) validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("addr %q: want HOST:PORT", c.Addr))
	}
	if c.Workers < 1 || c.Workers > 1000 {
		errs = append(errs, fmt.Errorf("workers %d: want 1 to 1000", c.Workers))
	}
	if c.NoShowGrace < 0 {
		errs = append(errs, fmt.Errorf("no-show grace %s: must not be negative", c.NoShowGrace))
	}
	if _, err := web.ParseTokens(c.Tokens); err != nil {
		errs = append(errs, fmt.Errorf("tokens: %w", err))
	}
	if c.SMTP.Host != "" {
		if _, err := outbox.NewSMTPSender(c.SMTP); err != nil {
			errs = append(errs, err)
		}
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
	if err := c.WhatsApp.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(s))); err != nil {
		return 0, fmt.Errorf("log level %q: want debug, info, warn or error", s)
	}
	return l, nil
}
