// Package store is the payment module's SQL. No other module may import it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/academy/academy/internal/platform/db"
)

var (
	// ErrNotFound is returned when a row does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate is returned when the enrollment already has a payment.
	ErrDuplicate = errors.New("payment exists for enrollment")
	// ErrStale is returned when a row's status changed since it was read.
	ErrStale = errors.New("payment changed concurrently")
)

// Payment is a payments row.
type Payment struct {
	ID                 string
	EnrollmentID       string
	UserID             string
	DepositAmount      int64
	BalanceAmount      int64
	Currency           string
	Status             string
	ReceiptID          string // the current receipt, or empty
	CreatedBy          string
	CreatedAt          time.Time
	DepositApprovedAt  sql.NullTime
	DepositApprovedBy  string
	BalanceCompletedAt sql.NullTime
}

// Receipt is a payment_receipts row.
type Receipt struct {
	ID          string
	PaymentID   string
	ContentType string
	SizeBytes   int64
	SHA256      string
	// StoredName is the file's name inside the receipts folder; the folder
	// itself is configuration, not data.
	StoredName string
	UploadedBy string
	UploadedAt time.Time
}

// Querier is satisfied by *sql.DB and *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store runs the module's queries on a DB or a Tx.
type Store struct{}

// InsertPayment writes a new payment, or returns ErrDuplicate when the
// enrollment already has one; the unique index decides.
func (Store) InsertPayment(ctx context.Context, q Querier, p Payment) error {
	res, err := q.ExecContext(ctx, `INSERT INTO payments
		(id, enrollment_id, user_id, deposit_amount, balance_amount, currency, status, receipt_id,
		 created_by, created_at, deposit_approved_at, deposit_approved_by, balance_completed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT DO NOTHING`,
		p.ID, p.EnrollmentID, p.UserID, p.DepositAmount, p.BalanceAmount, p.Currency, p.Status, p.ReceiptID,
		p.CreatedBy, p.CreatedAt.UTC(), db.UTCOrNull(p.DepositApprovedAt), p.DepositApprovedBy, db.UTCOrNull(p.BalanceCompletedAt))
	if err != nil {
		return fmt.Errorf("insert payment: %w", err)
	}
	return affectedOne(res, ErrDuplicate, "insert payment")
}

// UpdatePayment saves a payment's state, provided the row still has status
// from; otherwise it returns ErrStale.
func (Store) UpdatePayment(ctx context.Context, q Querier, p Payment, from string) error {
	res, err := q.ExecContext(ctx, `UPDATE payments
		SET status = $1, receipt_id = $2, deposit_approved_at = $3, deposit_approved_by = $4, balance_completed_at = $5
		WHERE id = $6 AND status = $7`,
		p.Status, p.ReceiptID, db.UTCOrNull(p.DepositApprovedAt), p.DepositApprovedBy, db.UTCOrNull(p.BalanceCompletedAt), p.ID, from)
	if err != nil {
		return fmt.Errorf("update payment %s: %w", p.ID, err)
	}
	return affectedOne(res, ErrStale, "update payment "+p.ID)
}

const paymentColumns = `id, enrollment_id, user_id, deposit_amount, balance_amount, currency, status, receipt_id,
	created_by, created_at, deposit_approved_at, deposit_approved_by, balance_completed_at`

func scanPayment(row *sql.Row) (Payment, error) {
	var p Payment
	err := row.Scan(&p.ID, &p.EnrollmentID, &p.UserID, &p.DepositAmount, &p.BalanceAmount, &p.Currency, &p.Status, &p.ReceiptID,
		&p.CreatedBy, &p.CreatedAt, &p.DepositApprovedAt, &p.DepositApprovedBy, &p.BalanceCompletedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Payment{}, ErrNotFound
	}
	return p, err
}

// Payment reads one payment.
func (Store) Payment(ctx context.Context, q Querier, id string) (Payment, error) {
	p, err := scanPayment(q.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments WHERE id = $1`, id))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Payment{}, fmt.Errorf("read payment %s: %w", id, err)
	}
	return p, err
}

// PaymentByEnrollment reads the payment of an enrollment.
func (Store) PaymentByEnrollment(ctx context.Context, q Querier, enrollmentID string) (Payment, error) {
	p, err := scanPayment(q.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments WHERE enrollment_id = $1`, enrollmentID))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Payment{}, fmt.Errorf("read payment of enrollment %s: %w", enrollmentID, err)
	}
	return p, err
}

// InsertReceipt writes a receipt's metadata.
func (Store) InsertReceipt(ctx context.Context, q Querier, r Receipt) error {
	_, err := q.ExecContext(ctx, `INSERT INTO payment_receipts
		(id, payment_id, content_type, size_bytes, sha256, stored_name, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		r.ID, r.PaymentID, r.ContentType, r.SizeBytes, r.SHA256, r.StoredName, r.UploadedBy, r.UploadedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert payment receipt: %w", err)
	}
	return nil
}

// Receipt reads one receipt's metadata.
func (Store) Receipt(ctx context.Context, q Querier, id string) (Receipt, error) {
	var r Receipt
	err := q.QueryRowContext(ctx, `SELECT id, payment_id, content_type, size_bytes, sha256, stored_name, uploaded_by, uploaded_at
		FROM payment_receipts WHERE id = $1`, id).
		Scan(&r.ID, &r.PaymentID, &r.ContentType, &r.SizeBytes, &r.SHA256, &r.StoredName, &r.UploadedBy, &r.UploadedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Receipt{}, ErrNotFound
	}
	if err != nil {
		return Receipt{}, fmt.Errorf("read payment receipt %s: %w", id, err)
	}
	return r, nil
}

func affectedOne(res sql.Result, none error, what string) error {
	changed, err := db.ChangedOne(res)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !changed {
		return none
	}
	return nil
}
