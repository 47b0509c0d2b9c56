// Package events holds the tracking module's event contracts. Any module
// may import it to listen to tracking facts.
package events

import (
	"time"

	"github.com/academy/academy/internal/platform/eventbus"
)

// ConversionID identifies a tracked conversion.
type ConversionID string

// FunnelStepID identifies one completed funnel step of one user.
type FunnelStepID string

// UserID identifies a person (owned by user).
type UserID string

// SubjectID identifies what a conversion or funnel step is about, in the
// owning module's terms: an enrollment, a deposit, a webinar registration,
// a B2B lead.
type SubjectID string

// SourceEventID is the id of the domain event a conversion or funnel step
// was derived from.
type SourceEventID string

// ConversionKind is what converted: "enrollment_confirmed",
// "deposit_approved", "webinar_attended" or "b2b_lead_converted".
type ConversionKind string

// FunnelStep is a step of the student funnel: "registered", "enrolled",
// "deposit_paid", "confirmed" or "attended".
type FunnelStep string

// ConversionTracked: a business outcome was counted as a conversion.
// ValueAmount is in minor units of ValueCurrency; both may be empty (0, "").
type ConversionTracked struct {
	ConversionID  ConversionID   `json:"conversionId"`
	Kind          ConversionKind `json:"kind"`
	SubjectID     SubjectID      `json:"subjectId"`
	SourceEventID SourceEventID  `json:"sourceEventId"`
	ValueAmount   int64          `json:"valueAmount"`
	ValueCurrency string         `json:"valueCurrency"`
	OccurredAt    time.Time      `json:"occurredAt"`
}

func (ConversionTracked) EventName() string { return "tracking.ConversionTracked" }
func (ConversionTracked) EventVersion() int { return 1 }

// FunnelStepCompleted: a user completed a funnel step, for a subject when
// the step has one.
type FunnelStepCompleted struct {
	FunnelStepID  FunnelStepID  `json:"funnelStepId"`
	UserID        UserID        `json:"userId"`
	Step          FunnelStep    `json:"step"`
	SubjectID     SubjectID     `json:"subjectId"`
	SourceEventID SourceEventID `json:"sourceEventId"`
	OccurredAt    time.Time     `json:"occurredAt"`
}

func (FunnelStepCompleted) EventName() string { return "tracking.FunnelStepCompleted" }
func (FunnelStepCompleted) EventVersion() int { return 1 }

// Definitions describes the tracking events for the registry and catalog.
var Definitions = []eventbus.Definition{
	{
		Event:            ConversionTracked{},
		Owner:            "tracking",
		Description:      "A business outcome (confirmed enrollment, approved deposit, attended webinar, converted B2B lead) was counted as a conversion.",
		Emitters:         []string{"tracking.RecordConversion"},
		AutomationSafety: "Safe to forward to analytics and ad platforms; carries no personal data and sends nothing to people.",
		Idempotency:      "At most one event per kind + sourceEventId; key forwards on conversionId.",
	},
	{
		Event:            FunnelStepCompleted{},
		Owner:            "tracking",
		Description:      "A user completed a step of the student funnel.",
		Emitters:         []string{"tracking.CompleteFunnelStep"},
		AutomationSafety: "Safe for reporting and analytics; sends nothing to people.",
		Idempotency:      "At most one event per userId + step + subjectId; key reactions on funnelStepId.",
	},
}
