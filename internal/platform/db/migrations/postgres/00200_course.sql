-- +goose Up
CREATE TABLE courses (
    id             TEXT PRIMARY KEY,
    title          TEXT NOT NULL,
    price_amount   BIGINT NOT NULL CHECK (price_amount >= 0),
    deposit_amount BIGINT NOT NULL CHECK (deposit_amount >= 0 AND deposit_amount <= price_amount),
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE course_sessions (
    id         TEXT PRIMARY KEY,
    course_id  TEXT NOT NULL REFERENCES courses (id),
    starts_at  TIMESTAMPTZ NOT NULL,
    ends_at    TIMESTAMPTZ NOT NULL,
    capacity   INTEGER NOT NULL CHECK (capacity > 0),
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX course_sessions_course_idx ON course_sessions (course_id);

-- +goose Down
DROP TABLE course_sessions;
DROP TABLE courses;
