package archcheck

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
)

// Finding is one violation of a rule.
type Finding struct {
	Rule    string `json:"rule"`
	File    string `json:"file"` // relative to the module root, with slashes
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Symbol  string `json:"symbol"` // enclosing function, method or type
	Target  string `json:"target"` // what it touches: a table, a callee, a field
	Message string `json:"message"`
}

// key is what the baseline matches on: no line numbers, so code can move.
type key struct {
	Rule, File, Symbol, Target string
}

func (f Finding) key() key { return key{f.Rule, f.File, f.Symbol, f.Target} }

// fingerprint is a stable hash of a key.
func (k key) fingerprint() string {
	sum := sha256.Sum256([]byte(strings.Join([]string{k.Rule, k.File, k.Symbol, k.Target}, "\x00")))
	return hex.EncodeToString(sum[:8])
}

// Baseline is known architecture debt: violations that exist and are
// accepted for now. Each entry counts the findings with its key.
type Baseline struct {
	Version int             `json:"version"`
	Comment string          `json:"comment,omitempty"`
	Entries []BaselineEntry `json:"entries"`
}

// BaselineEntry is one accepted violation key and how often it occurs.
type BaselineEntry struct {
	Rule   string `json:"rule"`
	File   string `json:"file"`
	Symbol string `json:"symbol"`
	Target string `json:"target"`
	Count  int    `json:"count"`
}

func (e BaselineEntry) key() key { return key{e.Rule, e.File, e.Symbol, e.Target} }

const (
	baselineVersion = 1
	baselineComment = "Known architecture debt, written by `academy architecture-check --write-baseline`. " +
		"Entries match on rule, file, enclosing symbol and target, not on lines. Shrink it with --prune."
)

// ReadBaseline reads a baseline file; a missing file is an empty baseline.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Baseline{Version: baselineVersion}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	var b Baseline
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("parse baseline %s: %w", path, err)
	}
	if b.Version != baselineVersion {
		return nil, fmt.Errorf("baseline %s has version %d, want %d", path, b.Version, baselineVersion)
	}
	for _, e := range b.Entries {
		if _, ok := ruleByID(e.Rule); !ok {
			return nil, fmt.Errorf("baseline %s: unknown rule %q", path, e.Rule)
		}
		if e.Count < 1 {
			return nil, fmt.Errorf("baseline %s: entry %s %s %s has count %d", path, e.Rule, e.File, e.Symbol, e.Count)
		}
	}
	return &b, nil
}

func writeBaseline(path string, b *Baseline) error {
	data, err := marshalBaseline(b)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	return nil
}

func marshalBaseline(b *Baseline) ([]byte, error) {
	out := Baseline{Version: baselineVersion, Comment: baselineComment, Entries: append([]BaselineEntry{}, b.Entries...)}
	sort.Slice(out.Entries, func(i, j int) bool {
		a, b := out.Entries[i].key(), out.Entries[j].key()
		return fmt.Sprint(a.File, a.Rule, a.Symbol, a.Target) < fmt.Sprint(b.File, b.Rule, b.Symbol, b.Target)
	})
	if out.Entries == nil {
		out.Entries = []BaselineEntry{}
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode baseline: %w", err)
	}
	return append(data, '\n'), nil
}

// Status says how a finding relates to the baseline.
type Status string

const (
	StatusNew       Status = "new"       // not in the baseline: fails the check
	StatusBaselined Status = "baselined" // known debt
	StatusStale     Status = "stale"     // a baseline entry with fewer findings than its count
)

// Matched is a finding with its status and fingerprint.
type Matched struct {
	Finding
	Status      Status `json:"status"`
	Fingerprint string `json:"fingerprint"`
}

// Stale is a baseline entry that matches fewer findings than it counts.
type Stale struct {
	BaselineEntry
	Found       int    `json:"found"`
	Fingerprint string `json:"fingerprint"`
}

// result is the findings matched against a baseline.
type result struct {
	Findings []Matched
	Stale    []Stale
	entries  []BaselineEntry // the baseline's entries for the checked files
	outside  []BaselineEntry // its entries for files this run did not check
}

// match matches findings (sorted by position) against a baseline; a nil
// baseline (strict mode) makes every finding new. Within one key the first
// findings, by position, are the baselined ones. Entries for files that
// inScope rejects were not checked in this run: they are neither matched
// nor stale, and writing the baseline keeps them. A nil inScope accepts
// every file.
func match(findings []Finding, base *Baseline, inScope func(file string) bool) result {
	var res result
	budget := make(map[key]int)
	if base != nil {
		for _, e := range base.Entries {
			if inScope != nil && !inScope(e.File) {
				res.outside = append(res.outside, e)
				continue
			}
			res.entries = append(res.entries, e)
			budget[e.key()] += e.Count
		}
	}
	seen := make(map[key]int)
	for _, f := range findings {
		k := f.key()
		seen[k]++
		fp := k.fingerprint()
		if n := seen[k]; n > 1 {
			fp = fmt.Sprintf("%s-%d", fp, n)
		}
		st := StatusNew
		if seen[k] <= budget[k] {
			st = StatusBaselined
		}
		res.Findings = append(res.Findings, Matched{Finding: f, Status: st, Fingerprint: fp})
	}
	if base != nil {
		for _, e := range res.entries {
			if found := seen[e.key()]; found < e.Count {
				res.Stale = append(res.Stale, Stale{BaselineEntry: e, Found: found, Fingerprint: e.key().fingerprint()})
			}
		}
	}
	return res
}

func (r result) newCount() int  { return r.count(StatusNew) }
func (r result) debtCount() int { return r.count(StatusBaselined) }
func (r result) count(s Status) int {
	n := 0
	for _, f := range r.Findings {
		if f.Status == s {
			n++
		}
	}
	return n
}

// acceptAll is a baseline of every current finding, and of the entries
// for files this run did not check.
func (r result) acceptAll() *Baseline {
	counts := make(map[key]int)
	var order []key
	for _, f := range r.Findings {
		k := f.key()
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	b := &Baseline{Version: baselineVersion, Entries: append([]BaselineEntry{}, r.outside...)}
	for _, k := range order {
		b.Entries = append(b.Entries, BaselineEntry{Rule: k.Rule, File: k.File, Symbol: k.Symbol, Target: k.Target, Count: counts[k]})
	}
	return b
}

// pruned is the baseline it was matched against, with every count lowered
// to what was found and empty entries removed. It never adds anything.
func (r result) pruned() *Baseline {
	found := make(map[key]int)
	for _, f := range r.Findings {
		found[f.key()]++
	}
	b := &Baseline{Version: baselineVersion, Entries: append([]BaselineEntry{}, r.outside...)}
	for _, e := range r.entries {
		e.Count = min(e.Count, found[e.key()])
		found[e.key()] -= e.Count // duplicate entries share the findings
		if e.Count > 0 {
			b.Entries = append(b.Entries, e)
		}
	}
	return b
}
