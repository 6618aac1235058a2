//! Import of a PPLS registry file (format in the [module doc](super)) into the store.
//!
//! Policy, and why:
//! - A malformed row is skipped and reported by line, column and a bilingual reason; the good rows
//!   are imported. One typo must not keep a whole kelurahan out of the registry check.
//! - The good rows are written in ONE transaction: all of them or none. A crash or a killed app
//!   mid-import leaves the registry exactly as it was before, never half old and half new.
//! - The import is refused outright, writing nothing, when the header is not the expected one or
//!   when more than 5% of the rows are malformed. Either is the sign of a wrong file (another
//!   export, another column order, a different separator). Importing the few rows that happen to
//!   parse would silently leave everyone else looking unregistered, i.e. manufacture exclusion
//!   errors; the office should fix or replace the file instead.
//! - Re-importing updates households by `ppls_id`: address, KK and KPS are updated, the members
//!   replaced. A household missing from the new file is kept (it may have visits attached).

use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDate;
use csv::StringRecord;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::{kelurahan_codes, relation_code, relation_from_word, COLUMNS};
use crate::error::{Error, Result};
use crate::household::{Relation, Source};
use crate::i18n::{has_errors, Problem, Text};
use crate::identity::Sex;
use crate::search_text::{normalize, tokens};
use crate::store::Store;

/// Above this share of malformed rows (in percent) the whole file is refused.
pub const MAX_BAD_ROWS_PERCENT: usize = 5;

const PPLS_ID: usize = 0;
const NO_KK: usize = 1;
const NIK: usize = 2;
const NAMA: usize = 3;
const JENIS_KELAMIN: usize = 4;
const TANGGAL_LAHIR: usize = 5;
const HUBUNGAN: usize = 6;
const PENDIDIKAN: usize = 7;
const KODE_KELURAHAN: usize = 8;
const RW: usize = 9;
const RT: usize = 10;
const ALAMAT: usize = 11;
const NO_KPS: usize = 12;

/// A problem found on one line of the file. `problem.field` names the column, when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// Line number in the file, 1-based; the header is line 1.
    pub line: u64,
    /// What is wrong: code, column and bilingual text.
    pub problem: Problem,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Households written (new and updated).
    pub households: usize,
    /// Of those, households that were already in the store and were updated.
    pub updated: usize,
    /// People written.
    pub people: usize,
    /// Data rows read, good and bad (the header not counted).
    pub rows: usize,
    /// Rows skipped as malformed.
    pub bad_rows: usize,
    /// Why each skipped row was skipped; a row can have several problems.
    pub skipped: Vec<RowProblem>,
    /// Non-blocking findings on imported rows (e.g. from the full NIK check).
    pub warnings: Vec<RowProblem>,
    /// Set when the whole import was refused; then nothing was written.
    pub refused: Option<Text>,
}

/// The checks of identity fields. The defaults only check the shape; the merge of the `identity`
/// and `wilayah` modules replaces them with the full checks.
#[derive(Clone, Copy, Debug)]
pub struct RowChecks {
    /// Problems with a NIK; any error makes the row malformed, warnings are reported.
    pub nik: fn(&str) -> Vec<Problem>,
    /// Problems with a No. KK, treated like those of `nik`.
    pub kk: fn(&str) -> Vec<Problem>,
    /// True when the code is a kelurahan of Payakumbuh.
    pub kelurahan: fn(&str) -> bool,
}

impl Default for RowChecks {
    fn default() -> Self {
        Self {
            nik: nik_shape,
            kk: kk_shape,
            kelurahan: is_payakumbuh_kelurahan,
        }
    }
}

/// Import a registry file with the default [`RowChecks`]; see the module doc for the policy.
/// `today` stamps the records and bounds birth dates. Errors only when the store or the reader
/// fails; a refused file is an `Ok` report with [`ImportReport::refused`] set.
pub fn import_csv(store: &mut Store, reader: impl Read, today: NaiveDate) -> Result<ImportReport> {
    import_csv_with(store, reader, today, &RowChecks::default())
}

