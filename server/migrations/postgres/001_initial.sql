-- Accounts, devices, receipt keys, records, conflicts, the change feed and the audit log.
CREATE TABLE app_user (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('volunteer', 'peksos', 'supervisor', 'admin')),
    scope TEXT[] NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE enrolment_code (
    code_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES app_user (id),
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE device (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES app_user (id),
    name TEXT NOT NULL,
    public_key TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    revoked_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE receipt_key (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    secret_key TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE household (
    id TEXT PRIMARY KEY,
    kelurahan TEXT NOT NULL,
    data JSONB NOT NULL
);
CREATE TABLE record (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES app_user (id),
    device_id BIGINT NOT NULL REFERENCES device (id),
    household_id TEXT,
    receipt TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE record_conflict (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    device_id BIGINT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (record_id, sha256)
);
CREATE TABLE change_log (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    kelurahan TEXT,
    user_id BIGINT,
    data JSONB NOT NULL
);
CREATE INDEX change_log_kind_subject ON change_log (kind, subject);
CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT now(),
    user_id BIGINT NOT NULL,
    device_id BIGINT,
    action TEXT NOT NULL,
    subject TEXT NOT NULL
);
