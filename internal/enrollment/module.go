// Package enrollment manages people's seats in course sessions: an
// enrollment is created pending, confirmed (usually once the deposit is
// approved) and may be cancelled with a reason code.
//
// Its Actions are the methods of Module; its events are in package events.
// It reads people and course sessions through the user and course modules'
// read APIs, and offers the roster of a session to attendance through
// ListConfirmedStudentIDs.
package enrollment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"

	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/enrollment/events"
	"github.com/academy/academy/internal/enrollment/internal/store"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/web"
	"github.com/academy/academy/internal/user"
)

// Users is what enrollment reads from the user module.
type Users interface {
	GetUser(ctx context.Context, id string) (user.User, error)
}

// CourseSessions is what enrollment reads from the course module.
type CourseSessions interface {
	GetCourseSession(ctx context.Context, id string) (course.Session, error)
}

// Deps are what the enrollment module needs.
type Deps struct {
	DB    *sql.DB
	Bus   *eventbus.Bus
	Clock clock.Clock
	// Users is the user module (or anything with its read API).
	Users Users
	// CourseSessions is the course module (or anything with its read API).
	CourseSessions CourseSessions
}

func (d Deps) validate() error {
	var errs []error
	if d.DB == nil {
		errs = append(errs, errors.New("DB is required"))
	}
	if d.Bus == nil {
		errs = append(errs, errors.New("Bus is required"))
	}
	if d.Clock == nil {
		errs = append(errs, errors.New("Clock is required"))
	}
	if d.Users == nil {
		errs = append(errs, errors.New("Users is required"))
	}
	if d.CourseSessions == nil {
		errs = append(errs, errors.New("CourseSessions is required"))
	}
	return errors.Join(errs...)
}

// Module holds the enrollment Actions and read APIs.
type Module struct {
	db       *sql.DB
	bus      *eventbus.Bus
	clock    clock.Clock
	users    Users
	sessions CourseSessions
	store    store.Store
}

// New builds the module and defines its events on the bus.
func New(deps Deps) (*Module, error) {
	if err := deps.validate(); err != nil {
		return nil, fmt.Errorf("enrollment: %w", err)
	}
	if err := deps.Bus.Define(events.Definitions...); err != nil {
		return nil, fmt.Errorf("enrollment: %w", err)
	}
	// The dialect only picks the row lock of GetEnrollmentTx; asking the
	// driver spares every caller a Deps field that must agree with DB.
	dialect, err := db.DialectOf(deps.DB)
	if err != nil {
		return nil, fmt.Errorf("enrollment: %w", err)
	}
	return &Module{
		db: deps.DB, bus: deps.Bus, clock: deps.Clock, users: deps.Users, sessions: deps.CourseSessions,
		store: store.New(dialect),
	}, nil
}

// channels may create and read enrollments: staff, and the web site and
// messaging integrations that take enrollments.
var channels = []web.Role{web.RoleAdmin, web.RoleStaff, web.RoleService}

// Routes registers the module's HTTP API.
func (m *Module) Routes(r *web.Router) {
	r.Handle("POST /api/enrollments", channels, m.handleCreateEnrollment,
		web.Accepts[CreateEnrollmentInput](), web.Returns[Enrollment](http.StatusCreated))
	r.Handle("GET /api/enrollments", web.Staff, m.handleListEnrollments, web.Returns[enrollmentList](http.StatusOK))
	r.Handle("GET /api/enrollments/{id}", channels, m.handleGetEnrollment, web.Returns[Enrollment](http.StatusOK))
	r.Handle("POST /api/enrollments/{id}/confirm", web.Staff, m.handleConfirmEnrollment,
		web.Returns[Enrollment](http.StatusOK))
	r.Handle("POST /api/enrollments/{id}/cancel", web.Staff, m.handleCancelEnrollment,
		web.Accepts[CancelEnrollmentInput](), web.Returns[Enrollment](http.StatusOK))
}
