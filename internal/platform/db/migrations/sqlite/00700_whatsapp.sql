-- +goose Up
-- One conversation per phone number (E.164). last_inbound_at opens the 24h
-- customer-service window for free-text replies; it is NULL for a
-- conversation opened by an outbound template to someone who never wrote.
CREATE TABLE whatsapp_conversations (
    id              TEXT PRIMARY KEY,
    phone_number    TEXT NOT NULL UNIQUE,
    profile_name    TEXT NOT NULL,
    assigned_to     TEXT,
    assigned_at     DATETIME,
    b2b_lead_id     TEXT UNIQUE,
    lead_created_by TEXT,
    lead_created_at DATETIME,
    last_inbound_at DATETIME,
    created_at      DATETIME NOT NULL
);

-- provider_message_id is unique so that a webhook delivered twice stores
-- its message once; outbound messages get theirs when sent (NULLs repeat).
-- outbox_key is the idempotency key of the outbox message that delivers an
-- outbound message (NULL for inbound ones): queueing the same business
-- fact twice stores one message. status_reason says why a send failed.
CREATE TABLE whatsapp_messages (
    id                  TEXT PRIMARY KEY,
    conversation_id     TEXT NOT NULL REFERENCES whatsapp_conversations (id),
    direction           TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    provider_message_id TEXT UNIQUE,
    mode                TEXT NOT NULL CHECK (mode IN ('', 'free_text', 'template')),
    body                TEXT NOT NULL,
    template_name       TEXT NOT NULL,
    template_language   TEXT NOT NULL,
    template_params     TEXT NOT NULL,
    status              TEXT NOT NULL,
    status_reason       TEXT NOT NULL DEFAULT '',
    outbox_key          TEXT UNIQUE,
    sent_by             TEXT NOT NULL,
    occurred_at         DATETIME NOT NULL,
    created_at          DATETIME NOT NULL
);
CREATE INDEX whatsapp_messages_conversation_idx ON whatsapp_messages (conversation_id, occurred_at, id);

-- +goose Down
DROP TABLE whatsapp_messages;
DROP TABLE whatsapp_conversations;
