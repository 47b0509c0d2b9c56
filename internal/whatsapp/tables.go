package whatsapp

// OwnedTables lists the tables only the whatsapp module writes.
var OwnedTables = []string{"whatsapp_conversations", "whatsapp_messages"}