/// [`import_csv`] with explicit identity checks.
pub fn import_csv_with(
    store: &mut Store,
    reader: impl Read,
    today: NaiveDate,
    checks: &RowChecks,
) -> Result<ImportReport> {
    let mut records = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader)
        .into_records();
    if !header_is_right(records.next().transpose())? {
        return Ok(refusal(header_refusal(), ImportReport::default()));
    }
    let parsed = parse_rows(records, today, checks)?;
    if parsed.report.bad_rows * 100 > parsed.report.rows * MAX_BAD_ROWS_PERCENT {
        let text = too_many_bad_refusal(parsed.report.bad_rows, parsed.report.rows);
        return Ok(refusal(text, parsed.report));
    }
    let households = group_by_household(&parsed.people);
    let updated = with_import_cache(store, |store| {
        store.write(|tx| write_households(tx, &households, today))
    })?;
    Ok(ImportReport {
        households: households.len(),
        updated,
        people: parsed.people.len(),
        ..parsed.report
    })
}

/// One good row.
struct Person {
    ppls_id: String,
    no_kk: String,
    nik: Option<String>,
    name: String,
    sex: Sex,
    birth_date: Option<NaiveDate>,
    relation: Relation,
    education: Option<u8>,
    kelurahan_code: String,
    rw: u16,
    rt: u16,
    address: String,
    kps_number: Option<String>,
}

/// The good rows and the report so far.
struct Parsed {
    people: Vec<Person>,
    report: ImportReport,
}

fn header_is_right(header: csv::Result<Option<StringRecord>>) -> Result<bool> {
    let Some(header) = header.or_else(|e| unless_io(e).map(|_| None))? else {
        return Ok(false);
    };
    let names = header.iter().map(|cell| {
        cell.trim_start_matches('\u{feff}')
            .trim()
            .to_ascii_lowercase()
    });
    Ok(header.len() == COLUMNS.len() && names.zip(COLUMNS).all(|(got, want)| got == want))
}

/// Pass a non-I/O CSV error back to be reported as a bad row; an I/O error aborts the import.
fn unless_io(error: csv::Error) -> Result<csv::Error> {
    if error.is_io_error() {
        Err(Error::Io(error.into()))
    } else {
        Ok(error)
    }
}

fn parse_rows(
    records: impl Iterator<Item = csv::Result<StringRecord>>,
    today: NaiveDate,
    checks: &RowChecks,
) -> Result<Parsed> {
    let mut parsed = Parsed {
        people: Vec::new(),
        report: ImportReport::default(),
    };
    let mut first_line_of_nik: HashMap<String, u64> = HashMap::new();
    for record in records {
        parsed.report.rows += 1;
        let (line, outcome) = match record {
            Ok(record) => (line_of(&record), parse_row(&record, today, checks)),
            Err(error) => {
                let line = unless_io(error)?.position().map_or(0, |p| p.line());
                (line, Err(vec![not_utf8()]))
            }
        };
        let outcome = outcome.and_then(|(person, warnings)| {
            unique_nik(&mut first_line_of_nik, person, line, warnings)
        });
        parsed.take(line, outcome);
    }
    Ok(parsed)
}

impl Parsed {
    /// Keep a good row and its warnings, or count a bad one and its problems.
    fn take(&mut self, line: u64, outcome: RowOutcome) {
        let at_line = |problem| RowProblem { line, problem };
        match outcome {
            Ok((person, warnings)) => {
                self.people.push(person);
                self.report
                    .warnings
                    .extend(warnings.into_iter().map(at_line));
            }
            Err(problems) => {
                self.report.bad_rows += 1;
                self.report
                    .skipped
                    .extend(problems.into_iter().map(at_line));
            }
        }
    }
}

/// A good row with its warnings, or all the problems of a bad one.
type RowOutcome = std::result::Result<(Person, Vec<Problem>), Vec<Problem>>;

fn line_of(record: &StringRecord) -> u64 {
    record.position().map_or(0, |p| p.line())
}

/// Refuse a NIK already seen on an earlier good row; remember it otherwise.
fn unique_nik(
    first_line: &mut HashMap<String, u64>,
    person: Person,
    line: u64,
    warnings: Vec<Problem>,
) -> RowOutcome {
    let Some(nik) = &person.nik else {
        return Ok((person, warnings));
    };
    match first_line.get(nik) {
        Some(&first) => Err(vec![duplicate_nik(first)]),
        None => {
            first_line.insert(nik.clone(), line);
            Ok((person, warnings))
        }
    }
}

