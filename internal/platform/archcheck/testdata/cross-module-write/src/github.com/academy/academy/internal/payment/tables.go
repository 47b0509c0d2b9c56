package payment

var OwnedTables = []string{"payments"}
