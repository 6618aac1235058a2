-- The office review: each record's queue facts in indexed columns (filled at intake, and at start
-- for records kept before), each household's NIK check, and the reviewers' per-criterion verdicts.
CREATE TABLE review_record (
    record_id TEXT PRIMARY KEY REFERENCES record (id),
    received_at TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    household_id TEXT,
    kelurahan TEXT,
    kind TEXT NOT NULL,
    path TEXT,
    flags INTEGER NOT NULL,
    nik_warning INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'awaiting'
        CHECK (status IN ('awaiting', 'reviewed', 'decided', 'sent_back'))
);
-- Both cover every filter column: a page walks the first newest-first and stops after its rows;
-- the count reads the second alone, never the table.
CREATE INDEX review_record_newest ON review_record
    (received_at DESC, record_id DESC, kelurahan, status, kind, path, flags, nik_warning, user_id);
CREATE INDEX review_record_filters ON review_record
    (kelurahan, status, kind, path, flags, nik_warning, user_id);
CREATE INDEX review_record_household ON review_record (household_id, received_at);
CREATE TABLE household_check (
    household_id TEXT PRIMARY KEY,
    nik_warning INTEGER NOT NULL
);
CREATE TABLE review_verdict (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES record (id),
    criterion INTEGER NOT NULL CHECK (criterion BETWEEN 1 AND 12),
    verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'revisit')),
    comment TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX review_verdict_record ON review_verdict (record_id, criterion, id);
