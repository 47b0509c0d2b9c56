package course

// OwnedTables lists the tables only the course module writes.
var OwnedTables = []string{"courses", "course_sessions"}
