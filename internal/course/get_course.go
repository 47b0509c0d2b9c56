package course

import (
	"context"
	"errors"

	"github.com/academy/academy/internal/course/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
)

// GetCourse reads one course. An unknown id is a NotFound error.
func (m *Module) GetCourse(ctx context.Context, id string) (Course, error) {
	row, err := m.store.Course(ctx, m.db, id)
	if errors.Is(err, store.ErrNotFound) {
		return Course{}, apperr.Errorf(apperr.NotFound, "course %s not found", id)
	}
	if err != nil {
		return Course{}, err
	}
	return courseFromRow(row), nil
}

// GetCourseSession reads one course session. An unknown id is a NotFound
// error.
func (m *Module) GetCourseSession(ctx context.Context, id string) (Session, error) {
	row, err := m.store.Session(ctx, m.db, id)
	if errors.Is(err, store.ErrNotFound) {
		return Session{}, apperr.Errorf(apperr.NotFound, "course session %s not found", id)
	}
	if err != nil {
		return Session{}, err
	}
	return sessionFromRow(row), nil
}
