// Package cli is Academy's command table: one binary, many subcommands.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/peterbourgon/ff/v3"
	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/academy/academy/internal/app"
)

// Run runs the academy command line and returns the process exit code.
// Errors are printed as one line on stderr.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	err := root.Parse(args)
	if err == nil {
		err = root.Run(ctx)
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintln(stdout, usageOf(commandFor(root, args)))
		return 0
	case errors.Is(err, errExit1):
		return 1
	default:
		fmt.Fprintf(stderr, "academy: %s\n", oneLine(err))
		return 1
	}
}

// errExit1 asks Run to exit 1 without printing more; the command has
// already said why.
var errExit1 = errors.New("exit 1")

func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}

// env is how every flag can also be set: --database-url is ACADEMY_DATABASE_URL.
var env = []ff.Option{ff.WithEnvVarPrefix("ACADEMY")}

func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Run prints errors as one line, and usage on -h
	return fs
}

func newRoot(stdout, stderr io.Writer) *ffcli.Command {
	cmds := []*ffcli.Command{
		newServeCommand(stdout, stderr),
		newWorkerCommand(stdout, stderr),
		newMigrateCommand(stdout, stderr),
		newEventsCommand(stdout, stderr),
		newOutboxCommand(stdout, stderr),
		newJobsCommand(stdout, stderr),
		newArchitectureCheckCommand(),
		newVersionCommand(stdout),
	}
	root := &ffcli.Command{
		Name:        "academy",
		ShortUsage:  "academy <command> [flags]",
		ShortHelp:   "Academy: the event-driven backbone of a training business.",
		FlagSet:     newFlagSet("academy"),
		Subcommands: cmds,
		Exec: func(context.Context, []string) error {
			return errors.New("missing command; run academy -h for the list")
		},
	}
	return root
}

// commandFor finds the subcommand that args name, for -h.
func commandFor(root *ffcli.Command, args []string) *ffcli.Command {
	c := root
	for _, arg := range args {
		var next *ffcli.Command
		for _, sub := range c.Subcommands {
			if sub.Name == arg {
				next = sub
			}
		}
		if next == nil {
			break
		}
		c = next
	}
	return c
}

func usageOf(c *ffcli.Command) string {
	if c.UsageFunc != nil {
		return c.UsageFunc(c)
	}
	return ffcli.DefaultUsageFunc(c)
}

func newVersionCommand(stdout io.Writer) *ffcli.Command {
	return &ffcli.Command{
		Name:       "version",
		ShortUsage: "academy version",
		ShortHelp:  "Print the version.",
		FlagSet:    newFlagSet("version"),
		Exec: func(context.Context, []string) error {
			fmt.Fprintf(stdout, "academy %s\n", app.Version)
			return nil
		},
	}
}

func noArgs(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("unexpected argument %q", args[0])
	}
	return nil
}
