package enrollment

const tableSeats = "seats"

var OwnedTables = []string{"enrollments", tableSeats}
