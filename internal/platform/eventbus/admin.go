package eventbus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/academy/academy/internal/platform/apperr"
)

// DeliveryStatus is where one listener's delivery of one event stands.
type DeliveryStatus struct {
	JobID       int64      `json:"jobId"`
	Listener    string     `json:"listener"`
	EventID     string     `json:"eventId"`
	EventName   string     `json:"eventName"`
	State       string     `json:"state"`
	Attempt     int        `json:"attempt"`
	MaxAttempts int        `json:"maxAttempts"`
	LastError   string     `json:"lastError,omitempty"`
	ScheduledAt time.Time  `json:"scheduledAt"`
	FinalizedAt *time.Time `json:"finalizedAt,omitempty"`
}

// DeliveryQuery filters deliveries. Zero fields do not filter.
type DeliveryQuery struct {
	EventID  string
	Listener string
	// State is a River job state: available, running, retryable, completed,
	// discarded, cancelled, scheduled.
	State string
	// Limit caps the result: 1 to 1000, default 100.
	Limit int
}

// ErrDeliveryNotFound is returned when no delivery job has the given id.
var ErrDeliveryNotFound = errors.New("delivery not found")

// Deliveries lists listener deliveries with their state and last error.
func (b *Bus) Deliveries(ctx context.Context, q DeliveryQuery) ([]DeliveryStatus, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	params := river.NewJobListParams().Kinds(deliveryKind).First(min(limit, 1000))
	if q.EventID != "" {
		params = params.Where("args ->> 'event_id' = @event_id", river.NamedArgs{"event_id": q.EventID})
	}
	if q.Listener != "" {
		params = params.Where("args ->> 'listener' = @listener", river.NamedArgs{"listener": q.Listener})
	}
	if q.State != "" {
		if !slices.Contains(rivertype.JobStates(), rivertype.JobState(q.State)) {
			return nil, apperr.Errorf(apperr.Invalid, "unknown delivery state %q (want one of %v)", q.State, rivertype.JobStates())
		}
		params = params.States(rivertype.JobState(q.State))
	}
	res, err := b.river.JobList(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	out := make([]DeliveryStatus, 0, len(res.Jobs))
	for _, job := range res.Jobs {
		out = append(out, deliveryStatus(job))
	}
	return out, nil
}

func deliveryStatus(job *rivertype.JobRow) DeliveryStatus {
	var args deliveryArgs
	_ = json.Unmarshal(job.EncodedArgs, &args) // written by Record; a bad row shows empty fields
	st := DeliveryStatus{
		JobID: job.ID, Listener: args.Listener, EventID: args.EventID, EventName: args.EventName,
		State: string(job.State), Attempt: job.Attempt, MaxAttempts: job.MaxAttempts,
		ScheduledAt: job.ScheduledAt, FinalizedAt: job.FinalizedAt,
	}
	if n := len(job.Errors); n > 0 {
		st.LastError = job.Errors[n-1].Error
	}
	return st
}

// Retry makes a delivery run again as soon as possible: a discarded or
// cancelled one gets a fresh set of attempts. Retrying a delivery that has
// completed runs the listener again, which its idempotency makes harmless.
func (b *Bus) Retry(ctx context.Context, jobID int64) (DeliveryStatus, error) {
	job, err := b.river.JobGet(ctx, jobID)
	if errors.Is(err, river.ErrNotFound) || (err == nil && job.Kind != deliveryKind) {
		return DeliveryStatus{}, fmt.Errorf("delivery %d: %w", jobID, ErrDeliveryNotFound)
	}
	if err != nil {
		return DeliveryStatus{}, fmt.Errorf("retry delivery %d: %w", jobID, err)
	}
	job, err = b.river.JobRetry(ctx, jobID)
	if err != nil {
		return DeliveryStatus{}, fmt.Errorf("retry delivery %d: %w", jobID, err)
	}
	return deliveryStatus(job), nil
}

// JobStatus is where one scheduled job (a reminder, a no-show check, a
// send) stands.
type JobStatus struct {
	JobID       int64           `json:"jobId"`
	Kind        string          `json:"kind"`
	Args        json.RawMessage `json:"args"`
	State       string          `json:"state"`
	Attempt     int             `json:"attempt"`
	MaxAttempts int             `json:"maxAttempts"`
	ScheduledAt time.Time       `json:"scheduledAt"`
	LastError   string          `json:"lastError,omitempty"`
}

// JobQuery filters Jobs. Zero fields do not filter.
type JobQuery struct {
	Kind  string
	State string
	// Limit caps the result: 1 to 1000, default 100.
	Limit int
}

// Jobs lists scheduled jobs other than listener deliveries, soonest first.
func (b *Bus) Jobs(ctx context.Context, q JobQuery) ([]JobStatus, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	params := river.NewJobListParams().First(min(limit, 1000)).OrderBy(river.JobListOrderByScheduledAt, river.SortOrderAsc)
	if q.Kind != "" {
		params = params.Kinds(q.Kind)
	} else {
		params = params.Where("kind <> @delivery_kind", river.NamedArgs{"delivery_kind": deliveryKind})
	}
	if q.State != "" {
		if !slices.Contains(rivertype.JobStates(), rivertype.JobState(q.State)) {
			return nil, apperr.Errorf(apperr.Invalid, "unknown job state %q (want one of %v)", q.State, rivertype.JobStates())
		}
		params = params.States(rivertype.JobState(q.State))
	} else {
		params = params.States(rivertype.JobStateScheduled, rivertype.JobStateAvailable, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateCompleted, rivertype.JobStateDiscarded, rivertype.JobStateCancelled)
	}
	res, err := b.river.JobList(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	out := make([]JobStatus, 0, len(res.Jobs))
	for _, job := range res.Jobs {
		st := JobStatus{JobID: job.ID, Kind: job.Kind, Args: job.EncodedArgs, State: string(job.State),
			Attempt: job.Attempt, MaxAttempts: job.MaxAttempts, ScheduledAt: job.ScheduledAt}
		if n := len(job.Errors); n > 0 {
			st.LastError = job.Errors[n-1].Error
		}
		out = append(out, st)
	}
	return out, nil
}
