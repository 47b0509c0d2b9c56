// Package app is Academy's composition root: it opens the database, builds
// the bus and every module, and runs the HTTP API and the workers.
package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/academy/academy/internal/attendance"
	"github.com/academy/academy/internal/corporate"
	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/enrollment"
	"github.com/academy/academy/internal/payment"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/tracking"
	"github.com/academy/academy/internal/user"
	"github.com/academy/academy/internal/webinar"
	"github.com/academy/academy/internal/whatsapp"
)

// App is a composed Academy: database, bus, modules and HTTP routes.
type App struct {
	cfg    Config
	log    *slog.Logger
	DB     *db.DB
	Bus    *eventbus.Bus
	Clock  clock.Clock
	router *web.Router

	// FirstToken is set when no token was configured and New made a one-run
	// admin token.
	FirstToken string

	// Outbox sends every user-visible message; senders are its providers
	// by channel, filled by wireOutbox and the modules that own a provider.
	Outbox  *outbox.Outbox
	senders map[outbox.Channel]outbox.Sender

	Attendance *attendance.Module
	Webinar    *webinar.Module
	Tracking   *tracking.Module
	User       *user.Module
	Course     *course.Module
	Enrollment *enrollment.Module
	Payment    *payment.Module
	Corporate  *corporate.Module
	WhatsApp   *whatsapp.Module
}

// Options are what tests and the CLI may inject besides Config.
type Options struct {
	// Clock defaults to the system clock.
	Clock clock.Clock
	// LogOutput receives the JSON-less text log. Defaults to stderr via slog.Default.
	LogOutput io.Writer
}

// New opens the database and composes the application. It does not migrate
// and starts nothing.
func New(ctx context.Context, cfg Config, opts Options) (*App, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	level, _ := parseLevel(cfg.LogLevel)
	logger := slog.Default()
	if opts.LogOutput != nil {
		logger = slog.New(slog.NewTextHandler(opts.LogOutput, &slog.HandlerOptions{Level: level}))
	}
	clk := opts.Clock
	if clk == nil {
		clk = clock.System{}
	}
	database, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, log: logger, DB: database, Clock: clk}
	if err := a.compose(); err != nil {
		database.Close()
		return nil, err
	}
	return a, nil
}

// compose builds the bus and the modules, and registers each module's
// listeners, jobs and routes. Adding a module means adding it here.
func (a *App) compose() error {
	bus, err := eventbus.New(eventbus.Config{DB: a.DB, Clock: a.Clock, Logger: a.log, Workers: a.cfg.Workers})
	if err != nil {
		return err
	}
	a.Bus = bus
	tokens, _ := web.ParseTokens(a.cfg.Tokens) // validated in Config.validate
	if len(tokens) == 0 {
		a.FirstToken = newSecret()
		tokens = []web.Token{{Principal: web.Principal{Name: "admin", Role: web.RoleAdmin}, Secret: a.FirstToken}}
	}
	a.router = web.NewRouter(tokens)
	a.routes()

	// Modules are wired in dependency order: a module comes after the
	// modules whose read APIs or Actions it uses.
	for _, wire := range []func() error{
		a.wireOutbox,
		a.wireUser,
		a.wireCourse,
		a.wireEnrollment,
		a.wirePayment,
		a.wireEnrollmentListeners,
		a.wireAttendance,
		a.wireWebinar,
		a.wireCorporate,
		a.wireWhatsApp,
		a.wireTracking,
	} {
		if err := wire(); err != nil {
			return err
		}
	}
	return nil
}

func newSecret() string {
	buf := make([]byte, 24)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}

// Migrate brings the schema up to date.
func (a *App) Migrate(ctx context.Context) error { return a.DB.Migrate(ctx) }

// Routes lists the HTTP API's routes.
func (a *App) Routes() []web.Route { return a.router.Routes() }

// Handler is the HTTP API.
func (a *App) Handler() http.Handler { return a.router }

// Close releases the bus and closes the database.
func (a *App) Close() error { return errors.Join(a.Bus.Close(), a.DB.Close()) }

// Serve runs the HTTP API and, when withWorkers, the delivery workers, until
// ctx ends; then it stops gracefully. ready, when not nil, receives the
// listen address once the server accepts connections.
func (a *App) Serve(ctx context.Context, withHTTP bool, ready func(addr string)) error {
	if err := a.DB.CheckMigrated(ctx); err != nil {
		return err
	}
	if err := a.Bus.Start(ctx); err != nil {
		return err
	}
	var srv *http.Server
	errc := make(chan error, 1)
	if withHTTP {
		ln, err := net.Listen("tcp", a.cfg.Addr)
		if err != nil {
			_ = a.Bus.Stop(context.Background())
			return fmt.Errorf("listen on %s: %w", a.cfg.Addr, err)
		}
		srv = &http.Server{
			Handler:           a.router,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       time.Minute, // receipts are uploaded in one request
			WriteTimeout:      time.Minute,
			IdleTimeout:       2 * time.Minute,
		}
		go func() { errc <- srv.Serve(ln) }()
		a.log.Info("academy serving", "addr", ln.Addr().String(), "database", string(a.DB.Dialect), "workers", a.cfg.Workers)
		if ready != nil {
			ready(ln.Addr().String())
		}
	} else {
		a.log.Info("academy worker running", "database", string(a.DB.Dialect), "workers", a.cfg.Workers)
		if ready != nil {
			ready("")
		}
	}

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-errc:
	}
	a.log.Info("academy stopping", "timeout", a.cfg.ShutdownTimeout)
	stopCtx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	var errs []error
	if srv != nil {
		if err := srv.Shutdown(stopCtx); err != nil {
			errs = append(errs, fmt.Errorf("stop http: %w", err))
		}
	}
	if err := a.Bus.Stop(stopCtx); err != nil {
		errs = append(errs, err)
	}
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		errs = append(errs, serveErr)
	}
	return errors.Join(errs...)
}
