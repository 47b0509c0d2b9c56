-- +goose Up
CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    full_name       TEXT NOT NULL,
    email           TEXT NOT NULL,
    phone           TEXT NOT NULL DEFAULT '',
    whatsapp_opt_in BOOLEAN NOT NULL DEFAULT FALSE,
    kind            TEXT NOT NULL CHECK (kind IN ('student', 'staff', 'corporate_contact')),
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    CHECK (NOT whatsapp_opt_in OR phone <> '')
);
CREATE UNIQUE INDEX users_email_idx ON users (email);

-- +goose Down
DROP TABLE users;
