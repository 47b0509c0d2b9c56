package corporate

import (
	"slices"
	"time"

	"github.com/academy/academy/internal/corporate/internal/store"
)

// LeadSource says where a lead came from.
type LeadSource string

// The lead sources.
const (
	SourceWeb      LeadSource = "web"
	SourceWhatsApp LeadSource = "whatsapp"
	SourceReferral LeadSource = "referral"
	SourceEvent    LeadSource = "event"
	SourceOther    LeadSource = "other"
)

// LeadSources lists every valid LeadSource.
var LeadSources = []LeadSource{SourceWeb, SourceWhatsApp, SourceReferral, SourceEvent, SourceOther}

func (s LeadSource) valid() bool { return slices.Contains(LeadSources, s) }

// Lead is a company interested in training its people, and who to talk to.
type Lead struct {
	ID           string     `json:"id"`
	Source       LeadSource `json:"source"`
	CompanyName  string     `json:"companyName"`
	ContactName  string     `json:"contactName"`
	ContactEmail string     `json:"contactEmail,omitempty"`
	ContactPhone string     `json:"contactPhone,omitempty"`
	Notes        string     `json:"notes,omitempty"`
	// Status is "new" or "converted".
	Status string `json:"status"`
	// OrganizationID is set once the lead is converted.
	OrganizationID string    `json:"organizationId,omitempty"`
	CreatedBy      string    `json:"createdBy"`
	CreatedAt      time.Time `json:"createdAt"`
	ConvertedAt    time.Time `json:"convertedAt,omitzero"`
}

// leadState is the lead's state machine: new -> converted, once.
type leadState string

const (
	leadNew       leadState = "new"
	leadConverted leadState = "converted"
)

func (s leadState) convert() (leadState, error) {
	if s != leadNew {
		return s, ErrLeadConverted
	}
	return leadConverted, nil
}

func leadFromRow(r store.Lead) Lead {
	return Lead{
		ID: r.ID, Source: LeadSource(r.Source), CompanyName: r.CompanyName, ContactName: r.ContactName,
		ContactEmail: r.ContactEmail, ContactPhone: r.ContactPhone, Notes: r.Notes, Status: r.Status,
		OrganizationID: r.OrganizationID, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), ConvertedAt: r.ConvertedAt,
	}
}

// Organization is a client company, made from a converted lead.
type Organization struct {
	ID        string    `json:"id"`
	LeadID    string    `json:"leadId"`
	Name      string    `json:"name"`
	CreatedBy string    `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
}

func organizationFromRow(r store.Organization) Organization {
	return Organization{ID: r.ID, LeadID: r.LeadID, Name: r.Name, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
}
