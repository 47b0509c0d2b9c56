package course

func name() string { return "courses" }

var OwnedTables = []string{ // want `OwnedTables is declared in course.go; declare it in tables.go`
	name(), // want `OwnedTables elements must be string constants`
}
