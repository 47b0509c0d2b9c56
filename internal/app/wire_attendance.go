package app

import (
	"github.com/academy/academy/internal/attendance"
	attendancejobs "github.com/academy/academy/internal/attendance/jobs"
	attendancelisteners "github.com/academy/academy/internal/attendance/listeners"
)

// wireAttendance builds the attendance module on the enrollment roster and
// registers its listeners, jobs and routes. It must come after
// wireEnrollment.
func (a *App) wireAttendance() error {
	m, err := attendance.New(attendance.Deps{
		DB: a.DB.DB, Bus: a.Bus, Clock: a.Clock, NoShowGrace: a.cfg.NoShowGrace,
		Roster: a.Enrollment, CourseSessions: a.Course,
	})
	if err != nil {
		return err
	}
	a.Attendance = m
	attendancelisteners.Register(a.Bus, m)
	attendancejobs.Register(a.Bus, m, attendancejobs.Config{})
	m.Routes(a.router)
	return nil
}
