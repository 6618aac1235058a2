//! The registry end to end on real SQLCipher files: synthetic files are imported, searched,
//! re-imported, and bad files refused without touching the store. In release mode
//! (`cargo test --release -p pandu-core --test registry -- --nocapture`) it prints import and
//! search timings on a city-sized list.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use pandu_core::registry::{
    import_csv, search, write_synthetic_registry, HouseholdHit, ImportReport, SearchQuery, COLUMNS,
};
use pandu_core::store::{Store, StoreKey};
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn open_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("pandu.db"), &StoreKey::from_bytes([9; 32])).unwrap();
    (dir, store)
}

fn synthetic(households: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    write_synthetic_registry(&mut out, households, seed).unwrap();
    out
}

fn import(store: &mut Store, file: &[u8]) -> ImportReport {
    import_csv(store, file, today()).unwrap()
}

fn count(store: &Store, table: &str) -> i64 {
    let sql = format!("SELECT count(*) FROM {table}");
    store.reader().query_row(&sql, [], |r| r.get(0)).unwrap()
}

/// Everything the registry import writes, to compare before and after.
fn snapshot(store: &Store) -> Vec<String> {
    let queries = [
        "SELECT id || dwelling_id || coalesce(kps_number, '') FROM household ORDER BY id",
        "SELECT id || name || coalesce(nik, '') FROM member ORDER BY id",
        "SELECT id || address FROM dwelling ORDER BY id",
        "SELECT household_id || kk_number FROM kk_history ORDER BY 1",
        "SELECT token || member_id FROM name_token ORDER BY 1",
    ];
    let mut all = Vec::new();
    for sql in queries {
        let mut statement = store.reader().prepare(sql).unwrap();
        let rows = statement.query_map([], |r| r.get::<_, String>(0)).unwrap();
        all.extend(rows.map(Result::unwrap));
    }
    all
}

fn find(store: &Store, query: SearchQuery) -> Vec<HouseholdHit> {
    search(store.reader(), &query, 50).unwrap()
}

fn by_text(text: &str) -> SearchQuery {
    SearchQuery {
        text: Some(text.into()),
        ..SearchQuery::default()
    }
}

/// The file's lines as cells (synthetic files never need quoting).
fn lines(file: &[u8]) -> Vec<Vec<String>> {
    String::from_utf8(file.to_vec())
        .unwrap()
        .lines()
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect()
}

fn join(lines: &[Vec<String>]) -> Vec<u8> {
    let text: Vec<String> = lines.iter().map(|cells| cells.join(",")).collect();
    (text.join("\n") + "\n").into_bytes()
}

fn column(name: &str) -> usize {
    COLUMNS.iter().position(|c| *c == name).unwrap()
}

const SMALL: &str = "\
ppls_id,no_kk,nik,nama,jenis_kelamin,tanggal_lahir,hubungan,pendidikan,kode_kelurahan,rw,rt,alamat,no_kps
A1,1376010101050001,1376011203700001,Zulkifli Chaniago,L,1970-03-12,kepala_keluarga,3,13.76.01.1002,2,5,Jl. Soekarno Hatta No. 12,KPS000000009
A1,1376010101050001,1376015507750002,Siti Nur'aini,P,1975-07-15,istri_suami,4,13.76.01.1002,2,5,Jl. Soekarno Hatta No. 12,KPS000000009
A1,1376010101050001,1376010101050003,Aminah,P,2005-01-01,anak,2,13.76.01.1002,2,5,Jl. Soekarno Hatta No. 12,KPS000000009
B2,1376020202060002,1376024404800004,Élvi Yusnidar,P,1980-04-04,kepala_keluarga,5,13.76.02.1002,7,3,\"Gg. Melati No. 3, dekat surau\",
B2,1376020202060002,1376024606000005,Siti Aminah,P,2000-06-06,anak,,13.76.02.1002,7,3,\"Gg. Melati No. 3, dekat surau\",
";

