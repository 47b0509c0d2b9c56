package whatsapp

import (
	"strings"
	"time"

	"github.com/academy/academy/internal/user"
	"github.com/academy/academy/internal/whatsapp/internal/store"
)

// ServiceWindow is how long after a contact's last inbound message free-text
// replies are allowed (WhatsApp's customer-service window).
const ServiceWindow = 24 * time.Hour

// Conversation is the thread with one phone number.
type Conversation struct {
	ID string `json:"id"`
	// PhoneNumber is the contact's number in E.164 form.
	PhoneNumber string `json:"phoneNumber"`
	// ProfileName is the contact's WhatsApp profile name, if the provider gave one.
	ProfileName string    `json:"profileName,omitempty"`
	AssignedTo  string    `json:"assignedTo,omitempty"`
	AssignedAt  time.Time `json:"assignedAt,omitzero"`
	// B2bLeadID is the corporate lead made from the conversation, if any.
	B2bLeadID     string    `json:"b2bLeadId,omitempty"`
	LeadCreatedBy string    `json:"leadCreatedBy,omitempty"`
	LeadCreatedAt time.Time `json:"leadCreatedAt,omitzero"`
	// LastInboundAt is when the contact last wrote; zero (and left out of
	// JSON) for a conversation opened by a template to someone who never
	// wrote, where free text is not allowed at all.
	LastInboundAt time.Time `json:"lastInboundAt,omitzero"`
	// ServiceWindowEndsAt is when free-text replies stop being allowed.
	ServiceWindowEndsAt time.Time `json:"serviceWindowEndsAt,omitzero"`
	CreatedAt           time.Time `json:"createdAt"`
}

func conversationFromRow(r store.Conversation) Conversation {
	c := Conversation{
		ID: r.ID, PhoneNumber: r.PhoneNumber, ProfileName: r.ProfileName,
		AssignedTo: r.AssignedTo, AssignedAt: r.AssignedAt,
		B2bLeadID: r.B2bLeadID, LeadCreatedBy: r.LeadCreatedBy, LeadCreatedAt: r.LeadCreatedAt,
		LastInboundAt: r.LastInboundAt, CreatedAt: r.CreatedAt,
	}
	if !r.LastInboundAt.IsZero() {
		c.ServiceWindowEndsAt = r.LastInboundAt.Add(ServiceWindow)
	}
	return c
}

// conversation is the domain object: who handles it, whether it made a
// lead, and whether free text may be sent now.
type conversation struct {
	assignedTo    string
	leadID        string
	lastInboundAt time.Time
}

func conversationOf(r store.Conversation) conversation {
	return conversation{assignedTo: r.AssignedTo, leadID: r.B2bLeadID, lastInboundAt: r.LastInboundAt}
}

// assign reports whether giving the conversation to assignee changes
// anything. Reassigning to the current assignee is a no-op, not an error:
// assignment is "make X the owner", so a retried request succeeds and
// records nothing new.
func (c conversation) assign(assignee string) (changed bool) {
	return c.assignedTo != assignee
}

// createLead checks that no lead was made from the conversation yet.
func (c conversation) createLead() error {
	if c.leadID != "" {
		return ErrLeadAlreadyCreated
	}
	return nil
}

// reply checks that a reply in mode may be sent at now. A contact who
// never wrote has no window at all.
func (c conversation) reply(mode ReplyMode, now time.Time) error {
	if mode == ModeFreeText && (c.lastInboundAt.IsZero() || !now.Before(c.lastInboundAt.Add(ServiceWindow))) {
		return ErrOutsideServiceWindow
	}
	return nil
}

// normalizePhone turns what providers and people send ("34600000000",
// "+34 600-000-000") into E.164 ("+34600000000"), or "" when it is not a
// phone number.
func normalizePhone(s string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')', r == '.':
		default:
			return ""
		}
	}
	phone := "+" + b.String()
	if !user.ValidPhone(phone) {
		return ""
	}
	return phone
}
