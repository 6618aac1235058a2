//! Every SQL statement about photos and evidence, and the [`Evidence`] record they read and write.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::flags::Flag;
use super::geofence::DeviceFix;
use super::pipeline::ProcessingParams;
use crate::error::{Error, Result};
use crate::household::GeoPoint;

/// One photo attached to one question of a visit, with where and when it was taken and what the
/// office should look at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Internal id of this attachment (UUID v7).
    pub id: String,
    /// The visit (draft) it belongs to.
    pub draft_id: String,
    /// The question or criterion it is evidence for.
    pub question_id: String,
    /// The photo's id: SHA-256 (hex) of the processed JPEG.
    pub photo_id: String,
    /// The household of the visit, when it has one.
    pub household_id: Option<String>,
    /// The capture time from EXIF.
    pub captured_at: Option<DateTime<FixedOffset>>,
    /// The position from EXIF GPS.
    pub exif_position: Option<GeoPoint>,
    /// The shell's own GPS fix.
    pub device_fix: Option<DeviceFix>,
    /// Distance from the photo's position to the dwelling, metres, when both are known.
    pub distance_m: Option<f64>,
    /// How the photo was processed.
    pub params: ProcessingParams,
    /// What the office should look at.
    pub flags: Vec<Flag>,
    /// When the evidence was stored.
    pub created_at: DateTime<Utc>,
}

/// A stored photo as the duplicate check sees it: its hash, its household and dwelling, its day.
pub(crate) struct Known {
    /// SHA-256 id of the photo.
    pub photo_id: String,
    /// Its perceptual hash.
    pub phash: u64,
    /// The household it was taken for.
    pub household_id: Option<String>,
    /// That household's dwelling.
    pub dwelling_id: Option<String>,
    /// The day it was stored.
    pub taken_on: NaiveDate,
}

/// What the visit's draft says about where and since when the visit is.
pub(crate) struct VisitContext {
    /// The visited household, if the draft has one.
    pub household_id: Option<String>,
    /// Its dwelling.
    pub dwelling_id: Option<String>,
    /// The dwelling's known point.
    pub house: Option<GeoPoint>,
    /// When the visit (draft) started.
    pub started_at: DateTime<Utc>,
}

/// The draft's household, dwelling, dwelling point and start time.
pub(crate) fn visit_context(conn: &Connection, draft_id: &str) -> Result<VisitContext> {
    conn.query_row(
        "SELECT d.household_id, w.id, w.lat, w.lon, d.started_at
         FROM draft d
         LEFT JOIN household h ON h.id = d.household_id
         LEFT JOIN dwelling w ON w.id = h.dwelling_id
         WHERE d.id = ?1",
        [draft_id],
        |r| {
            let point = match (r.get::<_, Option<f64>>(2)?, r.get::<_, Option<f64>>(3)?) {
                (Some(lat), Some(lon)) => Some(GeoPoint { lat, lon }),
                _ => None,
            };
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                point,
                r.get::<_, String>(4)?,
            ))
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        kind: "draft",
        id: draft_id.to_owned(),
    })
    .and_then(|(household_id, dwelling_id, house, started)| {
        Ok(VisitContext {
            household_id,
            dwelling_id,
            house,
            started_at: parse_time(&started)?,
        })
    })
}

fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::Corrupt(format!("stored time {text:?}")))
}

