package eventbus_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
)

const (
	crashHelperEnv = "ACADEMY_CRASH_HELPER_DB"
	crashEffects   = `CREATE TABLE IF NOT EXISTS crash_effects (listener TEXT NOT NULL, thing_id TEXT NOT NULL)`
)

var crashListeners = []string{"test.CrashA", "test.CrashB"}

// registerCrashListeners registers listeners whose effect is a row in
// crash_effects, made idempotent with eventbus.Once in the same transaction.
// work is how long each delivery "works" before committing its effect.
func registerCrashListeners(bus *eventbus.Bus, d *db.DB, work time.Duration) {
	for _, name := range crashListeners {
		eventbus.Listen(bus, name, eventbus.ListenerOptions{Timeout: 5 * time.Second, Backoff: func(int) time.Duration { return 10 * time.Millisecond }},
			func(ctx context.Context, del eventbus.Delivery[thingHappened]) error {
				time.Sleep(work)
				return db.InTx(ctx, d.DB, func(tx *sql.Tx) error {
					first, err := eventbus.Once(ctx, tx, del.Envelope.Key(), time.Now())
					if err != nil || !first {
						return err
					}
					_, err = tx.ExecContext(ctx, `INSERT INTO crash_effects (listener, thing_id) VALUES ($1, $2)`, name, del.Event.ThingID)
					return err
				})
			})
	}
}

// TestCrashHelperProcess is not a test: TestDeliveriesSurviveSIGKILL runs the
// test binary again with crashHelperEnv set, and this function becomes the
// child process that records events and works deliveries until it is killed.
func TestCrashHelperProcess(t *testing.T) {
	dbURL := os.Getenv(crashHelperEnv)
	if dbURL == "" {
		t.Skip("helper process for TestDeliveriesSurviveSIGKILL")
	}
	ctx := context.Background()
	d, err := db.Open(ctx, dbURL)
	require.NoError(t, err)
	bus, err := eventbus.New(eventbus.Config{DB: d, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PollInterval: 20 * time.Millisecond, Workers: 4})
	require.NoError(t, err)
	require.NoError(t, bus.Define(testDefinitions...))
	registerCrashListeners(bus, d, 50*time.Millisecond)
	require.NoError(t, bus.Start(ctx))
	for i := 0; ; i++ {
		id := fmt.Sprintf("thing-%05d", i)
		require.NoError(t, db.InTx(ctx, d.DB, func(tx *sql.Tx) error {
			return bus.Record(ctx, tx, thing(id))
		}))
		fmt.Printf("committed %s\n", id)
		time.Sleep(5 * time.Millisecond) // let the single SQLite connection serve the workers too
	}
}

func TestDeliveriesSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			dbURL := dbtest.URL(t, dialect)
			d, err := db.Open(context.Background(), dbURL)
			require.NoError(t, err)
			t.Cleanup(func() { d.Close() })
			require.NoError(t, d.Migrate(context.Background()))
			_, err = d.Exec(crashEffects)
			require.NoError(t, err)

			// The child records events and works deliveries (slowly, so
			// some are mid-flight) until we kill it without warning.
			child := exec.Command(os.Args[0], "-test.run=^TestCrashHelperProcess$", "-test.v")
			child.Env = append(os.Environ(), crashHelperEnv+"="+dbURL)
			stdout, err := child.StdoutPipe()
			require.NoError(t, err)
			child.Stderr = io.Discard
			require.NoError(t, child.Start())
			lines := bufio.NewScanner(stdout)
			seen := 0
			for seen < 40 && lines.Scan() {
				if strings.HasPrefix(lines.Text(), "committed ") {
					seen++
				}
			}
			require.Equal(t, 40, seen, "child stopped before committing 40 events")
			require.NoError(t, child.Process.Signal(syscall.SIGKILL))
			_ = child.Wait()

			var committed, effectsBefore int
			require.NoError(t, d.QueryRow(`SELECT COUNT(*) FROM domain_events`).Scan(&committed))
			require.NoError(t, d.QueryRow(`SELECT COUNT(*) FROM crash_effects`).Scan(&effectsBefore))
			require.GreaterOrEqual(t, committed, 40)
			require.Less(t, effectsBefore, committed*len(crashListeners), "child should not have finished all deliveries")
			running, err := runningDeliveries(d)
			require.NoError(t, err)
			t.Logf("at SIGKILL: %d events committed, %d effects applied, %d deliveries running", committed, effectsBefore, running)

			// A new worker delivers everything committed, each effect once.
			// Deliveries the child had running are rescued once they count as
			// stuck; River's rescuer runs when this client becomes leader,
			// which waits for the dead child's leadership to expire.
			bus, err := eventbus.New(eventbus.Config{DB: d, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
				PollInterval: 20 * time.Millisecond, RescueStuckAfter: 6 * time.Second})
			require.NoError(t, err)
			require.NoError(t, bus.Define(testDefinitions...))
			registerCrashListeners(bus, d, 0)
			require.NoError(t, bus.Start(context.Background()))
			t.Cleanup(func() { _ = bus.Stop(context.Background()) })

			want := committed * len(crashListeners)
			require.Eventually(t, func() bool {
				var effects int
				require.NoError(t, d.QueryRow(`SELECT COUNT(*) FROM crash_effects`).Scan(&effects))
				return effects >= want
			}, 90*time.Second, 100*time.Millisecond, "not every committed event reached every listener")

			rows, err := d.Query(`SELECT listener, thing_id, COUNT(*) FROM crash_effects GROUP BY listener, thing_id HAVING COUNT(*) > 1`)
			require.NoError(t, err)
			defer rows.Close()
			require.False(t, rows.Next(), "an effect was applied twice")
			require.NoError(t, rows.Err())
			var effects, distinctEvents int
			require.NoError(t, d.QueryRow(`SELECT COUNT(*) FROM crash_effects`).Scan(&effects))
			require.NoError(t, d.QueryRow(`SELECT COUNT(DISTINCT thing_id) FROM crash_effects`).Scan(&distinctEvents))
			require.Equal(t, want, effects)
			require.Equal(t, committed, distinctEvents)
		})
	}
}

// runningDeliveries counts deliveries left running by a dead process.
func runningDeliveries(d *db.DB) (int, error) {
	var n int
	err := d.QueryRow(`SELECT COUNT(*) FROM river_job WHERE state = 'running'`).Scan(&n)
	return n, err
}
