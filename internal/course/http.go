package course

import (
	"net/http"

	"github.com/academy/academy/internal/platform/web"
)

func (m *Module) handleCreateCourse(w http.ResponseWriter, r *http.Request) error {
	var in CreateCourseInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	p, _ := web.PrincipalFrom(r.Context())
	in.ActorUserID = p.Name
	c, err := m.CreateCourse(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, c)
}

func (m *Module) handleGetCourse(w http.ResponseWriter, r *http.Request) error {
	c, err := m.GetCourse(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, c)
}

func (m *Module) handleScheduleCourseSession(w http.ResponseWriter, r *http.Request) error {
	var in ScheduleCourseSessionInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	p, _ := web.PrincipalFrom(r.Context())
	in.ActorUserID = p.Name
	s, err := m.ScheduleCourseSession(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, s)
}

func (m *Module) handleGetCourseSession(w http.ResponseWriter, r *http.Request) error {
	s, err := m.GetCourseSession(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, s)
}
