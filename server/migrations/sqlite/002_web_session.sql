-- Office web sign-in sessions: the cookie's token is kept only as its SHA-256; the CSRF token
-- is per session and checked on every form sent.
CREATE TABLE web_session (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at TEXT NOT NULL
);
CREATE INDEX web_session_user ON web_session (user_id);
