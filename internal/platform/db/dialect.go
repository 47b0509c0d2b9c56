package db

import (
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
)

// DialectOf tells the dialect of a pool opened by Open from its driver.
// Modules receive the plain *sql.DB, and the few queries that differ
// between dialects (row locks) ask it here instead of threading the
// dialect through every Deps.
func DialectOf(sqlDB *sql.DB) (Dialect, error) {
	switch drv := sqlDB.Driver().(type) {
	case *stdlib.Driver:
		return Postgres, nil
	case *sqlite.Driver:
		return SQLite, nil
	default:
		return "", fmt.Errorf("unsupported database driver %T", drv)
	}
}
