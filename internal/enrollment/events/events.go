// Package events holds the enrollment module's event contracts. Any module
// may import it to listen to enrollment facts.
package events

import (
	"slices"
	"time"

	"github.com/academy/academy/internal/platform/eventbus"
)

// EnrollmentID identifies an enrollment: one person's seat in one course
// session.
type EnrollmentID string

// CourseSessionID identifies a scheduled run of a course (owned by course).
type CourseSessionID string

// UserID identifies a person (owned by user).
type UserID string

// Source is the channel an enrollment came through.
type Source string

const (
	SourceWeb       Source = "web"       // the public web site
	SourceStaff     Source = "staff"     // entered by staff at the desk or on the phone
	SourceWhatsApp  Source = "whatsapp"  // a WhatsApp conversation
	SourceCorporate Source = "corporate" // a corporate agreement's cohort
)

// Sources lists every valid Source.
var Sources = []Source{SourceWeb, SourceStaff, SourceWhatsApp, SourceCorporate}

// Valid reports whether s is one of Sources.
func (s Source) Valid() bool { return slices.Contains(Sources, s) }

// CancelReason is why an enrollment was cancelled: a code, never free text,
// so that events stay free of personal notes.
type CancelReason string

const (
	ReasonStudentRequest     CancelReason = "student_request"      // the student withdrew
	ReasonPaymentNotReceived CancelReason = "payment_not_received" // the deposit never arrived
	ReasonSessionCancelled   CancelReason = "session_cancelled"    // the school called off the session
	ReasonDuplicate          CancelReason = "duplicate"            // entered twice by mistake
	ReasonStaffDecision      CancelReason = "staff_decision"       // any other decision by staff
)

// CancelReasons lists every valid CancelReason.
var CancelReasons = []CancelReason{ReasonStudentRequest, ReasonPaymentNotReceived, ReasonSessionCancelled, ReasonDuplicate, ReasonStaffDecision}

// Valid reports whether r is one of CancelReasons.
func (r CancelReason) Valid() bool { return slices.Contains(CancelReasons, r) }

// EnrollmentCreated: a person took a seat in a course session; the
// enrollment is pending until it is confirmed (usually by the deposit).
type EnrollmentCreated struct {
	EnrollmentID    EnrollmentID    `json:"enrollmentId"`
	CourseSessionID CourseSessionID `json:"courseSessionId"`
	UserID          UserID          `json:"userId"`
	ActorUserID     UserID          `json:"actorUserId"`
	Source          Source          `json:"source"`
	OccurredAt      time.Time       `json:"occurredAt"`
}

func (EnrollmentCreated) EventName() string { return "enrollment.EnrollmentCreated" }
func (EnrollmentCreated) EventVersion() int { return 1 }

// EnrollmentConfirmed: a pending enrollment was confirmed; the person is on
// the session's roster.
type EnrollmentConfirmed struct {
	EnrollmentID    EnrollmentID    `json:"enrollmentId"`
	CourseSessionID CourseSessionID `json:"courseSessionId"`
	UserID          UserID          `json:"userId"`
	ActorUserID     UserID          `json:"actorUserId"`
	OccurredAt      time.Time       `json:"occurredAt"`
}

func (EnrollmentConfirmed) EventName() string { return "enrollment.EnrollmentConfirmed" }
func (EnrollmentConfirmed) EventVersion() int { return 1 }

// EnrollmentCancelled: a pending or confirmed enrollment was cancelled and
// its seat freed.
type EnrollmentCancelled struct {
	EnrollmentID    EnrollmentID    `json:"enrollmentId"`
	CourseSessionID CourseSessionID `json:"courseSessionId"`
	UserID          UserID          `json:"userId"`
	ActorUserID     UserID          `json:"actorUserId"`
	Reason          CancelReason    `json:"reason"`
	// WasConfirmed tells a cancelled confirmed enrollment (money may have to
	// be returned) from a cancelled pending one.
	WasConfirmed bool      `json:"wasConfirmed"`
	OccurredAt   time.Time `json:"occurredAt"`
}

func (EnrollmentCancelled) EventName() string { return "enrollment.EnrollmentCancelled" }
func (EnrollmentCancelled) EventVersion() int { return 1 }

// Definitions describes the enrollment events for the registry and catalog.
var Definitions = []eventbus.Definition{
	{
		Event:            EnrollmentCreated{},
		Owner:            "enrollment",
		Description:      "A person enrolled in a course session; the enrollment is pending.",
		Emitters:         []string{"enrollment.CreateEnrollment"},
		AutomationSafety: "May trigger a welcome or payment-instructions message; contact data and WhatsApp consent must be read from user.FindUserContact.",
		Idempotency:      "One event per enrollment id; key reactions on enrollmentId.",
	},
	{
		Event:            EnrollmentConfirmed{},
		Owner:            "enrollment",
		Description:      "A pending enrollment was confirmed; the person is on the session's roster.",
		Emitters:         []string{"enrollment.ConfirmEnrollment"},
		AutomationSafety: "May trigger a confirmation message; contact data and WhatsApp consent must be read from user.FindUserContact.",
		Idempotency:      "At most one per enrollment id (confirming twice is refused); key reactions on enrollmentId.",
	},
	{
		Event:            EnrollmentCancelled{},
		Owner:            "enrollment",
		Description:      "A pending or confirmed enrollment was cancelled, with a reason code, and its seat freed.",
		Emitters:         []string{"enrollment.CancelEnrollment"},
		AutomationSafety: "May trigger a cancellation notice and stop reminders; refunds stay a staff decision.",
		Idempotency:      "At most one per enrollment id (cancelling twice is refused); key reactions on enrollmentId.",
	},
}
