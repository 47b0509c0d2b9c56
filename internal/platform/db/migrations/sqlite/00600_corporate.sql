-- +goose Up
CREATE TABLE corporate_leads (
    id              TEXT PRIMARY KEY,
    source          TEXT NOT NULL CHECK (source IN ('web', 'whatsapp', 'referral', 'event', 'other')),
    company_name    TEXT NOT NULL,
    contact_name    TEXT NOT NULL,
    contact_email   TEXT NOT NULL,
    contact_phone   TEXT NOT NULL,
    notes           TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('new', 'converted')),
    organization_id TEXT,
    created_by      TEXT NOT NULL,
    created_at      DATETIME NOT NULL,
    converted_at    DATETIME
);

-- An organization is made from exactly one lead; the unique lead_id makes a
-- second conversion fail even when two requests race.
CREATE TABLE corporate_organizations (
    id         TEXT PRIMARY KEY,
    lead_id    TEXT NOT NULL UNIQUE REFERENCES corporate_leads (id),
    name       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at DATETIME NOT NULL
);

CREATE TABLE corporate_proposals (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES corporate_organizations (id),
    title           TEXT NOT NULL,
    seats           INTEGER NOT NULL CHECK (seats > 0),
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    currency        TEXT NOT NULL,
    valid_until     DATETIME,
    status          TEXT NOT NULL CHECK (status IN ('sent', 'accepted')),
    sent_by         TEXT NOT NULL,
    sent_at         DATETIME NOT NULL,
    accepted_by     TEXT,
    accepted_at     DATETIME
);
CREATE INDEX corporate_proposals_organization_idx ON corporate_proposals (organization_id);

-- One agreement per proposal.
CREATE TABLE corporate_agreements (
    id              TEXT PRIMARY KEY,
    proposal_id     TEXT NOT NULL UNIQUE REFERENCES corporate_proposals (id),
    organization_id TEXT NOT NULL REFERENCES corporate_organizations (id),
    seats           INTEGER NOT NULL,
    amount_minor    INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    starts_at       DATETIME NOT NULL,
    ends_at         DATETIME NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('active')),
    activated_by    TEXT NOT NULL,
    activated_at    DATETIME NOT NULL
);
CREATE INDEX corporate_agreements_organization_idx ON corporate_agreements (organization_id);

CREATE TABLE corporate_cohorts (
    id              TEXT PRIMARY KEY,
    agreement_id    TEXT NOT NULL REFERENCES corporate_agreements (id),
    organization_id TEXT NOT NULL REFERENCES corporate_organizations (id),
    course_id       TEXT NOT NULL,
    name            TEXT NOT NULL,
    seats           INTEGER NOT NULL CHECK (seats > 0),
    starts_at       DATETIME NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('started')),
    started_by      TEXT NOT NULL,
    created_at      DATETIME NOT NULL
);
CREATE INDEX corporate_cohorts_agreement_idx ON corporate_cohorts (agreement_id);

CREATE TABLE corporate_reports (
    id              TEXT PRIMARY KEY,
    cohort_id       TEXT NOT NULL REFERENCES corporate_cohorts (id),
    organization_id TEXT NOT NULL REFERENCES corporate_organizations (id),
    period_start    DATETIME NOT NULL,
    period_end      DATETIME NOT NULL,
    seats           INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    invoiced_minor  INTEGER NOT NULL,
    paid_minor      INTEGER NOT NULL,
    invoice_count   INTEGER NOT NULL,
    generated_by    TEXT NOT NULL,
    generated_at    DATETIME NOT NULL
);
CREATE INDEX corporate_reports_cohort_idx ON corporate_reports (cohort_id);

CREATE TABLE corporate_invoices (
    id              TEXT PRIMARY KEY,
    agreement_id    TEXT NOT NULL REFERENCES corporate_agreements (id),
    organization_id TEXT NOT NULL REFERENCES corporate_organizations (id),
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    paid_minor      INTEGER NOT NULL CHECK (paid_minor >= 0 AND paid_minor <= amount_minor),
    currency        TEXT NOT NULL,
    due_at          DATETIME NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'paid')),
    issued_by       TEXT NOT NULL,
    issued_at       DATETIME NOT NULL,
    paid_at         DATETIME
);
CREATE INDEX corporate_invoices_agreement_idx ON corporate_invoices (agreement_id, issued_at);

-- A payment is allocated to an invoice at most once.
CREATE TABLE corporate_payment_allocations (
    id           TEXT PRIMARY KEY,
    invoice_id   TEXT NOT NULL REFERENCES corporate_invoices (id),
    payment_id   TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT NOT NULL,
    allocated_by TEXT NOT NULL,
    allocated_at DATETIME NOT NULL,
    UNIQUE (invoice_id, payment_id)
);

-- +goose Down
DROP TABLE corporate_payment_allocations;
DROP TABLE corporate_invoices;
DROP TABLE corporate_reports;
DROP TABLE corporate_cohorts;
DROP TABLE corporate_agreements;
DROP TABLE corporate_proposals;
DROP TABLE corporate_organizations;
DROP TABLE corporate_leads;
