// Package outbox may send email.
package outbox

import (
	_ "net/smtp"

	_ "github.com/wneessen/go-mail"
)
