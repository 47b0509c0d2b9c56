package outbox

var OwnedTables = []string{"outbox_messages"}

const insertMessage = `INSERT INTO outbox_messages (id) VALUES ($1)`
