package tracking

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/tracking/events"
	"github.com/academy/academy/internal/tracking/internal/store"
)

// CompleteFunnelStepInput is the input of CompleteFunnelStep.
type CompleteFunnelStepInput struct {
	UserID string     `json:"userId"`
	Step   FunnelStep `json:"step"`
	// SubjectID is what the step is about (a course session, a webinar);
	// empty when the step has no subject.
	SubjectID string `json:"subjectId"`
	// SourceEventID is the domain event the step is derived from (a
	// listener passes d.Envelope.EventID).
	SourceEventID string `json:"sourceEventId"`
}

func (in CompleteFunnelStepInput) validate() error {
	var v apperr.Validation
	checkID(&v, "userId", in.UserID, true)
	v.Check(in.Step.Valid(), "step", "must be one of %v", FunnelSteps)
	checkID(&v, "subjectId", in.SubjectID, false)
	checkID(&v, "sourceEventId", in.SourceEventID, true)
	return v.Err()
}

// CompleteFunnelStepResult says what CompleteFunnelStep did.
type CompleteFunnelStepResult struct {
	Step CompletedStep `json:"funnelStep"`
	// AlreadyCompleted is true when the user had completed this step for
	// the subject before; this call recorded nothing.
	AlreadyCompleted bool `json:"alreadyCompleted"`
}

// CompleteFunnelStep records that a user completed a funnel step, and
// FunnelStepCompleted, once per user, step and subject: a repeat returns
// the first completion with AlreadyCompleted set and records nothing.
func (m *Module) CompleteFunnelStep(ctx context.Context, in CompleteFunnelStepInput) (CompleteFunnelStepResult, error) {
	return db.InTxValue(ctx, m.db, func(tx *sql.Tx) (CompleteFunnelStepResult, error) {
		return m.CompleteFunnelStepTx(ctx, tx, in)
	})
}

// CompleteFunnelStepTx is CompleteFunnelStep inside the caller's
// transaction, for listeners.
func (m *Module) CompleteFunnelStepTx(ctx context.Context, tx *sql.Tx, in CompleteFunnelStepInput) (CompleteFunnelStepResult, error) {
	if err := in.validate(); err != nil {
		return CompleteFunnelStepResult{}, err
	}
	now := m.clock.Now()
	row := store.FunnelStep{
		ID:            uuid.NewString(),
		UserID:        in.UserID,
		Step:          string(in.Step),
		SubjectID:     in.SubjectID,
		SourceEventID: in.SourceEventID,
		OccurredAt:    now,
	}
	inserted, err := m.store.InsertFunnelStep(ctx, tx, row)
	if err != nil {
		return CompleteFunnelStepResult{}, fmt.Errorf("complete funnel step: %w", err)
	}
	if !inserted {
		prev, err := m.store.FunnelStepOf(ctx, tx, row.UserID, row.Step, row.SubjectID)
		if err != nil {
			return CompleteFunnelStepResult{}, fmt.Errorf("complete funnel step: %w", err)
		}
		return CompleteFunnelStepResult{Step: completedStepFromRow(prev), AlreadyCompleted: true}, nil
	}
	err = m.bus.Record(ctx, tx, events.FunnelStepCompleted{
		FunnelStepID:  events.FunnelStepID(row.ID),
		UserID:        events.UserID(row.UserID),
		Step:          events.FunnelStep(row.Step),
		SubjectID:     events.SubjectID(row.SubjectID),
		SourceEventID: events.SourceEventID(row.SourceEventID),
		OccurredAt:    now,
	})
	if err != nil {
		return CompleteFunnelStepResult{}, fmt.Errorf("complete funnel step: %w", err)
	}
	return CompleteFunnelStepResult{Step: completedStepFromRow(row)}, nil
}

// GetFunnelStep reads one completed funnel step.
func (m *Module) GetFunnelStep(ctx context.Context, id string) (CompletedStep, error) {
	row, err := m.store.FunnelStep(ctx, m.db, id)
	if errors.Is(err, store.ErrNotFound) {
		return CompletedStep{}, apperr.Errorf(apperr.NotFound, "funnel step %s not found", id)
	}
	if err != nil {
		return CompletedStep{}, err
	}
	return completedStepFromRow(row), nil
}

// ListFunnelSteps lists the funnel steps a user completed, oldest first.
func (m *Module) ListFunnelSteps(ctx context.Context, userID string) ([]CompletedStep, error) {
	var v apperr.Validation
	checkID(&v, "userId", userID, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	rows, err := m.store.FunnelStepsOfUser(ctx, m.db, userID)
	if err != nil {
		return nil, err
	}
	out := make([]CompletedStep, len(rows))
	for i, r := range rows {
		out[i] = completedStepFromRow(r)
	}
	return out, nil
}
