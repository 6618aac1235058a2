-- Office decisions on records (who, when, which record and which version of it), the cards and
-- letters they issue (numbered, dated, revocable), and what became of RT/RW reports.
CREATE TABLE decision (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES record (id),
    record_sha256 TEXT NOT NULL,
    household_id TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('approve', 'card', 'reject', 'send_back', 'letter')),
    reason TEXT,
    decided_by BIGINT NOT NULL REFERENCES app_user (id),
    decided_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX decision_record ON decision (record_id, id);
CREATE INDEX decision_household ON decision (household_id, id);
CREATE TABLE document (
    number TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('card', 'letter')),
    decision_id BIGINT NOT NULL UNIQUE REFERENCES decision (id),
    household_id TEXT NOT NULL,
    issued_at TIMESTAMPTZ NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL,
    mayor_ref TEXT,
    revoked_at TIMESTAMPTZ,
    revoked_by BIGINT REFERENCES app_user (id),
    revoke_reason TEXT
);
CREATE INDEX document_household ON document (household_id, kind, issued_at);
CREATE TABLE report_outcome (
    record_id TEXT PRIMARY KEY REFERENCES record (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('assigned', 'closed')),
    assignee BIGINT REFERENCES app_user (id),
    reason TEXT,
    decided_by BIGINT NOT NULL REFERENCES app_user (id),
    decided_at TIMESTAMPTZ NOT NULL
);
