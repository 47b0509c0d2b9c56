package archcheck_test

import (
	"context"
	"fmt"
	"os"

	"github.com/academy/academy/internal/platform/archcheck"
)

// Run checks a module, here the fixture project example.com/shop, in
// strict mode as CI does: every violation is new and the exit code is 1.
func ExampleRun() {
	code, err := archcheck.Run(context.Background(), archcheck.Options{
		Dir:    "testdata/project",
		Strict: true,
		Format: "text",
	}, os.Stdout)
	fmt.Println("exit code:", code, err)
	// Output:
	// internal/shop/events/events.go:7:2: [event-contract-secrets] event field OrderPlaced.CustomerEmail looks like an email address (field name); events are stored forever and fanned out, so carry an ID and look the value up
	// internal/shop/listeners/listeners.go:10:11: [listener-boundary] listener code of module shop calls billing.(*Module).IssueInvoice, an Action of module billing; use its events or its Get/List/Find/Count/Lookup read APIs
	// internal/shop/store.go:6:16: [cross-module-write] internal/shop writes table invoices (UPDATE), which belongs to billing; change another module's data through its Actions (heuristic, from SQL text)
	//
	// rules:
	//   [event-contract-secrets] Event fields must not carry secrets, tokens, passwords, API keys, file paths, raw provider payloads, request bodies, email addresses or phone numbers: events are stored forever and fanned out; carry an ID instead (heuristic: judged from field and type names).
	//   [listener-boundary] Code in internal/<m>/listeners and internal/<m>/jobs may call only its own module's Actions; other modules are reached through their events and Get/List/Find/Count/Lookup read APIs.
	//   [cross-module-write] SQL may INSERT/UPDATE/DELETE only tables its own module (or platform package) declares in OwnedTables; another module's data changes through that module's Actions (heuristic: SQL is read from Go string literals; unknown tables are reported so they can be declared or baselined).
	// architecture-check: 3 new violations (strict: baseline ignored)
	// exit code: 1 <nil>
}
