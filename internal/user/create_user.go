package user

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/user/internal/store"
)

// CreateUserInput is the input of CreateUser.
type CreateUserInput struct {
	FullName string `json:"fullName"`
	// Email is stored in lower case and is unique across users.
	Email string `json:"email"`
	// Phone is optional, in E.164 form such as +5511987654321.
	Phone string `json:"phone"`
	// WhatsAppOptIn needs a Phone.
	WhatsAppOptIn bool `json:"whatsAppOptIn"`
	Kind          Kind `json:"kind"`
	// ActorUserID is who registers the person; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

// normalize trims the input and lower-cases the email, so that the same
// person typed twice is recognised.
func (in CreateUserInput) normalize() CreateUserInput {
	in.FullName = strings.TrimSpace(in.FullName)
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Phone = strings.TrimSpace(in.Phone)
	return in
}

func (in CreateUserInput) validate() error {
	var v apperr.Validation
	validateName(&v, "fullName", in.FullName)
	if in.Email == "" {
		v.Add("email", "is required")
	} else {
		v.Check(ValidEmail(in.Email), "email", "must be an email address such as ana@example.com")
	}
	if in.Phone != "" {
		v.Check(ValidPhone(in.Phone), "phone", "must be an E.164 number such as +5511987654321")
	}
	v.Check(!in.WhatsAppOptIn || in.Phone != "", "whatsAppOptIn", "needs a phone")
	v.Check(validKind(in.Kind), "kind", "must be one of %v", Kinds)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// CreateUser registers a person. An email already in use is a conflict.
func (m *Module) CreateUser(ctx context.Context, in CreateUserInput) (User, error) {
	in = in.normalize()
	if err := in.validate(); err != nil {
		return User{}, err
	}
	now := m.clock.Now()
	u := userFromRow(store.User{
		ID:            uuid.NewString(),
		FullName:      in.FullName,
		Email:         in.Email,
		Phone:         in.Phone,
		WhatsAppOptIn: in.WhatsAppOptIn,
		Kind:          string(in.Kind),
		CreatedBy:     in.ActorUserID,
		CreatedAt:     now,
		UpdatedAt:     now,
	})
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		return m.store.InsertUser(ctx, tx, u.row)
	})
	if errors.Is(err, store.ErrDuplicateEmail) {
		return User{}, apperr.Errorf(apperr.Conflict, "a user with email %s already exists", in.Email)
	}
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	return u.view(), nil
}