#[test]
fn a_city_sized_registry_imports_and_is_searchable() {
    let file = synthetic(10_000, 2011);
    let people = lines(&file).len() - 1;
    let (_dir, mut store) = open_store();

    let started = Instant::now();
    let report = import(&mut store, &file);
    let import_time = started.elapsed();

    assert_eq!(report.refused, None);
    assert!(report.skipped.is_empty(), "{:?}", &report.skipped[..1]);
    assert_eq!((report.households, report.people), (10_000, people));
    assert!((36_000..44_000).contains(&people), "{people} people");
    assert_eq!(count(&store, "household"), 10_000);
    assert_eq!(count(&store, "dwelling"), 10_000);
    assert_eq!(count(&store, "kk_history"), 10_000);
    assert_eq!(count(&store, "member"), people as i64);
    let single = [
        "a", "s", "nu", "zul", "siti", "elv", "ÉLVI", "nur'", "yus", "rah", "m", "dt",
    ];
    let multi = ["siti a", "zul ch", "nur ai", "rosm putri", "a b"];
    println!(
        "registry: imported 10,000 households / {people} people in {import_time:?}; \
         name search p95: one word {:?}, several words {:?}",
        search_p95(&store, &single),
        search_p95(&store, &multi),
    );
}

/// p95 of name searches (limit 20), each query run 20 times.
fn search_p95(store: &Store, queries: &[&str]) -> Duration {
    let mut times = Vec::new();
    for _ in 0..20 {
        for query in queries {
            let started = Instant::now();
            let hits = search(store.reader(), &by_text(query), 20).unwrap();
            times.push(started.elapsed());
            assert!(!hits.is_empty(), "nothing for {query}");
        }
    }
    times.sort();
    times[times.len() * 95 / 100]
}

#[test]
fn synthetic_files_are_deterministic_and_plausible() {
    let file = synthetic(2_000, 5);
    assert_eq!(file, synthetic(2_000, 5));
    assert_ne!(file, synthetic(2_000, 6));
    let rows = lines(&file);
    assert_eq!(rows[0], COLUMNS);
    let niks: HashSet<&str> = rows[1..]
        .iter()
        .map(|r| r[column("nik")].as_str())
        .collect();
    assert_eq!(niks.len(), rows.len() - 1, "NIKs are unique");
    for row in &rows[1..] {
        let nik = &row[column("nik")];
        let day: u32 = nik[6..8].parse().unwrap();
        assert_eq!(nik.len(), 16);
        assert_ne!(&nik[12..], "0000");
        assert_eq!(row[column("jenis_kelamin")] == "P", day > 40, "{nik}");
        assert_eq!(
            &nik[..6],
            &row[column("kode_kelurahan")].replace('.', "")[..6]
        );
    }
    let kelurahan: HashSet<&str> = rows[1..]
        .iter()
        .map(|r| r[column("kode_kelurahan")].as_str())
        .collect();
    assert_eq!(kelurahan.len(), 47);
    let with_kps = rows[1..]
        .iter()
        .filter(|r| r[column("hubungan")] == "kepala_keluarga" && !r[column("no_kps")].is_empty())
        .count();
    assert!(
        (500..700).contains(&with_kps),
        "{with_kps} of 2,000 hold a KPS"
    );
}

#[test]
fn names_are_found_by_any_word_prefix_without_case_or_accents() {
    let (_dir, mut store) = open_store();
    import(&mut store, SMALL.as_bytes());

    for query in ["elvi", "ÉLV", "yusni", "Elvi Yus"] {
        let hits = find(&store, by_text(query));
        assert_eq!(hits.len(), 1, "{query}");
        assert_eq!(hits[0].matched_name.as_deref(), Some("Élvi Yusnidar"));
    }
    for query in ["nuraini", "NUR'AINI", "aini", "nur"] {
        let hits = find(&store, by_text(query));
        assert_eq!(
            hits[0].matched_name.as_deref(),
            Some("Siti Nur'aini"),
            "{query}"
        );
        assert_eq!(hits[0].head_name.as_deref(), Some("Zulkifli Chaniago"));
    }
    // "siti amin" must be one person: Siti Aminah (B2), not Siti Nur'aini with her child Aminah (A1).
    let hits = find(&store, by_text("siti amin"));
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].head_name.as_deref(), Some("Élvi Yusnidar"));
    assert!(find(&store, by_text("zulkiflix")).is_empty());
    // Siti matches in both households; each household appears once.
    assert_eq!(find(&store, by_text("siti")).len(), 2);
}

