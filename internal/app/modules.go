package app

import (
	attendancejobs "github.com/academy/academy/internal/attendance/jobs"
	attendancelisteners "github.com/academy/academy/internal/attendance/listeners"
)

// registerModules registers every module's listeners, jobs and routes. Each
// module has one registration point for each; this is where they meet.
func (a *App) registerModules() {
	attendancelisteners.Register(a.Bus, a.Attendance)
	attendancejobs.Register(a.Bus, a.Attendance)
	a.Attendance.Routes(a.router)
}
