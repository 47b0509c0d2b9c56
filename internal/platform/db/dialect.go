package db

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
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

// IsUniqueViolation tells a unique-constraint failure on either dialect,
// so that modules need not know their driver's error types.
func IsUniqueViolation(err error) bool {
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pgErr.Code == "23505"
	}
	if liteErr, ok := errors.AsType[*sqlite.Error](err); ok {
		// SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
		return liteErr.Code() == 2067 || liteErr.Code() == 1555
	}
	return false
}
