package archcheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path           string
		kind           pkgKind
		module, owner  string
		sub, describes string
	}{
		{"github.com/academy/academy/internal/enrollment", kindModuleRoot, "enrollment", "enrollment", "", "internal/enrollment"},
		{"github.com/academy/academy/internal/enrollment/events", kindEvents, "enrollment", "enrollment", "events", "internal/enrollment/events"},
		{"github.com/academy/academy/internal/enrollment/listeners/email", kindListeners, "enrollment", "enrollment", "listeners/email", "internal/enrollment/listeners/email"},
		{"github.com/academy/academy/internal/whatsapp/jobs", kindJobs, "whatsapp", "whatsapp", "jobs", "internal/whatsapp/jobs"},
		{"github.com/academy/academy/internal/whatsapp/internal/cloudapi", kindModulePrivate, "whatsapp", "whatsapp", "internal/cloudapi", "internal/whatsapp/internal/cloudapi"},
		{"github.com/academy/academy/internal/course/http", kindModuleSub, "course", "course", "http", "internal/course/http"},
		{"github.com/academy/academy/internal/platform/outbox/smtp", kindPlatform, "", "platform/outbox", "smtp", "internal/platform/outbox/smtp"},
		{"github.com/academy/academy/internal/platform", kindOther, "", "", "", "internal/platform"},
		{"github.com/academy/academy/internal/app", kindApp, "", "", "", "internal/app"},
		{"github.com/academy/academy/internal/cli", kindCLI, "", "", "", "internal/cli"},
		{"github.com/academy/academy/cmd/academy", kindOther, "", "", "", "github.com/academy/academy/cmd/academy"},
		{"example.com/shop/internal/billing", kindModuleRoot, "billing", "billing", "", "internal/billing"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			got := classify(tt.path)
			require.Equal(t, tt.kind, got.Kind)
			require.Equal(t, tt.module, got.Module)
			require.Equal(t, tt.owner, got.owner())
			require.Equal(t, tt.sub, got.Sub)
			require.Equal(t, tt.describes, got.describe())
		})
	}
}

func TestIsReadName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		read bool
	}{
		{"Get", true}, {"GetUser", true}, {"ListEnrollments", true}, {"FindByEmail", true},
		{"CountSeats", true}, {"LookupPayer", true}, {"GetUserTx", true},
		{"Listen", false}, {"Getaway", false}, {"Counter", false}, {"Enroll", false}, {"CreateLeadTx", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.read, isReadName(tt.name))
		})
	}
}

func TestSensitiveName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, want string
	}{
		{"Email", "an email address"},
		{"customer_email", "an email address"},
		{"APIKey", "an API key"},
		{"apiKey", "an API key"},
		{"PrivateKeyPEM", "a private key"},
		{"ResetToken", "a token"},
		{"Path", "a file path"},
		{"AttachmentPath", "a file path"},
		{"LearningPath", ""},
		{"TokenID", ""},
		{"EmailVerified", ""},
		{"PasswordChangedAt", ""},
		{"CourseTitle", ""},
		{"Tokenizer", ""},
		{"WhatsAppNumber", "a phone number"},
		{"CardNumber", "a card number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, sensitiveName(tt.name))
		})
	}
}

func TestSplitWords(t *testing.T) {
	t.Parallel()
	require.Equal(t, []string{"api", "key"}, splitWords("APIKey"))
	require.Equal(t, []string{"user", "id"}, splitWords("UserID"))
	require.Equal(t, []string{"customer", "email", "address"}, splitWords("customer_emailAddress"))
	require.Equal(t, []string{"sha256", "sum"}, splitWords("Sha256Sum"), "digits stay with their word")
}

func TestSQLWrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sql  string
		want []sqlWrite
	}{
		{"INSERT INTO enrollments (id) VALUES ($1)", []sqlWrite{{"INSERT", "enrollments"}}},
		{"insert or ignore into seats(id) values (1)", []sqlWrite{{"INSERT", "seats"}}},
		{"INSERT INTO a (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 2", []sqlWrite{{"INSERT", "a"}}},
		{`UPDATE "public"."Payments" SET paid = true`, []sqlWrite{{"UPDATE", "payments"}}},
		{"UPDATE payments p SET paid = true", []sqlWrite{{"UPDATE", "payments"}}},
		{"update only payments as p\n\tset paid = true", []sqlWrite{{"UPDATE", "payments"}}},
		{"DELETE FROM river_job WHERE id = 1", []sqlWrite{{"DELETE", "river_job"}}},
		{"REPLACE INTO seats VALUES (1)", []sqlWrite{{"REPLACE", "seats"}}},
		{"TRUNCATE TABLE seats", []sqlWrite{{"TRUNCATE", "seats"}}},
		{"WITH x AS (SELECT 1) INSERT INTO seats SELECT * FROM x", []sqlWrite{{"INSERT", "seats"}}},
		{"SELECT * FROM payments WHERE updated_at > $1", nil},
		{"/* DELETE FROM payments */ SELECT 1 -- UPDATE payments SET x = 1", nil},
		{"update your settings", nil},
		{"truncate the name", nil},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, sqlWrites(tt.sql))
		})
	}
}

func TestEnclosingSymbol(t *testing.T) {
	t.Parallel()
	const src = `package p

import "fmt"

type Module struct{ n int }

type Box[T any] struct{ v T }

const q = "DELETE FROM x"

var handler = func() { fmt.Println("in var") }

func Free() { fmt.Println("free") }

func (m *Module) Enroll() { fmt.Println("ptr") }

func (m Module) Value() { fmt.Println("value") }

func (b *Box[T]) Get() { fmt.Println("generic") }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	require.NoError(t, err)
	pkg := &packages.Package{Syntax: []*ast.File{f}}
	at := func(needle string) token.Pos {
		file := fset.File(f.Pos())
		i := strings.Index(src, needle)
		require.GreaterOrEqual(t, i, 0, needle)
		return file.Pos(i)
	}
	tests := []struct {
		needle, want string
	}{
		{`"fmt"`, "import"},
		{"n int", "Module"},
		{`"DELETE`, "q"},
		{`"in var"`, "handler"},
		{`"free"`, "Free"},
		{`"ptr"`, "(*Module).Enroll"},
		{`"value"`, "Module.Value"},
		{`"generic"`, "(*Box).Get"},
		{"package p", "package"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, enclosingSymbol(pkg, at(tt.needle)))
		})
	}
}
