package jobs

func ScheduleRefund() error { return nil }
