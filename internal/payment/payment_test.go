package payment_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/enrollment"
	enrollmentevents "github.com/academy/academy/internal/enrollment/events"
	"github.com/academy/academy/internal/payment"
	"github.com/academy/academy/internal/payment/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/user"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// maxReceipt is small in tests so that "too large" needs no big buffers.
const maxReceipt = 4 << 10

var (
	pdf  = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	png  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 32)...)
	jpeg = append([]byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"), make([]byte, 32)...)
	gif  = []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
)

type bundle struct {
	db          *db.DB
	bus         *eventbus.Bus
	clock       *clock.Manual
	dir         string
	users       *user.Module
	courses     *course.Module
	enrollments *enrollment.Module
	m           *payment.Module
}

func setup(t *testing.T, d *db.DB) *bundle {
	t.Helper()
	clk := clock.NewManual(start)
	bus := eventbustest.New(t, eventbus.Config{DB: d, Clock: clk})
	users, err := user.New(user.Deps{DB: d.DB, Clock: clk})
	require.NoError(t, err)
	courses, err := course.New(course.Deps{DB: d.DB, Clock: clk})
	require.NoError(t, err)
	enrollments, err := enrollment.New(enrollment.Deps{DB: d.DB, Bus: bus, Clock: clk, Users: users, CourseSessions: courses})
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "receipts") // created on first upload
	m, err := payment.New(payment.Deps{
		DB: d.DB, Bus: bus, Clock: clk, Enrollments: enrollments, Courses: courses,
		ReceiptsDir: dir, MaxReceiptBytes: maxReceipt,
	})
	require.NoError(t, err)
	return &bundle{db: d, bus: bus, clock: clk, dir: dir, users: users, courses: courses, enrollments: enrollments, m: m}
}

var emails atomic.Int64

// enrollment enrolls a new student in a new session of a course with the
// given price and deposit (BRL).
func (b *bundle) enrollment(t *testing.T, price, deposit int64) enrollment.Enrollment {
	t.Helper()
	ctx := context.Background()
	u, err := b.users.CreateUser(ctx, user.CreateUserInput{FullName: "Student", Email: fmt.Sprintf("p%d@example.com", emails.Add(1)), Kind: user.KindStudent, ActorUserID: "staff-1"})
	require.NoError(t, err)
	c, err := b.courses.CreateCourse(ctx, course.CreateCourseInput{Title: "Barista", PriceAmount: price, DepositAmount: deposit, Currency: "BRL", ActorUserID: "staff-1"})
	require.NoError(t, err)
	s, err := b.courses.ScheduleCourseSession(ctx, course.ScheduleCourseSessionInput{CourseID: c.ID, StartsAt: start.Add(48 * time.Hour), EndsAt: start.Add(50 * time.Hour), Capacity: 10, ActorUserID: "staff-1"})
	require.NoError(t, err)
	e, err := b.enrollments.CreateEnrollment(ctx, enrollment.CreateEnrollmentInput{CourseSessionID: s.ID, UserID: u.ID, Source: enrollmentevents.SourceWeb, ActorUserID: "staff-1"})
	require.NoError(t, err)
	return e
}

// started returns a payment whose deposit (30000 of 120000 BRL) is due.
func (b *bundle) started(t *testing.T) payment.Payment {
	t.Helper()
	e := b.enrollment(t, 120000, 30000)
	p, err := b.m.StartDepositPayment(context.Background(), payment.StartDepositPaymentInput{EnrollmentID: e.ID, ActorUserID: "staff-1"})
	require.NoError(t, err)
	return p
}

func (b *bundle) upload(t *testing.T, paymentID string, file []byte) payment.Receipt {
	t.Helper()
	r, err := b.m.UploadPaymentReceipt(context.Background(), payment.UploadPaymentReceiptInput{PaymentID: paymentID, File: file, ActorUserID: "student"})
	require.NoError(t, err)
	return r
}

func (b *bundle) approve(t *testing.T, paymentID string) payment.Payment {
	t.Helper()
	p, err := b.m.ApproveDepositPayment(context.Background(), payment.ApproveDepositPaymentInput{PaymentID: paymentID, ActorUserID: "staff-2"})
	require.NoError(t, err)
	return p
}

