package webinar

// OwnedTables lists the tables only the webinar module writes.
var OwnedTables = []string{"webinars", "webinar_registrations", "webinar_reminders"}
