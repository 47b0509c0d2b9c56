package payment

// OwnedTables lists the tables only the payment module writes.
var OwnedTables = []string{"payments", "payment_receipts"}
