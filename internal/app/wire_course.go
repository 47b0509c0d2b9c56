package app

import "github.com/academy/academy/internal/course"

// wireCourse builds the course module and registers its routes. It has no
// listeners or jobs.
func (a *App) wireCourse() error {
	m, err := course.New(course.Deps{DB: a.DB.DB, Clock: a.Clock})
	if err != nil {
		return err
	}
	a.Course = m
	m.Routes(a.router)
	return nil
}
