-- +goose Up
CREATE TABLE webinars (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    starts_at        DATETIME NOT NULL,
    ends_at          DATETIME NOT NULL,
    capacity         INTEGER NOT NULL CHECK (capacity > 0),
    -- registered counts live (not cancelled) registrations; RegisterForEvent
    -- raises it with a guarded UPDATE so capacity holds under concurrency.
    registered       INTEGER NOT NULL DEFAULT 0 CHECK (registered >= 0 AND registered <= capacity),
    created_by       TEXT NOT NULL,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
CREATE INDEX webinars_starts_at_idx ON webinars (starts_at);

CREATE TABLE webinar_registrations (
    id            TEXT PRIMARY KEY,
    webinar_id    TEXT NOT NULL REFERENCES webinars (id),
    user_id       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('registered', 'cancelled', 'attended')),
    registered_at DATETIME NOT NULL,
    cancelled_at  DATETIME,
    attended_at   DATETIME
);
-- One live registration per user and webinar; a cancelled one does not
-- block registering again.
CREATE UNIQUE INDEX webinar_registrations_live_uq ON webinar_registrations (webinar_id, user_id)
    WHERE status <> 'cancelled';
-- (webinar_id, id) serves the keyset pages ScheduleWebinarReminders reads.
CREATE INDEX webinar_registrations_webinar_idx ON webinar_registrations (webinar_id, id);

-- One row per registration and reminder kind: the key that makes
-- TriggerWebinarReminder record WebinarReminderTriggered once.
CREATE TABLE webinar_reminders (
    registration_id TEXT NOT NULL REFERENCES webinar_registrations (id),
    reminder        TEXT NOT NULL CHECK (reminder IN ('24h', '1h')),
    triggered_at    DATETIME NOT NULL,
    PRIMARY KEY (registration_id, reminder)
);

-- +goose Down
DROP TABLE webinar_reminders;
DROP TABLE webinar_registrations;
DROP TABLE webinars;