// files lists the receipts folder, temporary files included.
func (b *bundle) files(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(b.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func paymentEvents(t *testing.T, bus *eventbus.Bus) int {
	t.Helper()
	n := 0
	for _, name := range []string{
		events.DepositPaymentStarted{}.EventName(), events.PaymentReceiptUploaded{}.EventName(),
		events.DepositPaymentApproved{}.EventName(), events.BalancePaymentCompleted{}.EventName(),
	} {
		n += len(eventbustest.Recorded(t, bus, name))
	}
	return n
}

func TestStartDepositPayment(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		e := b.enrollment(t, 120000, 30000)

		p, err := b.m.StartDepositPayment(ctx, payment.StartDepositPaymentInput{EnrollmentID: e.ID, ActorUserID: "staff-1"})
		require.NoError(t, err)
		require.Equal(t, payment.StatusDepositStarted, p.Status)
		require.Equal(t, int64(30000), p.DepositAmount)
		require.Equal(t, int64(90000), p.BalanceAmount)
		require.Equal(t, "BRL", p.Currency)
		require.Equal(t, e.UserID, p.UserID)

		ev := eventbustest.RequireRecorded[events.DepositPaymentStarted](t, b.bus)
		require.Equal(t, events.DepositPaymentStarted{
			PaymentID: events.PaymentID(p.ID), EnrollmentID: events.EnrollmentID(e.ID), UserID: events.UserID(e.UserID),
			AmountMinor: 30000, Currency: "BRL", ActorUserID: "staff-1", OccurredAt: start,
		}, ev)

		got, err := b.m.GetPayment(ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, p, got)
		got, err = b.m.FindPaymentByEnrollment(ctx, e.ID)
		require.NoError(t, err)
		require.Equal(t, p, got)

		// One payment per enrollment.
		_, err = b.m.StartDepositPayment(ctx, payment.StartDepositPaymentInput{EnrollmentID: e.ID, ActorUserID: "staff-1"})
		require.ErrorIs(t, err, payment.ErrPaymentExists)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		require.Equal(t, 1, paymentEvents(t, b.bus))
	})
}

func TestStartDepositPaymentRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()

		_, err := b.m.StartDepositPayment(ctx, payment.StartDepositPaymentInput{ActorUserID: "staff-1"})
		apperrtest.RequireFields(t, err, "enrollmentId")
		_, err = b.m.StartDepositPayment(ctx, payment.StartDepositPaymentInput{EnrollmentID: "x"})
		apperrtest.RequireFields(t, err, "actorUserId")
		_, err = b.m.StartDepositPayment(ctx, payment.StartDepositPaymentInput{EnrollmentID: "missing", ActorUserID: "staff-1"})
		apperrtest.RequireFields(t, err, "enrollmentId")

		cancelled := b.enrollment(t, 120000, 30000)
		_, err = b.enrollments.CancelEnrollment(ctx, enrollment.CancelEnrollmentInput{EnrollmentID: cancelled.ID, Reason: enrollmentevents.ReasonStudentRequest, ActorUserID: "staff-1"})
		require.NoError(t, err)
		_, err = b.m.StartDepositPayment(ctx, payment.StartDepositPaymentInput{EnrollmentID: cancelled.ID, ActorUserID: "staff-1"})
		require.ErrorIs(t, err, payment.ErrEnrollmentCancelled)
		apperrtest.RequireCode(t, err, apperr.Conflict)

		noDeposit := b.enrollment(t, 50000, 0)
		_, err = b.m.StartDepositPayment(ctx, payment.StartDepositPaymentInput{EnrollmentID: noDeposit.ID, ActorUserID: "staff-1"})
		require.ErrorIs(t, err, payment.ErrNoDeposit)

		require.Equal(t, 0, paymentEvents(t, b.bus))
		_, err = b.m.FindPaymentByEnrollment(ctx, noDeposit.ID)
		apperrtest.RequireCode(t, err, apperr.NotFound)
	})
}

