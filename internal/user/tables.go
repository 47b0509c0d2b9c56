package user

// OwnedTables lists the tables only the user module writes.
var OwnedTables = []string{"users"}
