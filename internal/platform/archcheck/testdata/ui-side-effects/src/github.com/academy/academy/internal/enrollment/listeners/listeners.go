// Package listeners is not checked by ui-side-effects, whatever its signatures.
package listeners

import (
	"net/http"

	"github.com/academy/academy/internal/platform/outbox"
)

func odd(w http.ResponseWriter, r *http.Request) { _ = outbox.Enqueue("e@example.com") }