func TestUploadPaymentReceipt(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		p := b.started(t)

		b.clock.Advance(time.Hour)
		r := b.upload(t, p.ID, pdf)
		require.Equal(t, p.ID, r.PaymentID)
		require.Equal(t, "application/pdf", r.ContentType)
		require.Equal(t, int64(len(pdf)), r.SizeBytes)
		require.Len(t, r.SHA256, 64)
		require.Equal(t, "student", r.UploadedBy)
		require.Equal(t, []string{r.ID + ".pdf"}, b.files(t))

		ev := eventbustest.RequireRecorded[events.PaymentReceiptUploaded](t, b.bus)
		require.Equal(t, events.PaymentReceiptUploaded{
			PaymentID: events.PaymentID(p.ID), ReceiptID: events.ReceiptID(r.ID), EnrollmentID: events.EnrollmentID(p.EnrollmentID),
			AmountMinor: 30000, Currency: "BRL", ActorUserID: "student", OccurredAt: start.Add(time.Hour),
		}, ev)

		got, err := b.m.GetPayment(ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, payment.StatusReceiptUploaded, got.Status)
		require.Equal(t, r.ID, got.ReceiptID)
		meta, content, err := b.m.GetPaymentReceiptFile(ctx, r.ID)
		require.NoError(t, err)
		require.Equal(t, r, meta)
		require.Equal(t, pdf, content)

		// A better photo replaces the receipt until the deposit is approved.
		second := b.upload(t, p.ID, jpeg)
		require.Equal(t, "image/jpeg", second.ContentType)
		got, err = b.m.GetPayment(ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, second.ID, got.ReceiptID)
		require.ElementsMatch(t, []string{r.ID + ".pdf", second.ID + ".jpg"}, b.files(t))
		eventbustest.RequireCount[events.PaymentReceiptUploaded](t, b.bus, 2)

		third := b.upload(t, b.started(t).ID, png)
		require.Equal(t, "image/png", third.ContentType)
	})
}

func TestUploadPaymentReceiptRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		p := b.started(t)
		before := paymentEvents(t, b.bus)

		bad := []struct {
			name   string
			in     payment.UploadPaymentReceiptInput
			fields []string
		}{
			{"empty file", payment.UploadPaymentReceiptInput{PaymentID: p.ID, ActorUserID: "s"}, []string{"file"}},
			{"too large", payment.UploadPaymentReceiptInput{PaymentID: p.ID, File: append(bytes.Clone(pdf), make([]byte, maxReceipt)...), ActorUserID: "s"}, []string{"file"}},
			{"gif", payment.UploadPaymentReceiptInput{PaymentID: p.ID, File: gif, ActorUserID: "s"}, []string{"file"}},
			{"text", payment.UploadPaymentReceiptInput{PaymentID: p.ID, File: []byte("I paid, promise"), ActorUserID: "s"}, []string{"file"}},
			{"no payment", payment.UploadPaymentReceiptInput{File: pdf, ActorUserID: "s"}, []string{"paymentId"}},
			{"no actor", payment.UploadPaymentReceiptInput{PaymentID: p.ID, File: pdf}, []string{"actorUserId"}},
		}
		for _, tt := range bad {
			_, err := b.m.UploadPaymentReceipt(ctx, tt.in)
			t.Run(tt.name, func(t *testing.T) { apperrtest.RequireFields(t, err, tt.fields...) })
		}
		_, err := b.m.UploadPaymentReceipt(ctx, payment.UploadPaymentReceiptInput{PaymentID: "missing", File: pdf, ActorUserID: "s"})
		apperrtest.RequireCode(t, err, apperr.NotFound)
		require.Empty(t, b.files(t))
		require.Equal(t, before, paymentEvents(t, b.bus))

		// After approval the receipt is final.
		r := b.upload(t, p.ID, pdf)
		b.approve(t, p.ID)
		_, err = b.m.UploadPaymentReceipt(ctx, payment.UploadPaymentReceiptInput{PaymentID: p.ID, File: png, ActorUserID: "s"})
		require.ErrorIs(t, err, payment.ErrReceiptsClosed)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		require.Equal(t, []string{r.ID + ".pdf"}, b.files(t))
		eventbustest.RequireCount[events.PaymentReceiptUploaded](t, b.bus, 1)
	})
}

