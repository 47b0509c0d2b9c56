package listeners

import (
	"example.com/shop/internal/billing"
	"example.com/shop/internal/shop/events"
)

func OnOrderPlaced(b *billing.Module, ev events.OrderPlaced) error {
	_ = b.GetInvoice(ev.OrderID)
	return b.IssueInvoice(ev.OrderID)
}
