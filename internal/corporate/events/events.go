// Package events holds the corporate module's event contracts. Any module
// may import it to listen to corporate facts.
//
// Contact data of a lead (company, contact name, email, phone) and free
// text (titles, names) never appear here: listeners that need them ask
// corporate's read API (GetLead, GetOrganization, ...).
package events

import (
	"time"

	"github.com/academy/academy/internal/platform/eventbus"
)

// B2bLeadID identifies a business-to-business lead.
type B2bLeadID string

// OrganizationID identifies a client organization made from a lead.
type OrganizationID string

// ProposalID identifies a commercial proposal sent to an organization.
type ProposalID string

// AgreementID identifies an agreement activated from an accepted proposal.
type AgreementID string

// CohortID identifies a corporate cohort trained under an agreement.
type CohortID string

// ReportID identifies a generated corporate report.
type ReportID string

// InvoiceID identifies a corporate invoice.
type InvoiceID string

// AllocationID identifies one allocation of a payment to an invoice.
type AllocationID string

// PaymentID identifies a received payment (owned by payment).
type PaymentID string

// CourseID identifies a course (owned by course).
type CourseID string

// UserID identifies a person (owned by user).
type UserID string

// LeadSource says where a lead came from: "web", "whatsapp", "referral",
// "event" or "other".
type LeadSource string

// B2bLeadCreated: a company showed interest and a lead was opened for it.
type B2bLeadCreated struct {
	B2bLeadID   B2bLeadID  `json:"b2bLeadId"`
	Source      LeadSource `json:"source"`
	ActorUserID UserID     `json:"actorUserId"`
	OccurredAt  time.Time  `json:"occurredAt"`
}

func (B2bLeadCreated) EventName() string { return "corporate.B2bLeadCreated" }
func (B2bLeadCreated) EventVersion() int { return 1 }