// TestUploadPaymentReceiptRollbackRemovesFile breaks the receipts table so
// that the upload's transaction fails after the file was written.
func TestUploadPaymentReceiptRollbackRemovesFile(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		p := b.started(t)
		_, err := d.ExecContext(ctx, `DROP TABLE payment_receipts`)
		require.NoError(t, err)

		_, err = b.m.UploadPaymentReceipt(ctx, payment.UploadPaymentReceiptInput{PaymentID: p.ID, File: pdf, ActorUserID: "s"})
		require.Error(t, err)
		require.Empty(t, b.files(t), "no receipt file and no temporary file is left")
		got, err := b.m.GetPayment(ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, payment.StatusDepositStarted, got.Status)
		eventbustest.RequireCount[events.PaymentReceiptUploaded](t, b.bus, 0)
	})
}

func TestApproveDepositPayment(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		p := b.started(t)

		_, err := b.m.ApproveDepositPayment(ctx, payment.ApproveDepositPaymentInput{PaymentID: p.ID, ActorUserID: "staff-2"})
		require.ErrorIs(t, err, payment.ErrNoReceipt)
		apperrtest.RequireCode(t, err, apperr.Conflict)

		r := b.upload(t, p.ID, pdf)
		b.clock.Advance(time.Hour)
		approved := b.approve(t, p.ID)
		require.Equal(t, payment.StatusDepositApproved, approved.Status)
		require.Equal(t, start.Add(time.Hour), *approved.DepositApprovedAt)
		require.Equal(t, "staff-2", approved.DepositApprovedBy)
		ev := eventbustest.RequireRecorded[events.DepositPaymentApproved](t, b.bus)
		require.Equal(t, events.DepositPaymentApproved{
			PaymentID: events.PaymentID(p.ID), EnrollmentID: events.EnrollmentID(p.EnrollmentID), UserID: events.UserID(p.UserID),
			ReceiptID: events.ReceiptID(r.ID), AmountMinor: 30000, Currency: "BRL", ActorUserID: "staff-2", OccurredAt: start.Add(time.Hour),
		}, ev)

		_, err = b.m.ApproveDepositPayment(ctx, payment.ApproveDepositPaymentInput{PaymentID: p.ID, ActorUserID: "staff-2"})
		require.ErrorIs(t, err, payment.ErrDepositAlreadyApproved)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		_, err = b.m.ApproveDepositPayment(ctx, payment.ApproveDepositPaymentInput{PaymentID: "missing", ActorUserID: "staff-2"})
		apperrtest.RequireCode(t, err, apperr.NotFound)
		_, err = b.m.ApproveDepositPayment(ctx, payment.ApproveDepositPaymentInput{PaymentID: p.ID})
		apperrtest.RequireFields(t, err, "actorUserId")
		eventbustest.RequireCount[events.DepositPaymentApproved](t, b.bus, 1)
	})
}

func TestApproveDepositPaymentTxRollsBackWithCaller(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		p := b.started(t)
		b.upload(t, p.ID, pdf)

		errCaller := errors.New("caller failed later")
		err := db.InTx(ctx, d.DB, func(tx *sql.Tx) error {
			_, err := b.m.ApproveDepositPaymentTx(ctx, tx, payment.ApproveDepositPaymentInput{PaymentID: p.ID, ActorUserID: "staff-2"})
			require.NoError(t, err)
			return errCaller
		})
		require.ErrorIs(t, err, errCaller)
		got, err := b.m.GetPayment(ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, payment.StatusReceiptUploaded, got.Status)
		eventbustest.RequireCount[events.DepositPaymentApproved](t, b.bus, 0)
	})
}

func TestCompleteBalancePayment(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		p := b.started(t)
		complete := func() (payment.Payment, error) {
			return b.m.CompleteBalancePayment(ctx, payment.CompleteBalancePaymentInput{PaymentID: p.ID, ActorUserID: "staff-1"})
		}

		_, err := complete()
		require.ErrorIs(t, err, payment.ErrDepositNotApproved)
		b.upload(t, p.ID, pdf)
		_, err = complete()
		require.ErrorIs(t, err, payment.ErrDepositNotApproved)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireCount[events.BalancePaymentCompleted](t, b.bus, 0)

		b.approve(t, p.ID)
		b.clock.Advance(24 * time.Hour)
		done, err := complete()
		require.NoError(t, err)
		require.Equal(t, payment.StatusBalanceCompleted, done.Status)
		require.Equal(t, start.Add(24*time.Hour), *done.BalanceCompletedAt)
		ev := eventbustest.RequireRecorded[events.BalancePaymentCompleted](t, b.bus)
		require.Equal(t, events.BalancePaymentCompleted{
			PaymentID: events.PaymentID(p.ID), EnrollmentID: events.EnrollmentID(p.EnrollmentID), UserID: events.UserID(p.UserID),
			AmountMinor: 90000, Currency: "BRL", ActorUserID: "staff-1", OccurredAt: start.Add(24 * time.Hour),
		}, ev)

		_, err = complete()
		require.ErrorIs(t, err, payment.ErrBalanceAlreadyCompleted)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		_, err = b.m.ApproveDepositPayment(ctx, payment.ApproveDepositPaymentInput{PaymentID: p.ID, ActorUserID: "staff-2"})
		require.ErrorIs(t, err, payment.ErrDepositAlreadyApproved)
		eventbustest.RequireCount[events.BalancePaymentCompleted](t, b.bus, 1)
		eventbustest.RequireCount[events.DepositPaymentApproved](t, b.bus, 1)
	})
}