#[test]
fn households_are_found_by_nik_kk_address_and_area() {
    let (_dir, mut store) = open_store();
    import(&mut store, SMALL.as_bytes());
    let only = |query: SearchQuery| {
        let hits = find(&store, query);
        assert_eq!(hits.len(), 1, "{hits:?}");
        hits.into_iter().next().unwrap()
    };

    let hit = only(SearchQuery {
        nik: Some("1376015507750002".into()),
        ..SearchQuery::default()
    });
    assert_eq!(hit.matched_name.as_deref(), Some("Siti Nur'aini"));
    assert_eq!((hit.member_count, hit.in_ppls), (3, true));
    assert_eq!(hit.kps_number.as_deref(), Some("KPS000000009"));

    let hit = only(SearchQuery {
        kk: Some("1376020202060002".into()),
        ..SearchQuery::default()
    });
    assert_eq!(hit.head_name.as_deref(), Some("Élvi Yusnidar"));
    assert_eq!(hit.address, "Gg. Melati No. 3, dekat surau");
    assert_eq!(hit.kps_number, None);

    let hit = only(SearchQuery {
        address: Some("SOEKARNO hatta no 12".into()),
        ..SearchQuery::default()
    });
    assert_eq!(
        (hit.kelurahan_code.as_str(), hit.rw, hit.rt),
        ("13.76.01.1002", 2, 5)
    );

    let area = |code: &str, rw, rt| SearchQuery {
        kelurahan_code: Some(code.into()),
        rw,
        rt,
        ..SearchQuery::default()
    };
    assert_eq!(
        only(area("13.76.02.1002", Some(7), Some(3))).member_count,
        2
    );
    assert!(find(&store, area("13.76.02.1002", Some(7), Some(4))).is_empty());
    assert!(find(&store, area("13.76.01.1003", None, None)).is_empty());
    let both = SearchQuery {
        rt: Some(5),
        ..by_text("siti")
    };
    assert_eq!(only(both).head_name.as_deref(), Some("Zulkifli Chaniago"));
}

#[test]
fn bad_rows_are_reported_by_line_and_the_rest_imported() {
    let good = lines(&synthetic(100, 3));
    let mut cells = good.clone();
    // (line, column, new value, expected problem code); line 1 is the header.
    let breakages = [
        (5, "nama", "  ", "nama.missing"),
        (9, "nik", "13760112037000", "nik.not_16_digits"),
        (
            14,
            "kode_kelurahan",
            "13.76.09.1001",
            "kode_kelurahan.unknown",
        ),
        (20, "rt", "0", "rt.invalid"),
        (26, "rw", "dua", "rw.invalid"),
        (31, "tanggal_lahir", "1980-02-30", "tanggal_lahir.invalid"),
        (40, "hubungan", "ayah", "hubungan.unknown"),
        (47, "jenis_kelamin", "W", "jenis_kelamin.unknown"),
        (55, "nik", &good[2][column("nik")], "nik.duplicate"),
        (65, "nik", "1376013213800001", "nik.impossible_date"),
    ];
    for (line, name, value, _) in &breakages {
        cells[line - 1][column(name)] = value.to_string();
    }
    cells[59].pop(); // line 60: 12 columns
    let mut file = join(&cells);
    let line_70 = nth_line_start(&file, 70);
    file.splice(line_70..line_70, b"\xff".iter().copied()); // line 70: not UTF-8

    let (_dir, mut store) = open_store();
    let report = import(&mut store, &file);

    assert_eq!(report.refused, None);
    let mut expected: Vec<(u64, &str)> = breakages.iter().map(|b| (b.0 as u64, b.3)).collect();
    expected.extend([(60, "row.columns"), (70, "row.encoding")]);
    expected.sort();
    let found: Vec<(u64, &str)> = report
        .skipped
        .iter()
        .map(|p| (p.line, p.problem.code.as_str()))
        .collect();
    assert_eq!(found, expected);
    assert!(report
        .skipped
        .iter()
        .all(|p| !p.problem.text.is_incomplete()));
    assert_eq!(report.bad_rows, 12);
    assert_eq!(report.people, good.len() - 1 - 12);
    assert_eq!(count(&store, "member"), report.people as i64);
}

fn nth_line_start(file: &[u8], line: usize) -> usize {
    let newlines = file.iter().enumerate().filter(|(_, b)| **b == b'\n');
    newlines.map(|(i, _)| i + 1).nth(line - 2).unwrap()
}

