package webinar

import (
	"net/http"

	"github.com/academy/academy/internal/platform/web"
)

func actor(r *http.Request) string {
	p, _ := web.PrincipalFrom(r.Context())
	return p.Name
}

func (m *Module) handleScheduleWebinar(w http.ResponseWriter, r *http.Request) error {
	var in ScheduleWebinarInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.ActorUserID = actor(r)
	out, err := m.ScheduleWebinar(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, out)
}

func (m *Module) handleGetWebinar(w http.ResponseWriter, r *http.Request) error {
	out, err := m.GetWebinar(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, out)
}

func (m *Module) handleRescheduleWebinar(w http.ResponseWriter, r *http.Request) error {
	var in RescheduleWebinarInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.WebinarID, in.ActorUserID = r.PathValue("id"), actor(r)
	out, err := m.RescheduleWebinar(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, out)
}

func (m *Module) handleRegisterForEvent(w http.ResponseWriter, r *http.Request) error {
	var in RegisterForEventInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	out, err := m.RegisterForEvent(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, out)
}

func (m *Module) handleGetRegistration(w http.ResponseWriter, r *http.Request) error {
	out, err := m.GetRegistration(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, out)
}

func (m *Module) handleCancelRegistration(w http.ResponseWriter, r *http.Request) error {
	out, err := m.CancelRegistration(r.Context(), CancelRegistrationInput{RegistrationID: r.PathValue("id"), ActorUserID: actor(r)})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, out)
}

// handleTriggerWebinarReminder answers 201 when the reminder was triggered
// and 200 when an earlier call had triggered it.
func (m *Module) handleTriggerWebinarReminder(w http.ResponseWriter, r *http.Request) error {
	var in TriggerWebinarReminderInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.RegistrationID = r.PathValue("id")
	out, err := m.TriggerWebinarReminder(r.Context(), in)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if out.AlreadyTriggered {
		status = http.StatusOK
	}
	return web.JSON(w, status, out)
}

// handleRecordWebinarAttendance answers 201 when the attendance was
// recorded and 200 when an earlier call had recorded it.
func (m *Module) handleRecordWebinarAttendance(w http.ResponseWriter, r *http.Request) error {
	out, err := m.RecordWebinarAttendance(r.Context(), RecordWebinarAttendanceInput{RegistrationID: r.PathValue("id")})
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if out.AlreadyAttended {
		status = http.StatusOK
	}
	return web.JSON(w, status, out)
}
