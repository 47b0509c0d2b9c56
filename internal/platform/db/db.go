// Package db opens Academy's database, SQLite by default or PostgreSQL in
// production, and keeps its schema current.
//
// Both dialects are reached through database/sql, so that every Action works
// with the same transaction type, *sql.Tx, and River runs on the same pool.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Dialect names the SQL dialect of an open database.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DefaultURL is the database used when none is configured: a SQLite file in
// the working directory.
const DefaultURL = "sqlite:academy.db"

// DB is an open database with the pools River needs.
type DB struct {
	*sql.DB
	Dialect Dialect

	// listenerPool is a pgx pool that River uses for LISTEN/NOTIFY, so that
	// jobs inserted on one node wake workers on the others at once. It is
	// nil on SQLite, where River polls.
	listenerPool *pgxpool.Pool
}

// Open parses databaseURL, opens the database and checks that it answers.
//
// Accepted forms are "sqlite:PATH" (or a bare path, or "file:PATH") and
// "postgres://..." / "postgresql://...". An empty URL means DefaultURL.
func Open(ctx context.Context, databaseURL string) (*DB, error) {
	if databaseURL == "" {
		databaseURL = DefaultURL
	}
	switch {
	case strings.HasPrefix(databaseURL, "postgres://"), strings.HasPrefix(databaseURL, "postgresql://"):
		return openPostgres(ctx, databaseURL)
	case strings.Contains(databaseURL, "://"):
		return nil, fmt.Errorf("database URL %q: unsupported scheme (use sqlite:PATH or postgres://...)", redact(databaseURL))
	default:
		return openSQLite(ctx, databaseURL)
	}
}

func openSQLite(ctx context.Context, databaseURL string) (*DB, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(databaseURL, "sqlite:"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		return nil, errors.New("database URL: sqlite needs a file path, e.g. sqlite:academy.db")
	}
	// WAL lets readers run beside the writer; foreign keys are off by default
	// in SQLite; the busy timeout covers a second process (a CLI command)
	// touching the file while serve runs.
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite"
	sqlDB, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// River on SQLite needs a single connection: SQLite allows one writer, and
	// River's concurrent maintenance would otherwise fail with SQLITE_BUSY.
	sqlDB.SetMaxOpenConns(1)
	sqlDB.SetConnMaxIdleTime(0)
	sqlDB.SetConnMaxLifetime(0)
	if err := ping(ctx, sqlDB); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &DB{DB: sqlDB, Dialect: SQLite}, nil
}

func openPostgres(ctx context.Context, databaseURL string) (*DB, error) {
	where := redact(databaseURL)
	sqlDB, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", where, err)
	}
	sqlDB.SetMaxOpenConns(20)
	// Keep connections open between bursts: workers load each delivered
	// event, and reopening a connection costs PostgreSQL a new process.
	sqlDB.SetMaxIdleConns(20)
	if err := ping(ctx, sqlDB); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to postgres %s: %w", where, err)
	}
	poolCfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open postgres %s: %w", where, err)
	}
	poolCfg.MaxConns = 2 // one LISTEN connection plus headroom
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open postgres listener pool %s: %w", where, err)
	}
	return &DB{DB: sqlDB, Dialect: Postgres, listenerPool: pool}, nil
}

func ping(ctx context.Context, sqlDB *sql.DB) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return sqlDB.PingContext(ctx)
}

// Close closes the pools.
func (d *DB) Close() error {
	if d.listenerPool != nil {
		d.listenerPool.Close()
	}
	return d.DB.Close()
}

// RiverDriver returns the River driver for this database. On PostgreSQL it
// keeps LISTEN/NOTIFY through a pgx listener pool.
func (d *DB) RiverDriver() riverdriver.Driver[*sql.Tx] {
	if d.Dialect == Postgres {
		return riverdatabasesql.NewWithPgxListener(d.DB, d.listenerPool)
	}
	return riversqlite.New(d.DB)
}

// InTx runs fn in a transaction, committing when it returns nil and rolling
// back otherwise.
func InTx(ctx context.Context, sqlDB *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := sqlDB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}

// redact hides the password of a database URL so it can be printed.
func redact(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil || u.User == nil {
		return databaseURL
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Scanner is what *sql.Row and *sql.Rows have in common. It is an alias, so
// that a scan function may spell the interface out.
type Scanner = interface{ Scan(dest ...any) error }

// Collect reads every row of rows with scan, and closes rows. It returns
// an empty, non-nil slice when there are none, so that JSON answers show []
// rather than null.
func Collect[T any](rows *sql.Rows, scan func(Scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// InTxValue is InTx for a function that also returns a value, such as an
// Action that runs its Tx variant in a transaction of its own:
//
//	return db.InTxValue(ctx, m.db, func(tx *sql.Tx) (Lead, error) {
//		return m.CreateB2bLeadTx(ctx, tx, in)
//	})
func InTxValue[T any](ctx context.Context, sqlDB *sql.DB, fn func(tx *sql.Tx) (T, error)) (T, error) {
	var out T
	err := InTx(ctx, sqlDB, func(tx *sql.Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// ChangedOne reports whether a statement changed exactly one row: whether
// a guarded UPDATE won, or an INSERT ... ON CONFLICT DO NOTHING inserted.
func ChangedOne(res sql.Result) (bool, error) {
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("rows affected: %w", err)
	}
	return n == 1, nil
}

// UTCOrNull binds an optional time as UTC, or NULL. SQLite compares times
// as text, so every bound time must be UTC.
func UTCOrNull(t sql.NullTime) any {
	if !t.Valid {
		return nil
	}
	return t.Time.UTC()
}
