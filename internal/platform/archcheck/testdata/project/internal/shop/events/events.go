package events

import "time"

type OrderPlaced struct {
	OrderID       string
	CustomerEmail string
	OccurredAt    time.Time
}

func (OrderPlaced) EventName() string { return "shop.OrderPlaced" }
func (OrderPlaced) EventVersion() int { return 1 }
