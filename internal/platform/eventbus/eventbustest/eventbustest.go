// Package eventbustest helps tests of Actions and listeners assert what was
// recorded on the bus, in the spirit of River's rivertest.
package eventbustest

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/academy/academy/internal/platform/eventbus"
)

// Recorded returns the events of the given name recorded so far, in order.
func Recorded(t testing.TB, bus *eventbus.Bus, name string) []eventbus.RecordedEvent {
	t.Helper()
	evs, err := bus.ListEvents(context.Background(), eventbus.EventQuery{Name: name, Limit: 500})
	if err != nil {
		t.Fatalf("list %s events: %v", name, err)
	}
	return evs
}

// RequireRecorded asserts that exactly one event of type E was recorded
// and returns it decoded.
func RequireRecorded[E eventbus.Event](t testing.TB, bus *eventbus.Bus) E {
	t.Helper()
	var zero E
	evs := Recorded(t, bus, zero.EventName())
	if len(evs) != 1 {
		t.Fatalf("want 1 %s recorded, got %d", zero.EventName(), len(evs))
	}
	var ev E
	if err := json.Unmarshal(evs[0].Payload, &ev); err != nil {
		t.Fatalf("decode %s: %v", zero.EventName(), err)
	}
	return ev
}

// RequireCount asserts how many events of type E were recorded.
func RequireCount[E eventbus.Event](t testing.TB, bus *eventbus.Bus, want int) {
	t.Helper()
	var zero E
	if got := len(Recorded(t, bus, zero.EventName())); got != want {
		t.Fatalf("want %d %s recorded, got %d", want, zero.EventName(), got)
	}
}

// RequireTotal asserts how many events of any kind are in the log; use it
// to prove that a rejected Action recorded nothing.
func RequireTotal(t testing.TB, bus *eventbus.Bus, want int) {
	t.Helper()
	evs, err := bus.ListEvents(context.Background(), eventbus.EventQuery{Limit: 500})
	if err != nil {
		t.Fatalf("list events: %v", err)
	}
	if len(evs) != want {
		names := make([]string, len(evs))
		for i, ev := range evs {
			names[i] = ev.Name
		}
		t.Fatalf("want %d events in the log, got %d: %v", want, len(evs), names)
	}
}

// WaitDelivered starts nothing: it waits until every delivery recorded so
// far has completed on a started bus, or fails the test after timeout.
func WaitDelivered(t testing.TB, bus *eventbus.Bus, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ds, err := bus.Deliveries(context.Background(), eventbus.DeliveryQuery{Limit: 1000})
		if err != nil {
			t.Fatalf("list deliveries: %v", err)
		}
		pending := 0
		for _, d := range ds {
			if d.State != "completed" {
				pending++
			}
		}
		if pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries not completed after %s: %+v", pending, timeout, ds)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// New builds a bus for a test, logging nowhere unless cfg.Logger is set,
// and fails the test when the configuration is refused.
func New(t testing.TB, cfg eventbus.Config) *eventbus.Bus {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	bus, err := eventbus.New(cfg)
	if err != nil {
		t.Fatalf("new bus: %v", err)
	}
	return bus
}
