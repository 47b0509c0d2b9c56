package attendance

import (
	"net/http"

	"github.com/academy/academy/internal/platform/web"
)

func (m *Module) handleCreateAttendanceSession(w http.ResponseWriter, r *http.Request) error {
	var in CreateAttendanceSessionInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	p, _ := web.PrincipalFrom(r.Context())
	in.ActorUserID = p.Name
	s, err := m.CreateAttendanceSession(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, s)
}

func (m *Module) handleGetAttendanceSession(w http.ResponseWriter, r *http.Request) error {
	s, err := m.GetAttendanceSession(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, s)
}
