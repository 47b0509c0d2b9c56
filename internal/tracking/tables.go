package tracking

// OwnedTables lists the tables only the tracking module writes.
var OwnedTables = []string{"tracking_conversions", "tracking_funnel_steps"}
