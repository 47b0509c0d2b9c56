package webinar

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/webinar/events"
	"github.com/academy/academy/internal/webinar/internal/store"
)

// RescheduleWebinarInput is the input of RescheduleWebinar. Without EndsAt
// and DurationMinutes the webinar keeps its length.
type RescheduleWebinarInput struct {
	WebinarID       string    `json:"-"`
	StartsAt        time.Time `json:"startsAt"`
	EndsAt          time.Time `json:"endsAt"`
	DurationMinutes int       `json:"durationMinutes"`
	// ActorUserID is who moves it; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

// RescheduleWebinar moves a webinar that has not started and records
// WebinarRescheduled, so that reminder listeners can follow the move.
// Moving it to the times it already has changes and records nothing.
func (m *Module) RescheduleWebinar(ctx context.Context, in RescheduleWebinarInput) (Webinar, error) {
	now := m.clock.Now()
	var v apperr.Validation
	v.Require("webinarId", in.WebinarID)
	v.Require("actorUserId", in.ActorUserID)
	if err := v.Err(); err != nil {
		return Webinar{}, err
	}
	var out Webinar
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		row, err := m.store.Webinar(ctx, tx, in.WebinarID)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.Errorf(apperr.NotFound, "webinar %s not found", in.WebinarID)
		}
		if err != nil {
			return err
		}
		endsAt := checkTimes(&v, now, in.StartsAt, in.EndsAt, in.DurationMinutes, row.EndsAt.Sub(row.StartsAt))
		if err := v.Err(); err != nil {
			return err
		}
		w := webinarFromRow(row)
		if err := w.canMove(now); err != nil {
			return err
		}
		startsAt := in.StartsAt.UTC()
		if startsAt.Equal(w.startsAt) && endsAt.Equal(w.endsAt) {
			out = webinarView(row)
			return nil
		}
		if err := m.store.MoveWebinar(ctx, tx, row.ID, startsAt, endsAt, now); err != nil {
			return err
		}
		row.StartsAt, row.EndsAt, row.UpdatedAt = startsAt, endsAt, now
		out = webinarView(row)
		return m.bus.Record(ctx, tx, events.WebinarRescheduled{
			WebinarID:        events.WebinarID(row.ID),
			StartsAt:         startsAt,
			EndsAt:           endsAt,
			PreviousStartsAt: w.startsAt,
			ActorUserID:      events.UserID(in.ActorUserID),
			OccurredAt:       now,
		})
	})
	if err != nil {
		return Webinar{}, fmt.Errorf("reschedule webinar: %w", err)
	}
	return out, nil
}
