// Package river stands in for github.com/riverqueue/river.
package river

import "context"

type JobArgs interface{ Kind() string }

type InsertOpts struct{}

type Client[TTx any] struct{}

func (c *Client[TTx]) Insert(ctx context.Context, args JobArgs, opts *InsertOpts) error { return nil }

func (c *Client[TTx]) InsertTx(ctx context.Context, tx TTx, args JobArgs, opts *InsertOpts) error {
	return nil
}

func (c *Client[TTx]) InsertMany(ctx context.Context, args []JobArgs) error { return nil }

func (c *Client[TTx]) Stop(ctx context.Context) error { return nil }
