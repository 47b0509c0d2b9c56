package app_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/app/apptest"
	"github.com/academy/academy/internal/platform/outbox"
)

// TestStudentJourney drives the whole student journey over the HTTP API and
// checks that each message reaches the outbox exactly once and is sent.
func TestStudentJourney(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, s *apptest.Server) {
		staff := apptest.StaffToken
		start := s.Clock.Now().Add(7 * 24 * time.Hour).Truncate(time.Hour)

		userID := s.Create("/api/users", staff, map[string]any{
			"fullName": "Ada Lovelace", "email": "ada@example.com", "phone": "+34600111222",
			"whatsAppOptIn": false, "kind": "student",
		})
		courseID := s.Create("/api/courses", staff, map[string]any{
			"title": "Go for Engineers", "priceAmount": 50000, "depositAmount": 10000, "currency": "EUR",
		})
		sessionID := s.Create("/api/course-sessions", staff, map[string]any{
			"courseId": courseID, "startsAt": start, "endsAt": start.Add(3 * time.Hour), "capacity": 10,
		})
		enrollmentID := s.Create("/api/enrollments", staff, map[string]any{
			"courseSessionId": sessionID, "userId": userID, "source": "web",
		})
		paymentID := s.Create("/api/payments", staff, map[string]any{"enrollmentId": enrollmentID})
		res := s.Upload("/api/payments/"+paymentID+"/receipts", staff, "file", "receipt.pdf", []byte("%PDF-1.4\n% receipt\n"))
		require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
		res = s.Do("POST", "/api/payments/"+paymentID+"/approve-deposit", staff, map[string]any{})
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))

		// The enrollment confirms itself through its listener.
		require.Eventually(t, func() bool {
			var e struct{ Status string }
			s.Do("GET", "/api/enrollments/"+enrollmentID, staff, nil).Decode(t, &e)
			return e.Status == "confirmed"
		}, 30*time.Second, 20*time.Millisecond, "enrollment never confirmed after the deposit approval")

		// Each email is queued once and sent once.
		wantKeys := []string{"enrollment-created:" + enrollmentID + ":email", "enrollment-confirmed:" + enrollmentID + ":email"}
		var page struct{ Messages []outbox.Message }
		require.Eventually(t, func() bool {
			s.Do("GET", "/api/outbox", staff, nil).Decode(t, &page)
			sent := 0
			for _, m := range page.Messages {
				if m.State == outbox.Sent {
					sent++
				}
			}
			return sent == len(wantKeys) && len(page.Messages) == len(wantKeys)
		}, 30*time.Second, 20*time.Millisecond, "emails not all sent: %+v", page.Messages)
		var keys []string
		for _, m := range page.Messages {
			keys = append(keys, m.Key)
			require.Equal(t, "ada@example.com", m.To)
			require.Equal(t, 1, m.Attempts)
		}
		require.ElementsMatch(t, wantKeys, keys)

		// Class day: staff open the roll call and mark the student present.
		attendanceID := s.Create("/api/attendance-sessions", staff, map[string]any{
			"courseSessionId": sessionID, "startsAt": start, "endsAt": start.Add(3 * time.Hour),
		})
		s.Clock.Set(start.Add(30 * time.Minute))
		res = s.Do("POST", "/api/attendance-sessions/"+attendanceID+"/marks", staff, map[string]any{"userId": userID, "status": "present"})
		require.Equal(t, http.StatusCreated, res.Status, string(res.Body))

		// Tracking: one conversion per business fact, one funnel step per stage.
		admin := apptest.AdminToken
		var steps struct {
			FunnelSteps []struct{ Step, SourceEventID string }
		}
		require.Eventually(t, func() bool {
			s.Do("GET", "/api/tracking/funnel-steps?userId="+userID, admin, nil).Decode(t, &steps)
			return len(steps.FunnelSteps) == 4
		}, 30*time.Second, 20*time.Millisecond, "funnel steps: %+v", steps)
		var names []string
		for _, st := range steps.FunnelSteps {
			names = append(names, st.Step)
			require.NotEmpty(t, st.SourceEventID)
		}
		require.ElementsMatch(t, []string{"enrolled", "deposit_paid", "confirmed", "attended"}, names)

		conversionsOf := func(subject string) []struct{ Kind string } {
			var page struct{ Conversions []struct{ Kind string } }
			s.Do("GET", "/api/tracking/conversions?subjectId="+subject, admin, nil).Decode(t, &page)
			return page.Conversions
		}
		require.Eventually(t, func() bool {
			return len(conversionsOf(enrollmentID)) == 1 && len(conversionsOf(paymentID)) == 1
		}, 30*time.Second, 20*time.Millisecond)
		require.Equal(t, "enrollment_confirmed", conversionsOf(enrollmentID)[0].Kind)
		require.Equal(t, "deposit_approved", conversionsOf(paymentID)[0].Kind)

		// Running every completed delivery again changes nothing a person
		// sees or a report counts.
		var all struct{ Deliveries []struct{ JobID int64 } }
		s.Do("GET", "/api/deliveries?state=completed", admin, nil).Decode(t, &all)
		require.NotEmpty(t, all.Deliveries)
		for _, d := range all.Deliveries {
			res := s.Do("POST", "/api/deliveries/"+strconv.FormatInt(d.JobID, 10)+"/retry", admin, nil)
			require.Equal(t, http.StatusAccepted, res.Status, string(res.Body))
		}
		require.Eventually(t, func() bool {
			var pending struct{ Deliveries []struct{ JobID int64 } }
			s.Do("GET", "/api/deliveries?state=available", admin, nil).Decode(t, &pending)
			var running struct{ Deliveries []struct{ JobID int64 } }
			s.Do("GET", "/api/deliveries?state=running", admin, nil).Decode(t, &running)
			return len(pending.Deliveries) == 0 && len(running.Deliveries) == 0
		}, 30*time.Second, 20*time.Millisecond)
		s.Do("GET", "/api/outbox", staff, nil).Decode(t, &page)
		require.Len(t, page.Messages, 2)
		s.Do("GET", "/api/tracking/funnel-steps?userId="+userID, admin, nil).Decode(t, &steps)
		require.Len(t, steps.FunnelSteps, 4)
		require.Len(t, conversionsOf(enrollmentID), 1)
	})
}
