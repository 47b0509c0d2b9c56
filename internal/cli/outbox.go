package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/academy/academy/internal/app"
	"github.com/academy/academy/internal/platform/outbox"
)

func newOutboxCommand(stdout, stderr io.Writer) *ffcli.Command {
	return &ffcli.Command{
		Name:       "outbox",
		ShortUsage: "academy outbox <list|resend|resolve> [flags]",
		ShortHelp:  "See and settle user-visible messages (email, WhatsApp).",
		FlagSet:    newFlagSet("outbox"),
		Subcommands: []*ffcli.Command{
			newOutboxListCommand(stdout, stderr),
			newOutboxSettleCommand("resend", "Queue an uncertain or failed message again (the person may get it twice).", stdout, stderr,
				func(ctx context.Context, box *outbox.Outbox, id string) (outbox.Message, error) {
					return box.Resend(ctx, id, "cli")
				}),
			newOutboxSettleCommand("resolve", "Mark an uncertain or failed message as done without sending it.", stdout, stderr,
				func(ctx context.Context, box *outbox.Outbox, id string) (outbox.Message, error) {
					return box.Resolve(ctx, id, "cli")
				}),
		},
		Exec: func(context.Context, []string) error {
			return errors.New("missing subcommand: list, resend or resolve")
		},
	}
}

func newOutboxListCommand(stdout, stderr io.Writer) *ffcli.Command {
	var cfg app.Config
	var q outbox.Query
	fs := newFlagSet("outbox list")
	commonFlags(fs, &cfg)
	state := fs.String("state", "", "only messages in this state: queued, sending, sent, failed, uncertain")
	fs.StringVar(&q.Key, "key", "", "only the message with this idempotency key")
	fs.IntVar(&q.Limit, "limit", 100, "at most this many, newest first")
	return &ffcli.Command{
		Name:       "list",
		ShortUsage: "academy outbox list [--state STATE] [--key KEY]",
		ShortHelp:  "List messages with their state, attempts and last error.",
		FlagSet:    fs,
		Options:    env,
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs(args); err != nil {
				return err
			}
			q.State = outbox.State(*state)
			return withApp(ctx, cfg, stderr, func(a *app.App) error {
				msgs, err := a.Outbox.List(ctx, q)
				if err != nil {
					return err
				}
				printMessages(stdout, msgs)
				return nil
			})
		},
	}
}

func printMessages(w io.Writer, msgs []outbox.Message) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tATTEMPTS\tCHANNEL\tKEY\tLAST ERROR")
	for _, m := range msgs {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", m.ID, m.State, m.Attempts, m.Channel, m.Key, m.LastError)
	}
	_ = tw.Flush()
}

func newOutboxSettleCommand(name, help string, stdout, stderr io.Writer,
	settle func(context.Context, *outbox.Outbox, string) (outbox.Message, error)) *ffcli.Command {
	var cfg app.Config
	fs := newFlagSet("outbox " + name)
	commonFlags(fs, &cfg)
	return &ffcli.Command{
		Name:       name,
		ShortUsage: "academy outbox " + name + " ID...",
		ShortHelp:  help,
		FlagSet:    fs,
		Options:    env,
		Exec: func(ctx context.Context, args []string) error {
			if len(args) == 0 {
				return errors.New("give the message ids (see academy outbox list --state uncertain)")
			}
			return withApp(ctx, cfg, stderr, func(a *app.App) error {
				var done []outbox.Message
				for _, id := range args {
					m, err := settle(ctx, a.Outbox, id)
					if err != nil {
						return err
					}
					done = append(done, m)
				}
				printMessages(stdout, done)
				return nil
			})
		},
	}
}
