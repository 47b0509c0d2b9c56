package app

import (
	"context"
	"net/http"
	"time"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/web"
)

// routes registers the platform's own endpoints: health and readiness.
func (a *App) routes() {
	a.router.Public("GET /healthz", func(w http.ResponseWriter, r *http.Request) error {
		return web.JSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}, web.Returns[map[string]string](http.StatusOK))
	a.router.Public("GET /readyz", a.handleReady, web.Returns[readiness](http.StatusOK, http.StatusServiceUnavailable))
	a.router.Public("GET /openapi.json", func(w http.ResponseWriter, r *http.Request) error {
		return web.JSON(w, http.StatusOK, a.router.OpenAPI("Academy API", Version))
	}, web.Summary("This OpenAPI 3.1 document"), web.Returns[map[string]any](http.StatusOK))
	a.eventRoutes()
}

// readiness is the answer of GET /readyz: whether Academy is ready, and
// each check's result, "ok" or what failed.
type readiness struct {
	Checks map[string]string `json:"checks"`
	Ready  bool              `json:"ready"`
}

// handleReady answers 200 when the database answers, its schema is current
// and the workers run.
func (a *App) handleReady(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	checks := map[string]string{"database": "ok", "migrations": "ok", "workers": "ok"}
	ready := true
	fail := func(name string, err error) {
		checks[name] = err.Error()
		ready = false
	}
	if err := a.DB.PingContext(ctx); err != nil {
		fail("database", err)
	} else if err := a.DB.CheckMigrated(ctx); err != nil {
		fail("migrations", err)
	}
	if !a.Bus.Healthy() {
		fail("workers", apperr.Errorf(apperr.Unavailable, "workers are not running"))
	}
	status := http.StatusOK
	if !ready {
		status = http.StatusServiceUnavailable
	}
	return web.JSON(w, status, readiness{Checks: checks, Ready: ready})
}
