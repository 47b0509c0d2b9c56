package listeners_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/attendance"
	attendanceevents "github.com/academy/academy/internal/attendance/events"
	corporateevents "github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/enrollment"
	enrollmentevents "github.com/academy/academy/internal/enrollment/events"
	paymentevents "github.com/academy/academy/internal/payment/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/tracking"
	trackingevents "github.com/academy/academy/internal/tracking/events"
	"github.com/academy/academy/internal/tracking/listeners"
	webinarevents "github.com/academy/academy/internal/webinar/events"
)

var t0 = time.Date(2030, 1, 6, 9, 0, 0, 0, time.UTC)

// The modules the App wires in implement the read APIs.
var (
	_ listeners.Enrollments        = (*enrollment.Module)(nil)
	_ listeners.AttendanceSessions = (*attendance.Module)(nil)
)

// enrollments and sessions stand in for the enrollment and attendance read
// APIs: the listeners only ask them for a course session id.
type enrollments map[string]enrollment.Enrollment

func (e enrollments) GetEnrollment(_ context.Context, id string) (enrollment.Enrollment, error) {
	if got, ok := e[id]; ok {
		return got, nil
	}
	return enrollment.Enrollment{}, apperr.Errorf(apperr.NotFound, "enrollment %s not found", id)
}

type sessions map[string]attendance.Session

func (s sessions) GetAttendanceSession(_ context.Context, id string) (attendance.Session, error) {
	if got, ok := s[id]; ok {
		return got, nil
	}
	return attendance.Session{}, apperr.Errorf(apperr.NotFound, "attendance session %s not found", id)
}

type bundle struct {
	db  *db.DB
	bus *eventbus.Bus
	m   *tracking.Module
}

// setup runs the tracking listeners on a started bus. The source modules'
// events are defined on it, and the test records them as their Actions do.
func setup(t *testing.T, d *db.DB) *bundle {
	t.Helper()
	clk := clock.NewManual(t0)
	bus, err := eventbus.New(eventbus.Config{
		DB: d, Clock: clk, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PollInterval: 20 * time.Millisecond,
	})
	require.NoError(t, err)
	for _, defs := range [][]eventbus.Definition{
		webinarevents.Definitions, enrollmentevents.Definitions, paymentevents.Definitions,
		attendanceevents.Definitions, corporateevents.Definitions,
	} {
		require.NoError(t, bus.Define(defs...))
	}
	m, err := tracking.New(tracking.Deps{DB: d.DB, Bus: bus, Clock: clk})
	require.NoError(t, err)
	listeners.Register(bus, m, listeners.Deps{
		Enrollments:        enrollments{"enr-1": {ID: "enr-1", CourseSessionID: "cs-1", UserID: "ana"}},
		AttendanceSessions: sessions{"as-1": {ID: "as-1", CourseSessionID: "cs-1"}},
	})
	require.NoError(t, bus.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = bus.Stop(ctx)
	})
	return &bundle{db: d, bus: bus, m: m}
}

// record records one event, as its Action would, and returns its id.
func (b *bundle) record(t *testing.T, ev eventbus.Event) string {
	t.Helper()
	require.NoError(t, db.InTx(context.Background(), b.db.DB, func(tx *sql.Tx) error {
		return b.bus.Record(context.Background(), tx, ev)
	}))
	evs := eventbustest.Recorded(t, b.bus, ev.EventName())
	return evs[len(evs)-1].ID
}

func TestStudentJourneyIsTrackedOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)

		registered := b.record(t, webinarevents.EventRegistrationCreated{RegistrationID: "reg-1", WebinarID: "web-1", UserID: "ana", StartsAt: t0.Add(time.Hour), OccurredAt: t0})
		attendedWebinar := b.record(t, webinarevents.WebinarAttended{RegistrationID: "reg-1", WebinarID: "web-1", UserID: "ana", OccurredAt: t0})
		enrolled := b.record(t, enrollmentevents.EnrollmentCreated{EnrollmentID: "enr-1", CourseSessionID: "cs-1", UserID: "ana", ActorUserID: "ana", Source: enrollmentevents.SourceWeb, OccurredAt: t0})
		deposit := b.record(t, paymentevents.DepositPaymentApproved{PaymentID: "pay-1", EnrollmentID: "enr-1", UserID: "ana", ReceiptID: "rcp-1", AmountMinor: 50_000, Currency: "EUR", ActorUserID: "staff-1", OccurredAt: t0})
		confirmed := b.record(t, enrollmentevents.EnrollmentConfirmed{EnrollmentID: "enr-1", CourseSessionID: "cs-1", UserID: "ana", ActorUserID: "listener", OccurredAt: t0})
		mark := func(status, previous attendanceevents.MarkStatus) string {
			return b.record(t, attendanceevents.AttendanceMarked{AttendanceSessionID: "as-1", AttendanceMarkID: "mark-1", UserID: "ana", Status: status, PreviousStatus: previous, ActorUserID: "staff-1", OccurredAt: t0})
		}
		mark("absent", "")
		// Deliveries of different events run in any order: whichever of
		// the two showed-up marks is delivered first completes the step.
		late, present := mark("late", "absent"), mark("present", "late")
		lead := b.record(t, corporateevents.B2bLeadConverted{B2bLeadID: "lead-1", OrganizationID: "org-1", ActorUserID: "staff-1", OccurredAt: t0})
		eventbustest.WaitDelivered(t, b.bus, 30*time.Second)

		type stepOf struct {
			Step    tracking.FunnelStep
			Subject string
			Source  string
		}
		requireSteps := func() {
			t.Helper()
			steps, err := b.m.ListFunnelSteps(ctx, "ana")
			require.NoError(t, err)
			var got []stepOf
			for _, s := range steps {
				if s.Step == tracking.StepAttended {
					require.Contains(t, []string{late, present}, s.SourceEventID)
					s.SourceEventID = "a showed-up mark"
				}
				got = append(got, stepOf{s.Step, s.SubjectID, s.SourceEventID})
			}
			require.ElementsMatch(t, []stepOf{
				{tracking.StepRegistered, "web-1", registered},
				{tracking.StepEnrolled, "cs-1", enrolled},
				{tracking.StepDepositPaid, "cs-1", deposit},
				{tracking.StepConfirmed, "cs-1", confirmed},
				{tracking.StepAttended, "cs-1", "a showed-up mark"},
			}, got)
		}
		type conversionOf struct {
			Kind     tracking.ConversionKind
			Source   string
			Amount   int64
			Currency string
		}
		requireConversions := func() {
			t.Helper()
			for subject, want := range map[string]conversionOf{
				"enr-1":  {tracking.KindEnrollmentConfirmed, confirmed, 0, ""},
				"pay-1":  {tracking.KindDepositApproved, deposit, 50_000, "EUR"},
				"reg-1":  {tracking.KindWebinarAttended, attendedWebinar, 0, ""},
				"lead-1": {tracking.KindB2BLeadConverted, lead, 0, ""},
			} {
				cs, err := b.m.ListConversions(ctx, subject)
				require.NoError(t, err)
				require.Len(t, cs, 1, subject)
				require.Equal(t, want, conversionOf{cs[0].Kind, cs[0].SourceEventID, cs[0].ValueAmount, cs[0].ValueCurrency}, subject)
			}
		}
		requireSteps()
		requireConversions()
		eventbustest.RequireCount[trackingevents.FunnelStepCompleted](t, b.bus, 5)
		eventbustest.RequireCount[trackingevents.ConversionTracked](t, b.bus, 4)

		// Every delivery runs again, as after a crash or an operator's
		// retry: nothing new is counted.
		ds, err := b.bus.Deliveries(ctx, eventbus.DeliveryQuery{State: "completed", Limit: 1000})
		require.NoError(t, err)
		ownEvents := map[string]bool{
			trackingevents.FunnelStepCompleted{}.EventName(): true,
			trackingevents.ConversionTracked{}.EventName():   true,
		}
		retried := 0
		for _, dl := range ds {
			if ownEvents[dl.EventName] {
				continue
			}
			_, err := b.bus.Retry(ctx, dl.JobID)
			require.NoError(t, err)
			retried++
		}
		require.Equal(t, 11, retried, "4 conversion and 7 funnel deliveries, 3 of them marks")
		eventbustest.WaitDelivered(t, b.bus, 30*time.Second)
		requireSteps()
		requireConversions()
		eventbustest.RequireCount[trackingevents.FunnelStepCompleted](t, b.bus, 5)
		eventbustest.RequireCount[trackingevents.ConversionTracked](t, b.bus, 4)
	})
}

func TestDepositOfAnUnknownEnrollmentIsRetried(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		b.record(t, paymentevents.DepositPaymentApproved{PaymentID: "pay-2", EnrollmentID: "enr-unknown", UserID: "bob", ReceiptID: "rcp-2", AmountMinor: 100, Currency: "EUR", ActorUserID: "staff-1", OccurredAt: t0})

		// The conversion does not need the enrollment; the funnel step
		// waits for it, failing and retrying alone.
		require.Eventually(t, func() bool {
			ds, err := b.bus.Deliveries(ctx, eventbus.DeliveryQuery{Listener: "tracking.FunnelDepositPaid"})
			require.NoError(t, err)
			return len(ds) == 1 && ds[0].State != "completed" && ds[0].LastError != ""
		}, 30*time.Second, 20*time.Millisecond)
		require.Eventually(t, func() bool {
			cs, err := b.m.ListConversions(ctx, "pay-2")
			require.NoError(t, err)
			return len(cs) == 1
		}, 30*time.Second, 20*time.Millisecond)
		steps, err := b.m.ListFunnelSteps(ctx, "bob")
		require.NoError(t, err)
		require.Empty(t, steps)
	})
}
