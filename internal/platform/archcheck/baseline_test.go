package archcheck

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// finding builds a finding of the listener-boundary rule at a line.
func finding(line int, file, symbol, target string) Finding {
	return Finding{
		Rule: ruleListenerBoundary, File: file, Line: line, Column: 3, Symbol: symbol, Target: target,
		Message: "listener code of module shop calls " + target + ", an Action of module billing",
	}
}

func entry(file, symbol, target string, count int) BaselineEntry {
	return BaselineEntry{Rule: ruleListenerBoundary, File: file, Symbol: symbol, Target: target, Count: count}
}

const (
	lfile   = "internal/shop/listeners/listeners.go"
	issue   = "billing.(*Module).IssueInvoice"
	refund  = "billing.(*Module).RefundInvoice"
	onOrder = "OnOrderPlaced"
)

// TestBaselineGolden matches findings against baselines and compares the
// text, JSON and SARIF reports with golden files.
func TestBaselineGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		findings []Finding
		base     *Baseline // nil: strict mode
		notes    []string
	}{
		{
			name:     "no-baseline",
			findings: []Finding{finding(10, lfile, onOrder, issue)},
			base:     &Baseline{Version: 1},
		},
		{
			// The code moved down 7 lines: entries have no line numbers.
			name:     "line-shift",
			findings: []Finding{finding(17, lfile, onOrder, issue), finding(30, lfile, onOrder, refund)},
			base:     &Baseline{Version: 1, Entries: []BaselineEntry{entry(lfile, onOrder, issue, 1), entry(lfile, onOrder, refund, 1)}},
		},
		{
			// A second call of the same Action in the same function is new.
			name:     "count-up",
			findings: []Finding{finding(10, lfile, onOrder, issue), finding(12, lfile, onOrder, issue)},
			base:     &Baseline{Version: 1, Entries: []BaselineEntry{entry(lfile, onOrder, issue, 1)}},
		},
		{
			// Two of three calls were fixed: the entry is over-counted.
			name:     "count-down",
			findings: []Finding{finding(10, lfile, onOrder, issue)},
			base:     &Baseline{Version: 1, Entries: []BaselineEntry{entry(lfile, onOrder, issue, 3)}},
		},
		{
			// The refund call was fixed; the issue call moved to another function.
			name:     "stale",
			findings: []Finding{finding(10, lfile, "OnOrderShipped", issue)},
			base:     &Baseline{Version: 1, Entries: []BaselineEntry{entry(lfile, onOrder, issue, 1), entry(lfile, onOrder, refund, 1)}},
		},
		{
			name:     "strict",
			findings: []Finding{finding(10, lfile, onOrder, issue), finding(30, lfile, onOrder, refund)},
			base:     nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := match(tt.findings, tt.base, nil)
			rep := report{result: res, strict: tt.base == nil, baselinePath: BaselineFile, notes: tt.notes}
			for _, format := range []string{"text", "json", "sarif"} {
				var buf bytes.Buffer
				require.NoError(t, rep.write(&buf, format))
				golden(t, filepath.Join("testdata", "golden", tt.name+"."+format), buf.Bytes())
			}
			if tt.base == nil {
				return
			}
			pruned, err := marshalBaseline(res.pruned())
			require.NoError(t, err)
			golden(t, filepath.Join("testdata", "golden", tt.name+".pruned.json"), pruned)
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	require.Equal(t, string(want), string(got), "golden file %s; run go test -update to accept the change", path)
}

func TestMatchCounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                  string
		findings              []Finding
		entries               []BaselineEntry
		wantNew, wantBaseline int
		wantStale             int
	}{
		{"empty", nil, nil, 0, 0, 0},
		{"all new", []Finding{finding(1, lfile, onOrder, issue)}, nil, 1, 0, 0},
		{"baselined", []Finding{finding(1, lfile, onOrder, issue)}, []BaselineEntry{entry(lfile, onOrder, issue, 1)}, 0, 1, 0},
		{"other file is new", []Finding{finding(1, "other.go", onOrder, issue)}, []BaselineEntry{entry(lfile, onOrder, issue, 1)}, 1, 0, 1},
		{"other target is new", []Finding{finding(1, lfile, onOrder, refund)}, []BaselineEntry{entry(lfile, onOrder, issue, 1)}, 1, 0, 1},
		{"over count", []Finding{finding(1, lfile, onOrder, issue)}, []BaselineEntry{entry(lfile, onOrder, issue, 2)}, 0, 1, 1},
		{"under count", []Finding{finding(1, lfile, onOrder, issue), finding(2, lfile, onOrder, issue)}, []BaselineEntry{entry(lfile, onOrder, issue, 1)}, 1, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := match(tt.findings, &Baseline{Version: 1, Entries: tt.entries}, nil)
			require.Equal(t, tt.wantNew, res.newCount())
			require.Equal(t, tt.wantBaseline, res.debtCount())
			require.Len(t, res.Stale, tt.wantStale)
			if len(tt.findings) > 0 {
				// Accepting everything leaves nothing new and nothing stale.
				again := match(tt.findings, res.acceptAll(), nil)
				require.Zero(t, again.newCount())
				require.Empty(t, again.Stale)
			}
		})
	}
}

func TestFingerprintsAreStableAndDistinct(t *testing.T) {
	t.Parallel()
	a := match([]Finding{finding(10, lfile, onOrder, issue), finding(20, lfile, onOrder, issue)}, nil, nil)
	b := match([]Finding{finding(99, lfile, onOrder, issue), finding(120, lfile, onOrder, issue)}, nil, nil)
	require.Equal(t, a.Findings[0].Fingerprint, b.Findings[0].Fingerprint, "a line shift keeps the fingerprint")
	require.Equal(t, a.Findings[1].Fingerprint, b.Findings[1].Fingerprint)
	require.NotEqual(t, a.Findings[0].Fingerprint, a.Findings[1].Fingerprint)
}

func TestReadBaselineRejectsBadFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, content, wantErr string
	}{
		{"not json", "{", "parse baseline"},
		{"unknown field", `{"version":1,"entries":[],"extra":1}`, "unknown field"},
		{"wrong version", `{"version":2,"entries":[]}`, "version 2"},
		{"unknown rule", `{"version":1,"entries":[{"rule":"nope","file":"a.go","symbol":"f","target":"t","count":1}]}`, `unknown rule "nope"`},
		{"zero count", `{"version":1,"entries":[{"rule":"record-in-tx","file":"a.go","symbol":"f","target":"t","count":0}]}`, "count 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), BaselineFile)
			require.NoError(t, os.WriteFile(path, []byte(tt.content), 0o644))
			_, err := ReadBaseline(path)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
	b, err := ReadBaseline(filepath.Join(t.TempDir(), "missing.json"))
	require.NoError(t, err)
	require.Empty(t, b.Entries)
}
