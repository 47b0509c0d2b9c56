package app

const reset = "DELETE FROM enrollments" // want `internal/app DELETE table enrollments, owned by enrollment`
