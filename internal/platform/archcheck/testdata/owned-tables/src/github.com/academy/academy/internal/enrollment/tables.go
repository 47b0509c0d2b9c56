package enrollment

var OwnedTables = []string{ // want `table payments is declared by enrollment and payment; a table has one owner`
	"enrollments",
	"Enrollments", // want `table enrollments is listed twice in OwnedTables`
	"payments",
}
