// Package shop is a module of the end-to-end fixture project.
package shop

const (
	insertOrder = `INSERT INTO orders (id) VALUES ($1)`
	payInvoice  = `UPDATE invoices SET paid = true WHERE id = $1`
)