/// The cells of one row, collecting the problems found while reading them.
struct Cells<'r> {
    record: &'r StringRecord,
    problems: Vec<Problem>,
}

impl<'r> Cells<'r> {
    fn get(&self, column: usize) -> &'r str {
        self.record.get(column).unwrap_or("").trim()
    }

    /// The cell read by `read`; a `None` from it is a problem with the column.
    fn parse<T>(&mut self, column: usize, read: impl FnOnce(&'r str) -> Option<T>) -> Option<T> {
        let value = read(self.get(column));
        if value.is_none() {
            self.problems.push(invalid(column));
        }
        value
    }

    /// Like [`Cells::parse`], but an empty cell is fine and gives `None`.
    fn parse_optional<T>(
        &mut self,
        column: usize,
        read: impl FnOnce(&'r str) -> Option<T>,
    ) -> Option<T> {
        match self.get(column) {
            "" => None,
            _ => self.parse(column, read),
        }
    }

    /// The cell after `check`; `None` when the check found an error.
    fn checked(&mut self, column: usize, check: fn(&str) -> Vec<Problem>) -> Option<String> {
        let value = self.get(column);
        let found = check(value);
        let bad = has_errors(&found);
        let field = COLUMNS[column];
        self.problems.extend(found.into_iter().map(|p| p.at(field)));
        (!bad).then(|| value.to_owned())
    }

    fn optional_text(&self, column: usize) -> Option<String> {
        Some(self.get(column))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }
}

fn parse_row(record: &StringRecord, today: NaiveDate, checks: &RowChecks) -> RowOutcome {
    if record.len() != COLUMNS.len() {
        return Err(vec![wrong_column_count(record.len())]);
    }
    let mut cells = Cells {
        record,
        problems: Vec::new(),
    };
    let ppls_id = cells.parse(PPLS_ID, non_empty);
    let no_kk = cells.checked(NO_KK, checks.kk);
    let nik = match cells.get(NIK) {
        "" => None,
        _ => cells.checked(NIK, checks.nik),
    };
    let name = cells.parse(NAMA, |s| (!normalize(s).is_empty()).then_some(s));
    let sex = cells.parse(JENIS_KELAMIN, Sex::from_code);
    let birth_date = cells.parse_optional(TANGGAL_LAHIR, |s| past_date(s, today));
    let relation = cells.parse(HUBUNGAN, relation_from_word);
    let education = cells.parse_optional(PENDIDIKAN, siak_code);
    let kelurahan = cells.parse(KODE_KELURAHAN, |s| (checks.kelurahan)(s).then_some(s));
    let rw = cells.parse(RW, positive);
    let rt = cells.parse(RT, positive);
    let (
        Some(ppls_id),
        Some(no_kk),
        Some(name),
        Some(sex),
        Some(relation),
        Some(kelurahan),
        Some(rw),
        Some(rt),
    ) = (ppls_id, no_kk, name, sex, relation, kelurahan, rw, rt)
    else {
        return Err(cells.problems);
    };
    if has_errors(&cells.problems) {
        return Err(cells.problems);
    }
    let person = Person {
        ppls_id: ppls_id.to_owned(),
        no_kk,
        nik,
        name: name.to_owned(),
        sex,
        birth_date,
        relation,
        education,
        kelurahan_code: kelurahan.to_owned(),
        rw,
        rt,
        address: cells.get(ALAMAT).to_owned(),
        kps_number: cells.optional_text(NO_KPS),
    };
    Ok((person, cells.problems))
}

fn non_empty(value: &str) -> Option<&str> {
    Some(value).filter(|v| !v.is_empty())
}

fn past_date(value: &str, today: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .filter(|date| *date <= today)
}

fn siak_code(value: &str) -> Option<u8> {
    value.parse().ok().filter(|code| (1..=10).contains(code))
}

fn positive(value: &str) -> Option<u16> {
    value.parse().ok().filter(|n| *n > 0)
}

fn is_sixteen_digits(value: &str) -> bool {
    value.len() == 16 && value.bytes().all(|b| b.is_ascii_digit())
}

/// The default NIK check: 16 digits.
// joins identity::check_nik after merge
fn nik_shape(nik: &str) -> Vec<Problem> {
    if is_sixteen_digits(nik) {
        return Vec::new();
    }
    vec![Problem::error(
        "nik.shape",
        Text::new("NIK harus 16 angka.", "The NIK must be 16 digits."),
    )]
}

/// The default No. KK check: 16 digits.
// joins identity::check_kk after merge
fn kk_shape(kk: &str) -> Vec<Problem> {
    if is_sixteen_digits(kk) {
        return Vec::new();
    }
    vec![Problem::error(
        "no_kk.shape",
        Text::new("No. KK harus 16 angka.", "The KK number must be 16 digits."),
    )]
}

/// The default kelurahan check.
// joins the wilayah module after merge
fn is_payakumbuh_kelurahan(code: &str) -> bool {
    static CODES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    CODES.get_or_init(kelurahan_codes).contains(&code)
}

/// The problem of a cell that could not be read, by column.
fn invalid(column: usize) -> Problem {
    let (code, text) = match column {
        PPLS_ID => (
            "ppls_id.missing",
            Text::new("ppls_id kosong.", "ppls_id is empty."),
        ),
        NAMA => (
            "nama.missing",
            Text::new("Nama kosong.", "The name is empty."),
        ),
        JENIS_KELAMIN => (
            "jenis_kelamin.unknown",
            Text::new("Jenis kelamin harus L atau P.", "Sex must be L or P."),
        ),
        TANGGAL_LAHIR => (
            "tanggal_lahir.invalid",
            Text::new(
                "Tanggal lahir harus berbentuk TTTT-BB-HH dan tidak di masa depan.",
                "The birth date must be YYYY-MM-DD and not in the future.",
            ),
        ),
        HUBUNGAN => (
            "hubungan.unknown",
            Text::new(
                "Hubungan keluarga tidak dikenal (contoh: kepala_keluarga, anak).",
                "Unknown family relation (e.g. kepala_keluarga, anak).",
            ),
        ),
        PENDIDIKAN => (
            "pendidikan.invalid",
            Text::new(
                "Pendidikan harus kode SIAK 1–10 atau kosong.",
                "Education must be a SIAK code 1–10 or empty.",
            ),
        ),
        KODE_KELURAHAN => (
            "kode_kelurahan.unknown",
            Text::new(
                "Kode kelurahan tidak dikenal di Kota Payakumbuh.",
                "Unknown kelurahan code for Kota Payakumbuh.",
            ),
        ),
        RW => ("rw.invalid", positive_number_text("RW")),
        _ => ("rt.invalid", positive_number_text("RT")),
    };
    Problem::error(code, text).at(COLUMNS[column])
}

fn positive_number_text(what: &str) -> Text {
    Text::new(
        format!("{what} harus bilangan bulat positif."),
        format!("{what} must be a positive whole number."),
    )
}

fn wrong_column_count(found: usize) -> Problem {
    let want = COLUMNS.len();
    Problem::error(
        "row.columns",
        Text::new(
            format!("Baris ini punya {found} kolom, seharusnya {want}."),
            format!("This row has {found} columns; {want} expected."),
        ),
    )
}

fn not_utf8() -> Problem {
    Problem::error(
        "row.encoding",
        Text::new(
            "Baris ini bukan teks UTF-8 yang sah.",
            "This row is not valid UTF-8 text.",
        ),
    )
}

fn duplicate_nik(first_line: u64) -> Problem {
    Problem::error(
        "nik.duplicate",
        Text::new(
            format!("NIK ini sudah ada di baris {first_line}."),
            format!("This NIK already appears on line {first_line}."),
        ),
    )
    .at(COLUMNS[NIK])
}

fn header_refusal() -> Text {
    let header = COLUMNS.join(",");
    Text::new(
        format!("Impor ditolak: baris pertama harus persis \"{header}\". Tidak ada yang disimpan."),
        format!("Import refused: the first line must be exactly \"{header}\". Nothing was saved."),
    )
}

fn too_many_bad_refusal(bad: usize, rows: usize) -> Text {
    let limit = MAX_BAD_ROWS_PERCENT;
    Text::new(
        format!(
            "Impor ditolak: {bad} dari {rows} baris salah (lebih dari {limit}%). \
             Mungkin berkasnya keliru. Tidak ada yang disimpan."
        ),
        format!(
            "Import refused: {bad} of {rows} rows are wrong (more than {limit}%). \
             This may be the wrong file. Nothing was saved."
        ),
    )
}

/// A report that nothing was written, keeping what was found.
fn refusal(text: Text, found: ImportReport) -> ImportReport {
    ImportReport {
        refused: Some(text),
        ..found
    }
}

/// The people grouped by `ppls_id` in order of first appearance, each group head first.
fn group_by_household(people: &[Person]) -> Vec<Vec<&Person>> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Vec<&Person>> = Vec::new();
    for person in people {
        let slot = *index.entry(&person.ppls_id).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[slot].push(person);
    }
    for group in &mut groups {
        group.sort_by_key(|p| p.relation != Relation::Head);
    }
    groups
}

