-- +goose Up
CREATE TABLE domain_events (
    id             TEXT PRIMARY KEY, -- UUIDv7, so ids sort by recording time
    name           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    aggregate_id   TEXT NOT NULL,
    payload        JSONB NOT NULL,
    occurred_at    TIMESTAMPTZ NOT NULL,
    actor          TEXT NOT NULL DEFAULT '',
    correlation_id TEXT NOT NULL,
    causation_id   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX domain_events_name_idx ON domain_events (name, id);
CREATE INDEX domain_events_aggregate_idx ON domain_events (aggregate_id, id);

CREATE TABLE processed_deliveries (
    key          TEXT PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE processed_deliveries;
DROP TABLE domain_events;
