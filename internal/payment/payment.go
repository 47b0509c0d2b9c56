package payment

import (
	"database/sql"
	"time"

	"github.com/academy/academy/internal/payment/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
)

// Status is where a payment is in its life:
//
//	deposit_started ──upload──▶ receipt_uploaded ──approve──▶ deposit_approved ──complete──▶ balance_completed
//	                            (upload again replaces the receipt)
type Status string

const (
	StatusDepositStarted   Status = "deposit_started"
	StatusReceiptUploaded  Status = "receipt_uploaded"
	StatusDepositApproved  Status = "deposit_approved"
	StatusBalanceCompleted Status = "balance_completed"
)

// Errors of illegal moves. They are Conflict errors (HTTP 409) that record
// nothing; callers tell them apart with errors.Is.
var (
	ErrPaymentExists           = &apperr.Error{Code: apperr.Conflict, Message: "the enrollment already has a payment"}
	ErrEnrollmentCancelled     = &apperr.Error{Code: apperr.Conflict, Message: "the enrollment is cancelled"}
	ErrNoDeposit               = &apperr.Error{Code: apperr.Conflict, Message: "the course asks for no deposit"}
	ErrReceiptsClosed          = &apperr.Error{Code: apperr.Conflict, Message: "the deposit is already approved; its receipt can no longer change"}
	ErrNoReceipt               = &apperr.Error{Code: apperr.Conflict, Message: "no receipt was uploaded for the deposit yet"}
	ErrDepositAlreadyApproved  = &apperr.Error{Code: apperr.Conflict, Message: "the deposit is already approved"}
	ErrDepositNotApproved      = &apperr.Error{Code: apperr.Conflict, Message: "the balance can be completed only after the deposit is approved"}
	ErrBalanceAlreadyCompleted = &apperr.Error{Code: apperr.Conflict, Message: "the balance is already completed"}
)

// Payment is the read model of a payment. Amounts are minor units of
// Currency, fixed from the course when the deposit was started.
type Payment struct {
	ID            string `json:"id"`
	EnrollmentID  string `json:"enrollmentId"`
	UserID        string `json:"userId"`
	Status        Status `json:"status"`
	DepositAmount int64  `json:"depositAmount"`
	BalanceAmount int64  `json:"balanceAmount"`
	Currency      string `json:"currency"`
	// ReceiptID is the latest uploaded receipt, if any.
	ReceiptID          string     `json:"receiptId,omitempty"`
	CreatedBy          string     `json:"createdBy"`
	CreatedAt          time.Time  `json:"createdAt"`
	DepositApprovedAt  *time.Time `json:"depositApprovedAt,omitempty"`
	DepositApprovedBy  string     `json:"depositApprovedBy,omitempty"`
	BalanceCompletedAt *time.Time `json:"balanceCompletedAt,omitempty"`
}

// payment is the domain object; its status changes only through its
// methods, which refuse illegal moves with the errors above.
type payment struct {
	row store.Payment
}

func paymentFromRow(r store.Payment) *payment { return &payment{row: r} }

func (p *payment) status() Status { return Status(p.row.Status) }

// attachReceipt makes receiptID the receipt of the deposit. A receipt may
// be replaced (a blurry photo, the wrong file) until the deposit is
// approved.
func (p *payment) attachReceipt(receiptID string) error {
	switch p.status() {
	case StatusDepositStarted, StatusReceiptUploaded:
		p.row.Status = string(StatusReceiptUploaded)
		p.row.ReceiptID = receiptID
		return nil
	default:
		return ErrReceiptsClosed
	}
}

func (p *payment) approveDeposit(by string, now time.Time) error {
	switch p.status() {
	case StatusReceiptUploaded:
		p.row.Status = string(StatusDepositApproved)
		p.row.DepositApprovedAt = sql.NullTime{Time: now, Valid: true}
		p.row.DepositApprovedBy = by
		return nil
	case StatusDepositStarted:
		return ErrNoReceipt
	default:
		return ErrDepositAlreadyApproved
	}
}

func (p *payment) completeBalance(now time.Time) error {
	switch p.status() {
	case StatusDepositApproved:
		p.row.Status = string(StatusBalanceCompleted)
		p.row.BalanceCompletedAt = sql.NullTime{Time: now, Valid: true}
		return nil
	case StatusBalanceCompleted:
		return ErrBalanceAlreadyCompleted
	default:
		return ErrDepositNotApproved
	}
}

func (p *payment) view() Payment {
	r := p.row
	return Payment{
		ID: r.ID, EnrollmentID: r.EnrollmentID, UserID: r.UserID, Status: Status(r.Status),
		DepositAmount: r.DepositAmount, BalanceAmount: r.BalanceAmount, Currency: r.Currency,
		ReceiptID: r.ReceiptID, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(),
		DepositApprovedAt: timePtr(r.DepositApprovedAt), DepositApprovedBy: r.DepositApprovedBy,
		BalanceCompletedAt: timePtr(r.BalanceCompletedAt),
	}
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