func TestConcurrentApprovals(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		p := b.started(t)
		b.upload(t, p.ID, pdf)

		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = b.m.ApproveDepositPayment(context.Background(), payment.ApproveDepositPaymentInput{PaymentID: p.ID, ActorUserID: "staff-2"})
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
				continue
			}
			require.ErrorIs(t, err, payment.ErrDepositAlreadyApproved)
		}
		require.Equal(t, 1, won)
		eventbustest.RequireCount[events.DepositPaymentApproved](t, b.bus, 1)
	})
}

// TestStartDepositPaymentWaitsForCancellation races a deposit payment with
// a cancellation that is under way (done, not yet committed): the payment
// must wait for it, then see the enrollment cancelled and write nothing.
// Checked outside the payment's transaction, or inside it without a row
// lock, PostgreSQL let the payment read the enrollment as active and
// commit a payment the cancellation never saw.
func TestStartDepositPaymentWaitsForCancellation(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		e := b.enrollment(t, 120000, 30000)

		tx, err := d.BeginTx(ctx, nil)
		require.NoError(t, err)
		defer func() { _ = tx.Rollback() }()
		_, err = b.enrollments.CancelEnrollmentTx(ctx, tx, enrollment.CancelEnrollmentInput{EnrollmentID: e.ID, Reason: enrollmentevents.ReasonStudentRequest, ActorUserID: "staff-1"})
		require.NoError(t, err)

		blocked := blockedBy(t, ctx, d, tx)
		done := make(chan error, 1)
		go func() {
			_, err := b.m.StartDepositPayment(ctx, payment.StartDepositPaymentInput{EnrollmentID: e.ID, ActorUserID: "staff-1"})
			done <- err
		}()
		waitBlocked(t, ctx, blocked, done)
		require.NoError(t, tx.Commit())

		err = <-done
		require.ErrorIs(t, err, payment.ErrEnrollmentCancelled)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		require.Equal(t, 0, paymentEvents(t, b.bus))
		_, err = b.m.FindPaymentByEnrollment(ctx, e.ID)
		apperrtest.RequireCode(t, err, apperr.NotFound)
	})
}

// blockedBy returns a probe telling whether another connection is waiting
// for holder. On PostgreSQL that is a backend blocked by holder's locks; on
// SQLite, whose pool has one connection, a caller waiting for the pool.
func blockedBy(t *testing.T, ctx context.Context, d *db.DB, holder *sql.Tx) func() bool {
	t.Helper()
	if d.Dialect == db.SQLite {
		before := d.Stats().WaitCount
		return func() bool { return d.Stats().WaitCount > before }
	}
	var pid int
	require.NoError(t, holder.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid))
	return func() bool {
		var waiting bool
		require.NoError(t, d.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)))`, pid).Scan(&waiting))
		return waiting
	}
}

// waitBlocked polls blocked until it holds, failing if the racing call
// finished first: it did not wait for the holder.
func waitBlocked(t *testing.T, ctx context.Context, blocked func() bool, done <-chan error) {
	t.Helper()
	for !blocked() {
		select {
		case err := <-done:
			t.Fatalf("finished without waiting for the open transaction (err: %v)", err)
		case <-ctx.Done():
			t.Fatal("timed out waiting for the call to block")
		case <-time.After(2 * time.Millisecond):
		}
	}
}
