package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/academy/academy/internal/app"
	"github.com/academy/academy/internal/platform/eventbus"
)

func newJobsCommand(stdout, stderr io.Writer) *ffcli.Command {
	var cfg app.Config
	var q eventbus.JobQuery
	fs := newFlagSet("jobs list")
	commonFlags(fs, &cfg)
	fs.StringVar(&q.Kind, "kind", "", "only jobs of this kind, e.g. webinar.trigger_reminder, attendance.detect_no_shows, outbox.send")
	fs.StringVar(&q.State, "state", "", "only jobs in this state, e.g. scheduled")
	fs.IntVar(&q.Limit, "limit", 100, "at most this many, soonest first")
	list := &ffcli.Command{
		Name:       "list",
		ShortUsage: "academy jobs list [--kind KIND] [--state STATE]",
		ShortHelp:  "List scheduled jobs (reminders, no-show checks, sends) with their due time and state.",
		FlagSet:    fs,
		Options:    env,
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs(args); err != nil {
				return err
			}
			return withApp(ctx, cfg, stderr, func(a *app.App) error {
				jobs, err := a.Bus.Jobs(ctx, q)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "JOB\tKIND\tSTATE\tDUE\tATTEMPT\tARGS\tLAST ERROR")
				for _, j := range jobs {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d/%d\t%s\t%s\n", j.JobID, j.Kind, j.State,
						j.ScheduledAt.UTC().Format("2006-01-02 15:04:05Z"), j.Attempt, j.MaxAttempts, j.Args, j.LastError)
				}
				return tw.Flush()
			})
		},
	}
	return &ffcli.Command{
		Name:        "jobs",
		ShortUsage:  "academy jobs list [flags]",
		ShortHelp:   "Inspect scheduled jobs.",
		FlagSet:     newFlagSet("jobs"),
		Subcommands: []*ffcli.Command{list},
		Exec: func(context.Context, []string) error {
			return errors.New("missing subcommand: list")
		},
	}
}
