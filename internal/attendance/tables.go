package attendance

// OwnedTables lists the tables only the attendance module writes.
var OwnedTables = []string{"attendance_sessions"}
