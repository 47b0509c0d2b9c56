package tracking

import (
	"slices"
	"time"

	"github.com/academy/academy/internal/tracking/internal/store"
)

// ConversionKind is what converted.
type ConversionKind string

// Conversion kinds.
const (
	KindEnrollmentConfirmed ConversionKind = "enrollment_confirmed"
	KindDepositApproved     ConversionKind = "deposit_approved"
	KindWebinarAttended     ConversionKind = "webinar_attended"
	KindB2BLeadConverted    ConversionKind = "b2b_lead_converted"
)

// ConversionKinds lists every conversion kind.
var ConversionKinds = []ConversionKind{KindEnrollmentConfirmed, KindDepositApproved, KindWebinarAttended, KindB2BLeadConverted}

// Valid reports whether k is a known conversion kind.
func (k ConversionKind) Valid() bool { return slices.Contains(ConversionKinds, k) }

// FunnelStep is a step of the student funnel.
type FunnelStep string

// Funnel steps, in funnel order.
const (
	StepRegistered  FunnelStep = "registered"
	StepEnrolled    FunnelStep = "enrolled"
	StepDepositPaid FunnelStep = "deposit_paid"
	StepConfirmed   FunnelStep = "confirmed"
	StepAttended    FunnelStep = "attended"
)

// FunnelSteps lists every funnel step in funnel order.
var FunnelSteps = []FunnelStep{StepRegistered, StepEnrolled, StepDepositPaid, StepConfirmed, StepAttended}

// Valid reports whether s is a known funnel step.
func (s FunnelStep) Valid() bool { return slices.Contains(FunnelSteps, s) }

// Conversion is a counted business outcome. Conversions and funnel steps
// are immutable facts: once recorded they have no further states, so
// their only rule is uniqueness, kept by the store's unique keys.
type Conversion struct {
	ID            string         `json:"id"`
	Kind          ConversionKind `json:"kind"`
	SubjectID     string         `json:"subjectId"`
	SourceEventID string         `json:"sourceEventId"`
	// ValueAmount is in minor units of ValueCurrency; 0 and "" when the
	// conversion has no value.
	ValueAmount   int64     `json:"valueAmount"`
	ValueCurrency string    `json:"valueCurrency"`
	OccurredAt    time.Time `json:"occurredAt"`
}

func conversionFromRow(r store.Conversion) Conversion {
	return Conversion{
		ID: r.ID, Kind: ConversionKind(r.Kind), SubjectID: r.SubjectID, SourceEventID: r.SourceEventID,
		ValueAmount: r.ValueAmount, ValueCurrency: r.ValueCurrency, OccurredAt: r.OccurredAt.UTC(),
	}
}

// CompletedStep is a funnel step one user completed.
type CompletedStep struct {
	ID     string     `json:"id"`
	UserID string     `json:"userId"`
	Step   FunnelStep `json:"step"`
	// SubjectID is what the step is about; "" when the step has no subject.
	SubjectID     string    `json:"subjectId"`
	SourceEventID string    `json:"sourceEventId"`
	OccurredAt    time.Time `json:"occurredAt"`
}

func completedStepFromRow(r store.FunnelStep) CompletedStep {
	return CompletedStep{
		ID: r.ID, UserID: r.UserID, Step: FunnelStep(r.Step), SubjectID: r.SubjectID,
		SourceEventID: r.SourceEventID, OccurredAt: r.OccurredAt.UTC(),
	}
}