#[test]
fn a_wrong_header_is_refused_and_nothing_changes() {
    let (_dir, mut store) = open_store();
    import(&mut store, SMALL.as_bytes());
    let before = snapshot(&store);

    let mut cells = lines(&synthetic(50, 4));
    cells[0].swap(2, 3); // nama before nik
    let report = import(&mut store, &join(&cells));
    assert!(report.refused.is_some());
    assert_eq!(report.people, 0);

    let empty = import(&mut store, b"");
    assert!(empty.refused.unwrap().en.contains("ppls_id,no_kk,nik"));
    assert_eq!(snapshot(&store), before);
}

#[test]
fn more_than_five_percent_bad_rows_is_refused_and_nothing_changes() {
    let (_dir, mut store) = open_store();
    import(&mut store, SMALL.as_bytes());
    let before = snapshot(&store);

    let mut cells = lines(&synthetic(50, 4));
    let rows = cells.len() - 1;
    let bad = rows / 20 + 1; // just over 5%
    for row in cells.iter_mut().skip(1).step_by(rows / bad).take(bad) {
        row[column("rt")] = "x".into();
    }
    let report = import(&mut store, &join(&cells));

    assert!(
        report.refused.is_some(),
        "{} of {rows} bad",
        report.bad_rows
    );
    assert_eq!((report.bad_rows, report.people), (bad, 0));
    assert_eq!(snapshot(&store), before);
}

#[test]
fn reimport_updates_households_instead_of_duplicating() {
    let (_dir, mut store) = open_store();
    let file = synthetic(200, 8);
    let first = import(&mut store, &file);
    let before = (
        count(&store, "household"),
        count(&store, "member"),
        count(&store, "name_token"),
    );

    let again = import(&mut store, &file);
    assert_eq!(
        (again.households, again.updated),
        (first.households, first.households)
    );
    let after = (
        count(&store, "household"),
        count(&store, "member"),
        count(&store, "name_token"),
    );
    assert_eq!(after, before);
    assert_eq!(count(&store, "dwelling"), 200);
    assert_eq!(count(&store, "kk_history"), 200);

    // The family of A1 moved: new KK and address, one member fewer.
    import(&mut store, SMALL.as_bytes());
    let moved = SMALL
        .replace("1376010101050001", "1376010909100007")
        .replace("Soekarno Hatta No. 12", "Tan Malaka No. 4")
        .replace("A1,1376010909100007,1376010101050003,Aminah,P,2005-01-01,anak,2,13.76.01.1002,2,5,Jl. Tan Malaka No. 4,KPS000000009\n", "");
    let report = import(&mut store, moved.as_bytes());
    assert_eq!(
        (report.households, report.updated, report.people),
        (2, 2, 4)
    );
    for kk in ["1376010101050001", "1376010909100007"] {
        let hits = find(
            &store,
            SearchQuery {
                kk: Some(kk.into()),
                ..SearchQuery::default()
            },
        );
        assert_eq!(hits.len(), 1, "{kk}");
        assert_eq!(
            (hits[0].address.as_str(), hits[0].member_count),
            ("Jl. Tan Malaka No. 4", 2)
        );
    }
    assert!(find(&store, by_text("aminah"))
        .iter()
        .all(|h| h.head_name.as_deref() != Some("Zulkifli Chaniago")));
    assert_eq!(count(&store, "household"), 202);
}

#[test]
fn a_byte_order_mark_before_the_header_is_accepted() {
    let (_dir, mut store) = open_store();
    let file = format!("\u{feff}{SMALL}");
    let report = import(&mut store, file.as_bytes());
    assert_eq!(
        (report.refused, report.households, report.people),
        (None, 2, 5)
    );
}

#[test]
fn a_failure_mid_import_leaves_the_previous_state() {
    let (_dir, mut store) = open_store();
    import(&mut store, &synthetic(30, 1));
    let before = snapshot(&store);
    // Stands in for a crash: the last member of the file cannot be written.
    store
        .reader()
        .execute_batch(
            "CREATE TEMP TRIGGER boom BEFORE INSERT ON member WHEN NEW.name = 'Siti Aminah'
             BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    assert!(import_csv(&mut store, SMALL.as_bytes(), today()).is_err());
    assert_eq!(snapshot(&store), before);
}
