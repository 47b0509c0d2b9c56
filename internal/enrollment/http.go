package enrollment

import (
	"net/http"

	"github.com/academy/academy/internal/platform/web"
)

func (m *Module) handleCreateEnrollment(w http.ResponseWriter, r *http.Request) error {
	var in CreateEnrollmentInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	p, _ := web.PrincipalFrom(r.Context())
	in.ActorUserID = p.Name
	e, err := m.CreateEnrollment(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, e)
}

func (m *Module) handleGetEnrollment(w http.ResponseWriter, r *http.Request) error {
	e, err := m.GetEnrollment(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, e)
}

// handleListEnrollments answers GET /api/enrollments?courseSessionId=...
func (m *Module) handleListEnrollments(w http.ResponseWriter, r *http.Request) error {
	es, err := m.ListEnrollmentsBySession(r.Context(), r.URL.Query().Get("courseSessionId"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, enrollmentList{Enrollments: es})
}

func (m *Module) handleConfirmEnrollment(w http.ResponseWriter, r *http.Request) error {
	p, _ := web.PrincipalFrom(r.Context())
	e, err := m.ConfirmEnrollment(r.Context(), ConfirmEnrollmentInput{EnrollmentID: r.PathValue("id"), ActorUserID: p.Name})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, e)
}

func (m *Module) handleCancelEnrollment(w http.ResponseWriter, r *http.Request) error {
	var in CancelEnrollmentInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	p, _ := web.PrincipalFrom(r.Context())
	in.EnrollmentID, in.ActorUserID = r.PathValue("id"), p.Name
	e, err := m.CancelEnrollment(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, e)
}

// enrollmentList is the answer of GET /api/enrollments.
type enrollmentList struct {
	Enrollments []Enrollment `json:"enrollments"`
}
