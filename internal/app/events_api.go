package app

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/web"
)

var anyRole = []web.Role{web.RoleAdmin, web.RoleStaff, web.RoleService}

// eventRoutes serves the events log and the operation of deliveries.
func (a *App) eventRoutes() {
	a.router.Handle("GET /api/events", anyRole, a.handleListEvents, web.Returns[eventPage](http.StatusOK))
	a.router.Handle("GET /api/events/{id}", anyRole, a.handleGetEvent, web.Returns[eventDetail](http.StatusOK))
	a.router.Handle("GET /api/deliveries", []web.Role{web.RoleAdmin}, a.handleListDeliveries,
		web.Returns[deliveryList](http.StatusOK))
	a.router.Handle("POST /api/deliveries/{id}/retry", []web.Role{web.RoleAdmin}, a.handleRetryDelivery,
		web.Returns[eventbus.DeliveryStatus](http.StatusAccepted))
	a.router.Handle("GET /api/jobs", web.Staff, a.handleListJobs, web.Returns[jobList](http.StatusOK))
}

// eventPage is the answer of GET /api/events: a page of the log, and the
// after to pass for the next page.
type eventPage struct {
	Events []eventbus.RecordedEvent `json:"events"`
	Next   string                   `json:"next,omitempty"`
}

// eventDetail is the answer of GET /api/events/{id}: the event with its
// deliveries.
type eventDetail struct {
	eventbus.RecordedEvent
	Deliveries []eventbus.DeliveryStatus `json:"deliveries"`
}

// deliveryList is the answer of GET /api/deliveries.
type deliveryList struct {
	Deliveries []eventbus.DeliveryStatus `json:"deliveries"`
}

// jobList is the answer of GET /api/jobs.
type jobList struct {
	Jobs []eventbus.JobStatus `json:"jobs"`
}

// handleListJobs lists scheduled jobs: reminders, no-show checks, sends.
func (a *App) handleListJobs(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	jobs, err := a.Bus.Jobs(r.Context(), eventbus.JobQuery{Kind: q.Get("kind"), State: q.Get("state")})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, jobList{Jobs: jobs})
}

// handleListEvents lists the log, filtered by name, aggregateId and
// occurred-at bounds, a page at a time: pass the returned next as after.
func (a *App) handleListEvents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v apperr.Validation
	query := eventbus.EventQuery{Name: q.Get("name"), AggregateID: q.Get("aggregateId"), After: q.Get("after")}
	query.Since = parseTimeParam(&v, q.Get("since"), "since")
	query.Until = parseTimeParam(&v, q.Get("until"), "until")
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n >= 1 && n <= 500, "limit", "must be a number from 1 to 500")
		query.Limit = n
	}
	if err := v.Err(); err != nil {
		return err
	}
	events, err := a.Bus.ListEvents(r.Context(), query)
	if err != nil {
		return err
	}
	page := eventPage{Events: events}
	if page.Events == nil {
		page.Events = []eventbus.RecordedEvent{}
	}
	limit := query.Limit
	if limit == 0 {
		limit = 100
	}
	if len(events) == limit {
		page.Next = events[len(events)-1].ID
	}
	return web.JSON(w, http.StatusOK, page)
}

func parseTimeParam(v *apperr.Validation, s, field string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	v.Check(err == nil, field, "must be an RFC 3339 time")
	return t
}

// handleGetEvent returns one event with its deliveries.
func (a *App) handleGetEvent(w http.ResponseWriter, r *http.Request) error {
	ev, err := a.Bus.Event(r.Context(), r.PathValue("id"))
	if errors.Is(err, eventbus.ErrEventNotFound) {
		return apperr.Errorf(apperr.NotFound, "event %s not found", r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	deliveries, err := a.Bus.Deliveries(r.Context(), eventbus.DeliveryQuery{EventID: ev.ID})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, eventDetail{ev, deliveries})
}

func (a *App) handleListDeliveries(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ds, err := a.Bus.Deliveries(r.Context(), eventbus.DeliveryQuery{
		EventID: q.Get("eventId"), Listener: q.Get("listener"), State: q.Get("state"),
	})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, deliveryList{Deliveries: ds})
}

func (a *App) handleRetryDelivery(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		var v apperr.Validation
		v.Add("id", "must be a delivery number")
		return v.Err()
	}
	d, err := a.Bus.Retry(r.Context(), id)
	if errors.Is(err, eventbus.ErrDeliveryNotFound) {
		return apperr.Errorf(apperr.NotFound, "delivery %d not found", id)
	}
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusAccepted, d)
}
