-- The office review: each record's queue facts in indexed columns (filled at intake, and at start
-- for records kept before), each household's NIK check, and the reviewers' per-criterion verdicts.
CREATE TABLE review_record (
    record_id TEXT PRIMARY KEY REFERENCES record (id),
    received_at TIMESTAMPTZ NOT NULL,
    user_id BIGINT NOT NULL,
    household_id TEXT,
    kelurahan TEXT,
    kind TEXT NOT NULL,
    path TEXT,
    flags BIGINT NOT NULL,
    nik_warning BOOLEAN NOT NULL DEFAULT false,
    status TEXT NOT NULL DEFAULT 'awaiting'
        CHECK (status IN ('awaiting', 'reviewed', 'decided', 'sent_back'))
);
CREATE INDEX review_record_newest ON review_record (received_at DESC, record_id DESC);
CREATE INDEX review_record_kelurahan ON review_record (kelurahan, received_at DESC, record_id DESC);
CREATE INDEX review_record_status ON review_record (status, received_at DESC, record_id DESC);
CREATE INDEX review_record_household ON review_record (household_id, received_at);
CREATE TABLE household_check (
    household_id TEXT PRIMARY KEY,
    nik_warning BOOLEAN NOT NULL
);
CREATE TABLE review_verdict (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES record (id),
    criterion INTEGER NOT NULL CHECK (criterion BETWEEN 1 AND 12),
    verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'revisit')),
    comment TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES app_user (id),
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX review_verdict_record ON review_verdict (record_id, criterion, id);