// B2bLeadConverted: a lead became a client organization.
type B2bLeadConverted struct {
	B2bLeadID      B2bLeadID      `json:"b2bLeadId"`
	OrganizationID OrganizationID `json:"organizationId"`
	ActorUserID    UserID         `json:"actorUserId"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (B2bLeadConverted) EventName() string { return "corporate.B2bLeadConverted" }
func (B2bLeadConverted) EventVersion() int { return 1 }

// ProposalSent: a priced proposal was sent to an organization.
type ProposalSent struct {
	ProposalID     ProposalID     `json:"proposalId"`
	OrganizationID OrganizationID `json:"organizationId"`
	Seats          int            `json:"seats"`
	AmountMinor    int64          `json:"amountMinor"`
	Currency       string         `json:"currency"`
	ActorUserID    UserID         `json:"actorUserId"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (ProposalSent) EventName() string { return "corporate.ProposalSent" }
func (ProposalSent) EventVersion() int { return 1 }

// ProposalAccepted: the organization accepted a sent proposal.
type ProposalAccepted struct {
	ProposalID     ProposalID     `json:"proposalId"`
	OrganizationID OrganizationID `json:"organizationId"`
	ActorUserID    UserID         `json:"actorUserId"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (ProposalAccepted) EventName() string { return "corporate.ProposalAccepted" }
func (ProposalAccepted) EventVersion() int { return 1 }

// AgreementActivated: an agreement made from an accepted proposal is in force.
type AgreementActivated struct {
	AgreementID    AgreementID    `json:"agreementId"`
	OrganizationID OrganizationID `json:"organizationId"`
	ProposalID     ProposalID     `json:"proposalId"`
	StartsAt       time.Time      `json:"startsAt"`
	EndsAt         time.Time      `json:"endsAt"`
	ActorUserID    UserID         `json:"actorUserId"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (AgreementActivated) EventName() string { return "corporate.AgreementActivated" }
func (AgreementActivated) EventVersion() int { return 1 }

// CorporateCohortStarted: a cohort of an organization's people was started
// on a course under an active agreement.
type CorporateCohortStarted struct {
	CohortID       CohortID       `json:"cohortId"`
	AgreementID    AgreementID    `json:"agreementId"`
	OrganizationID OrganizationID `json:"organizationId"`
	CourseID       CourseID       `json:"courseId"`
	Seats          int            `json:"seats"`
	StartsAt       time.Time      `json:"startsAt"`
	ActorUserID    UserID         `json:"actorUserId"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (CorporateCohortStarted) EventName() string { return "corporate.CorporateCohortStarted" }
func (CorporateCohortStarted) EventVersion() int { return 1 }

// CorporateReportGenerated: a report on a cohort for a period was generated.
type CorporateReportGenerated struct {
	ReportID       ReportID       `json:"reportId"`
	OrganizationID OrganizationID `json:"organizationId"`
	CohortID       CohortID       `json:"cohortId"`
	PeriodStart    time.Time      `json:"periodStart"`
	PeriodEnd      time.Time      `json:"periodEnd"`
	ActorUserID    UserID         `json:"actorUserId"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (CorporateReportGenerated) EventName() string { return "corporate.CorporateReportGenerated" }
func (CorporateReportGenerated) EventVersion() int { return 1 }

// CorporateInvoiceIssued: an organization was invoiced under an agreement.
type CorporateInvoiceIssued struct {
	InvoiceID      InvoiceID      `json:"invoiceId"`
	OrganizationID OrganizationID `json:"organizationId"`
	AgreementID    AgreementID    `json:"agreementId"`
	AmountMinor    int64          `json:"amountMinor"`
	Currency       string         `json:"currency"`
	DueAt          time.Time      `json:"dueAt"`
	ActorUserID    UserID         `json:"actorUserId"`
	OccurredAt     time.Time      `json:"occurredAt"`
}

func (CorporateInvoiceIssued) EventName() string { return "corporate.CorporateInvoiceIssued" }
func (CorporateInvoiceIssued) EventVersion() int { return 1 }

// CorporatePaymentAllocated: (part of) a payment was applied to an invoice.
// OpenAmountMinor is what remains open afterwards; InvoicePaid is true when
// this allocation paid the invoice in full.
type CorporatePaymentAllocated struct {
	InvoiceID       InvoiceID      `json:"invoiceId"`
	AllocationID    AllocationID   `json:"allocationId"`
	OrganizationID  OrganizationID `json:"organizationId"`
	PaymentID       PaymentID      `json:"paymentId"`
	AmountMinor     int64          `json:"amountMinor"`
	Currency        string         `json:"currency"`
	OpenAmountMinor int64          `json:"openAmountMinor"`
	InvoicePaid     bool           `json:"invoicePaid"`
	ActorUserID     UserID         `json:"actorUserId"`
	OccurredAt      time.Time      `json:"occurredAt"`
}

func (CorporatePaymentAllocated) EventName() string { return "corporate.CorporatePaymentAllocated" }
func (CorporatePaymentAllocated) EventVersion() int { return 1 }

// Definitions describes the corporate events for the registry and catalog.
var Definitions = []eventbus.Definition{
	{
		Event:            B2bLeadCreated{},
		Owner:            "corporate",
		Description:      "A business-to-business lead was opened (from the web, WhatsApp, a referral, an event or elsewhere); whatsapp.CreateB2bLeadFromConversation records it through CreateB2bLeadTx in its own transaction.",
		Emitters:         []string{"corporate.CreateB2bLead"},
		AutomationSafety: "Safe for internal follow-up (assign, notify staff). Contact data is not in the event: read it with corporate.GetLead before contacting anyone.",
		Idempotency:      "One event per lead id; key reactions on b2bLeadId.",
	},
	{
		Event:            B2bLeadConverted{},
		Owner:            "corporate",
		Description:      "A lead was converted into a client organization; a lead converts once.",
		Emitters:         []string{"corporate.ConvertB2bLeadToOrganization"},
		AutomationSafety: "Safe for internal work; sends nothing to the client by itself.",
		Idempotency:      "One event per lead id (and per organization id); key reactions on b2bLeadId.",
	},
	{
		Event:            ProposalSent{},
		Owner:            "corporate",
		Description:      "A priced proposal (seats, amount in minor units, currency) was sent to an organization.",
		Emitters:         []string{"corporate.SendProposal"},
		AutomationSafety: "Safe for reminders to staff; the proposal document itself is not in the event.",
		Idempotency:      "One event per proposal id; key reactions on proposalId.",
	},
	{
		Event:            ProposalAccepted{},
		Owner:            "corporate",
		Description:      "An organization accepted a sent proposal; a proposal is accepted once.",
		Emitters:         []string{"corporate.AcceptProposal"},
		AutomationSafety: "Safe to prepare the agreement; does not activate it.",
		Idempotency:      "One event per proposal id; key reactions on proposalId.",
	},
	{
		Event:            AgreementActivated{},
		Owner:            "corporate",
		Description:      "An agreement made from an accepted proposal came into force; one agreement per proposal.",
		Emitters:         []string{"corporate.ActivateAgreement"},
		AutomationSafety: "Safe to schedule invoicing and cohort planning.",
		Idempotency:      "One event per agreement id (and per proposal id); key reactions on agreementId.",
	},
	{
		Event:            CorporateCohortStarted{},
		Owner:            "corporate",
		Description:      "A corporate cohort was started on a course under an active agreement.",
		Emitters:         []string{"corporate.StartCorporateCohort"},
		AutomationSafety: "Safe to prepare enrollment and scheduling; contacts no participant by itself.",
		Idempotency:      "One event per cohort id; key reactions on cohortId.",
	},
	{
		Event:            CorporateReportGenerated{},
		Owner:            "corporate",
		Description:      "A report on a corporate cohort for a period was generated and stored.",
		Emitters:         []string{"corporate.GenerateCorporateReport"},
		AutomationSafety: "Safe to notify staff; sending the report to the client is a separate, deliberate step.",
		Idempotency:      "One event per report id; a cohort may have many reports. Key reactions on reportId.",
	},
	{
		Event:            CorporateInvoiceIssued{},
		Owner:            "corporate",
		Description:      "An invoice (amount in minor units and currency) was issued to an organization under an active agreement.",
		Emitters:         []string{"corporate.IssueCorporateInvoice"},
		AutomationSafety: "Safe to schedule payment reminders; the amount is money, never a float.",
		Idempotency:      "One event per invoice id; key reactions on invoiceId.",
	},
	{
		Event:            CorporatePaymentAllocated{},
		Owner:            "corporate",
		Description:      "A payment was allocated to an invoice; the allocation never exceeds the invoice's open amount.",
		Emitters:         []string{"corporate.AllocateCorporatePayment"},
		AutomationSafety: "Safe to send a receipt or stop reminders when invoicePaid is true.",
		Idempotency:      "One event per allocation id; a payment is allocated to an invoice at most once. Key reactions on allocationId.",
	},
}
