//! Finding a household the way a Peksos asks for it at intake: by a member's name as typed (any
//! word, any case, with or without accents, just its start), a NIK, any KK the family ever held,
//! part of the address, or the kelurahan / RW / RT. All given criteria must hold.
//!
//! Name search is an index range scan on `name_token` (`token >= prefix AND token < upper`), so it
//! stays fast on the whole city's list; the address is a substring test on its normalized form.

use std::collections::HashSet;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, Row};

use crate::error::Result;
use crate::search_text::{normalize, prefix_upper_bound, tokens};

/// What to look for. Empty or absent fields are ignored; all others must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Name words: each must be the start of a word of the same member's name.
    pub text: Option<String>,
    /// A member's NIK, exactly.
    pub nik: Option<String>,
    /// A KK number the household holds or held, exactly.
    pub kk: Option<String>,
    /// Part of the street address, compared without case, accents or punctuation.
    pub address: Option<String>,
    /// Kemendagri kelurahan code, exactly.
    pub kelurahan_code: Option<String>,
    /// Rukun Warga.
    pub rw: Option<u16>,
    /// Rukun Tetangga.
    pub rt: Option<u16>,
}

/// One household found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HouseholdHit {
    /// Internal household id.
    pub household_id: String,
    /// Name of the head (or of the first member when no head is recorded).
    pub head_name: Option<String>,
    /// Name of the member who matched the name or NIK asked for, if either was.
    pub matched_name: Option<String>,
    /// Kemendagri kelurahan code of the dwelling.
    pub kelurahan_code: String,
    /// Rukun Warga.
    pub rw: u16,
    /// Rukun Tetangga.
    pub rt: u16,
    /// Street address.
    pub address: String,
    /// True when the household is in PPLS 2011.
    pub in_ppls: bool,
    /// KPS card number, when it holds one.
    pub kps_number: Option<String>,
    /// Number of members.
    pub member_count: u32,
}

/// Households matching `query`, at most `limit`. With a name, hits come in order of the matched
/// name word; a household matched by several members appears once.
pub fn search(conn: &Connection, query: &SearchQuery, limit: usize) -> Result<Vec<HouseholdHit>> {
    let words = given(&query.text).map(tokens).unwrap_or_default();
    let sql = SqlQuery::build(query, rarest_first(conn, words)?);
    let mut statement = conn.prepare_cached(&sql.text())?;
    let mut rows = statement.query(params_from_iter(&sql.params))?;
    let mut seen = HashSet::new();
    let mut hits = Vec::new();
    while hits.len() < limit {
        let Some(row) = rows.next()? else { break };
        let hit = hit_from_row(row)?;
        if seen.insert(hit.household_id.clone()) {
            hits.push(hit);
        }
    }
    Ok(hits)
}

/// Up to how many index entries a name word's range is counted to order the words.
const COUNT_CAP: i64 = 1000;

/// The name words, the one with the fewest matching tokens first, so that the scan starts from
/// the narrowest range ("zul ch": the few Chaniago, not the many Zul…). Counting stops at
/// [`COUNT_CAP`], so it stays cheap.
fn rarest_first(conn: &Connection, words: Vec<String>) -> Result<Vec<String>> {
    if words.len() < 2 {
        return Ok(words);
    }
    let mut counted = words
        .into_iter()
        .map(|word| Ok((token_count(conn, &word)?, word)))
        .collect::<Result<Vec<_>>>()?;
    counted.sort_by_key(|(count, _)| *count);
    Ok(counted.into_iter().map(|(_, word)| word).collect())
}

/// How many name tokens start with `prefix`, up to [`COUNT_CAP`].
fn token_count(conn: &Connection, prefix: &str) -> Result<i64> {
    let Some(upper) = prefix_upper_bound(prefix) else {
        return Ok(COUNT_CAP);
    };
    let count = conn
        .prepare_cached(
            "SELECT count(*) FROM
                 (SELECT 1 FROM name_token WHERE token >= ?1 AND token < ?2 LIMIT ?3)",
        )?
        .query_row(params![prefix, upper, COUNT_CAP], |r| r.get(0))?;
    Ok(count)
}

