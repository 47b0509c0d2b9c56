// Package payment collects the money of enrollments: the deposit, proven by
// an uploaded receipt and approved by staff, and then the balance.
//
// Its Actions are the methods of Module; its events are in package events.
// It reads enrollments and courses through their modules' read APIs and
// keeps receipt files in a configured folder, never in events.
package payment

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/enrollment"
	"github.com/academy/academy/internal/payment/events"
	"github.com/academy/academy/internal/payment/internal/store"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/web"
)

// Enrollments is what payment reads from the enrollment module.
// GetEnrollmentTx reads inside payment's transaction and holds the
// enrollment's status until it commits.
type Enrollments interface {
	GetEnrollment(ctx context.Context, id string) (enrollment.Enrollment, error)
	GetEnrollmentTx(ctx context.Context, tx *sql.Tx, id string) (enrollment.Enrollment, error)
}

// Courses is what payment reads from the course module: the price and
// deposit of the course an enrollment's session belongs to.
type Courses interface {
	GetCourseSession(ctx context.Context, id string) (course.Session, error)
	GetCourse(ctx context.Context, id string) (course.Course, error)
}

const (
	// DefaultReceiptsDir is where receipts are stored unless configured,
	// relative to the working directory.
	DefaultReceiptsDir = "receipts"
	// DefaultMaxReceiptBytes bounds an uploaded receipt: 10 MiB fits any
	// phone photo or bank PDF.
	DefaultMaxReceiptBytes = 10 << 20
)

// Deps are what the payment module needs.
type Deps struct {
	DB    *sql.DB
	Bus   *eventbus.Bus
	Clock clock.Clock
	// Enrollments is the enrollment module (or anything with its read API).
	Enrollments Enrollments
	// Courses is the course module (or anything with its read API).
	Courses Courses
	// ReceiptsDir is the folder receipt files are written to; it is created
	// on the first upload. Defaults to DefaultReceiptsDir.
	ReceiptsDir string
	// MaxReceiptBytes bounds an uploaded receipt. Defaults to
	// DefaultMaxReceiptBytes.
	MaxReceiptBytes int64
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
	if d.Enrollments == nil {
		errs = append(errs, errors.New("Enrollments is required"))
	}
	if d.Courses == nil {
		errs = append(errs, errors.New("Courses is required"))
	}
	if d.MaxReceiptBytes < 0 {
		errs = append(errs, fmt.Errorf("MaxReceiptBytes %d must not be negative", d.MaxReceiptBytes))
	}
	return errors.Join(errs...)
}

// Module holds the payment Actions and read APIs.
type Module struct {
	db          *sql.DB
	bus         *eventbus.Bus
	clock       clock.Clock
	enrollments Enrollments
	courses     Courses
	receipts    receiptFiles
	maxReceipt  int64
	store       store.Store
}

// New builds the module and defines its events on the bus.
func New(deps Deps) (*Module, error) {
	if err := deps.validate(); err != nil {
		return nil, fmt.Errorf("payment: %w", err)
	}
	if err := deps.Bus.Define(events.Definitions...); err != nil {
		return nil, fmt.Errorf("payment: %w", err)
	}
	return &Module{
		db: deps.DB, bus: deps.Bus, clock: deps.Clock,
		enrollments: deps.Enrollments, courses: deps.Courses,
		receipts:   receiptFiles{dir: cmp.Or(deps.ReceiptsDir, DefaultReceiptsDir)},
		maxReceipt: cmp.Or(deps.MaxReceiptBytes, DefaultMaxReceiptBytes),
	}, nil
}

// channels may start payments and upload receipts: staff, and the web site
// or messaging integrations students pay through.
var channels = []web.Role{web.RoleAdmin, web.RoleStaff, web.RoleService}

// Routes registers the module's HTTP API.
func (m *Module) Routes(r *web.Router) {
	r.Handle("POST /api/payments", channels, m.handleStartDepositPayment,
		web.Accepts[StartDepositPaymentInput](), web.Returns[Payment](http.StatusCreated))
	r.Handle("GET /api/payments/{id}", channels, m.handleGetPayment, web.Returns[Payment](http.StatusOK))
	r.Handle("POST /api/payments/{id}/receipts", channels, m.handleUploadPaymentReceipt,
		web.Multipart(receiptPart), web.Returns[Receipt](http.StatusCreated))
	r.Handle("POST /api/payments/{id}/approve-deposit", web.Staff, m.handleApproveDepositPayment,
		web.Returns[Payment](http.StatusOK))
	r.Handle("POST /api/payments/{id}/complete-balance", channels, m.handleCompleteBalancePayment,
		web.Returns[Payment](http.StatusOK))
	r.Handle("GET /api/payment-receipts/{id}", web.Staff, m.handleGetPaymentReceipt,
		web.Returns[Receipt](http.StatusOK))
	r.Handle("GET /api/payment-receipts/{id}/file", web.Staff, m.handleGetPaymentReceiptFile,
		web.ReturnsMedia(http.StatusOK, slices.Sorted(maps.Keys(receiptExtensions))...))
}
