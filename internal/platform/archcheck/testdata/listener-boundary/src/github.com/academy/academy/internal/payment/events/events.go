package events

type PaymentCaptured struct{ PaymentID string }
