package archcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// project is a copy of testdata/project, a module with its own path
// (example.com/shop), with three violations: a listener calling another
// module's Action, SQL writing another module's table, and an email in an
// event.
type project struct {
	t   *testing.T
	dir string
}

func setupProject(t *testing.T) *project {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "project"))))
	return &project{t: t, dir: dir}
}

// run runs the check and returns the exit code and output.
func (p *project) run(opts Options) (int, string) {
	p.t.Helper()
	opts.Dir = p.dir
	var out bytes.Buffer
	code, err := Run(context.Background(), opts, &out)
	require.NoError(p.t, err, out.String())
	return code, out.String()
}

// edit replaces old with new in a project file.
func (p *project) edit(file, old, new string) {
	p.t.Helper()
	path := filepath.Join(p.dir, file)
	data, err := os.ReadFile(path)
	require.NoError(p.t, err)
	require.Contains(p.t, string(data), old)
	require.NoError(p.t, os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644))
}

func (p *project) baseline() *Baseline {
	p.t.Helper()
	b, err := ReadBaseline(filepath.Join(p.dir, BaselineFile))
	require.NoError(p.t, err)
	return b
}

const listenerFile = "internal/shop/listeners/listeners.go"

func TestRunBaselineLifecycle(t *testing.T) {
	t.Parallel()
	p := setupProject(t)

	code, out := p.run(Options{})
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "internal/shop/listeners/listeners.go:10:11: [listener-boundary] listener code of module shop calls billing.(*Module).IssueInvoice")
	require.Contains(t, out, "internal/shop/store.go:6:16: [cross-module-write] internal/shop writes table invoices (UPDATE), which belongs to billing")
	require.Contains(t, out, "[event-contract-secrets] event field OrderPlaced.CustomerEmail looks like an email address")
	require.Contains(t, out, "3 new violations")

	// Writing a baseline refuses to add new violations without --accept-new.
	code, out = p.run(Options{WriteBaseline: true})
	require.Equal(t, 1, code)
	require.Contains(t, out, "baseline not written")
	require.NoFileExists(t, filepath.Join(p.dir, BaselineFile))

	code, out = p.run(Options{WriteBaseline: true, AcceptNew: true})
	require.Equal(t, 0, code, out)
	require.Len(t, p.baseline().Entries, 3)

	code, out = p.run(Options{})
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "(baselined debt)")
	require.Contains(t, out, "0 new violations, 3 baselined (debt), 0 stale baseline entries")

	// Moving code keeps it baselined.
	p.edit(listenerFile, "func OnOrderPlaced", "// A comment\n// that moves the code down.\nfunc OnOrderPlaced")
	code, out = p.run(Options{})
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "listeners.go:12:11:")

	// A second call of the same Action is new.
	p.edit(listenerFile, "return b.IssueInvoice(ev.OrderID)", "_ = b.IssueInvoice(ev.OrderID)\n\treturn b.IssueInvoice(ev.OrderID)")
	code, out = p.run(Options{})
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "1 new violation, 3 baselined (debt)")

	// Strict mode ignores the baseline.
	code, out = p.run(Options{Strict: true})
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "4 new violations (strict: baseline ignored)")

	// Fixing both calls leaves a stale entry: reported, fails only with --fail-stale.
	p.edit(listenerFile, "_ = b.IssueInvoice(ev.OrderID)\n\treturn b.IssueInvoice(ev.OrderID)", "return nil")
	code, out = p.run(Options{})
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "stale baseline entry [listener-boundary] internal/shop/listeners/listeners.go OnOrderPlaced billing.(*Module).IssueInvoice: count 1, found 0")
	code, _ = p.run(Options{FailStale: true})
	require.Equal(t, 1, code)

	// --prune removes it and adds nothing, even a new violation.
	p.edit("internal/shop/store.go", "insertOrder =", "insertInvoice = `INSERT INTO invoices (id) VALUES ($1)`\n\tinsertOrder  =")
	code, out = p.run(Options{Prune: true})
	require.Equal(t, 1, code, out)
	b := p.baseline()
	require.Len(t, b.Entries, 2)
	for _, e := range b.Entries {
		require.NotEqual(t, ruleListenerBoundary, e.Rule)
		require.Equal(t, 1, e.Count)
	}
	code, out = p.run(Options{FailStale: true})
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "1 new violation, 2 baselined (debt), 0 stale baseline entries")
}

