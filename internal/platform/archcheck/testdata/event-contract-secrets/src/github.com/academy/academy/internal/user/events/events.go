// Package events is a fixture for rule event-contract-secrets.
package events

import (
	"encoding/json"
	"time"
)

type UserID string

type EmailAddress string

// UserRegistered carries IDs and facts about secrets, never the secrets.
type UserRegistered struct {
	UserID         UserID
	EmailVerified  bool
	TokenExpiresAt time.Time
	EmailCount     int
	TokenID        string
	LearningPath   string
	DisplayName    string
	OccurredAt     time.Time
}

func (UserRegistered) EventName() string { return "user.UserRegistered" }
func (UserRegistered) EventVersion() int { return 1 }

type UserLeaked struct {
	Email          string          // want `event field UserLeaked.Email looks like an email address \(field name\)`
	PhoneNumber    string          // want `PhoneNumber looks like a phone number`
	PasswordHash   string          // want `PasswordHash looks like a password`
	APIKey         string          // want `APIKey looks like an API key`
	ResetToken     string          // want `ResetToken looks like a token`
	ClientSecret   string          // want `ClientSecret looks like a secret`
	UploadPath     string          // want `UploadPath looks like a file path`
	FileName       string          // want `FileName looks like a file path`
	RawPayload     string          // want `RawPayload looks like a raw provider payload`
	RequestBody    string          // want `RequestBody looks like a request body`
	Contact        EmailAddress    // want `Contact looks like an email address \(type name EmailAddress\)`
	Mobile         int64           // want `Mobile looks like a phone number`
	Note           string          `json:"customer_email"` // want `Note looks like an email address \(json name customer_email\)`
	Webhook        json.RawMessage // want `Webhook looks like a raw provider payload \(type encoding/json.RawMessage\)`
	WhatsAppNumber string          // want `WhatsAppNumber looks like a phone number`
	OccurredAt     time.Time
}

func (UserLeaked) EventName() string { return "user.UserLeaked" }
func (UserLeaked) EventVersion() int { return 1 }

// Credentials is no event, so its fields are not checked.
type Credentials struct {
	Password string
}
