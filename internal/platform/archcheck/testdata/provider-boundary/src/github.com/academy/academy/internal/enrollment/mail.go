package enrollment

import (
	_ "net/smtp" // want `internal/enrollment imports net/smtp; only internal/platform/outbox sends email`

	_ "github.com/wneessen/go-mail" // want `imports github.com/wneessen/go-mail`
)
