package app

import "github.com/academy/academy/internal/corporate"

// wireCorporate builds the corporate module and registers its routes. It has
// no listeners or jobs yet.
func (a *App) wireCorporate() error {
	m, err := corporate.New(corporate.Deps{DB: a.DB.DB, Bus: a.Bus, Clock: a.Clock})
	if err != nil {
		return err
	}
	a.Corporate = m
	m.Routes(a.router)
	return nil
}
