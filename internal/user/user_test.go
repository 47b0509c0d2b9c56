package user_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/user"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type bundle struct {
	db    *db.DB
	clock *clock.Manual
	m     *user.Module
}

func setup(t *testing.T, d *db.DB) *bundle {
	t.Helper()
	clk := clock.NewManual(start)
	m, err := user.New(user.Deps{DB: d.DB, Clock: clk})
	require.NoError(t, err)
	return &bundle{db: d, clock: clk, m: m}
}

func (b *bundle) countUsers(t *testing.T) int {
	t.Helper()
	var n int
	require.NoError(t, b.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM users`).Scan(&n))
	return n
}

func validInput() user.CreateUserInput {
	return user.CreateUserInput{
		FullName:      "  Ana Souza ",
		Email:         " Ana.Souza@Example.com",
		Phone:         "+5511987654321",
		WhatsAppOptIn: true,
		Kind:          user.KindStudent,
		ActorUserID:   "staff-1",
	}
}

func TestCreateUser(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()

		u, err := b.m.CreateUser(ctx, validInput())
		require.NoError(t, err)
		require.NotEmpty(t, u.ID)
		require.Equal(t, "Ana Souza", u.FullName)
		require.Equal(t, "ana.souza@example.com", u.Email)
		require.Equal(t, "+5511987654321", u.Phone)
		require.True(t, u.WhatsAppOptIn)
		require.Equal(t, user.KindStudent, u.Kind)
		require.Equal(t, "staff-1", u.CreatedBy)
		require.Equal(t, start, u.CreatedAt)

		got, err := b.m.GetUser(ctx, u.ID)
		require.NoError(t, err)
		require.Equal(t, u, got)

		c, err := b.m.FindUserContact(ctx, u.ID)
		require.NoError(t, err)
		require.Equal(t, user.Contact{UserID: u.ID, FullName: "Ana Souza", Email: "ana.souza@example.com", Phone: "+5511987654321", WhatsAppOptIn: true}, c)

		// The same email in another case is the same person.
		dup := validInput()
		dup.Email = "ANA.SOUZA@example.com"
		_, err = b.m.CreateUser(ctx, dup)
		require.Equal(t, apperr.Conflict, apperr.CodeOf(err), "error: %v", err)
		require.Equal(t, 1, b.countUsers(t))

		// A person without a phone is fine, as long as WhatsApp stays off.
		noPhone := user.CreateUserInput{FullName: "Bruno Lima", Email: "bruno@corp.example", Kind: user.KindCorporateContact, ActorUserID: "staff-1"}
		u2, err := b.m.CreateUser(ctx, noPhone)
		require.NoError(t, err)
		require.Empty(t, u2.Phone)
		require.False(t, u2.WhatsAppOptIn)
	})
}

func TestCreateUserRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		edit   func(*user.CreateUserInput)
		fields []string
	}{
		{"no name", func(in *user.CreateUserInput) { in.FullName = "  " }, []string{"fullName"}},
		{"no email", func(in *user.CreateUserInput) { in.Email = "" }, []string{"email"}},
		{"email without domain dot", func(in *user.CreateUserInput) { in.Email = "ana@localhost" }, []string{"email"}},
		{"email with display name", func(in *user.CreateUserInput) { in.Email = "Ana <ana@example.com>" }, []string{"email"}},
		{"email without at", func(in *user.CreateUserInput) { in.Email = "ana.example.com" }, []string{"email"}},
		{"phone without plus", func(in *user.CreateUserInput) { in.Phone = "5511987654321" }, []string{"phone"}},
		{"phone with spaces", func(in *user.CreateUserInput) { in.Phone = "+55 11 98765 4321" }, []string{"phone"}},
		{"phone too long", func(in *user.CreateUserInput) { in.Phone = "+1234567890123456" }, []string{"phone"}},
		{"opt-in without phone", func(in *user.CreateUserInput) { in.Phone = "" }, []string{"whatsAppOptIn"}},
		{"unknown kind", func(in *user.CreateUserInput) { in.Kind = "teacher" }, []string{"kind"}},
		{"no actor", func(in *user.CreateUserInput) { in.ActorUserID = "" }, []string{"actorUserId"}},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		for _, tt := range tests {
			in := validInput()
			tt.edit(&in)
			_, err := b.m.CreateUser(context.Background(), in)
			t.Run(tt.name, func(t *testing.T) { apperrtest.RequireFields(t, err, tt.fields...) })
		}
		require.Equal(t, 0, b.countUsers(t))
	})
}

func TestUpdateWhatsAppOptIn(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		u, err := b.m.CreateUser(ctx, validInput())
		require.NoError(t, err)

		b.clock.Advance(time.Hour)
		out, err := b.m.UpdateWhatsAppOptIn(ctx, user.UpdateWhatsAppOptInInput{UserID: u.ID, OptIn: false, ActorUserID: "whatsapp"})
		require.NoError(t, err)
		require.False(t, out.WhatsAppOptIn)
		require.Equal(t, start.Add(time.Hour), out.UpdatedAt)
		c, err := b.m.FindUserContact(ctx, u.ID)
		require.NoError(t, err)
		require.False(t, c.WhatsAppOptIn)

		// Repeating the same value succeeds and changes nothing.
		b.clock.Advance(time.Hour)
		again, err := b.m.UpdateWhatsAppOptIn(ctx, user.UpdateWhatsAppOptInInput{UserID: u.ID, OptIn: false, ActorUserID: "whatsapp"})
		require.NoError(t, err)
		require.Equal(t, out, again)

		back, err := b.m.UpdateWhatsAppOptIn(ctx, user.UpdateWhatsAppOptInInput{UserID: u.ID, OptIn: true, ActorUserID: "staff-1"})
		require.NoError(t, err)
		require.True(t, back.WhatsAppOptIn)
	})
}

func TestUpdateWhatsAppOptInRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		noPhone, err := b.m.CreateUser(ctx, user.CreateUserInput{FullName: "Bruno Lima", Email: "bruno@corp.example", Kind: user.KindCorporateContact, ActorUserID: "staff-1"})
		require.NoError(t, err)

		_, err = b.m.UpdateWhatsAppOptIn(ctx, user.UpdateWhatsAppOptInInput{UserID: noPhone.ID, OptIn: true, ActorUserID: "staff-1"})
		require.ErrorIs(t, err, user.ErrNoPhone)
		require.Equal(t, apperr.Conflict, apperr.CodeOf(err))
		got, err := b.m.GetUser(ctx, noPhone.ID)
		require.NoError(t, err)
		require.Equal(t, noPhone, got, "a refused opt-in writes nothing")

		_, err = b.m.UpdateWhatsAppOptIn(ctx, user.UpdateWhatsAppOptInInput{UserID: "nope", OptIn: true, ActorUserID: "staff-1"})
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))

		_, err = b.m.UpdateWhatsAppOptIn(ctx, user.UpdateWhatsAppOptInInput{UserID: noPhone.ID, OptIn: false})
		apperrtest.RequireFields(t, err, "actorUserId")
	})
}

func TestReadAPIsNotFound(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		_, err := b.m.GetUser(context.Background(), "missing")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
		_, err = b.m.FindUserContact(context.Background(), "")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
	})
}
