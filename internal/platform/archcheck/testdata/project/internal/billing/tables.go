package billing

var OwnedTables = []string{"invoices"}
