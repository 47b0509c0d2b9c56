package app

import "github.com/academy/academy/internal/user"

// wireUser builds the user module and registers its routes. It has no
// listeners or jobs.
func (a *App) wireUser() error {
	m, err := user.New(user.Deps{DB: a.DB.DB, Clock: a.Clock})
	if err != nil {
		return err
	}
	a.User = m
	m.Routes(a.router)
	return nil
}
