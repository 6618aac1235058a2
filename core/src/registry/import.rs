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
use rusqlite::Transaction;
use uuid::Uuid;

use super::{relation_from_word, COLUMNS};
use crate::error::{Error, Result};
use crate::household::repo::{self, NameToken};
use crate::household::{
    Address, Household, KkEntry, KkReason, Member, RegistryStatus, Relation, Source,
};
use crate::i18n::{has_errors, Problem, Text};
use crate::identity::{check_kk, check_nik, Sex};
use crate::search_text::normalize;
use crate::store::Store;
use crate::wilayah;

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

/// Import a registry file; see the module doc for the policy. `today` stamps the records and bounds
/// birth dates. Errors only when the store or the reader fails; a refused file is an `Ok` report
/// with [`ImportReport::refused`] set.
pub fn import_csv(store: &mut Store, reader: impl Read, today: NaiveDate) -> Result<ImportReport> {
    let mut records = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader)
        .into_records();
    if !header_is_right(records.next().transpose())? {
        return Ok(refusal(header_refusal(), ImportReport::default()));
    }
    let parsed = parse_rows(records, today)?;
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
) -> Result<Parsed> {
    let mut parsed = Parsed {
        people: Vec::new(),
        report: ImportReport::default(),
    };
    let mut first_line_of_nik: HashMap<String, u64> = HashMap::new();
    for record in records {
        parsed.report.rows += 1;
        let (line, outcome) = match record {
            Ok(record) => (line_of(&record), parse_row(&record, today)),
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
    fn checked(
        &mut self,
        column: usize,
        check: impl FnOnce(&str) -> Vec<Problem>,
    ) -> Option<String> {
        let value = self.get(column);
        let found = check(value);
        let bad = has_errors(&found);
        let field = COLUMNS[column];
        self.problems.extend(found.into_iter().map(|p| p.at(field)));
        (!bad).then(|| value.to_owned())
    }

    /// The problems found, in column order (a NIK is checked after the sex and birth date it
    /// must agree with, but is reported where it stands in the file).
    fn into_problems(mut self) -> Vec<Problem> {
        self.problems
            .sort_by_key(|p| COLUMNS.iter().position(|c| Some(*c) == p.field.as_deref()));
        self.problems
    }

    fn optional_text(&self, column: usize) -> Option<String> {
        Some(self.get(column))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }
}

fn parse_row(record: &StringRecord, today: NaiveDate) -> RowOutcome {
    if record.len() != COLUMNS.len() {
        return Err(vec![wrong_column_count(record.len())]);
    }
    let mut cells = Cells {
        record,
        problems: Vec::new(),
    };
    let ppls_id = cells.parse(PPLS_ID, non_empty);
    let no_kk = cells.checked(NO_KK, |kk| check_kk(kk, today));
    let name = cells.parse(NAMA, |s| (!normalize(s).is_empty()).then_some(s));
    let sex = cells.parse(JENIS_KELAMIN, Sex::from_code);
    let birth_date = cells.parse_optional(TANGGAL_LAHIR, |s| past_date(s, today));
    let nik = match cells.get(NIK) {
        "" => None,
        _ => cells.checked(NIK, |nik| check_nik(nik, sex, birth_date)),
    };
    let relation = cells.parse(HUBUNGAN, relation_from_word);
    let education = cells.parse_optional(PENDIDIKAN, siak_code);
    let kelurahan = cells.parse(KODE_KELURAHAN, |s| wilayah::kelurahan(s).map(|_| s));
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
        return Err(cells.into_problems());
    };
    if has_errors(&cells.problems) {
        return Err(cells.into_problems());
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
    Ok((person, cells.into_problems()))
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

/// Write every household through the household repository; returns how many were updates of
/// existing ones. Name tokens are written last, all together, in order.
fn write_households(
    tx: &Transaction<'_>,
    households: &[Vec<&Person>],
    today: NaiveDate,
) -> Result<usize> {
    let mut updated = 0;
    let mut tokens: Vec<NameToken> = Vec::new();
    for members in households {
        let mut household = household_of(members);
        match repo::find_by_ppls_id(tx, &members[0].ppls_id)? {
            Some((id, dwelling_id)) => {
                household.id = id;
                household.dwelling_id = dwelling_id;
                household.kk_history[0].since = Some(today);
                household.kk_history[0].reason = KkReason::Other;
                repo::replace_registry_data(tx, &household, &mut tokens)?;
                updated += 1;
            }
            None => repo::insert_rows(tx, &household, &mut tokens)?,
        }
    }
    repo::insert_name_tokens(tx, tokens)?;
    Ok(updated)
}

fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// The household that a group of rows (head first) describes, with new ids.
fn household_of(members: &[&Person]) -> Household {
    let lead = members[0];
    Household {
        id: new_id(),
        dwelling_id: new_id(),
        source: Source::Registry,
        address: Address {
            kelurahan_code: lead.kelurahan_code.clone(),
            rt: lead.rt,
            rw: lead.rw,
            street: lead.address.clone(),
        },
        point: None,
        registry: RegistryStatus {
            ppls_id: Some(lead.ppls_id.clone()),
            in_ppls: true,
            kps_number: lead.kps_number.clone(),
        },
        kk_history: vec![KkEntry {
            kk_number: lead.no_kk.clone(),
            since: None,
            reason: KkReason::First,
        }],
        members: members.iter().map(|p| member_of(p)).collect(),
    }
}

fn member_of(person: &Person) -> Member {
    Member {
        id: new_id(),
        nik: person.nik.clone(),
        name: person.name.clone(),
        sex: Some(person.sex),
        birth_date: person.birth_date,
        relation: person.relation,
        education: person.education,
        school_level: None,
        disability: false,
        chronic_illness: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let problems = parse_row(&row, today).err().unwrap();
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