/// Page cache for an import, in KiB. The random-order indexes (name tokens, NIKs) of a city's
/// list outgrow SQLite's default 2 MB, and every page evicted and read back costs an SQLCipher
/// decryption: with the default cache, 10,000 households imported about 2.7 times slower.
const IMPORT_CACHE_KIB: i64 = 32 * 1024;

/// Run `work` with the page cache raised to [`IMPORT_CACHE_KIB`], restoring it afterwards.
fn with_import_cache<T>(
    store: &mut Store,
    work: impl FnOnce(&mut Store) -> Result<T>,
) -> Result<T> {
    let cache_size =
        |store: &Store, size: i64| store.reader().pragma_update(None, "cache_size", size);
    let previous: i64 = store
        .reader()
        .query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    cache_size(store, -IMPORT_CACHE_KIB)?;
    let outcome = work(store);
    cache_size(store, previous)?;
    outcome
}

/// Write every household; returns how many were updates of existing ones.
fn write_households(
    tx: &Connection,
    households: &[Vec<&Person>],
    today: NaiveDate,
) -> Result<usize> {
    let today = today.to_string();
    let mut updated = 0;
    let mut name_index = Vec::new();
    for members in households {
        updated += usize::from(write_household(tx, members, &today, &mut name_index)?);
    }
    insert_name_tokens(tx, name_index)?;
    Ok(updated)
}

