package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/academy/academy/internal/app"
	"github.com/academy/academy/internal/platform/eventbus"
)

func newEventsCommand(stdout, stderr io.Writer) *ffcli.Command {
	return &ffcli.Command{
		Name:       "events",
		ShortUsage: "academy events <list|catalog|deliveries|retry> [flags]",
		ShortHelp:  "Inspect the event registry and operate listener deliveries.",
		FlagSet:    newFlagSet("events"),
		Subcommands: []*ffcli.Command{
			newEventsListCommand(stdout),
			newEventsCatalogCommand(stdout),
			newEventsDeliveriesCommand(stdout, stderr),
			newEventsRetryCommand(stdout, stderr),
		},
		Exec: func(context.Context, []string) error {
			return errors.New("missing subcommand: list, catalog, deliveries or retry")
		},
	}
}

// withRegistry composes the application on a throw-away in-memory database,
// so that reading the registry touches no real data.
func withRegistry(ctx context.Context, fn func(a *app.App) error) error {
	a, err := app.New(ctx, app.Config{DatabaseURL: "sqlite::memory:", Tokens: "registry:admin:registry-only-not-served"}, app.Options{LogOutput: io.Discard})
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a)
}

func newEventsListCommand(stdout io.Writer) *ffcli.Command {
	return &ffcli.Command{
		Name:       "list",
		ShortUsage: "academy events list",
		ShortHelp:  "List every registered event with its owner module and listeners.",
		FlagSet:    newFlagSet("events list"),
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs(args); err != nil {
				return err
			}
			return withRegistry(ctx, func(a *app.App) error {
				tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "EVENT\tVERSION\tOWNER\tLISTENERS")
				for _, ev := range a.Bus.Events() {
					names := make([]string, len(ev.Listeners))
					for i, l := range ev.Listeners {
						names[i] = l.Name
					}
					fmt.Fprintf(tw, "%s\tv%d\t%s\t%s\n", ev.Name, ev.Version, ev.Owner, strings.Join(names, ", "))
				}
				return tw.Flush()
			})
		},
	}
}

func newEventsCatalogCommand(stdout io.Writer) *ffcli.Command {
	fs := newFlagSet("events catalog")
	out := fs.String("out", "docs/event_catalog.md", "catalog file to write; - for stdout")
	boundaries := fs.String("boundaries", "docs/domain_boundaries.md", "module boundaries file to write; empty to skip")
	return &ffcli.Command{
		Name:       "catalog",
		ShortUsage: "academy events catalog [--out FILE] [--boundaries FILE]",
		ShortHelp:  "Write the event catalog and the module boundaries from the code (docs/).",
		FlagSet:    fs,
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs(args); err != nil {
				return err
			}
			return withRegistry(ctx, func(a *app.App) error {
				var buf bytes.Buffer
				if err := eventbus.WriteCatalog(&buf, a.Bus.Events()); err != nil {
					return err
				}
				if *out == "-" {
					_, err := stdout.Write(buf.Bytes())
					return err
				}
				if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
					return fmt.Errorf("write catalog: %w", err)
				}
				fmt.Fprintf(stdout, "wrote %s (%d events)\n", *out, len(a.Bus.Events()))
				if *boundaries == "" {
					return nil
				}
				buf.Reset()
				if err := app.WriteBoundaries(&buf, a.Modules()); err != nil {
					return err
				}
				if err := os.WriteFile(*boundaries, buf.Bytes(), 0o644); err != nil {
					return fmt.Errorf("write boundaries: %w", err)
				}
				fmt.Fprintf(stdout, "wrote %s\n", *boundaries)
				return nil
			})
		},
	}
}

// withApp composes the application on the configured database.
func withApp(ctx context.Context, cfg app.Config, stderr io.Writer, fn func(a *app.App) error) error {
	cfg.Tokens = "" // operator commands use no API token
	a, err := app.New(ctx, cfg, app.Options{LogOutput: stderr})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.DB.CheckMigrated(ctx); err != nil {
		return err
	}
	return fn(a)
}

func newEventsDeliveriesCommand(stdout, stderr io.Writer) *ffcli.Command {
	var cfg app.Config
	var q eventbus.DeliveryQuery
	fs := newFlagSet("events deliveries")
	commonFlags(fs, &cfg)
	fs.StringVar(&q.EventID, "event", "", "only deliveries of this event id")
	fs.StringVar(&q.Listener, "listener", "", "only deliveries to this listener")
	fs.StringVar(&q.State, "state", "", "only deliveries in this state: available, running, retryable, completed, discarded")
	fs.IntVar(&q.Limit, "limit", 100, "at most this many")
	return &ffcli.Command{
		Name:       "deliveries",
		ShortUsage: "academy events deliveries [--event ID] [--listener NAME] [--state STATE]",
		ShortHelp:  "Show listener deliveries with their state, attempts and last error.",
		FlagSet:    fs,
		Options:    env,
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs(args); err != nil {
				return err
			}
			return withApp(ctx, cfg, stderr, func(a *app.App) error {
				ds, err := a.Bus.Deliveries(ctx, q)
				if err != nil {
					return err
				}
				printDeliveries(stdout, ds)
				return nil
			})
		},
	}
}

func printDeliveries(w io.Writer, ds []eventbus.DeliveryStatus) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DELIVERY\tSTATE\tATTEMPT\tLISTENER\tEVENT\tEVENT ID\tLAST ERROR")
	for _, d := range ds {
		fmt.Fprintf(tw, "%d\t%s\t%d/%d\t%s\t%s\t%s\t%s\n", d.JobID, d.State, d.Attempt, d.MaxAttempts,
			d.Listener, d.EventName, d.EventID, d.LastError)
	}
	_ = tw.Flush()
}

func newEventsRetryCommand(stdout, stderr io.Writer) *ffcli.Command {
	var cfg app.Config
	fs := newFlagSet("events retry")
	commonFlags(fs, &cfg)
	discarded := fs.Bool("discarded", false, "retry every discarded delivery (those that ran out of attempts)")
	listener := fs.String("listener", "", "with --discarded: only this listener's")
	return &ffcli.Command{
		Name:       "retry",
		ShortUsage: "academy events retry DELIVERY_ID... | --discarded [--listener NAME]",
		ShortHelp:  "Run failed deliveries again, with a fresh set of attempts.",
		FlagSet:    fs,
		Options:    env,
		Exec: func(ctx context.Context, args []string) error {
			var ids []int64
			for _, arg := range args {
				id, err := strconv.ParseInt(arg, 10, 64)
				if err != nil {
					return fmt.Errorf("delivery id %q: not a number (see academy events deliveries)", arg)
				}
				ids = append(ids, id)
			}
			if len(ids) == 0 && !*discarded {
				return errors.New("give delivery ids or --discarded")
			}
			return withApp(ctx, cfg, stderr, func(a *app.App) error {
				if *discarded {
					ds, err := a.Bus.Deliveries(ctx, eventbus.DeliveryQuery{State: "discarded", Listener: *listener, Limit: 1000})
					if err != nil {
						return err
					}
					for _, d := range ds {
						ids = append(ids, d.JobID)
					}
				}
				var retried []eventbus.DeliveryStatus
				for _, id := range ids {
					d, err := a.Bus.Retry(ctx, id)
					if err != nil {
						return err
					}
					retried = append(retried, d)
				}
				printDeliveries(stdout, retried)
				fmt.Fprintf(stdout, "%d deliveries queued again\n", len(retried))
				return nil
			})
		},
	}
}
