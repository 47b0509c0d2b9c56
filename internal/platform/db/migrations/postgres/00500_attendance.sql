-- +goose Up
CREATE TABLE attendance_sessions (
    id                TEXT PRIMARY KEY,
    course_session_id TEXT NOT NULL,
    starts_at         TIMESTAMPTZ NOT NULL,
    ends_at           TIMESTAMPTZ NOT NULL,
    created_by        TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX attendance_sessions_course_session_idx ON attendance_sessions (course_session_id);

-- +goose Down
DROP TABLE attendance_sessions;
