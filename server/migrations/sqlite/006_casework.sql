-- Casework: referrals (rujukan) to other agencies and complaints (pengaduan) taken at the office
-- desk, each with its current status (for the lists' filters) and an append-only history of
-- status steps (case_event: never updated, never deleted).
CREATE TABLE referral (
    id INTEGER PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES household (id),
    member_id TEXT,
    kelurahan TEXT NOT NULL,
    agency TEXT NOT NULL,
    need TEXT NOT NULL,
    origin_kind TEXT NOT NULL CHECK (origin_kind IN ('visit', 'decision', 'complaint')),
    origin_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sent', 'received', 'acted_on', 'closed')),
    sent_on TEXT NOT NULL,
    status_on TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES app_user (id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX referral_status ON referral (status, sent_on);
CREATE INDEX referral_household ON referral (household_id, id);
CREATE TABLE complaint (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    contact TEXT NOT NULL,
    nik TEXT,
    category TEXT NOT NULL CHECK (category IN
        ('not_registered', 'wrongly_registered', 'aid_not_received', 'service', 'other')),
    details TEXT NOT NULL,
    household_id TEXT REFERENCES household (id),
    kelurahan TEXT,
    status TEXT NOT NULL CHECK (status IN ('received', 'in_progress', 'resolved', 'rejected')),
    received_on TEXT NOT NULL,
    status_on TEXT NOT NULL,
    task_for INTEGER REFERENCES app_user (id),
    created_by INTEGER NOT NULL REFERENCES app_user (id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX complaint_status ON complaint (status, received_on);
CREATE TABLE case_event (
    id INTEGER PRIMARY KEY,
    case_kind TEXT NOT NULL CHECK (case_kind IN ('referral', 'complaint')),
    case_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    on_date TEXT NOT NULL,
    note TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX case_event_case ON case_event (case_kind, case_id, id);
CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
