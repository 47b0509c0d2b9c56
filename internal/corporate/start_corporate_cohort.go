package corporate

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/corporate/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// StartCorporateCohortInput is the input of StartCorporateCohort.
type StartCorporateCohortInput struct {
	AgreementID string `json:"agreementId"`
	// CourseID is the course (owned by course) the cohort is trained on.
	CourseID string    `json:"courseId"`
	Name     string    `json:"name"`
	Seats    int       `json:"seats"`
	StartsAt time.Time `json:"startsAt"`
	// ActorUserID is who starts the cohort; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

func (in StartCorporateCohortInput) validate() error {
	var v apperr.Validation
	checkID(&v, "agreementId", in.AgreementID)
	checkID(&v, "courseId", in.CourseID)
	v.Require("name", in.Name)
	checkLen(&v, "name", in.Name, maxNameLen)
	v.Check(in.Seats > 0, "seats", "must be at least 1")
	v.Check(!in.StartsAt.IsZero(), "startsAt", "is required")
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// StartCorporateCohort starts a cohort under an active agreement and
// records CorporateCohortStarted. The cohort must fit the agreement: no more
// seats than agreed, starting within the agreement's period.
func (m *Module) StartCorporateCohort(ctx context.Context, in StartCorporateCohortInput) (Cohort, error) {
	in.Name = trim(in.Name)
	if err := in.validate(); err != nil {
		return Cohort{}, err
	}
	now := m.clock.Now()
	var out Cohort
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		a, err := m.store.Agreement(ctx, tx, in.AgreementID)
		if err != nil {
			return apperr.Referenced("agreementId", notFound(err, "agreement", in.AgreementID))
		}
		if err := agreementStateOf(a).startCohort(now); err != nil {
			return err
		}
		var v apperr.Validation
		v.Check(in.Seats <= a.Seats, "seats", "must not exceed the agreement's %d seats", a.Seats)
		v.Check(!in.StartsAt.Before(a.StartsAt) && in.StartsAt.Before(a.EndsAt), "startsAt",
			"must be within the agreement period %s to %s", a.StartsAt.Format(time.RFC3339), a.EndsAt.Format(time.RFC3339))
		if err := v.Err(); err != nil {
			return err
		}
		row := store.Cohort{
			ID:             uuid.NewString(),
			AgreementID:    a.ID,
			OrganizationID: a.OrganizationID,
			CourseID:       in.CourseID,
			Name:           in.Name,
			Seats:          in.Seats,
			StartsAt:       in.StartsAt.UTC(),
			Status:         cohortStarted,
			StartedBy:      in.ActorUserID,
			CreatedAt:      now,
		}
		if err := m.store.InsertCohort(ctx, tx, row); err != nil {
			return err
		}
		out = cohortFromRow(row)
		return m.bus.Record(ctx, tx, events.CorporateCohortStarted{
			CohortID:       events.CohortID(row.ID),
			AgreementID:    events.AgreementID(row.AgreementID),
			OrganizationID: events.OrganizationID(row.OrganizationID),
			CourseID:       events.CourseID(row.CourseID),
			Seats:          row.Seats,
			StartsAt:       row.StartsAt,
			ActorUserID:    events.UserID(in.ActorUserID),
			OccurredAt:     now,
		})
	})
	if err != nil {
		return Cohort{}, fmt.Errorf("start corporate cohort: %w", err)
	}
	return out, nil
}
