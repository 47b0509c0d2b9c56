-- +goose Up
CREATE TABLE attendance_sessions (
    id                TEXT PRIMARY KEY,
    course_session_id TEXT NOT NULL,
    starts_at         DATETIME NOT NULL,
    ends_at           DATETIME NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
    created_by        TEXT NOT NULL,
    created_at        DATETIME NOT NULL,
    cancelled_at      DATETIME
);
CREATE INDEX attendance_sessions_course_session_idx ON attendance_sessions (course_session_id);
-- One live roll call per course session: with two, DetectNoShows on one
-- would flag students marked present in the other. A cancelled roll call
-- frees the course session for a new one.
CREATE UNIQUE INDEX attendance_sessions_one_live_idx ON attendance_sessions (course_session_id)
    WHERE status <> 'cancelled';

-- One mark per student and session; marking again updates it.
CREATE TABLE attendance_marks (
    id                    TEXT PRIMARY KEY,
    attendance_session_id TEXT NOT NULL REFERENCES attendance_sessions (id),
    user_id               TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('present', 'absent', 'late')),
    marked_by             TEXT NOT NULL,
    marked_at             DATETIME NOT NULL,
    created_at            DATETIME NOT NULL,
    UNIQUE (attendance_session_id, user_id)
);

-- Detected no-shows. The primary key makes DetectNoShows record
-- StudentNoShowDetected once per student and session, however often it runs.
CREATE TABLE attendance_no_shows (
    attendance_session_id TEXT NOT NULL REFERENCES attendance_sessions (id),
    user_id               TEXT NOT NULL,
    detected_at           DATETIME NOT NULL,
    PRIMARY KEY (attendance_session_id, user_id)
);

-- +goose Down
DROP TABLE attendance_no_shows;
DROP TABLE attendance_marks;
DROP TABLE attendance_sessions;
