//! Reading and writing households, dwellings and members in the store. The only place with SQL for
//! them; the registry import and the household editor both write through here.

use chrono::{NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::model::{Address, GeoPoint, Household, KkEntry, Member, RegistryStatus, Source};
use crate::error::{Error, Result};
use crate::search_text;

/// One `name_token` row: token, member id, household id.
pub type NameToken = (String, String, String);

/// Write a whole new household: its dwelling (unless it already exists), the household row, its KK
/// history and members, with their search tokens. Call inside one transaction.
pub fn insert(tx: &Transaction<'_>, household: &Household) -> Result<()> {
    let mut tokens = Vec::new();
    insert_rows(tx, household, &mut tokens)?;
    insert_name_tokens(tx, tokens)
}

/// Like [`insert`], but the members' search tokens are added to `tokens` for the caller to write
/// with [`insert_name_tokens`] (a bulk import writes them all at once, in order).
pub fn insert_rows(
    tx: &Transaction<'_>,
    household: &Household,
    tokens: &mut Vec<NameToken>,
) -> Result<()> {
    write_dwelling(tx, household, OnConflict::KeepExisting)?;
    tx.prepare_cached(
        "INSERT INTO household (id, dwelling_id, source, ppls_id, in_ppls, kps_number, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![
        household.id,
        household.dwelling_id,
        household.source.code(),
        household.registry.ppls_id,
        household.registry.in_ppls,
        household.registry.kps_number,
        Utc::now().to_rfc3339()
    ])?;
    insert_kk_and_members(tx, household, tokens)
}

/// Replace what the registry says of an existing household (`household.id` and `dwelling_id` are
/// the stored ones): address, registry status, a new KK number, and the members anew.
pub fn replace_registry_data(
    tx: &Transaction<'_>,
    household: &Household,
    tokens: &mut Vec<NameToken>,
) -> Result<()> {
    write_dwelling(tx, household, OnConflict::UpdateAddress)?;
    tx.prepare_cached(
        "UPDATE household SET in_ppls = ?2, kps_number = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![
        household.id,
        household.registry.in_ppls,
        household.registry.kps_number,
        Utc::now().to_rfc3339()
    ])?;
    delete_members(tx, &household.id)?;
    insert_kk_and_members(tx, household, tokens)
}

/// The household id and dwelling id stored for a PPLS household id, if any.
pub fn find_by_ppls_id(conn: &Connection, ppls_id: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT id, dwelling_id FROM household WHERE ppls_id = ?1")?
        .query_row([ppls_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn insert_kk_and_members(
    tx: &Transaction<'_>,
    household: &Household,
    tokens: &mut Vec<NameToken>,
) -> Result<()> {
    for entry in &household.kk_history {
        insert_kk(tx, &household.id, entry)?;
    }
    for (position, member) in household.members.iter().enumerate() {
        insert_member_row(tx, &household.id, position, member)?;
        tokens.extend(member_tokens(member, &household.id));
    }
    Ok(())
}

/// What writing a dwelling that already exists does.
enum OnConflict {
    /// Leave it as it is (a second family moving into a known house).
    KeepExisting,
    /// Take the new address (the registry's newer list); a known position is kept.
    UpdateAddress,
}

fn write_dwelling(
    tx: &Transaction<'_>,
    household: &Household,
    on_conflict: OnConflict,
) -> Result<()> {
    let conflict = match on_conflict {
        OnConflict::KeepExisting => "DO NOTHING",
        OnConflict::UpdateAddress => {
            "DO UPDATE SET kelurahan_code = excluded.kelurahan_code, rt = excluded.rt, rw = excluded.rw,
                           address = excluded.address, address_norm = excluded.address_norm"
        }
    };
    let a = &household.address;
    tx.prepare_cached(&format!(
        "INSERT INTO dwelling (id, kelurahan_code, rt, rw, address, address_norm, lat, lon)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) {conflict}"
    ))?
    .execute(params![
        household.dwelling_id,
        a.kelurahan_code,
        a.rt,
        a.rw,
        a.street,
        search_text::normalize(&a.street),
        household.point.map(|p| p.lat),
        household.point.map(|p| p.lon),
    ])?;
    Ok(())
}

/// Add a KK number to a household's history; a number already there is kept as it was.
pub fn insert_kk(tx: &Transaction<'_>, household_id: &str, entry: &KkEntry) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO kk_history (household_id, kk_number, since, reason) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        household_id,
        entry.kk_number,
        entry.since.map(|d| d.to_string()),
        to_json_code(&entry.reason)?
    ])?;
    Ok(())
}

fn insert_member_row(
    tx: &Transaction<'_>,
    household_id: &str,
    position: usize,
    m: &Member,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO member (id, household_id, position, nik, name, sex, birth_date, relation,
                             education, school_level, disability, chronic_illness)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        m.id,
        household_id,
        position as i64,
        m.nik,
        m.name,
        m.sex.map(|s| s.code()),
        m.birth_date.map(|d| d.to_string()),
        to_json_code(&m.relation)?,
        m.education,
        m.school_level.as_ref().map(to_json_code).transpose()?,
        m.disability,
        m.chronic_illness
    ])?;
    Ok(())
}

/// The search tokens of a member's name.
fn member_tokens<'a>(m: &'a Member, household_id: &'a str) -> impl Iterator<Item = NameToken> + 'a {
    search_text::tokens(&m.name)
        .into_iter()
        .map(move |token| (token, m.id.clone(), household_id.to_owned()))
}

