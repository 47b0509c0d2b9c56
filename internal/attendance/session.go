package attendance

import (
	"time"

	"github.com/academy/academy/internal/attendance/internal/store"
)

// Session is an attendance session: the roll call of one course session.
type Session struct {
	ID              string    `json:"id"`
	CourseSessionID string    `json:"courseSessionId"`
	StartsAt        time.Time `json:"startsAt"`
	EndsAt          time.Time `json:"endsAt"`
	CreatedBy       string    `json:"createdBy"`
	CreatedAt       time.Time `json:"createdAt"`
}

func sessionFromRow(r store.Session) Session {
	return Session{
		ID: r.ID, CourseSessionID: r.CourseSessionID,
		StartsAt: r.StartsAt.UTC(), EndsAt: r.EndsAt.UTC(),
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(),
	}
}
