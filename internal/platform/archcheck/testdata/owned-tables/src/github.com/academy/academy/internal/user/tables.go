package user

const (
	tableUsers    = "users"
	tableSessions = "user_" + "sessions"
)

var OwnedTables = []string{tableUsers, tableSessions}