/// One `name_token` row: token, member id, household id.
type NameToken = (String, String, String);

/// Insert the name tokens in token order: the index then grows at one end instead of at random
/// places, which makes the whole import markedly faster.
fn insert_name_tokens(tx: &Connection, mut rows: Vec<NameToken>) -> Result<()> {
    rows.sort_unstable();
    let mut insert = tx.prepare_cached(
        "INSERT INTO name_token (token, member_id, household_id) VALUES (?1, ?2, ?3)",
    )?;
    for (token, member_id, household_id) in rows {
        insert.execute(params![token, member_id, household_id])?;
    }
    Ok(())
}

/// Insert or update one household from its rows (head first), adding its members' name tokens
/// to `name_index`; true when it existed.
fn write_household(
    tx: &Connection,
    members: &[&Person],
    today: &str,
    name_index: &mut Vec<NameToken>,
) -> Result<bool> {
    let lead = members[0];
    let existing = tx
        .prepare_cached("SELECT id, dwelling_id FROM household WHERE ppls_id = ?1")?
        .query_row([&lead.ppls_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?;
    let household_id = match &existing {
        Some((id, dwelling_id)) => update_household(tx, id, dwelling_id, lead, today)?,
        None => insert_household(tx, lead, today)?,
    };
    record_kk(tx, &household_id, &lead.no_kk, existing.is_some(), today)?;
    for (position, person) in (0u32..).zip(members) {
        let member_id = insert_member(tx, &household_id, position, person)?;
        name_index.extend(
            name_tokens(&person.name)
                .into_iter()
                .map(|token| (token, member_id.clone(), household_id.clone())),
        );
    }
    Ok(existing.is_some())
}

fn new_id() -> String {
    Uuid::now_v7().to_string()
}

fn insert_household(tx: &Connection, lead: &Person, today: &str) -> Result<String> {
    let dwelling_id = new_id();
    tx.prepare_cached(
        "INSERT INTO dwelling (id, kelurahan_code, rt, rw, address, address_norm)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        dwelling_id,
        lead.kelurahan_code,
        lead.rt,
        lead.rw,
        lead.address,
        normalize(&lead.address)
    ])?;
    let household_id = new_id();
    tx.prepare_cached(
        "INSERT INTO household
             (id, dwelling_id, source, ppls_id, in_ppls, kps_number, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?6)",
    )?
    .execute(params![
        household_id,
        dwelling_id,
        Source::Registry.code(),
        lead.ppls_id,
        lead.kps_number,
        today
    ])?;
    Ok(household_id)
}

/// Update the household's dwelling and status and drop its members, to be written anew.
fn update_household(
    tx: &Connection,
    household_id: &str,
    dwelling_id: &str,
    lead: &Person,
    today: &str,
) -> Result<String> {
    tx.prepare_cached(
        "UPDATE dwelling SET kelurahan_code = ?2, rt = ?3, rw = ?4, address = ?5, address_norm = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        dwelling_id,
        lead.kelurahan_code,
        lead.rt,
        lead.rw,
        lead.address,
        normalize(&lead.address)
    ])?;
    tx.prepare_cached(
        "UPDATE household SET in_ppls = 1, kps_number = ?2, updated_at = ?3 WHERE id = ?1",
    )?
    .execute(params![household_id, lead.kps_number, today])?;
    tx.prepare_cached(
        "DELETE FROM name_token
         WHERE member_id IN (SELECT id FROM member WHERE household_id = ?1)",
    )?
    .execute([household_id])?;
    tx.prepare_cached("DELETE FROM member WHERE household_id = ?1")?
        .execute([household_id])?;
    Ok(household_id.to_owned())
}

