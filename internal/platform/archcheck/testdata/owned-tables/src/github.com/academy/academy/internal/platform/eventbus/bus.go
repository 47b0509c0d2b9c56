// Package eventbus may declare OwnedTables outside tables.go.
package eventbus

var OwnedTables = []string{"domain_events", "processed_deliveries"}
