// Package listeners derives tracking's conversions and student-funnel steps
// from other modules' events. Each listener calls one tracking Action with
// the delivered event's id as the source event id; the Actions are unique on
// a business key, so a repeated delivery records nothing new.
//
// The student funnel, in order:
//
//	registered    webinar.EventRegistrationCreated   subject: the webinar
//	enrolled      enrollment.EnrollmentCreated       subject: the course session
//	deposit_paid  payment.DepositPaymentApproved     subject: the course session (read through enrollment.GetEnrollment)
//	confirmed     enrollment.EnrollmentConfirmed     subject: the course session
//	attended      attendance.AttendanceMarked        subject: the course session (read through attendance.GetAttendanceSession)
//
// "attended" is attending the course: a roll-call mark of present or late
// (a late student did attend). webinar.WebinarAttended is counted as the
// webinar_attended conversion instead, since the webinar comes before the
// course in the journey. Steps are about the course session rather than the
// enrollment so that a funnel can be read per session; a step is counted
// once per user, step and subject, so cancelling and enrolling again in the
// same session does not count twice.
package listeners

import (
	"context"
	"time"

	"github.com/academy/academy/internal/attendance"
	attendanceevents "github.com/academy/academy/internal/attendance/events"
	corporateevents "github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/enrollment"
	enrollmentevents "github.com/academy/academy/internal/enrollment/events"
	paymentevents "github.com/academy/academy/internal/payment/events"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/tracking"
	webinarevents "github.com/academy/academy/internal/webinar/events"
)

// Enrollments reads enrollments; the enrollment module implements it.
type Enrollments interface {
	GetEnrollment(ctx context.Context, id string) (enrollment.Enrollment, error)
}

// AttendanceSessions reads roll calls; the attendance module implements it.
type AttendanceSessions interface {
	GetAttendanceSession(ctx context.Context, id string) (attendance.Session, error)
}

// Deps are the read APIs the funnel listeners need to find the course
// session of an event that does not carry it.
type Deps struct {
	Enrollments        Enrollments
	AttendanceSessions AttendanceSessions
}

const timeout = 10 * time.Second

// conversionIdempotency and stepIdempotency are the catalog's idempotency
// notes of every conversion and funnel listener.
const (
	conversionIdempotency = "RecordConversion is unique on kind + source event id (this event's id): a repeated delivery returns the first conversion and records nothing."
	stepIdempotency       = "CompleteFunnelStep is unique on user + step + subject: a repeated delivery (or a second event for the same user, step and subject) records nothing."
)

// Register registers the tracking listeners on the bus. It panics when a
// read API is missing: that is a wiring mistake.
func Register(bus *eventbus.Bus, m *tracking.Module, deps Deps) {
	if deps.Enrollments == nil || deps.AttendanceSessions == nil {
		panic("tracking listeners: Deps.Enrollments and Deps.AttendanceSessions are required")
	}
	registerConversions(bus, m)
	registerFunnel(bus, m, deps)
}

func registerConversions(bus *eventbus.Bus, m *tracking.Module) {
	eventbus.Listen(bus, "tracking.CountConfirmedEnrollment", eventbus.ListenerOptions{
		Description: "Counts an enrollment_confirmed conversion for the confirmed enrollment.",
		Idempotency: conversionIdempotency, Timeout: timeout,
	}, func(ctx context.Context, d eventbus.Delivery[enrollmentevents.EnrollmentConfirmed]) error {
		return conversion(ctx, m, d.Envelope, tracking.RecordConversionInput{
			Kind: tracking.KindEnrollmentConfirmed, SubjectID: string(d.Event.EnrollmentID),
		})
	})
	eventbus.Listen(bus, "tracking.CountApprovedDeposit", eventbus.ListenerOptions{
		Description: "Counts a deposit_approved conversion for the payment, valued at the deposit's amount and currency.",
		Idempotency: conversionIdempotency, Timeout: timeout,
	}, func(ctx context.Context, d eventbus.Delivery[paymentevents.DepositPaymentApproved]) error {
		return conversion(ctx, m, d.Envelope, tracking.RecordConversionInput{
			Kind: tracking.KindDepositApproved, SubjectID: string(d.Event.PaymentID),
			ValueAmount: d.Event.AmountMinor, ValueCurrency: d.Event.Currency,
		})
	})
	eventbus.Listen(bus, "tracking.CountAttendedWebinar", eventbus.ListenerOptions{
		Description: "Counts a webinar_attended conversion for the webinar registration.",
		Idempotency: conversionIdempotency, Timeout: timeout,
	}, func(ctx context.Context, d eventbus.Delivery[webinarevents.WebinarAttended]) error {
		return conversion(ctx, m, d.Envelope, tracking.RecordConversionInput{
			Kind: tracking.KindWebinarAttended, SubjectID: string(d.Event.RegistrationID),
		})
	})
	eventbus.Listen(bus, "tracking.CountConvertedB2bLead", eventbus.ListenerOptions{
		Description: "Counts a b2b_lead_converted conversion for the lead that became an organization.",
		Idempotency: conversionIdempotency, Timeout: timeout,
	}, func(ctx context.Context, d eventbus.Delivery[corporateevents.B2bLeadConverted]) error {
		return conversion(ctx, m, d.Envelope, tracking.RecordConversionInput{
			Kind: tracking.KindB2BLeadConverted, SubjectID: string(d.Event.B2bLeadID),
		})
	})
}

