package webinar // want `module webinar declares no OwnedTables; add var OwnedTables`

type Module struct{}
