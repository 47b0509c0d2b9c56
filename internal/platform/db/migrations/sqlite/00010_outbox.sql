-- +goose Up
CREATE TABLE outbox_messages (
    id                  TEXT PRIMARY KEY,
    idempotency_key     TEXT NOT NULL UNIQUE,
    channel             TEXT NOT NULL,
    recipient           TEXT NOT NULL,
    subject             TEXT NOT NULL DEFAULT '',
    body                TEXT NOT NULL DEFAULT '',
    template_name       TEXT NOT NULL DEFAULT '',
    template_language   TEXT NOT NULL DEFAULT '',
    template_params     TEXT NOT NULL DEFAULT '[]',
    source_event_id     TEXT NOT NULL DEFAULT '',
    state               TEXT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    dispatch            INTEGER NOT NULL DEFAULT 1,
    last_error          TEXT NOT NULL DEFAULT '',
    provider_message_id TEXT NOT NULL DEFAULT '',
    provider_status     TEXT NOT NULL DEFAULT '',
    resolved_by         TEXT NOT NULL DEFAULT '',
    claimed_at          DATETIME,
    sent_at             DATETIME,
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL
);
CREATE INDEX outbox_messages_state_idx ON outbox_messages (state, created_at);
CREATE INDEX outbox_messages_provider_idx ON outbox_messages (provider_message_id);

-- +goose Down
DROP TABLE outbox_messages;
