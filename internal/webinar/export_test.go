package webinar

// SetReminderPageForTest makes ScheduleWebinarReminders use pages of n
// registrations, so that tests cross page boundaries with few rows.
func (m *Module) SetReminderPageForTest(n int) { m.reminderPage = n }
