// Package archcheck implements `academy architecture-check`: the
// architecture rules that Go's internal/ folders cannot express.
//
// The compiler already stops one module from importing another module's
// internals. These rules guard what is left: event contracts that must
// stay replayable forever, who may cause which side effect, and who may
// write which table. Each rule is a go/analysis analyzer; all of them run
// together, through golang.org/x/tools/go/analysis/checker, over packages
// loaded once with go/packages. As with go vet, only the checked packages
// are parsed and type-checked; their dependencies come from export data.
// Test files are not checked.
//
// # Layout
//
// Packages are placed by import path, from the path's first "internal"
// element on, so the same rules hold for any module path:
//
//	internal/<m>                  a module root: domain, Actions, read APIs, HTTP handlers
//	internal/<m>/events           the module's event contracts
//	internal/<m>/listeners, jobs  its reactions to events and its scheduled work
//	internal/<m>/internal/...     its storage and other private code
//	internal/platform/<p>         platform packages (eventbus, outbox, db, web, ...)
//	internal/app, internal/cli    the composition root and the command table
//
// An Action is an exported method on a module root's Module type. A read
// API is one whose name starts with Get, List, Find, Count or Lookup
// followed by an upper-case letter or nothing (ListSeats is a read; Listen
// is an Action).
//
// # Rules
//
// event-contract-shape: a type in an events package with EventName or
// EventVersion is an event. It must be a struct of safe scalars (string,
// bool, integers, time.Time, and named types whose underlying type is one
// of those, such as type EnrollmentID string), with an OccurredAt time.Time
// field and EventName() string and EventVersion() int on value receivers.
// No pointers, maps, slices, []byte, arrays, interfaces, floats, nested
// structs or pointer-receiver methods.
//
// event-contract-secrets (heuristic): no event field whose name, json name
// or type name suggests a secret, token, password, API key, card number,
// file path, raw provider payload, request body, email address or phone
// number. Only fields that can hold such a value are judged by name (a
// string, or an integer for phone numbers), and names ending in ID, At,
// Count, Verified and the like are about the value, not the value, so
// EmailVerified and TokenExpiresAt pass.
//
// listener-boundary: code in listeners and jobs may call its own module's
// Actions only. Another module's Actions, called or taken as method
// values, and imports of another module's listeners or jobs are reported;
// its events and read APIs are fine. Listeners often take other modules as
// small interfaces; an interface method with the name and signature of a
// non-read method of the Module type of an imported module root counts as
// that Action.
//
// provider-boundary: only whatsapp's listeners and jobs, and the client
// itself, may call internal/whatsapp/internal/cloudapi; elsewhere in the
// whatsapp module, constructors (New*) may be called to wire the client
// into the send job, nothing else. Only internal/platform/outbox and its
// subpackages may import github.com/wneessen/go-mail or net/smtp.
//
// ui-side-effects: an HTTP handler, a function, method or closure taking
// (http.ResponseWriter, *http.Request) in a module root (or in any module
// package but events, listeners and jobs), may not call what
// the uiForbidden table lists: the outbox package, whatsapp Queue*,
// tracking Actions, River Client.Insert*, (*eventbus.Bus).Record and
// Schedule*, or Schedule* functions of any jobs package. Calls are followed
// into helpers of the same package, but not into Actions or read APIs,
// which may do these things inside their transaction. whatsapp's and
// tracking's own handlers may call their own module's Queue* and Actions.
//
// cross-module-write (heuristic): constant strings (literals and constant
// concatenations) are read as SQL; INSERT INTO, INSERT OR ... INTO,
// REPLACE INTO, UPDATE ... SET, DELETE FROM, TRUNCATE TABLE and MERGE INTO
// a table that another module or platform package declares in OwnedTables
// are reported, and so are writes to tables nobody declares. Strings given
// to errors, fmt.Errorf and loggers are messages, not SQL.
//
// record-in-tx: outside internal/platform/eventbus, no SQL writes
// domain_events, processed_deliveries or river_* tables (heuristic, as
// above), no code calls River's Client.Insert* directly, and no call of
// (*eventbus.Bus).Record passes a nil transaction.
//
// owned-tables: each module root declares var OwnedTables = []string{...}
// of string constants in tables.go; platform packages such as eventbus and
// outbox may declare theirs too. A table with two owners, a listed twice
// table, a non-constant element, or a declaration outside a module root or
// platform package is reported. Ownership is read from the syntax and
// constant values of the loaded packages; when the patterns leave out some
// module roots, those roots are loaded as well, for their declarations only.
//
// # Baseline
//
// The baseline, architecture-baseline.json in the module root, records
// known debt. An entry is a rule, a module-relative file, the enclosing
// top-level declaration (function, method such as (*Module).Enroll, type,
// var or const) and the target (a table, a callee, a field), with a count;
// there are no line numbers, so moving code keeps it matched. Within one
// key, findings beyond the count are new.
//
// A new finding fails the check (exit 1); a baselined one prints as debt.
// An entry that matches fewer findings than its count is stale: reported,
// and failing only with --fail-stale. --strict ignores the baseline.
// --write-baseline records the current findings but refuses to add new
// ones unless --accept-new is given; --prune only lowers counts and removes
// entries. A run over some packages only matches, reports and rewrites the
// entries of the files it checked (and of files that no longer exist); the
// other entries are kept as they are. Each finding has a fingerprint, a hash of its key (with an
// occurrence number after the first), used in the JSON report and as the
// SARIF partial fingerprint.
package archcheck