func TestRunPartialPatternKnowsEveryOwner(t *testing.T) {
	t.Parallel()
	p := setupProject(t)
	// Only shop is checked, but billing's OwnedTables still say who owns invoices.
	code, out := p.run(Options{Patterns: []string{"./internal/shop/..."}, Strict: true})
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "writes table invoices (UPDATE), which belongs to billing")
	require.NotContains(t, out, "no OwnedTables declares")
}

func TestRunFormats(t *testing.T) {
	t.Parallel()
	p := setupProject(t)

	_, out := p.run(Options{Format: "json", Strict: true})
	var rep struct {
		Version  int `json:"version"`
		Findings []struct {
			Rule        string `json:"rule"`
			Status      string `json:"status"`
			File        string `json:"file"`
			Line        int    `json:"line"`
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, 1, rep.Version)
	require.Len(t, rep.Findings, 3)
	for _, f := range rep.Findings {
		require.Equal(t, "new", f.Status)
		require.NotEmpty(t, f.Fingerprint)
		require.Positive(t, f.Line)
	}

	_, out = p.run(Options{Format: "sarif", Strict: true})
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID              string            `json:"ruleId"`
				Level               string            `json:"level"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Locations           []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &sarif))
	require.Equal(t, "2.1.0", sarif.Version)
	require.Len(t, sarif.Runs, 1)
	require.Len(t, sarif.Runs[0].Tool.Driver.Rules, len(Rules))
	require.Len(t, sarif.Runs[0].Results, 3)
	for _, r := range sarif.Runs[0].Results {
		require.Equal(t, "error", r.Level)
		require.NotEmpty(t, r.PartialFingerprints[sarifFingerprint])
		require.True(t, strings.HasPrefix(r.Locations[0].PhysicalLocation.ArtifactLocation.URI, "internal/shop/"))
	}
}

func TestRunRejectsBadOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"format", Options{Format: "xml"}, `unknown format "xml"`},
		{"strict and write", Options{Strict: true, WriteBaseline: true}, "--strict ignores the baseline"},
		{"write and prune", Options{WriteBaseline: true, Prune: true}, "either --write-baseline or --prune"},
		{"accept-new alone", Options{AcceptNew: true}, "--accept-new only makes sense with --write-baseline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, err := Run(context.Background(), tt.opts, &bytes.Buffer{})
			require.Equal(t, 2, code)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestRunFailsOnPackagesThatDoNotCompile(t *testing.T) {
	t.Parallel()
	p := setupProject(t)
	p.edit("internal/billing/billing.go", "type Module struct{}", "type Module struct{ x undefinedType }")
	code, err := Run(context.Background(), Options{Dir: p.dir}, &bytes.Buffer{})
	require.Equal(t, 2, code)
	require.ErrorContains(t, err, "undefinedType")
}

func TestRunPartialPatternKeepsOtherBaselineEntries(t *testing.T) {
	t.Parallel()
	p := setupProject(t)
	code, out := p.run(Options{WriteBaseline: true, AcceptNew: true})
	require.Equal(t, 0, code, out)
	require.Len(t, p.baseline().Entries, 3)

	// billing has no findings; shop's entries were not checked, so they are
	// not stale, and pruning or rewriting the baseline keeps them.
	billing := []string{"./internal/billing/..."}
	code, out = p.run(Options{Patterns: billing, FailStale: true})
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "0 new violations, 0 baselined (debt), 0 stale baseline entries")
	code, out = p.run(Options{Patterns: billing, Prune: true})
	require.Equal(t, 0, code, out)
	require.Len(t, p.baseline().Entries, 3)
	code, out = p.run(Options{Patterns: billing, WriteBaseline: true})
	require.Equal(t, 0, code, out)
	require.Len(t, p.baseline().Entries, 3)

	// A deleted file's entries are stale in any run.
	require.NoError(t, os.Remove(filepath.Join(p.dir, listenerFile)))
	code, out = p.run(Options{Patterns: billing, FailStale: true})
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "stale baseline entry [listener-boundary] internal/shop/listeners/listeners.go")
}