/// A field's value, trimmed, when it says something.
fn given(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The SQL for one query, built from the criteria given, with its parameters.
struct SqlQuery {
    matched: &'static str,
    from: String,
    conditions: Vec<String>,
    order: &'static str,
    params: Vec<Value>,
}

impl SqlQuery {
    fn build(query: &SearchQuery, words: Vec<String>) -> Self {
        let mut sql = Self {
            matched: "NULL",
            from: String::new(),
            conditions: Vec::new(),
            order: "",
            params: Vec::new(),
        };
        let nik = given(&query.nik);
        if !words.is_empty() {
            sql.name_words(words);
        } else if nik.is_some() {
            sql.from = "member m JOIN household h ON h.id = m.household_id".into();
            sql.matched = "m.name";
        } else {
            sql.from = "household h".into();
        }
        if let Some(nik) = nik {
            sql.condition("m.nik = ", nik.to_owned());
        }
        sql.household_conditions(query);
        sql
    }

    /// Start from the name tokens: the first word scans the index; each other word must be a
    /// token of the same member, checked before anything else is looked up.
    fn name_words(&mut self, words: Vec<String>) {
        let range = self.token_range("t0", &words[0]);
        self.conditions.push(range);
        for word in &words[1..] {
            let range = self.token_range("t", word);
            self.conditions.push(format!(
                "EXISTS (SELECT 1 FROM name_token t WHERE t.member_id = t0.member_id AND {range})"
            ));
        }
        self.from = "name_token t0 JOIN member m ON m.id = t0.member_id \
                     JOIN household h ON h.id = m.household_id"
            .into();
        self.matched = "m.name";
        self.order = "ORDER BY t0.token, t0.member_id";
    }

    /// `alias.token` starting with `prefix`, as an index range.
    fn token_range(&mut self, alias: &str, prefix: &str) -> String {
        let low = self.bind(prefix.to_owned());
        match prefix_upper_bound(prefix) {
            Some(upper) => format!(
                "{alias}.token >= {low} AND {alias}.token < {}",
                self.bind(upper)
            ),
            None => format!("{alias}.token >= {low}"),
        }
    }

    fn household_conditions(&mut self, query: &SearchQuery) {
        if let Some(kk) = given(&query.kk) {
            let kk = self.bind(kk.to_owned());
            self.conditions.push(format!(
                "h.id IN (SELECT household_id FROM kk_history WHERE kk_number = {kk})"
            ));
        }
        if let Some(address) = given(&query.address)
            .map(normalize)
            .filter(|a| !a.is_empty())
        {
            let needle = self.bind(address);
            self.conditions
                .push(format!("instr(d.address_norm, {needle}) > 0"));
        }
        if let Some(code) = given(&query.kelurahan_code) {
            self.condition("d.kelurahan_code = ", code.to_owned());
        }
        if let Some(rw) = query.rw {
            self.condition("d.rw = ", rw);
        }
        if let Some(rt) = query.rt {
            self.condition("d.rt = ", rt);
        }
    }

    /// Add `head` followed by a placeholder bound to `value`.
    fn condition(&mut self, head: &str, value: impl Into<Value>) {
        let placeholder = self.bind(value);
        self.conditions.push(format!("{head}{placeholder}"));
    }

    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.params.push(value.into());
        format!("?{}", self.params.len())
    }

    fn text(&self) -> String {
        let conditions = if self.conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conditions.join(" AND "))
        };
        format!(
            "SELECT h.id,
                    (SELECT name FROM member WHERE household_id = h.id
                     ORDER BY relation <> 'head', position LIMIT 1),
                    {matched}, d.kelurahan_code, d.rw, d.rt, d.address, h.in_ppls, h.kps_number,
                    (SELECT count(*) FROM member WHERE household_id = h.id)
             FROM {from} JOIN dwelling d ON d.id = h.dwelling_id
             {conditions} {order}",
            matched = self.matched,
            from = self.from,
            order = self.order,
        )
    }
}

fn hit_from_row(row: &Row<'_>) -> rusqlite::Result<HouseholdHit> {
    Ok(HouseholdHit {
        household_id: row.get(0)?,
        head_name: row.get(1)?,
        matched_name: row.get(2)?,
        kelurahan_code: row.get(3)?,
        rw: row.get(4)?,
        rt: row.get(5)?,
        address: row.get(6)?,
        in_ppls: row.get(7)?,
        kps_number: row.get(8)?,
        member_count: row.get(9)?,
    })
}
