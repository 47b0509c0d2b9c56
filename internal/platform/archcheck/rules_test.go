package archcheck

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"
)

// fixtureSuite builds the analyzers for a GOPATH-style fixture tree, with
// the table ownership of every package in it, as Run does for a module.
func fixtureSuite(t *testing.T, dir string) *suite {
	t.Helper()
	cfg := &packages.Config{
		Dir:  dir,
		Mode: loadMode,
		Env:  append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off", "GOFLAGS="),
	}
	pkgs, err := packages.Load(cfg, "github.com/academy/academy/...")
	require.NoError(t, err)
	require.NoError(t, loadErrors(pkgs))
	return newSuite(collectOwnership(pkgs))
}

// TestRules runs each rule over its fixture tree, testdata/<rule id>: every
// "// want" comment is a violation the rule must report, and every other
// line must stay silent.
func TestRules(t *testing.T) {
	t.Parallel()
	for _, r := range Rules {
		t.Run(r.ID, func(t *testing.T) {
			t.Parallel()
			require.NotEmpty(t, r.Explanation)
			dir := filepath.Join(analysistest.TestData(), r.ID)
			s := fixtureSuite(t, dir)
			analysistest.Run(t, dir, s.analyzer(r.ID), "github.com/academy/academy/...")
		})
	}
}
