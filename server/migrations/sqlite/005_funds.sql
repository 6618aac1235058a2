-- The partner fund ledger and the assistance it pays for. Entries and assistance rows are
-- append-only: triggers refuse every UPDATE and DELETE, so a wrong entry can only be corrected by
-- a new correction entry pointing at it. Amounts are whole rupiah; dates are 'YYYY-MM-DD'.
CREATE TABLE partner (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO partner (name) VALUES ('LKS Mitra Kenanga'), ('BRI'), ('Baznas'), ('Lazismu');
CREATE TABLE assistance (
    id INTEGER PRIMARY KEY,
    household_id TEXT NOT NULL,
    member_id TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('health', 'education', 'rutilahu', 'elderly', 'emergency')),
    school_level TEXT CHECK (school_level IN ('tk', 'sd', 'smp', 'sma', 'pt', 'kesetaraan')),
    amount INTEGER NOT NULL CHECK (amount > 0),
    given_on TEXT NOT NULL,
    partner_id INTEGER NOT NULL REFERENCES partner (id),
    document_number TEXT NOT NULL REFERENCES document (number),
    kelurahan TEXT NOT NULL,
    out_of_range_reason TEXT,
    recorded_by INTEGER NOT NULL REFERENCES app_user (id),
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK ((kind = 'education') = (school_level IS NOT NULL))
);
CREATE INDEX assistance_given ON assistance (given_on, id);
CREATE INDEX assistance_household ON assistance (household_id, given_on);
CREATE TABLE ledger_entry (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partner (id),
    kind TEXT NOT NULL CHECK (kind IN ('in', 'out', 'correction')),
    entry_date TEXT NOT NULL,
    amount INTEGER NOT NULL,
    note TEXT NOT NULL,
    corrects INTEGER REFERENCES ledger_entry (id),
    assistance_id INTEGER UNIQUE REFERENCES assistance (id),
    recorded_by INTEGER NOT NULL REFERENCES app_user (id),
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (kind <> 'in' OR (amount > 0 AND corrects IS NULL AND assistance_id IS NULL)),
    CHECK (kind <> 'out' OR (amount < 0 AND corrects IS NULL AND assistance_id IS NOT NULL)),
    CHECK (kind <> 'correction' OR (amount <> 0 AND corrects IS NOT NULL AND assistance_id IS NULL))
);
CREATE INDEX ledger_entry_partner ON ledger_entry (partner_id, entry_date, id);
CREATE INDEX ledger_entry_corrects ON ledger_entry (corrects);
CREATE TABLE reported_figure (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER REFERENCES partner (id),
    kind TEXT NOT NULL CHECK (kind IN ('balance', 'collected', 'paid_out')),
    period_from TEXT,
    period_to TEXT NOT NULL,
    amount INTEGER NOT NULL,
    note TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES app_user (id),
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK ((kind = 'balance') = (period_from IS NULL))
);
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER assistance_no_update BEFORE UPDATE ON assistance
BEGIN SELECT RAISE(ABORT, 'assistance rows are append-only'); END;
CREATE TRIGGER assistance_no_delete BEFORE DELETE ON assistance
BEGIN SELECT RAISE(ABORT, 'assistance rows are append-only'); END;
