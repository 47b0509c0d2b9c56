// Package events holds the webinar module's event contracts. Any module may
// import it to listen to webinar facts.
//
// In Academy "event" alone always means a domain event; the live sessions
// this module runs are called webinars.
package events

import (
	"time"

	"github.com/academy/academy/internal/platform/eventbus"
)

// WebinarID identifies a webinar (a live online session).
type WebinarID string

// RegistrationID identifies one user's registration for one webinar.
type RegistrationID string

// UserID identifies a person (owned by user).
type UserID string

// ReminderKind says which reminder fired: "24h" or "1h" before the start.
type ReminderKind string

// WebinarScheduled: staff scheduled a webinar.
type WebinarScheduled struct {
	WebinarID   WebinarID `json:"webinarId"`
	StartsAt    time.Time `json:"startsAt"`
	EndsAt      time.Time `json:"endsAt"`
	Capacity    int       `json:"capacity"`
	ActorUserID UserID    `json:"actorUserId"`
	OccurredAt  time.Time `json:"occurredAt"`
}

func (WebinarScheduled) EventName() string { return "webinar.WebinarScheduled" }
func (WebinarScheduled) EventVersion() int { return 1 }

// WebinarRescheduled: staff moved a webinar that had not started yet.
type WebinarRescheduled struct {
	WebinarID        WebinarID `json:"webinarId"`
	StartsAt         time.Time `json:"startsAt"`
	EndsAt           time.Time `json:"endsAt"`
	PreviousStartsAt time.Time `json:"previousStartsAt"`
	ActorUserID      UserID    `json:"actorUserId"`
	OccurredAt       time.Time `json:"occurredAt"`
}

func (WebinarRescheduled) EventName() string { return "webinar.WebinarRescheduled" }
func (WebinarRescheduled) EventVersion() int { return 1 }

// EventRegistrationCreated: a user registered for a webinar. StartsAt is the
// webinar's start when the user registered; a later WebinarRescheduled moves it.
type EventRegistrationCreated struct {
	RegistrationID RegistrationID `json:"registrationId"`
	WebinarID      WebinarID      `json:"webinarId"`
	UserID         UserID         `json:"userId"`
	StartsAt       time.Time      `json:"startsAt"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (EventRegistrationCreated) EventName() string { return "webinar.EventRegistrationCreated" }
func (EventRegistrationCreated) EventVersion() int { return 1 }

// WebinarReminderTriggered: a reminder for a live registration became due.
// It is recorded at most once per registration and reminder kind.
type WebinarReminderTriggered struct {
	RegistrationID RegistrationID `json:"registrationId"`
	WebinarID      WebinarID      `json:"webinarId"`
	UserID         UserID         `json:"userId"`
	Reminder       ReminderKind   `json:"reminder"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (WebinarReminderTriggered) EventName() string { return "webinar.WebinarReminderTriggered" }
func (WebinarReminderTriggered) EventVersion() int { return 1 }

// WebinarAttended: a registered user attended the webinar. Recorded at most
// once per registration.
type WebinarAttended struct {
	RegistrationID RegistrationID `json:"registrationId"`
	WebinarID      WebinarID      `json:"webinarId"`
	UserID         UserID         `json:"userId"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (WebinarAttended) EventName() string { return "webinar.WebinarAttended" }
func (WebinarAttended) EventVersion() int { return 1 }

// Definitions describes the webinar events for the registry and catalog.
var Definitions = []eventbus.Definition{
	{
		Event:            WebinarScheduled{},
		Owner:            "webinar",
		Description:      "A webinar (live online session) was scheduled with a start, an end and a capacity.",
		Emitters:         []string{"webinar.ScheduleWebinar"},
		AutomationSafety: "Safe for reporting; sends nothing to anyone by itself.",
		Idempotency:      "One event per webinar id.",
	},
	{
		Event:            WebinarRescheduled{},
		Owner:            "webinar",
		Description:      "A webinar that had not started was moved to a new start (and end).",
		Emitters:         []string{"webinar.RescheduleWebinar"},
		AutomationSafety: "Safe to reschedule reminder jobs; registrants may be told about the move through the outbox.",
		Idempotency:      "A webinar may be moved many times; key reactions on the event id, and read the current start with GetWebinar.",
	},
	{
		Event:            EventRegistrationCreated{},
		Owner:            "webinar",
		Description:      "A user registered for a webinar.",
		Emitters:         []string{"webinar.RegisterForEvent"},
		AutomationSafety: "Safe to schedule reminders and record funnel steps; a confirmation message may be sent through the outbox.",
		Idempotency:      "One event per registration id; a user who cancels and registers again gets a new registration id.",
	},
	{
		Event:            WebinarReminderTriggered{},
		Owner:            "webinar",
		Description:      "A webinar reminder (24h or 1h before the start) became due for a live registration.",
		Emitters:         []string{"webinar.TriggerWebinarReminder"},
		AutomationSafety: "Meant to send one reminder message to the registrant through the outbox; never for cancelled registrations or started webinars.",
		Idempotency:      "At most one event per registrationId + reminder; key sends on both.",
	},
	{
		Event:            WebinarAttended{},
		Owner:            "webinar",
		Description:      "A registered user attended a webinar.",
		Emitters:         []string{"webinar.RecordWebinarAttendance"},
		AutomationSafety: "Safe to record conversions and funnel steps; a follow-up message may be sent through the outbox.",
		Idempotency:      "At most one event per registration id.",
	},
}
