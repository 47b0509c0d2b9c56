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

func (m *Module) handleCancelAttendanceSession(w http.ResponseWriter, r *http.Request) error {
	p, _ := web.PrincipalFrom(r.Context())
	s, err := m.CancelAttendanceSession(r.Context(), CancelAttendanceSessionInput{AttendanceSessionID: r.PathValue("id"), ActorUserID: p.Name})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, s)
}

// handleMarkAttendance answers 201 for a student's first mark and 200 when
// it updates (or repeats) an existing mark.
func (m *Module) handleMarkAttendance(w http.ResponseWriter, r *http.Request) error {
	var in MarkAttendanceInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	p, _ := web.PrincipalFrom(r.Context())
	in.AttendanceSessionID, in.ActorUserID = r.PathValue("id"), p.Name
	out, err := m.MarkAttendance(r.Context(), in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if out.Created {
		status = http.StatusCreated
	}
	return web.JSON(w, status, out)
}

func (m *Module) handleListAttendanceMarks(w http.ResponseWriter, r *http.Request) error {
	marks, err := m.ListAttendanceMarks(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, markList{Marks: marks})
}

func (m *Module) handleGetAttendanceMark(w http.ResponseWriter, r *http.Request) error {
	mark, err := m.GetAttendanceMark(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, mark)
}

// handleDetectNoShows runs the same Action as the scheduled no-show job.
func (m *Module) handleDetectNoShows(w http.ResponseWriter, r *http.Request) error {
	out, err := m.DetectNoShows(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, out)
}

func (m *Module) handleListNoShows(w http.ResponseWriter, r *http.Request) error {
	noShows, err := m.ListNoShows(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, noShowList{NoShows: noShows})
}

// markList is the answer of GET /api/attendance-sessions/{id}/marks.
type markList struct {
	Marks []Mark `json:"marks"`
}

// noShowList is the answer of GET /api/attendance-sessions/{id}/no-shows.
type noShowList struct {
	NoShows []NoShow `json:"noShows"`
}