func conversion(ctx context.Context, m *tracking.Module, env eventbus.Envelope, in tracking.RecordConversionInput) error {
	in.SourceEventID = env.EventID
	_, err := m.RecordConversion(ctx, in)
	return err
}

func registerFunnel(bus *eventbus.Bus, m *tracking.Module, deps Deps) {
	eventbus.Listen(bus, "tracking.FunnelRegistered", eventbus.ListenerOptions{
		Description: "Completes the registered funnel step of the user for the webinar.",
		Idempotency: stepIdempotency, Timeout: timeout,
	}, func(ctx context.Context, d eventbus.Delivery[webinarevents.EventRegistrationCreated]) error {
		return step(ctx, m, d.Envelope, string(d.Event.UserID), tracking.StepRegistered, string(d.Event.WebinarID))
	})
	eventbus.Listen(bus, "tracking.FunnelEnrolled", eventbus.ListenerOptions{
		Description: "Completes the enrolled funnel step of the student for the course session.",
		Idempotency: stepIdempotency, Timeout: timeout,
	}, func(ctx context.Context, d eventbus.Delivery[enrollmentevents.EnrollmentCreated]) error {
		return step(ctx, m, d.Envelope, string(d.Event.UserID), tracking.StepEnrolled, string(d.Event.CourseSessionID))
	})
	eventbus.Listen(bus, "tracking.FunnelConfirmed", eventbus.ListenerOptions{
		Description: "Completes the confirmed funnel step of the student for the course session.",
		Idempotency: stepIdempotency, Timeout: timeout,
	}, func(ctx context.Context, d eventbus.Delivery[enrollmentevents.EnrollmentConfirmed]) error {
		return step(ctx, m, d.Envelope, string(d.Event.UserID), tracking.StepConfirmed, string(d.Event.CourseSessionID))
	})
	eventbus.Listen(bus, "tracking.FunnelDepositPaid", eventbus.ListenerOptions{
		Description: "Completes the deposit_paid funnel step of the student for the enrollment's course session, read through enrollment.GetEnrollment.",
		Idempotency: stepIdempotency, Timeout: timeout,
	}, func(ctx context.Context, d eventbus.Delivery[paymentevents.DepositPaymentApproved]) error {
		e, err := deps.Enrollments.GetEnrollment(ctx, string(d.Event.EnrollmentID))
		if err != nil {
			return err
		}
		userID := string(d.Event.UserID)
		if userID == "" {
			userID = e.UserID
		}
		return step(ctx, m, d.Envelope, userID, tracking.StepDepositPaid, e.CourseSessionID)
	})
	eventbus.Listen(bus, "tracking.FunnelAttended", eventbus.ListenerOptions{
		Description: "Completes the attended funnel step of a student marked present or late, for the roll call's course session (read through attendance.GetAttendanceSession); absent marks count nothing.",
		Idempotency: stepIdempotency + " A later mark changing late to present counts nothing new.",
		Timeout:     timeout,
	}, func(ctx context.Context, d eventbus.Delivery[attendanceevents.AttendanceMarked]) error {
		if !showedUp(d.Event.Status) {
			return nil
		}
		s, err := deps.AttendanceSessions.GetAttendanceSession(ctx, string(d.Event.AttendanceSessionID))
		if err != nil {
			return err
		}
		return step(ctx, m, d.Envelope, string(d.Event.UserID), tracking.StepAttended, s.CourseSessionID)
	})
}

// showedUp reports whether a roll-call mark means the student attended.
func showedUp(s attendanceevents.MarkStatus) bool {
	return s == attendanceevents.MarkStatus(attendance.StatusPresent) || s == attendanceevents.MarkStatus(attendance.StatusLate)
}

func step(ctx context.Context, m *tracking.Module, env eventbus.Envelope, userID string, s tracking.FunnelStep, subjectID string) error {
	_, err := m.CompleteFunnelStep(ctx, tracking.CompleteFunnelStepInput{
		UserID: userID, Step: s, SubjectID: subjectID, SourceEventID: env.EventID,
	})
	return err
}
