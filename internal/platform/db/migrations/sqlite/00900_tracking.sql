-- +goose Up
-- One row per business outcome worth measuring. The unique key on
-- (kind, source_event_id) makes RecordConversion idempotent: the same
-- source event never counts twice.
CREATE TABLE tracking_conversions (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('enrollment_confirmed', 'deposit_approved', 'webinar_attended', 'b2b_lead_converted')),
    subject_id      TEXT NOT NULL,
    source_event_id TEXT NOT NULL,
    value_amount    INTEGER NOT NULL DEFAULT 0 CHECK (value_amount >= 0), -- minor units
    value_currency  TEXT NOT NULL DEFAULT '',
    occurred_at     DATETIME NOT NULL,
    UNIQUE (kind, source_event_id)
);
CREATE INDEX tracking_conversions_subject_idx ON tracking_conversions (subject_id, occurred_at);

-- One row per user, funnel step and subject ('' when the step has none):
-- a step is completed once whatever the number of source events.
CREATE TABLE tracking_funnel_steps (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL,
    step            TEXT NOT NULL CHECK (step IN ('registered', 'enrolled', 'deposit_paid', 'confirmed', 'attended')),
    subject_id      TEXT NOT NULL DEFAULT '',
    source_event_id TEXT NOT NULL,
    occurred_at     DATETIME NOT NULL,
    UNIQUE (user_id, step, subject_id)
);

-- +goose Down
DROP TABLE tracking_funnel_steps;
DROP TABLE tracking_conversions;
