//! The store's schema as ordered migrations. A migration is never edited once released: a change
//! is a new entry at the end. `PRAGMA user_version` records how many have run.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Ordered migrations; entry `n` takes the store from version `n` to `n + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: households, dwellings, people, the registry search index, visits and the outbox.
    "
    CREATE TABLE dwelling (
        id             TEXT PRIMARY KEY,
        kelurahan_code TEXT NOT NULL,
        rt             INTEGER NOT NULL,
        rw             INTEGER NOT NULL,
        address        TEXT NOT NULL,
        address_norm   TEXT NOT NULL,
        lat            REAL,
        lon            REAL
    );
    CREATE INDEX dwelling_area ON dwelling (kelurahan_code, rw, rt);

    CREATE TABLE household (
        id          TEXT PRIMARY KEY,
        dwelling_id TEXT NOT NULL REFERENCES dwelling (id),
        source      TEXT NOT NULL CHECK (source IN ('registry', 'field')),
        ppls_id     TEXT UNIQUE,
        in_ppls     INTEGER NOT NULL DEFAULT 0,
        kps_number  TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX household_dwelling ON household (dwelling_id);

    CREATE TABLE kk_history (
        household_id TEXT NOT NULL REFERENCES household (id),
        kk_number    TEXT NOT NULL,
        since        TEXT,
        reason       TEXT NOT NULL,
        PRIMARY KEY (household_id, kk_number)
    );
    CREATE INDEX kk_history_number ON kk_history (kk_number);

    CREATE TABLE member (
        id              TEXT PRIMARY KEY,
        household_id    TEXT NOT NULL REFERENCES household (id),
        position        INTEGER NOT NULL,
        nik             TEXT,
        name            TEXT NOT NULL,
        sex             TEXT CHECK (sex IN ('L', 'P')),
        birth_date      TEXT,
        relation        TEXT NOT NULL,
        education       INTEGER CHECK (education BETWEEN 1 AND 10),
        school_level    TEXT,
        disability      INTEGER NOT NULL DEFAULT 0,
        chronic_illness INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX member_household ON member (household_id, position);
    CREATE INDEX member_nik ON member (nik);

    CREATE TABLE name_token (
        token        TEXT NOT NULL,
        member_id    TEXT NOT NULL REFERENCES member (id),
        household_id TEXT NOT NULL,
        PRIMARY KEY (token, member_id)
    ) WITHOUT ROWID;

    CREATE TABLE draft (
        id           TEXT PRIMARY KEY,
        kind         TEXT NOT NULL CHECK (kind IN ('visit', 'report')),
        household_id TEXT,
        form_id      TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        state        TEXT NOT NULL,
        started_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    );

    CREATE TABLE draft_answer (
        draft_id    TEXT NOT NULL REFERENCES draft (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        value       TEXT NOT NULL,
        PRIMARY KEY (draft_id, question_id)
    ) WITHOUT ROWID;

    CREATE TABLE record (
        id           TEXT PRIMARY KEY,
        kind         TEXT NOT NULL,
        household_id TEXT,
        form_id      TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        finished_at  TEXT NOT NULL,
        body         TEXT NOT NULL,
        sha256       TEXT NOT NULL
    );
    CREATE INDEX record_household ON record (household_id, finished_at);

    CREATE TABLE outbox (
        record_id TEXT PRIMARY KEY REFERENCES record (id),
        lane      TEXT NOT NULL DEFAULT 'records',
        state     TEXT NOT NULL DEFAULT 'pending',
        queued_at TEXT NOT NULL
    );
    ",
    // 2: registry search — a member's name tokens, for multi-word name search and re-import.
    "
    CREATE INDEX name_token_member ON name_token (member_id, token);
    ",
    // 3: photo evidence. A photo is content-addressed (SHA-256 of the processed JPEG) and stored
    // once; evidence ties a photo to a visit's question, with where/when it was taken and flags.
    // Household and dwelling are copied in, so duplicate checks work after the draft is finished.
    "
    CREATE TABLE photo (
        id         TEXT PRIMARY KEY,
        phash      INTEGER NOT NULL,
        width      INTEGER NOT NULL,
        height     INTEGER NOT NULL,
        bytes      INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );

    CREATE TABLE evidence (
        id             TEXT PRIMARY KEY,
        draft_id       TEXT NOT NULL,
        question_id    TEXT NOT NULL,
        photo_id       TEXT NOT NULL REFERENCES photo (id),
        household_id   TEXT,
        dwelling_id    TEXT,
        captured_at    TEXT,
        exif_lat       REAL,
        exif_lon       REAL,
        device_fix     TEXT,
        distance_m     REAL,
        params         TEXT NOT NULL,
        flags          TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        UNIQUE (draft_id, question_id, photo_id)
    );
    CREATE INDEX evidence_draft ON evidence (draft_id, question_id);
    CREATE INDEX evidence_photo ON evidence (photo_id);
    ",
    // 4: sync. The device's account (one row), what each outbox entry became at the server, the
    // verified receipts, photos archived after their receipts, the feed cursor, and the feed
    // entries kept for the screens (assignments, decisions, form versions).
    "
    CREATE TABLE account (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        server_url  TEXT NOT NULL,
        device_id   INTEGER NOT NULL,
        device_name TEXT NOT NULL,
        username    TEXT NOT NULL,
        role        TEXT NOT NULL,
        kelurahan   TEXT NOT NULL,
        token       TEXT,
        signing_key TEXT NOT NULL,
        server_keys TEXT NOT NULL,
        enrolled_at TEXT NOT NULL
    );

    ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN problems TEXT;
    ALTER TABLE outbox ADD COLUMN missing_media TEXT;
    ALTER TABLE outbox ADD COLUMN updated_at TEXT;
    CREATE INDEX outbox_state ON outbox (state, queued_at);

    CREATE TABLE receipt (
        record_id   TEXT PRIMARY KEY REFERENCES record (id),
        body        TEXT NOT NULL,
        verified_at TEXT NOT NULL
    );

    ALTER TABLE photo ADD COLUMN archived_at TEXT;

    CREATE TABLE sync_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE inbox (
        seq         INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL,
        data        TEXT NOT NULL,
        received_at TEXT NOT NULL
    );
    ",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Bring the store up to [`SCHEMA_VERSION`], one migration per transaction.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::StoreTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
