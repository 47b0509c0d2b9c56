package user

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/user/internal/store"
)

// Kind says what a person is to the school.
type Kind string

const (
	KindStudent          Kind = "student"
	KindStaff            Kind = "staff"
	KindCorporateContact Kind = "corporate_contact"
)

// Kinds lists every valid Kind.
var Kinds = []Kind{KindStudent, KindStaff, KindCorporateContact}

// User is the read model of a person.
type User struct {
	ID            string    `json:"id"`
	FullName      string    `json:"fullName"`
	Email         string    `json:"email"`
	Phone         string    `json:"phone,omitempty"`
	WhatsAppOptIn bool      `json:"whatsAppOptIn"`
	Kind          Kind      `json:"kind"`
	CreatedBy     string    `json:"createdBy"`
	CreatedAt     time.Time `json:"createdAt"`
	UpdatedAt     time.Time `json:"updatedAt"`
}

// Contact is how to reach a person: what listeners that email or message
// someone ask for, instead of carrying contact data in events.
type Contact struct {
	UserID   string `json:"userId"`
	FullName string `json:"fullName"`
	Email    string `json:"email"`
	// Phone is E.164, or empty when the person gave none.
	Phone string `json:"phone,omitempty"`
	// WhatsAppOptIn is true only when the person agreed to WhatsApp messages
	// and has a phone; nothing may be sent on WhatsApp otherwise.
	WhatsAppOptIn bool `json:"whatsAppOptIn"`
}

// ErrNoPhone is returned when WhatsApp is switched on for a person without
// a phone number.
var ErrNoPhone = &apperr.Error{Code: apperr.Conflict, Message: "user has no phone number to opt in to WhatsApp with"}

// user is the domain object: a person whose WhatsApp consent can change.
type user struct {
	row store.User
}

func userFromRow(r store.User) *user { return &user{row: r} }

// setWhatsAppOptIn records consent, or its withdrawal. It reports false
// when nothing changes, so that repeating a request writes nothing.
func (u *user) setWhatsAppOptIn(optIn bool, now time.Time) (bool, error) {
	if u.row.WhatsAppOptIn == optIn {
		return false, nil
	}
	if optIn && u.row.Phone == "" {
		return false, ErrNoPhone
	}
	u.row.WhatsAppOptIn = optIn
	u.row.UpdatedAt = now
	return true, nil
}

func (u *user) view() User {
	r := u.row
	return User{
		ID: r.ID, FullName: r.FullName, Email: r.Email, Phone: r.Phone,
		WhatsAppOptIn: r.WhatsAppOptIn, Kind: Kind(r.Kind),
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

func (u *user) contact() Contact {
	r := u.row
	return Contact{UserID: r.ID, FullName: r.FullName, Email: r.Email, Phone: r.Phone, WhatsAppOptIn: r.WhatsAppOptIn && r.Phone != ""}
}

const (
	maxNameLength  = 200
	maxEmailLength = 254 // RFC 5321 path limit
)

// e164 is a "+" and up to 15 digits, the first not 0. Seven digits is the
// shortest number in use.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// ValidPhone reports whether s is an E.164 phone number such as +5511987654321.
func ValidPhone(s string) bool { return e164.MatchString(s) }

// ValidEmail reports whether s is a bare email address (no display name,
// no angle brackets) with a dotted domain.
func ValidEmail(s string) bool {
	if s == "" || len(s) > maxEmailLength {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	domain := s[strings.LastIndexByte(s, '@')+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

func validateName(v *apperr.Validation, field, name string) {
	v.Require(field, name)
	v.Check(utf8.RuneCountInString(name) <= maxNameLength, field, "must be at most %d characters", maxNameLength)
}

func validKind(k Kind) bool { return slices.Contains(Kinds, k) }
