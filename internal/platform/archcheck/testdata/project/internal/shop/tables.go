package shop

var OwnedTables = []string{"orders"}