/// Every stored photo with the household it was taken for.
pub(crate) fn known_photos(conn: &Connection) -> Result<Vec<Known>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.phash, e.household_id, e.dwelling_id, e.created_at
         FROM evidence e JOIN photo p ON p.id = e.photo_id",
    )?;
    let rows = stmt.query_map([], |r| {
        let created: String = r.get(4)?;
        Ok(Known {
            photo_id: r.get(0)?,
            phash: r.get::<_, i64>(1)? as u64,
            household_id: r.get(2)?,
            dwelling_id: r.get(3)?,
            taken_on: created
                .get(..10)
                .and_then(|d| d.parse().ok())
                .unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// True when photo `id` already has a row.
pub(crate) fn photo_exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM photo WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Insert the photo row unless it exists.
pub(crate) fn insert_photo(
    conn: &Connection,
    id: &str,
    phash: u64,
    params: &ProcessingParams,
    bytes: usize,
) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO photo (id, phash, width, height, bytes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            phash as i64,
            params.size.0,
            params.size.1,
            bytes as i64,
            Utc::now().to_rfc3339()
        ],
    )?;
    Ok(())
}

/// Insert `e` unless the same photo is already attached to the same question of the same draft;
/// returns the stored evidence either way.
pub(crate) fn insert_evidence(
    conn: &Connection,
    e: &Evidence,
    dwelling_id: Option<&str>,
) -> Result<Evidence> {
    conn.execute(
        "INSERT OR IGNORE INTO evidence (id, draft_id, question_id, photo_id, household_id, dwelling_id,
             captured_at, exif_lat, exif_lon, device_fix, distance_m, params, flags, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            e.id,
            e.draft_id,
            e.question_id,
            e.photo_id,
            e.household_id,
            dwelling_id,
            e.captured_at.map(|t| t.to_rfc3339()),
            e.exif_position.map(|p| p.lat),
            e.exif_position.map(|p| p.lon),
            e.device_fix.map(|f| to_json(&f)).transpose()?,
            e.distance_m,
            to_json(&e.params)?,
            to_json(&e.flags)?,
            e.created_at.to_rfc3339(),
        ],
    )?;
    let mut stored = select(
        conn,
        "draft_id = ?1 AND question_id = ?2 AND photo_id = ?3",
        &[&e.draft_id, &e.question_id, &e.photo_id],
    )?;
    stored
        .pop()
        .ok_or_else(|| Error::Corrupt("evidence row vanished".into()))
}

/// The evidence of one draft, in the order it was taken.
pub(crate) fn for_draft(conn: &Connection, draft_id: &str) -> Result<Vec<Evidence>> {
    select(conn, "draft_id = ?1", &[&draft_id])
}

/// One evidence row by id.
pub(crate) fn by_id(conn: &Connection, id: &str) -> Result<Evidence> {
    select(conn, "id = ?1", &[&id])?
        .pop()
        .ok_or_else(|| Error::NotFound {
            kind: "evidence",
            id: id.to_owned(),
        })
}

/// Delete evidence `id`, and its photo row when nothing else uses it. Returns the photo id when
/// the photo row was deleted (its files can go). Refused once the visit's draft is gone (the
/// visit is finished and its record names the photo).
pub(crate) fn delete(conn: &Connection, id: &str) -> Result<Option<String>> {
    let evidence = by_id(conn, id)?;
    let open: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM draft WHERE id = ?1)",
        [&evidence.draft_id],
        |r| r.get(0),
    )?;
    if !open {
        return Err(Error::State("the visit is finished; its photos are kept"));
    }
    let photo = evidence.photo_id;
    conn.execute("DELETE FROM evidence WHERE id = ?1", [id])?;
    let deleted = conn.execute(
        "DELETE FROM photo WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM evidence WHERE photo_id = ?1)",
        [&photo],
    )?;
    Ok((deleted > 0).then_some(photo))
}

/// The ids of every stored photo.
pub(crate) fn photo_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT id FROM photo")?;
    let ids = stmt.query_map([], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

fn select(conn: &Connection, filter: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Evidence>> {
    let sql = format!(
        "SELECT id, draft_id, question_id, photo_id, household_id, captured_at, exif_lat, exif_lon,
                device_fix, distance_m, params, flags, created_at
         FROM evidence WHERE {filter} ORDER BY created_at, id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(args, read_row)?;
    rows.map(|r| r?).collect()
}

fn read_row(r: &Row<'_>) -> rusqlite::Result<Result<Evidence>> {
    let raw = RawRow {
        captured_at: r.get(5)?,
        exif: (r.get(6)?, r.get(7)?),
        device_fix: r.get(8)?,
        params: r.get(10)?,
        flags: r.get(11)?,
        created_at: r.get(12)?,
    };
    let ids: [String; 4] = [r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?];
    let household_id = r.get(4)?;
    let distance_m = r.get(9)?;
    Ok(raw.decode().map(|d| {
        let [id, draft_id, question_id, photo_id] = ids;
        Evidence {
            id,
            draft_id,
            question_id,
            photo_id,
            household_id,
            distance_m,
            captured_at: d.captured_at,
            exif_position: d.exif_position,
            device_fix: d.device_fix,
            params: d.params,
            flags: d.flags,
            created_at: d.created_at,
        }
    }))
}

/// The columns stored as text, before decoding.
struct RawRow {
    captured_at: Option<String>,
    exif: (Option<f64>, Option<f64>),
    device_fix: Option<String>,
    params: String,
    flags: String,
    created_at: String,
}

/// The decoded text columns.
struct Decoded {
    captured_at: Option<DateTime<FixedOffset>>,
    exif_position: Option<GeoPoint>,
    device_fix: Option<DeviceFix>,
    params: ProcessingParams,
    flags: Vec<Flag>,
    created_at: DateTime<Utc>,
}

impl RawRow {
    fn decode(self) -> Result<Decoded> {
        let captured_at = self
            .captured_at
            .map(|t| DateTime::parse_from_rfc3339(&t))
            .transpose()
            .map_err(|e| Error::Corrupt(e.to_string()))?;
        Ok(Decoded {
            captured_at,
            exif_position: match self.exif {
                (Some(lat), Some(lon)) => Some(GeoPoint { lat, lon }),
                _ => None,
            },
            device_fix: self.device_fix.map(|f| from_json(&f)).transpose()?,
            params: from_json(&self.params)?,
            flags: from_json(&self.flags)?,
            created_at: parse_time(&self.created_at)?,
        })
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt(e.to_string()))
}
