package enrollment

import (
	"context"
	"fmt"

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
