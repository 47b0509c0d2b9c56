// Package billing is a module of the end-to-end fixture project.
package billing

type Module struct{}

func (m *Module) IssueInvoice(id string) error { return nil }

func (m *Module) GetInvoice(id string) string { return id }
