package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/eventbus"
)

// Role is what a token may do.
type Role string

const (
	// RoleAdmin may do everything, including operating deliveries and the outbox.
	RoleAdmin Role = "admin"
	// RoleStaff runs the school: courses, enrollments, payments, attendance.
	RoleStaff Role = "staff"
	// RoleService is for other systems: webhooks, tracking, integrations.
	RoleService Role = "service"
)

// Staff is the usual set of roles allowed to call business Actions.
var Staff = []Role{RoleAdmin, RoleStaff}

// Principal is who made a request.
type Principal struct {
	// Name identifies the token holder; it becomes the actor user id of the
	// events their Actions record.
	Name string
	Role Role
}

// Token is one configured API token.
type Token struct {
	Principal
	Secret string
}

// ParseTokens parses "name:role:secret" entries separated by commas, as given
// in ACADEMY_TOKENS or --tokens.
func ParseTokens(spec string) ([]Token, error) {
	var out []Token
	for entry := range strings.SplitSeq(spec, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		parts := strings.SplitN(entry, ":", 3)
		if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
			return nil, fmt.Errorf("token entry %q: want name:role:secret", redactEntry(entry))
		}
		role := Role(parts[1])
		if !slices.Contains([]Role{RoleAdmin, RoleStaff, RoleService}, role) {
			return nil, fmt.Errorf("token %q: unknown role %q (want admin, staff or service)", parts[0], parts[1])
		}
		if len(parts[2]) < 16 {
			return nil, fmt.Errorf("token %q: secret must be at least 16 characters", parts[0])
		}
		out = append(out, Token{Principal: Principal{Name: parts[0], Role: role}, Secret: parts[2]})
	}
	return out, nil
}

func redactEntry(entry string) string {
	name, _, _ := strings.Cut(entry, ":")
	return name + ":..."
}

type principalKey struct{}

// PrincipalFrom returns the authenticated principal of a request context.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// WithPrincipal returns ctx carrying p; tests and the CLI use it to act as someone.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

type authenticator struct {
	tokens map[[32]byte]Principal
}

func newAuthenticator(tokens []Token) *authenticator {
	a := &authenticator{tokens: map[[32]byte]Principal{}}
	for _, t := range tokens {
		a.tokens[sha256.Sum256([]byte(t.Secret))] = t.Principal
	}
	return a
}

// authenticate finds the principal of a bearer token. Tokens are compared
// by hash, so lookups take the same time whatever the secret.
func (a *authenticator) authenticate(r *http.Request) (Principal, error) {
	header := r.Header.Get("Authorization")
	secret, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || secret == "" {
		return Principal{}, apperr.Errorf(apperr.Unauthorized, "missing bearer token: send Authorization: Bearer <token>")
	}
	sum := sha256.Sum256([]byte(secret))
	for known, p := range a.tokens {
		if subtle.ConstantTimeCompare(known[:], sum[:]) == 1 {
			return p, nil
		}
	}
	return Principal{}, apperr.Errorf(apperr.Unauthorized, "unknown bearer token")
}

// requestContext adds the principal and the event metadata that Actions
// record: the actor, and a correlation id from X-Request-Id or a new one.
func requestContext(r *http.Request, p Principal) context.Context {
	correlation := r.Header.Get("X-Request-Id")
	if correlation == "" || len(correlation) > 100 {
		correlation = uuid.NewString()
	}
	ctx := WithPrincipal(r.Context(), p)
	return eventbus.WithMetadata(ctx, eventbus.Metadata{Actor: "user:" + p.Name, CorrelationID: correlation})
}
