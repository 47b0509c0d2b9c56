package archcheck

import (
	"fmt"
	"go/token"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// Rule is one architecture rule. Its ID is stable: it appears in output,
// in SARIF and in baseline entries.
type Rule struct {
	ID string `json:"id"`
	// Explanation is the one line printed with the rule's findings.
	Explanation string `json:"explanation"`
	// Heuristic marks rules (or parts of rules) that guess from names or
	// from SQL text, so a finding may be a false positive to baseline.
	Heuristic bool `json:"heuristic"`
}

const (
	ruleEventShape       = "event-contract-shape"
	ruleEventSecrets     = "event-contract-secrets"
	ruleListenerBoundary = "listener-boundary"
	ruleProviderBoundary = "provider-boundary"
	ruleUISideEffects    = "ui-side-effects"
	ruleCrossModuleWrite = "cross-module-write"
	ruleRecordInTx       = "record-in-tx"
	ruleOwnedTables      = "owned-tables"
)

// Rules lists every rule in a fixed order.
var Rules = []Rule{
	{ruleEventShape, "Event contracts in internal/<m>/events are flat structs of safe scalars (string, bool, integers, time.Time, named string/int IDs) with an OccurredAt time.Time field and value receivers only, so every version can be stored and replayed forever.", false},
	{ruleEventSecrets, "Event fields must not carry secrets, tokens, passwords, API keys, file paths, raw provider payloads, request bodies, email addresses or phone numbers: events are stored forever and fanned out; carry an ID instead (heuristic: judged from field and type names).", true},
	{ruleListenerBoundary, "Code in internal/<m>/listeners and internal/<m>/jobs may call only its own module's Actions; other modules are reached through their events and Get/List/Find/Count/Lookup read APIs.", false},
	{ruleProviderBoundary, "Only whatsapp's listeners and jobs may call the WhatsApp Cloud API client (internal/whatsapp/internal/cloudapi), and only internal/platform/outbox may import go-mail or net/smtp: providers are reached from retried background work, never from Actions.", false},
	{ruleUISideEffects, "HTTP handlers may call Actions and read APIs, but not the outbox, WhatsApp Queue*, tracking writes, River Insert*, (*eventbus.Bus).Record/Schedule* or jobs.Schedule*: side effects of a request happen through Actions and the events they record.", false},
	{ruleCrossModuleWrite, "SQL may INSERT/UPDATE/DELETE only tables its own module (or platform package) declares in OwnedTables; another module's data changes through that module's Actions (heuristic: SQL is read from Go string literals; unknown tables are reported so they can be declared or baselined).", true},
	{ruleRecordInTx, "Events are recorded only with (*eventbus.Bus).Record inside the caller's transaction: no other code writes domain_events, processed_deliveries or river_* tables, or calls River Insert* directly (heuristic for the SQL part: read from Go string literals).", true},
	{ruleOwnedTables, "Each module root declares its tables once, as var OwnedTables = []string{...} of string constants in tables.go (platform packages such as eventbus and outbox declare theirs the same way), and no table has two owners.", false},
}

func ruleByID(id string) (Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// analyzerName turns a rule id into a valid analyzer name.
func analyzerName(ruleID string) string { return strings.ReplaceAll(ruleID, "-", "_") }

// suite is one run's set of analyzers. The analyzers share the project's
// table ownership, which needs every module root, so they are built per run
// rather than as package-level variables.
type suite struct {
	own *ownership

	mu      sync.Mutex
	targets map[diagKey]string
}

// diagKey identifies a reported diagnostic, to look up its target.
type diagKey struct {
	analyzer string
	pos      token.Pos
	msg      string
}

func newSuite(own *ownership) *suite {
	if own == nil {
		own = newOwnership()
	}
	return &suite{own: own, targets: make(map[diagKey]string)}
}

// report reports a finding. The target (a table, a callee, a field) is
// part of the finding's baseline key, so it must not contain positions.
func (s *suite) report(pass *analysis.Pass, pos token.Pos, target, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.mu.Lock()
	s.targets[diagKey{pass.Analyzer.Name, pos, msg}] = target
	s.mu.Unlock()
	pass.Report(analysis.Diagnostic{Pos: pos, Message: msg})
}

func (s *suite) target(analyzer string, d analysis.Diagnostic) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.targets[diagKey{analyzer, d.Pos, d.Message}]
}

// analyzers returns one analyzer per rule, in the order of Rules.
func (s *suite) analyzers() []*analysis.Analyzer {
	runs := map[string]func(*analysis.Pass) (any, error){
		ruleEventShape:       s.runEventShape,
		ruleEventSecrets:     s.runEventSecrets,
		ruleListenerBoundary: s.runListenerBoundary,
		ruleProviderBoundary: s.runProviderBoundary,
		ruleUISideEffects:    s.runUISideEffects,
		ruleCrossModuleWrite: s.runCrossModuleWrite,
		ruleRecordInTx:       s.runRecordInTx,
		ruleOwnedTables:      s.runOwnedTables,
	}
	out := make([]*analysis.Analyzer, 0, len(Rules))
	for _, r := range Rules {
		out = append(out, &analysis.Analyzer{
			Name: analyzerName(r.ID),
			Doc:  r.Explanation,
			Run:  runs[r.ID],
		})
	}
	return out
}

// analyzer returns the analyzer for one rule.
func (s *suite) analyzer(ruleID string) *analysis.Analyzer {
	for _, a := range s.analyzers() {
		if a.Name == analyzerName(ruleID) {
			return a
		}
	}
	panic("archcheck: unknown rule " + ruleID)
}
