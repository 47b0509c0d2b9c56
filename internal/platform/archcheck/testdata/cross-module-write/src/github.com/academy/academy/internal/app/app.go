package app

const reset = "DELETE FROM enrollments" // want `internal/app writes table enrollments \(DELETE\), which belongs to enrollment`
