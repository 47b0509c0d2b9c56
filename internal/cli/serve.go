package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/academy/academy/internal/app"
	"github.com/academy/academy/internal/whatsapp"
)

// commonFlags are the flags every command that opens the database takes.
func commonFlags(fs *flag.FlagSet, cfg *app.Config) {
	fs.StringVar(&cfg.DatabaseURL, "database-url", "", "database: sqlite:PATH or postgres://USER@HOST/DB (default sqlite:academy.db)")
	fs.StringVar(&cfg.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
}

func workerFlags(fs *flag.FlagSet, cfg *app.Config) {
	fs.IntVar(&cfg.Workers, "workers", app.DefaultWorkers, "deliveries and jobs run at once by this process")
	fs.DurationVar(&cfg.NoShowGrace, "no-show-grace", 0, "time after an attendance session ends before no-shows are detected (default 30m)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", app.DefaultShutdownTimeout, "graceful stop limit; deliveries still running then go back to the queue")
	fs.StringVar(&cfg.MailDir, "mail-dir", "mail", "folder where email is written as .eml files when no SMTP host is set")
	fs.StringVar(&cfg.SMTP.Host, "smtp-host", "", "SMTP server host; set it to send real email")
	fs.IntVar(&cfg.SMTP.Port, "smtp-port", 0, "SMTP server port (default 587)")
	fs.StringVar(&cfg.SMTP.Username, "smtp-username", "", "SMTP username (PLAIN auth when set)")
	fs.StringVar(&cfg.SMTP.Password, "smtp-password", "", "SMTP password")
	fs.StringVar(&cfg.SMTP.From, "smtp-from", "", "sender address (default Academy <no-reply@academy.localhost>)")
	fs.StringVar(&cfg.SMTP.TLS, "smtp-tls", "opportunistic", "SMTP TLS: none, opportunistic or mandatory")
	fs.StringVar(&cfg.WhatsApp.APIURL, "whatsapp-api-url", whatsapp.DefaultAPIURL, "WhatsApp Cloud API (Graph API) base URL, with its version")
	fs.StringVar(&cfg.WhatsApp.PhoneNumberID, "whatsapp-phone-number-id", "", "WhatsApp Business phone number id to send from; with --whatsapp-token, turns WhatsApp sending on")
	fs.StringVar(&cfg.WhatsApp.Token, "whatsapp-token", "", "WhatsApp Cloud API access token (a system user token)")
	fs.StringVar(&cfg.WhatsApp.AppSecret, "whatsapp-app-secret", "", "Meta app secret that signs webhook deliveries to /webhooks/whatsapp; without it they are refused")
	fs.StringVar(&cfg.WhatsApp.VerifyToken, "whatsapp-verify-token", "", "verify token Meta sends when subscribing GET /webhooks/whatsapp")
}

func newServeCommand(stdout, stderr io.Writer) *ffcli.Command {
	var cfg app.Config
	fs := newFlagSet("serve")
	commonFlags(fs, &cfg)
	workerFlags(fs, &cfg)
	fs.StringVar(&cfg.Addr, "addr", app.DefaultAddr, "HTTP listen address, HOST:PORT")
	fs.StringVar(&cfg.Tokens, "tokens", "", "API tokens, name:role:secret[,...]; roles are admin, staff, service")
	fs.StringVar(&cfg.ReceiptsDir, "receipts-dir", "receipts", "folder where uploaded payment receipts are stored")
	migrate := fs.Bool("migrate", true, "apply migrations on start")
	return &ffcli.Command{
		Name:       "serve",
		ShortUsage: "academy serve [flags]",
		ShortHelp:  "Run the HTTP API and the listener workers in one process.",
		FlagSet:    fs,
		Options:    env,
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs(args); err != nil {
				return err
			}
			return run(ctx, cfg, *migrate, true, stdout, stderr)
		},
	}
}

func newWorkerCommand(stdout, stderr io.Writer) *ffcli.Command {
	var cfg app.Config
	fs := newFlagSet("worker")
	commonFlags(fs, &cfg)
	workerFlags(fs, &cfg)
	return &ffcli.Command{
		Name:       "worker",
		ShortUsage: "academy worker [flags]",
		ShortHelp:  "Run listener workers only, to scale deliveries out (needs PostgreSQL to share work across nodes).",
		FlagSet:    fs,
		Options:    env,
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs(args); err != nil {
				return err
			}
			return run(ctx, cfg, false, false, stdout, stderr)
		},
	}
}

// run composes the application and serves until SIGINT or SIGTERM.
func run(ctx context.Context, cfg app.Config, migrate, withHTTP bool, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	a, err := app.New(ctx, cfg, app.Options{LogOutput: stderr})
	if err != nil {
		return err
	}
	defer a.Close()
	if migrate {
		if err := a.Migrate(ctx); err != nil {
			return err
		}
	}
	return a.Serve(ctx, withHTTP, func(addr string) {
		if withHTTP && a.FirstToken != "" {
			fmt.Fprintf(stdout, "No API tokens are configured, so this run accepts a one-time admin token:\n\n"+
				"  export ACADEMY_TOKEN=%s\n  curl -H \"Authorization: Bearer $ACADEMY_TOKEN\" http://%s/api/events\n\n"+
				"To keep tokens across restarts, set ACADEMY_TOKENS=name:role:secret (roles: admin, staff, service).\n",
				a.FirstToken, addr)
		}
	})
}

func newMigrateCommand(stdout, stderr io.Writer) *ffcli.Command {
	var cfg app.Config
	fs := newFlagSet("migrate")
	commonFlags(fs, &cfg)
	return &ffcli.Command{
		Name:       "migrate",
		ShortUsage: "academy migrate [flags]",
		ShortHelp:  "Apply River's and Academy's migrations. Safe to run again.",
		FlagSet:    fs,
		Options:    env,
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs(args); err != nil {
				return err
			}
			a, err := app.New(ctx, cfg, app.Options{LogOutput: stderr})
			if err != nil {
				return err
			}
			defer a.Close()
			if err := a.Migrate(ctx); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "migrations applied (%s)\n", a.DB.Dialect)
			return nil
		},
	}
}
