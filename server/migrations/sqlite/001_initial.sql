-- Accounts, devices, receipt keys, records, conflicts, the change feed and the audit log.
CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('volunteer', 'peksos', 'supervisor', 'admin')),
    scope TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE enrolment_code (
    code_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    expires_at TEXT NOT NULL
);
CREATE TABLE device (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    name TEXT NOT NULL,
    public_key TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    revoked_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE receipt_key (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    secret_key TEXT NOT NULL,
    active INTEGER NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE household (
    id TEXT PRIMARY KEY,
    kelurahan TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE record (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    device_id INTEGER NOT NULL REFERENCES device (id),
    household_id TEXT,
    receipt TEXT NOT NULL,
    received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE record_conflict (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    device_id INTEGER NOT NULL,
    received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (record_id, sha256)
);
CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    kelurahan TEXT,
    user_id INTEGER,
    data TEXT NOT NULL
);
CREATE INDEX change_log_kind_subject ON change_log (kind, subject);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    user_id INTEGER NOT NULL,
    device_id INTEGER,
    action TEXT NOT NULL,
    subject TEXT NOT NULL
);
