package store

var OwnedTables = []string{"users"} // want `internal/user/internal/store declares OwnedTables, but only module roots and platform packages own tables`
