// Command academy runs Academy: the HTTP API, the listener workers,
// migrations and operator tools. See `academy -h`.
package main

import (
	"context"
	"os"

	"github.com/academy/academy/internal/cli"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