/// Add the KK to the household's history unless it is already there: reason `first` for a new
/// household, `other` (since today) when a re-import brings a new number.
fn record_kk(
    tx: &Connection,
    household_id: &str,
    kk: &str,
    existed: bool,
    today: &str,
) -> Result<()> {
    let (since, reason) = if existed {
        (Some(today), "other")
    } else {
        (None, "first")
    };
    tx.prepare_cached(
        "INSERT OR IGNORE INTO kk_history (household_id, kk_number, since, reason)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![household_id, kk, since, reason])?;
    Ok(())
}

fn insert_member(
    tx: &Connection,
    household_id: &str,
    position: u32,
    person: &Person,
) -> Result<String> {
    let member_id = new_id();
    tx.prepare_cached(
        "INSERT INTO member
             (id, household_id, position, nik, name, sex, birth_date, relation, education)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        member_id,
        household_id,
        position,
        person.nik,
        person.name,
        person.sex.code(),
        person.birth_date.map(|d| d.to_string()),
        relation_code(person.relation),
        person.education
    ])?;
    Ok(member_id)
}

/// The search tokens of a name: its words, plus the words it has with apostrophes dropped, so that
/// "Nur'aini" is found by "nur", "aini" and "nuraini".
fn name_tokens(name: &str) -> Vec<String> {
    let mut all = tokens(name);
    for joined in tokens(&name.replace(['\'', '\u{2019}', '`'], "")) {
        if !all.contains(&joined) {
            all.push(joined);
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophe_names_are_found_both_ways() {
        assert_eq!(
            name_tokens("Siti Nur'aini"),
            ["siti", "nur", "aini", "nuraini"]
        );
    }

    #[test]
    fn cells_are_checked_one_by_one() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let row = StringRecord::from(vec![
            "P1",
            "1376010101050001",
            "123",
            "",
            "X",
            "2030-01-01",
            "ayah",
            "11",
            "13.76.99.9999",
            "0",
            "-1",
            "Jl. A",
            "",
        ]);
        let problems = parse_row(&row, today, &RowChecks::default()).err().unwrap();
        let fields: Vec<_> = problems
            .iter()
            .map(|p| p.field.as_deref().unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                "nik",
                "nama",
                "jenis_kelamin",
                "tanggal_lahir",
                "hubungan",
                "pendidikan",
                "kode_kelurahan",
                "rw",
                "rt"
            ]
        );
        assert!(problems.iter().all(|p| !p.text.is_incomplete()));
    }
}
