package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/academy/academy/internal/platform/archcheck"
)

// newArchitectureCheckCommand checks the module boundaries that Go's
// internal/ folders cannot express; see package archcheck for the rules.
func newArchitectureCheckCommand() *ffcli.Command {
	var opts archcheck.Options
	fs := flag.NewFlagSet("architecture-check", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the command table prints errors and usage
	fs.StringVar(&opts.Dir, "C", "", "run in `dir` (default: the current directory)")
	fs.StringVar(&opts.BaselinePath, "baseline", "", "baseline `file` (default: "+archcheck.BaselineFile+" in the module root)")
	fs.BoolVar(&opts.Strict, "strict", false, "ignore the baseline: every violation fails (CI)")
	fs.BoolVar(&opts.FailStale, "fail-stale", false, "fail when a baseline entry no longer matches")
	fs.BoolVar(&opts.WriteBaseline, "write-baseline", false, "record the current violations in the baseline")
	fs.BoolVar(&opts.AcceptNew, "accept-new", false, "with --write-baseline: also record violations that are not baselined yet")
	fs.BoolVar(&opts.Prune, "prune", false, "remove stale and over-counted baseline entries; adds nothing")
	fs.StringVar(&opts.Format, "format", "text", "output `format`: text, json or sarif")
	return &ffcli.Command{
		Name:       "architecture-check",
		ShortUsage: "academy architecture-check [flags] [packages] (default ./...)",
		ShortHelp:  "Check module boundaries, event contracts and table ownership the compiler cannot.",
		LongHelp: "Runs the archcheck analyzers over the packages (default ./... of the module in -C DIR).\n" +
			"New violations fail (exit 1); violations recorded in the baseline print as debt.\n" +
			"Rules: event-contract-shape, event-contract-secrets, listener-boundary, provider-boundary,\n" +
			"ui-side-effects, cross-module-write, record-in-tx, owned-tables.",
		FlagSet: fs,
		Exec: func(ctx context.Context, args []string) error {
			opts.Patterns = args
			code, err := archcheck.Run(ctx, opts, os.Stdout)
			if err != nil {
				return fmt.Errorf("architecture-check: %w", err)
			}
			if code != 0 {
				return errArchitectureViolations
			}
			return nil
		},
	}
}

// errArchitectureViolations is returned after the report has been printed.
var errArchitectureViolations = errors.New("architecture-check failed: see the report above")