/// Write name tokens in token order: the index then grows at one end instead of at random places,
/// which makes a bulk import markedly faster.
pub fn insert_name_tokens(tx: &Transaction<'_>, mut rows: Vec<NameToken>) -> Result<()> {
    rows.sort_unstable();
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO name_token (token, member_id, household_id) VALUES (?1, ?2, ?3)",
    )?;
    for (token, member_id, household_id) in rows {
        insert.execute(params![token, member_id, household_id])?;
    }
    Ok(())
}

/// Remove a household's members and their search tokens (before they are written anew).
fn delete_members(tx: &Transaction<'_>, household_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM name_token WHERE household_id = ?1")?
        .execute([household_id])?;
    tx.prepare_cached("DELETE FROM member WHERE household_id = ?1")?
        .execute([household_id])?;
    Ok(())
}

/// The household with `id`, with members and KK history.
pub fn load(conn: &Connection, id: &str) -> Result<Household> {
    let mut household = conn
        .prepare_cached(
            "SELECT h.id, h.dwelling_id, h.source, h.ppls_id, h.in_ppls, h.kps_number,
                    d.kelurahan_code, d.rt, d.rw, d.address, d.lat, d.lon
             FROM household h JOIN dwelling d ON d.id = h.dwelling_id WHERE h.id = ?1",
        )?
        .query_row([id], household_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            kind: "household",
            id: id.to_owned(),
        })?;
    household.kk_history = load_kk(conn, id)?;
    household.members = load_members(conn, id)?;
    Ok(household)
}

fn household_row(r: &Row<'_>) -> rusqlite::Result<Household> {
    let source: String = r.get(2)?;
    let point = match (r.get::<_, Option<f64>>(10)?, r.get::<_, Option<f64>>(11)?) {
        (Some(lat), Some(lon)) => Some(GeoPoint { lat, lon }),
        _ => None,
    };
    Ok(Household {
        id: r.get(0)?,
        dwelling_id: r.get(1)?,
        source: if source == "registry" {
            Source::Registry
        } else {
            Source::Field
        },
        registry: RegistryStatus {
            ppls_id: r.get(3)?,
            in_ppls: r.get(4)?,
            kps_number: r.get(5)?,
        },
        address: Address {
            kelurahan_code: r.get(6)?,
            rt: r.get(7)?,
            rw: r.get(8)?,
            street: r.get(9)?,
        },
        point,
        kk_history: Vec::new(),
        members: Vec::new(),
    })
}

fn load_kk(conn: &Connection, id: &str) -> Result<Vec<KkEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kk_number, since, reason FROM kk_history WHERE household_id = ?1
         ORDER BY since IS NOT NULL, since, rowid",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (kk_number, since, reason) = row?;
        Ok(KkEntry {
            kk_number,
            since: since.map(|s| parse_date(&s)).transpose()?,
            reason: from_json_code(&reason)?,
        })
    })
    .collect()
}

fn load_members(conn: &Connection, id: &str) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, nik, name, sex, birth_date, relation, education, school_level, disability, chronic_illness
         FROM member WHERE household_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            [
                r.get::<_, String>(0)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(5)?,
            ],
            [
                r.get::<_, Option<String>>(1)?,
                r.get(3)?,
                r.get(4)?,
                r.get(7)?,
            ],
            (
                r.get::<_, Option<u8>>(6)?,
                r.get::<_, bool>(8)?,
                r.get::<_, bool>(9)?,
            ),
        ))
    })?;
    rows.map(|row| {
        let (
            [id, name, relation],
            [nik, sex, birth, school],
            (education, disability, chronic_illness),
        ) = row?;
        Ok(Member {
            id,
            nik,
            name,
            sex: sex.as_deref().and_then(crate::identity::Sex::from_code),
            birth_date: birth.map(|s| parse_date(&s)).transpose()?,
            relation: from_json_code(&relation)?,
            education,
            school_level: school.map(|s| from_json_code(&s)).transpose()?,
            disability,
            chronic_illness,
        })
    })
    .collect()
}

/// Where a NIK is already recorded on the device: (household id, member id) pairs.
pub fn nik_owners(conn: &Connection, nik: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT household_id, id FROM member WHERE nik = ?1")?;
    let rows = stmt.query_map([nik], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Move an existing member into another household (the "link to the existing one" choice).
pub fn move_member(
    tx: &Transaction<'_>,
    member_id: &str,
    household_id: &str,
    position: usize,
) -> Result<()> {
    tx.prepare_cached("UPDATE member SET household_id = ?2, position = ?3 WHERE id = ?1")?
        .execute(params![member_id, household_id, position as i64])?;
    tx.prepare_cached("UPDATE name_token SET household_id = ?2 WHERE member_id = ?1")?
        .execute(params![member_id, household_id])?;
    Ok(())
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    s.parse().map_err(|_| Error::Corrupt(format!("date {s:?}")))
}

/// The plain string of a unit-variant enum as serde writes it (e.g. `kepala`), for a text column.
fn to_json_code<T: serde::Serialize>(value: &T) -> Result<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(Error::Corrupt("enum code".into())),
    }
}

fn from_json_code<T: serde::de::DeserializeOwned>(code: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(code.to_owned()))
        .map_err(|_| Error::Corrupt(format!("code {code:?}")))
}
