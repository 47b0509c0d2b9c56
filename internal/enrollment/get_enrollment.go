package enrollment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/academy/academy/internal/enrollment/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
)

// GetEnrollment reads one enrollment. An unknown id is a NotFound error.
func (m *Module) GetEnrollment(ctx context.Context, id string) (Enrollment, error) {
	e, err := m.load(ctx, m.db, id)
	if err != nil {
		return Enrollment{}, err
	}
	return e.view(), nil
}

// GetEnrollmentTx reads one enrollment inside the caller's transaction and
// keeps it from changing until that transaction ends, so that a module
// writing something that depends on the enrollment's status (payment
// starting a deposit on an active enrollment) cannot race a cancellation.
// On PostgreSQL the row is read FOR SHARE: a concurrent cancel waits for
// the caller to commit, and a cancel that is already under way makes this
// read wait for it and then return the cancelled enrollment. SQLite needs no
// lock, since its transactions run one at a time. An unknown id is a
// NotFound error.
func (m *Module) GetEnrollmentTx(ctx context.Context, tx *sql.Tx, id string) (Enrollment, error) {
	row, err := m.store.EnrollmentForShare(ctx, tx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Enrollment{}, apperr.Errorf(apperr.NotFound, "enrollment %s not found", id)
	}
	if err != nil {
		return Enrollment{}, err
	}
	return enrollmentFromRow(row).view(), nil
}

// ListEnrollmentsBySession lists every enrollment of a course session, in
// any status, oldest first. An unknown session has none.
func (m *Module) ListEnrollmentsBySession(ctx context.Context, courseSessionID string) ([]Enrollment, error) {
	if err := requireSession(courseSessionID); err != nil {
		return nil, err
	}
	rows, err := m.store.EnrollmentsBySession(ctx, m.db, courseSessionID)
	if err != nil {
		return nil, err
	}
	out := make([]Enrollment, len(rows))
	for i, r := range rows {
		out[i] = enrollmentFromRow(r).view()
	}
	return out, nil
}

// ListConfirmedStudentIDs returns the user ids on a course session's
// roster: the people with a confirmed enrollment, oldest enrollment first.
// Attendance uses it to know who is expected.
func (m *Module) ListConfirmedStudentIDs(ctx context.Context, courseSessionID string) ([]string, error) {
	if err := requireSession(courseSessionID); err != nil {
		return nil, err
	}
	ids, err := m.store.UserIDsByStatus(ctx, m.db, courseSessionID, string(StatusConfirmed))
	if err != nil {
		return nil, fmt.Errorf("roster: %w", err)
	}
	return ids, nil
}

func requireSession(courseSessionID string) error {
	var v apperr.Validation
	v.Require("courseSessionId", courseSessionID)
	return v.Err()
}
