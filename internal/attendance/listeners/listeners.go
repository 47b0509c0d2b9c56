// Package listeners holds the attendance module's reactions to events. They
// change state only through attendance Actions.
package listeners

import (
	"context"
	"time"

	"github.com/academy/academy/internal/attendance"
	"github.com/academy/academy/internal/attendance/events"
	"github.com/academy/academy/internal/platform/eventbus"
)

// Register registers the attendance listeners on the bus.
func Register(bus *eventbus.Bus, m *attendance.Module) {
	eventbus.Listen(bus, "attendance.ScheduleNoShowCheck", eventbus.ListenerOptions{
		Description: "Schedules the no-show check for when the session ends plus the grace period.",
		Idempotency: "The scheduled job is unique on its attendance session id; a repeat schedules nothing new.",
		Timeout:     10 * time.Second,
	}, func(ctx context.Context, d eventbus.Delivery[events.AttendanceSessionCreated]) error {
		return m.ScheduleNoShowCheck(ctx, string(d.Event.AttendanceSessionID))
	})
}
