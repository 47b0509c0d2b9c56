package jobs

func ScheduleReminder(id string) error { return nil }

func Reminders() []string { return nil }
