-- +goose Up
CREATE TABLE enrollments (
    id                TEXT PRIMARY KEY,
    course_session_id TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    source            TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'cancelled')),
    cancel_reason     TEXT NOT NULL DEFAULT '',
    created_by        TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    confirmed_at      TIMESTAMPTZ,
    cancelled_at      TIMESTAMPTZ
);
-- One active (pending or confirmed) enrollment per person and session.
CREATE UNIQUE INDEX enrollments_active_idx ON enrollments (course_session_id, user_id) WHERE status <> 'cancelled';
CREATE INDEX enrollments_user_idx ON enrollments (user_id);

-- Seats taken by active enrollments, per course session: the counter that
-- keeps concurrent enrollments within capacity.
CREATE TABLE enrollment_session_seats (
    course_session_id TEXT PRIMARY KEY,
    taken             INTEGER NOT NULL CHECK (taken >= 0)
);

-- +goose Down
DROP TABLE enrollment_session_seats;
DROP TABLE enrollments;
