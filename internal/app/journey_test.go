package app_test

import (
	"net/http"
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
	})
}
