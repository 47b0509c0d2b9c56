package webinar

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/webinar/events"
	"github.com/academy/academy/internal/webinar/internal/store"
)

// ScheduleWebinarInput is the input of ScheduleWebinar. Give the end either
// as EndsAt or as DurationMinutes, not both.
type ScheduleWebinarInput struct {
	Title           string    `json:"title"`
	StartsAt        time.Time `json:"startsAt"`
	EndsAt          time.Time `json:"endsAt"`
	DurationMinutes int       `json:"durationMinutes"`
	Capacity        int       `json:"capacity"`
	// ActorUserID is who schedules it; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

const (
	maxTitleLength   = 200
	maxCapacity      = 100_000
	maxWebinarLength = 24 * time.Hour
)

// checkTimes validates a start and an end given as EndsAt or as
// DurationMinutes, and returns the end. keepDuration, when not zero, is
// used when neither is given (rescheduling keeps the length).
func checkTimes(v *apperr.Validation, now, startsAt, endsAt time.Time, durationMinutes int, keepDuration time.Duration) time.Time {
	v.Check(!startsAt.IsZero(), "startsAt", "is required")
	if !startsAt.IsZero() {
		v.Check(startsAt.After(now), "startsAt", "must be in the future")
	}
	v.Check(durationMinutes >= 0, "durationMinutes", "must not be negative")
	switch {
	case !endsAt.IsZero() && durationMinutes != 0:
		v.Add("durationMinutes", "give endsAt or durationMinutes, not both")
		return time.Time{}
	case durationMinutes > 0:
		endsAt = startsAt.Add(time.Duration(durationMinutes) * time.Minute)
	case endsAt.IsZero() && keepDuration > 0:
		endsAt = startsAt.Add(keepDuration)
	case endsAt.IsZero():
		v.Add("endsAt", "is required (or give durationMinutes)")
		return time.Time{}
	}
	if !startsAt.IsZero() {
		field := "endsAt"
		if durationMinutes > 0 {
			field = "durationMinutes"
		}
		v.Check(endsAt.After(startsAt), field, "must end after startsAt")
		v.Check(endsAt.Sub(startsAt) <= maxWebinarLength, field, "must end within 24h of startsAt")
	}
	return endsAt.UTC()
}

func (in ScheduleWebinarInput) validate(now time.Time) (time.Time, error) {
	var v apperr.Validation
	v.Require("title", in.Title)
	v.Check(utf8.RuneCountInString(in.Title) <= maxTitleLength, "title", "must be at most %d characters", maxTitleLength)
	endsAt := checkTimes(&v, now, in.StartsAt, in.EndsAt, in.DurationMinutes, 0)
	v.Check(in.Capacity >= 1 && in.Capacity <= maxCapacity, "capacity", "must be between 1 and %d", maxCapacity)
	v.Require("actorUserId", in.ActorUserID)
	return endsAt, v.Err()
}

// ScheduleWebinar schedules a webinar and records WebinarScheduled.
func (m *Module) ScheduleWebinar(ctx context.Context, in ScheduleWebinarInput) (Webinar, error) {
	now := m.clock.Now()
	endsAt, err := in.validate(now)
	if err != nil {
		return Webinar{}, err
	}
	row := store.Webinar{
		ID:        uuid.NewString(),
		Title:     strings.TrimSpace(in.Title),
		StartsAt:  in.StartsAt.UTC(),
		EndsAt:    endsAt,
		Capacity:  in.Capacity,
		CreatedBy: in.ActorUserID,
		CreatedAt: now,
		UpdatedAt: now,
	}
	err = db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		if err := m.store.InsertWebinar(ctx, tx, row); err != nil {
			return err
		}
		return m.bus.Record(ctx, tx, events.WebinarScheduled{
			WebinarID:   events.WebinarID(row.ID),
			StartsAt:    row.StartsAt,
			EndsAt:      row.EndsAt,
			Capacity:    row.Capacity,
			ActorUserID: events.UserID(in.ActorUserID),
			OccurredAt:  now,
		})
	})
	if err != nil {
		return Webinar{}, fmt.Errorf("schedule webinar: %w", err)
	}
	return webinarView(row), nil
}
