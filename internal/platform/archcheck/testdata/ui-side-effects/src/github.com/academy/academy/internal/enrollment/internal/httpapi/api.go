// Package httpapi holds handlers outside the module root: the rule still applies.
package httpapi

import (
	"net/http"

	"github.com/academy/academy/internal/platform/outbox"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	_ = outbox.Enqueue("c@example.com") // want `HTTP handler Handle calls outbox.Enqueue, which is the outbox`
}

// enqueue is no handler.
func enqueue() error { return outbox.Enqueue("d@example.com") }
