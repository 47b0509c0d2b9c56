package attendance

// OwnedTables lists the tables only the attendance module writes.
var OwnedTables = []string{"attendance_sessions", "attendance_marks", "attendance_no_shows"}
