package app_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/app/apptest"
	"github.com/academy/academy/internal/platform/eventbus"
)

// TestEveryCatalogEventCanBeProducedOverHTTP proves that a fresh `academy
// serve` can produce every event of the catalog through its HTTP API alone:
// it drives the API the way staff, the web site and the WhatsApp integration
// would, moves the manual clock where a rule needs time to pass, and then
// finds each event in the events log.
func TestEveryCatalogEventCanBeProducedOverHTTP(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, s *apptest.Server) {
		staff, admin, service := apptest.StaffToken, apptest.AdminToken, apptest.ServiceToken
		t0 := s.Clock.Now() // Friday 2026-12-04 09:00 UTC
		webinarStart := t0.Add(30 * time.Hour)
		courseStart := t0.Add(48 * time.Hour)
		courseEnd := courseStart.Add(3 * time.Hour)

		// call sends a request and requires one of the wanted statuses.
		call := func(method, path, token string, body any, want ...int) apptest.Response {
			t.Helper()
			res := s.Do(method, path, token, body)
			require.Contains(t, want, res.Status, "%s %s: %s", method, path, res.Body)
			return res
		}
		events := func(t *testing.T, q url.Values) []eventbus.RecordedEvent {
			t.Helper()
			res := s.Do("GET", "/api/events?"+q.Encode(), staff, nil)
			require.Equal(t, http.StatusOK, res.Status, string(res.Body))
			var page struct{ Events []eventbus.RecordedEvent }
			res.Decode(t, &page)
			return page.Events
		}

		// Students enroll: Ada pays, Bob is confirmed by staff and never
		// shows up, Cy withdraws.
		student := func(name, email string) string {
			return s.Create("/api/users", staff, map[string]any{"fullName": name, "email": email, "kind": "student"})
		}
		ada, bob, cy := student("Ada Lovelace", "ada@example.com"), student("Bob Noshow", "bob@example.com"), student("Cy Later", "cy@example.com")
		courseID := s.Create("/api/courses", staff, map[string]any{
			"title": "Go for Engineers", "priceAmount": 50000, "depositAmount": 10000, "currency": "EUR",
		})
		sessionID := s.Create("/api/course-sessions", staff, map[string]any{
			"courseId": courseID, "startsAt": courseStart, "endsAt": courseEnd, "capacity": 10,
		})
		enroll := func(userID string) string {
			return s.Create("/api/enrollments", staff, map[string]any{"courseSessionId": sessionID, "userId": userID, "source": "web"})
		}
		adaEnrollment, bobEnrollment, cyEnrollment := enroll(ada), enroll(bob), enroll(cy)

		paymentID := s.Create("/api/payments", staff, map[string]any{"enrollmentId": adaEnrollment})
		res := s.Upload("/api/payments/"+paymentID+"/receipts", staff, "file", "receipt.pdf", []byte("%PDF-1.4\n% receipt\n"))
		require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
		call("POST", "/api/payments/"+paymentID+"/approve-deposit", staff, map[string]any{}, http.StatusOK)
		call("POST", "/api/payments/"+paymentID+"/complete-balance", staff, nil, http.StatusOK)
		call("POST", "/api/enrollments/"+bobEnrollment+"/confirm", staff, nil, http.StatusOK)
		call("POST", "/api/enrollments/"+cyEnrollment+"/cancel", staff, map[string]any{"reason": "student_request"}, http.StatusOK)

		// Roll calls: one for the class, one for a make-up class that is
		// called off.
		attendanceID := s.Create("/api/attendance-sessions", staff, map[string]any{
			"courseSessionId": sessionID, "startsAt": courseStart, "endsAt": courseEnd,
		})
		makeUpID := s.Create("/api/course-sessions", staff, map[string]any{
			"courseId": courseID, "startsAt": courseStart.Add(24 * time.Hour), "endsAt": courseEnd.Add(24 * time.Hour), "capacity": 10,
		})
		makeUpAttendanceID := s.Create("/api/attendance-sessions", staff, map[string]any{
			"courseSessionId": makeUpID, "startsAt": courseStart.Add(24 * time.Hour), "endsAt": courseEnd.Add(24 * time.Hour),
		})
		call("POST", "/api/attendance-sessions/"+makeUpAttendanceID+"/cancel", staff, nil, http.StatusOK)

		// A webinar, moved by an hour, with Ada registered by the web site.
		webinarID := s.Create("/api/webinars", staff, map[string]any{
			"title": "Intro to Go", "startsAt": webinarStart.Add(-time.Hour), "durationMinutes": 60, "capacity": 50,
		})
		call("POST", "/api/webinars/"+webinarID+"/reschedule", staff, map[string]any{"startsAt": webinarStart, "durationMinutes": 60}, http.StatusOK)
		registrationID := s.Create("/api/webinar-registrations", service, map[string]any{"webinarId": webinarID, "userId": ada})

		// Corporate: a lead from the web site becomes a client with an
		// agreement, a cohort, an invoice and a payment.
		leadID := s.Create("/api/corporate/leads", service, map[string]any{
			"source": "web", "companyName": "Acme", "contactName": "Ana", "contactEmail": "ana@acme.example",
		})
		var converted struct{ Organization struct{ ID string } }
		call("POST", "/api/corporate/leads/"+leadID+"/convert", staff, nil, http.StatusCreated).Decode(t, &converted)
		require.NotEmpty(t, converted.Organization.ID)
		proposalID := s.Create("/api/corporate/proposals", staff, map[string]any{
			"organizationId": converted.Organization.ID, "title": "Go for 10 engineers", "seats": 10, "amountMinor": 500000, "currency": "EUR",
		})
		call("POST", "/api/corporate/proposals/"+proposalID+"/accept", staff, nil, http.StatusOK)
		agreementID := s.Create("/api/corporate/agreements", staff, map[string]any{
			"proposalId": proposalID, "startsAt": t0, "endsAt": t0.AddDate(0, 6, 0),
		})
		cohortID := s.Create("/api/corporate/cohorts", staff, map[string]any{
			"agreementId": agreementID, "courseId": courseID, "name": "Acme winter", "seats": 10, "startsAt": t0.Add(24 * time.Hour),
		})
		invoiceID := s.Create("/api/corporate/invoices", staff, map[string]any{
			"agreementId": agreementID, "amountMinor": 250000, "currency": "EUR", "dueAt": t0.AddDate(0, 1, 0),
		})
		call("POST", "/api/corporate/invoices/"+invoiceID+"/payments", staff, map[string]any{
			"paymentId": "bank-transfer-0001", "amountMinor": 100000, "currency": "EUR",
		}, http.StatusCreated)

		// WhatsApp: a contact writes in; staff take the conversation, open
		// a lead from it and reply within the service window.
		staffUserID := s.Create("/api/users", staff, map[string]any{"fullName": "Sam Desk", "email": "sam@academy.example", "kind": "staff"})
		var inbound struct{ Conversation struct{ ID string } }
		call("POST", "/api/whatsapp/inbound", service, map[string]any{
			"from": "34600111333", "providerMessageId": "wamid.catalog-1", "text": "Hola, training for 20 people?",
			"timestamp": t0, "profileName": "Lucía",
		}, http.StatusCreated).Decode(t, &inbound)
		conversation := "/api/whatsapp/conversations/" + inbound.Conversation.ID
		call("POST", conversation+"/assign", staff, map[string]any{"assigneeUserId": staffUserID}, http.StatusOK)
		call("POST", conversation+"/lead", staff, map[string]any{"companyName": "Panadería Lucía"}, http.StatusCreated)
		call("POST", conversation+"/replies", staff, map[string]any{"text": "Happy to help, Lucía!"}, http.StatusCreated)

		// Tracking, called directly by an integration. Its listeners count
		// the same facts, so whichever comes first records the event: 201
		// from this call, or 200 when a listener was faster.
		approved := events(t, url.Values{"name": {"payment.DepositPaymentApproved"}})
		require.Len(t, approved, 1)
		call("POST", "/api/tracking/conversions", service, map[string]any{
			"kind": "deposit_approved", "subjectId": paymentID, "sourceEventId": approved[0].ID,
			"valueAmount": 10000, "valueCurrency": "EUR",
		}, http.StatusCreated, http.StatusOK)
		enrolled := events(t, url.Values{"name": {"enrollment.EnrollmentCreated"}, "aggregateId": {adaEnrollment}})
		require.Len(t, enrolled, 1)
		call("POST", "/api/tracking/funnel-steps", service, map[string]any{
			"userId": ada, "step": "enrolled", "subjectId": sessionID, "sourceEventId": enrolled[0].ID,
		}, http.StatusCreated, http.StatusOK)

		// Time passes. A scheduled job that comes due may trigger a
		// reminder or detect a no-show before the call below does; the call
		// then answers as a repeat, and the event exists either way.
		s.Clock.Set(webinarStart.Add(-24 * time.Hour))
		call("POST", "/api/webinar-registrations/"+registrationID+"/reminders", service, map[string]any{"reminder": "24h"},
			http.StatusCreated, http.StatusOK)

		s.Clock.Set(webinarStart.Add(10 * time.Minute))
		call("POST", "/api/webinar-registrations/"+registrationID+"/attendance", service, nil, http.StatusCreated, http.StatusOK)

		s.Clock.Set(courseStart.Add(30 * time.Minute))
		call("POST", "/api/attendance-sessions/"+attendanceID+"/marks", staff, map[string]any{"userId": ada, "status": "present"}, http.StatusCreated)

		s.Clock.Set(courseEnd.Add(30 * time.Minute)) // the default no-show grace
		var detected struct{ NoShows []struct{ UserID string } }
		call("POST", "/api/attendance-sessions/"+attendanceID+"/detect-no-shows", admin, nil, http.StatusOK).Decode(t, &detected)
		require.Len(t, detected.NoShows, 1, "only Bob is confirmed and unmarked")
		require.Equal(t, bob, detected.NoShows[0].UserID)

		s.Create("/api/corporate/reports", staff, map[string]any{"cohortId": cohortID, "periodStart": t0, "periodEnd": s.Clock.Now()})

		// The 27 events, then the three added to the catalog since.
		names := []string{
			"enrollment.EnrollmentCreated",
			"enrollment.EnrollmentConfirmed",
			"enrollment.EnrollmentCancelled",
			"payment.DepositPaymentStarted",
			"payment.PaymentReceiptUploaded",
			"payment.DepositPaymentApproved",
			"payment.BalancePaymentCompleted",
			"attendance.AttendanceSessionCreated",
			"attendance.AttendanceMarked",
			"attendance.StudentNoShowDetected",
			"corporate.B2bLeadCreated",
			"corporate.B2bLeadConverted",
			"corporate.ProposalSent",
			"corporate.ProposalAccepted",
			"corporate.AgreementActivated",
			"corporate.CorporateCohortStarted",
			"corporate.CorporateReportGenerated",
			"corporate.CorporateInvoiceIssued",
			"corporate.CorporatePaymentAllocated",
			"whatsapp.WhatsAppLeadCreated",
			"whatsapp.WhatsAppConversationAssigned",
			"whatsapp.WhatsAppReplySent",
			"webinar.EventRegistrationCreated",
			"webinar.WebinarReminderTriggered",
			"webinar.WebinarAttended",
			"tracking.ConversionTracked",
			"tracking.FunnelStepCompleted",

			"attendance.AttendanceSessionCancelled",
			"webinar.WebinarScheduled",
			"webinar.WebinarRescheduled",
		}
		var registered []string
		for _, ev := range s.App.Bus.Events() {
			registered = append(registered, ev.Name)
		}
		require.ElementsMatch(t, registered, names, "the table must list every event of the catalog")

		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				got := events(t, url.Values{"name": {name}})
				require.NotEmpty(t, got, "no %s was recorded", name)
				for _, ev := range got {
					require.Equal(t, name, ev.Name, "GET /api/events?name=%s returned another event", name)
				}
			})
		}
	})
}
