package jobs

import (
	"context"
	"database/sql"

	"github.com/riverqueue/river"
)

type remind struct{}

func (remind) Kind() string { return "enrollment.remind" }

func Schedule(ctx context.Context, c *river.Client[*sql.Tx]) error {
	return c.Insert(ctx, remind{}, nil) // want `internal/enrollment/jobs calls River's Insert directly`
}
