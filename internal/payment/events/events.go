// Package events holds the payment module's event contracts. Any module may
// import it to listen to payment facts.
package events

import (
	"time"

	"github.com/academy/academy/internal/platform/eventbus"
)

// PaymentID identifies a payment: the deposit and then the balance of one
// enrollment.
type PaymentID string

// ReceiptID identifies an uploaded payment receipt. The file itself is read
// through the payment module, never through the event.
type ReceiptID string

// EnrollmentID identifies an enrollment (owned by enrollment).
type EnrollmentID string

// UserID identifies a person (owned by user).
type UserID string

// DepositPaymentStarted: the deposit of an enrollment is due; the amount is
// the course's deposit.
type DepositPaymentStarted struct {
	PaymentID    PaymentID    `json:"paymentId"`
	EnrollmentID EnrollmentID `json:"enrollmentId"`
	UserID       UserID       `json:"userId"`
	// AmountMinor is the deposit in minor units of Currency.
	AmountMinor int64     `json:"amountMinor"`
	Currency    string    `json:"currency"`
	ActorUserID UserID    `json:"actorUserId"`
	OccurredAt  time.Time `json:"occurredAt"`
}

func (DepositPaymentStarted) EventName() string { return "payment.DepositPaymentStarted" }
func (DepositPaymentStarted) EventVersion() int { return 1 }

// PaymentReceiptUploaded: a receipt (proof of transfer) for the deposit was
// uploaded and waits for staff approval. A later upload replaces it.
type PaymentReceiptUploaded struct {
	PaymentID    PaymentID    `json:"paymentId"`
	ReceiptID    ReceiptID    `json:"receiptId"`
	EnrollmentID EnrollmentID `json:"enrollmentId"`
	// AmountMinor is the deposit the receipt is meant to prove.
	AmountMinor int64     `json:"amountMinor"`
	Currency    string    `json:"currency"`
	ActorUserID UserID    `json:"actorUserId"`
	OccurredAt  time.Time `json:"occurredAt"`
}

func (PaymentReceiptUploaded) EventName() string { return "payment.PaymentReceiptUploaded" }
func (PaymentReceiptUploaded) EventVersion() int { return 1 }

// DepositPaymentApproved: staff checked the receipt and approved the
// deposit. Enrollment confirms the enrollment on it.
type DepositPaymentApproved struct {
	PaymentID    PaymentID    `json:"paymentId"`
	EnrollmentID EnrollmentID `json:"enrollmentId"`
	UserID       UserID       `json:"userId"`
	// ReceiptID is the receipt that was approved.
	ReceiptID   ReceiptID `json:"receiptId"`
	AmountMinor int64     `json:"amountMinor"`
	Currency    string    `json:"currency"`
	ActorUserID UserID    `json:"actorUserId"`
	OccurredAt  time.Time `json:"occurredAt"`
}

func (DepositPaymentApproved) EventName() string { return "payment.DepositPaymentApproved" }
func (DepositPaymentApproved) EventVersion() int { return 1 }

// BalancePaymentCompleted: the rest of the price, after the deposit, was
// paid; the enrollment is paid in full.
type BalancePaymentCompleted struct {
	PaymentID    PaymentID    `json:"paymentId"`
	EnrollmentID EnrollmentID `json:"enrollmentId"`
	UserID       UserID       `json:"userId"`
	// AmountMinor is the balance in minor units of Currency; 0 when the
	// deposit was the whole price.
	AmountMinor int64     `json:"amountMinor"`
	Currency    string    `json:"currency"`
	ActorUserID UserID    `json:"actorUserId"`
	OccurredAt  time.Time `json:"occurredAt"`
}

func (BalancePaymentCompleted) EventName() string { return "payment.BalancePaymentCompleted" }
func (BalancePaymentCompleted) EventVersion() int { return 1 }

// Definitions describes the payment events for the registry and catalog.
var Definitions = []eventbus.Definition{
	{
		Event:            DepositPaymentStarted{},
		Owner:            "payment",
		Description:      "The deposit of an enrollment became due (amount in minor units and currency).",
		Emitters:         []string{"payment.StartDepositPayment"},
		AutomationSafety: "May send payment instructions to the student through the outbox; contact data comes from user.FindUserContact.",
		Idempotency:      "One event per payment id, and one payment per enrollment; key reactions on paymentId.",
	},
	{
		Event:            PaymentReceiptUploaded{},
		Owner:            "payment",
		Description:      "A deposit receipt was uploaded and waits for approval; the file is reached by receiptId through the payment module.",
		Emitters:         []string{"payment.UploadPaymentReceipt"},
		AutomationSafety: "Safe to notify staff that a receipt waits for review; never approves anything by itself.",
		Idempotency:      "One event per receipt id; a payment may get several receipts before approval. Key reactions on receiptId.",
	},
	{
		Event:            DepositPaymentApproved{},
		Owner:            "payment",
		Description:      "Staff approved the deposit of an enrollment after checking its receipt.",
		Emitters:         []string{"payment.ApproveDepositPayment"},
		AutomationSafety: "Safe to confirm the enrollment, record conversions and send a confirmation through the outbox.",
		Idempotency:      "At most one per payment id (approving twice is refused); key reactions on paymentId.",
	},
	{
		Event:            BalancePaymentCompleted{},
		Owner:            "payment",
		Description:      "The balance (price minus deposit) of an enrollment was paid, after the deposit was approved.",
		Emitters:         []string{"payment.CompleteBalancePayment"},
		AutomationSafety: "Safe to send a receipt message and stop payment reminders.",
		Idempotency:      "At most one per payment id (completing twice is refused); key reactions on paymentId.",
	},
}
