package enrollment

// OwnedTables lists the tables only the enrollment module writes.
var OwnedTables = []string{"enrollments", "enrollment_session_seats"}
