package db

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/rivermigrate"
)

// migrations holds the application schema, one folder per dialect. Files are
// numbered by owner: 00001-00099 platform, then 100 per module (user 100,
// course 200, enrollment 300, payment 400, attendance 500, corporate 600,
// whatsapp 700, webinar 800, tracking 900), so modules never collide.
//
//go:embed migrations
var migrations embed.FS

// Migrate brings River's schema and the application schema up to date. It is
// safe to run twice, and on PostgreSQL safe to run from two nodes at once.
func (d *DB) Migrate(ctx context.Context) error {
	migrator, err := rivermigrate.New(d.RiverDriver(), nil)
	if err != nil {
		return fmt.Errorf("river migrator: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	provider, err := d.gooseProvider(ctx)
	if err != nil {
		return err
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("application migrations: %w", err)
	}
	return nil
}

// CheckMigrated returns an error when River's or the application's schema is
// behind the code.
func (d *DB) CheckMigrated(ctx context.Context) error {
	migrator, err := rivermigrate.New(d.RiverDriver(), nil)
	if err != nil {
		return fmt.Errorf("river migrator: %w", err)
	}
	res, err := migrator.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	if !res.OK {
		return fmt.Errorf("river migrations pending: %v", res.Messages)
	}
	provider, err := d.gooseProvider(ctx)
	if err != nil {
		return err
	}
	pending, err := provider.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("application migrations: %w", err)
	}
	if pending {
		return errors.New("application migrations pending: run academy migrate")
	}
	return nil
}

func (d *DB) gooseProvider(ctx context.Context) (*goose.Provider, error) {
	dialect, folder := goose.DialectSQLite3, "migrations/sqlite"
	var opts []goose.ProviderOption
	if d.Dialect == Postgres {
		dialect, folder = goose.DialectPostgres, "migrations/postgres"
		// One lock per schema: two nodes migrating the same schema wait for
		// each other, while different schemas (tests) do not.
		var schema string
		if err := d.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("academy-migrations:" + schema))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	fsys, err := fs.Sub(migrations, folder)
	if err != nil {
		return nil, fmt.Errorf("migrations folder: %w", err)
	}
	// Modules add migrations in their own number ranges, so a database made
	// by an older build may lack a lower number than its current version.
	opts = append(opts, goose.WithAllowOutofOrder(true), goose.WithDisableGlobalRegistry(true))
	provider, err := goose.NewProvider(dialect, d.DB, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return provider, nil
}
