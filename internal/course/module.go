// Package course keeps the catalogue: courses with their price and deposit,
// and the scheduled sessions (runs) of each course with their capacity.
//
// It records no domain events. Enrollment, payment and attendance refer to
// courses and course sessions by id and read them through GetCourse and
// GetCourseSession.
package course

import (
	"database/sql"
	"net/http"

	"github.com/academy/academy/internal/course/internal/store"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/web"
)

// Deps are what the course module needs from the platform.
type Deps struct {
	DB    *sql.DB
	Clock clock.Clock
}

// Module holds the course Actions and read APIs.
type Module struct {
	db    *sql.DB
	clock clock.Clock
	store store.Store
}

// New builds the module.
func New(deps Deps) (*Module, error) {
	return &Module{db: deps.DB, clock: deps.Clock}, nil
}

// readers may read the catalogue: staff, and integrations such as the
// public web site that list courses.
var readers = []web.Role{web.RoleAdmin, web.RoleStaff, web.RoleService}

// Routes registers the module's HTTP API.
func (m *Module) Routes(r *web.Router) {
	r.Handle("POST /api/courses", web.Staff, m.handleCreateCourse,
		web.Accepts[CreateCourseInput](), web.Returns[Course](http.StatusCreated))
	r.Handle("GET /api/courses/{id}", readers, m.handleGetCourse, web.Returns[Course](http.StatusOK))
	r.Handle("POST /api/course-sessions", web.Staff, m.handleScheduleCourseSession,
		web.Accepts[ScheduleCourseSessionInput](), web.Returns[Session](http.StatusCreated))
	r.Handle("GET /api/course-sessions/{id}", readers, m.handleGetCourseSession, web.Returns[Session](http.StatusOK))
}
