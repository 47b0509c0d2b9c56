-- +goose Up
CREATE TABLE payments (
    id                   TEXT PRIMARY KEY,
    enrollment_id        TEXT NOT NULL,
    user_id              TEXT NOT NULL,
    deposit_amount       BIGINT NOT NULL CHECK (deposit_amount > 0),
    balance_amount       BIGINT NOT NULL CHECK (balance_amount >= 0),
    currency             TEXT NOT NULL CHECK (length(currency) = 3),
    status               TEXT NOT NULL CHECK (status IN ('deposit_started', 'receipt_uploaded', 'deposit_approved', 'balance_completed')),
    receipt_id           TEXT NOT NULL DEFAULT '',
    created_by           TEXT NOT NULL,
    created_at           DATETIME NOT NULL,
    deposit_approved_at  DATETIME,
    deposit_approved_by  TEXT NOT NULL DEFAULT '',
    balance_completed_at DATETIME
);
-- One payment per enrollment.
CREATE UNIQUE INDEX payments_enrollment_idx ON payments (enrollment_id);

-- Uploaded receipts. The files live in the configured receipts folder
-- under stored_name; rows are written in the upload's transaction.
CREATE TABLE payment_receipts (
    id           TEXT PRIMARY KEY,
    payment_id   TEXT NOT NULL REFERENCES payments (id),
    content_type TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL CHECK (size_bytes > 0),
    sha256       TEXT NOT NULL,
    stored_name  TEXT NOT NULL UNIQUE,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  DATETIME NOT NULL
);
CREATE INDEX payment_receipts_payment_idx ON payment_receipts (payment_id);

-- +goose Down
DROP TABLE payment_receipts;
DROP TABLE payments;
