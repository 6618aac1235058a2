//! The office review queue with 50,000 visits: seeds a real server database (a synthetic PPLS
//! registry through `import-registry`, then visit records written straight into the `record`
//! table — answers drawn from the visit form's own choices, criteria, score and path computed by
//! the core's eligibility rules, evidence with the usual share of photo flags), restarts the real
//! server (which catches up the queue facts of records it has not seen), signs a supervisor in
//! over HTTP and times `/office/visits` for several filter combinations. Prints one line per
//! back-end and filter: median and 90th percentile in milliseconds, and the rows that matched.
//!
//!   bench_queue --server target/release/pandu-server [--records 50000] [--households 2000]
//!               [--rounds 15] [--backend sqlite|postgres|both]

use std::path::PathBuf;
use std::time::Instant;

use chrono::{Duration, Utc};
use pandu_core::eligibility::{assess, evaluate, score};
use pandu_core::form::{self, Answer, Answers, FormDefinition, QuestionType};
use pandu_core::household::RegistryStatus;
use pandu_testkit::{Backend, Server};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

/// The answers every visit starts from (the device examples' own).
const TEMPLATE: &str = include_str!("../../field/examples/visit-answers.json");
/// The photo questions of a visit.
const PHOTOS: [&str; 4] = [
    "floor_photo",
    "wall_photo",
    "toilet_photo",
    "lighting_photo",
];
/// Password of the seeded accounts.
const PASSWORD: &str = "kata-sandi-bench";
/// The filter combinations timed: a name and the query string.
const FILTERS: [(&str, &str); 8] = [
    ("all, page 1", ""),
    ("all, page 500", "?page=500"),
    ("status awaiting", "?status=awaiting"),
    ("status reviewed", "?status=reviewed"),
    ("flag far", "?flag=far"),
    ("NIK warning", "?nik=1"),
    ("kelurahan + path b", "?kelurahan=13.76.01.1002&path=b"),
    (
        "kind + flag + status",
        "?kind=visit&flag=gps&status=awaiting",
    ),
];

struct Args {
    server: PathBuf,
    records: usize,
    households: usize,
    rounds: usize,
    backends: Vec<Backend>,
}

fn args() -> Args {
    let list: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str| {
        list.iter()
            .position(|a| a == name)
            .and_then(|i| list.get(i + 1).cloned())
    };
    let number = |name: &str, default: usize| get(name).map_or(default, |v| v.parse().expect(name));
    let backends = match get("--backend").as_deref().unwrap_or("both") {
        "sqlite" => vec![Backend::Sqlite],
        "postgres" => vec![Backend::Postgres],
        _ => vec![Backend::Sqlite, Backend::Postgres],
    };
    Args {
        server: get("--server").map_or_else(
            || PathBuf::from("target/release/pandu-server"),
            PathBuf::from,
        ),
        records: number("--records", 50_000),
        households: number("--households", 2_000),
        rounds: number("--rounds", 15),
        backends,
    }
}

fn main() {
    let args = args();
    println!("backend\tfilter\tmedian_ms\tp90_ms\tmatched");
    for backend in &args.backends {
        if !backend.available() {
            eprintln!("bench_queue: {backend:?} is not available here (scripts/with-postgres)");
            continue;
        }
        run(*backend, &args);
    }
}

fn run(backend: Backend, args: &Args) {
    let mut server = Server::start_with(&args.server, backend);
    server.create_user("sri", "supervisor", &["all"], PASSWORD);
    for i in 0..8 {
        server.create_user(&format!("peksos{i}"), "peksos", &["all"], PASSWORD);
    }
    let registry = server.data_dir().join("registry.csv");
    let file = std::fs::File::create(&registry).expect("registry file");
    pandu_core::registry::write_synthetic_registry(
        std::io::BufWriter::new(file),
        args.households,
        11,
    )
    .expect("registry");
    let (ok, out) = server.cli(&["import-registry", registry.to_str().expect("path")], "");
    assert!(ok, "import-registry: {out}");
    let households = server.query("SELECT id FROM household ORDER BY id");
    let authors = server.query("SELECT CAST(id AS TEXT) FROM app_user WHERE role = 'peksos'");
    let seeded = Instant::now();
    let rows = records(args.records, &households, &authors);
    let mut db = Db::open(&server);
    db.seed(&rows, &households);
    let seed_s = seeded.elapsed().as_secs_f64();
    let started = Instant::now();
    server.restart();
    eprintln!(
        "bench_queue {backend:?}: seeded {} records in {seed_s:.1} s; the server caught up their queue facts and started in {:.1} s",
        rows.len(),
        started.elapsed().as_secs_f64()
    );
    let cookie = sign_in(&server);
    let reviewed = db.review_some();
    eprintln!("bench_queue {backend:?}: {reviewed} records marked reviewed");
    for (name, query) in FILTERS {
        let (times, matched) = time_page(&server, &cookie, query, args.rounds);
        println!(
            "{backend:?}\t{name}\t{:.1}\t{:.1}\t{matched}",
            percentile(&times, 50),
            percentile(&times, 90)
        );
    }
}

/// A seeded record: id, body, author, household, received at.
struct Row {
    id: String,
    body: String,
    author: i64,
    household: String,
    at: chrono::DateTime<Utc>,
}

fn records(n: usize, households: &[Vec<String>], authors: &[Vec<String>]) -> Vec<Row> {
    let form = form::find("kunjungan-rumah", 1).expect("the visit form");
    let template: Answers = serde_json::from_str(TEMPLATE).expect("template answers");
    let mut rng = StdRng::seed_from_u64(7);
    let now = Utc::now();
    (0..n)
        .map(|i| {
            let household = households[rng.random_range(0..households.len())][0].clone();
            let at = now - Duration::minutes(i as i64 * 20);
            let body = visit(&mut rng, form, &template, &household, at);
            Row {
                id: body["id"].as_str().expect("id").to_owned(),
                body: body.to_string(),
                author: authors[rng.random_range(0..authors.len())][0]
                    .parse()
                    .expect("id"),
                household,
                at,
            }
        })
        .collect()
}

/// Random answers: the template with every select-one question drawn from its choices.
fn answers(rng: &mut StdRng, form: &FormDefinition, template: &Answers) -> Answers {
    let mut answers = template.clone();
    let choosable = form
        .questions()
        .filter(|q| q.kind == QuestionType::SelectOne && template.contains_key(&q.id));
    for q in choosable {
        let pick = &q.choices[rng.random_range(0..q.choices.len())];
        answers.insert(q.id.clone(), Answer::Choice(pick.value.clone()));
    }
    answers.insert(
        "dwelling_people".into(),
        Answer::Integer(rng.random_range(1..9)),
    );
    answers.insert(
        "head_income".into(),
        Answer::Integer(rng.random_range(200..3_000) * 1_000),
    );
    for p in PHOTOS {
        answers.insert(p.into(), Answer::Photo(hex(rng)));
    }
    answers
}

fn visit(
    rng: &mut StdRng,
    form: &FormDefinition,
    template: &Answers,
    household: &str,
    at: chrono::DateTime<Utc>,
) -> Value {
    let answers = answers(rng, form, template);
    let outcomes = evaluate(form, &answers);
    let registry = RegistryStatus {
        ppls_id: None,
        in_ppls: rng.random_bool(0.6),
        kps_number: rng.random_bool(0.4).then(|| "KPS-1".to_owned()),
    };
    let assessment = assess(score(form, &outcomes), &registry, rng.random_bool(0.05));
    let id = uuid::Uuid::now_v7().to_string();
    let evidence: Vec<Value> = PHOTOS
        .iter()
        .map(|q| evidence(rng, &id, q, &answers, household, at))
        .collect();
    json!({
        "schema": 1, "id": id, "kind": "visit", "form_id": form.id, "form_version": form.version,
        "household_id": household, "started_at": at - Duration::minutes(40), "finished_at": at,
        "consent": {"basis": "consent", "at": at - Duration::minutes(40)}, "dwelling_from": null,
        "answers": answers,
        "criteria": outcomes.iter().map(|o| json!({"number": o.number, "status": o.status})).collect::<Vec<_>>(),
        "evidence": evidence, "assessment": assessment,
        "sign_off": {"officer": "peksos", "confirmed": true}
    })
}

fn evidence(
    rng: &mut StdRng,
    draft: &str,
    question: &str,
    answers: &Answers,
    household: &str,
    at: chrono::DateTime<Utc>,
) -> Value {
    let photo = match answers.get(question) {
        Some(Answer::Photo(h)) => h.clone(),
        _ => hex(rng),
    };
    let mut flags = Vec::new();
    if rng.random_bool(0.03) {
        flags.push(json!({"kind": "far_from_house", "distance_m": 180.0, "radius_m": 100.0}));
    }
    if rng.random_bool(0.02) {
        flags.push(json!({"kind": "poor_accuracy", "accuracy_m": 75.0}));
    }
    if rng.random_bool(0.01) {
        flags.push(json!({"kind": "exact_reuse", "household_id": null, "taken_on": "2026-01-05"}));
    }
    json!({
        "id": uuid::Uuid::now_v7().to_string(), "draft_id": draft, "question_id": question,
        "photo_id": photo, "household_id": household, "captured_at": null, "exif_position": null,
        "device_fix": {"lat": -0.22, "lon": 100.63, "accuracy_m": 8.0, "mock": false, "at": at},
        "distance_m": 12.0,
        "params": {"source_format": "jpeg", "source_size": [4000, 3000], "orientation": 1,
                   "decode_scale": 2, "max_long_side": 1600, "size": [1600, 1200], "quality": 80,
                   "camera": "Samsung SM-A155F"},
        "flags": flags, "created_at": at
    })
}

fn hex(rng: &mut StdRng) -> String {
    (0..32)
        .map(|_| format!("{:02x}", rng.random::<u8>()))
        .collect()
}

/// A direct connection to the server's database, for seeding.
enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(tokio::runtime::Runtime, tokio_postgres::Client),
}

impl Db {
    fn open(server: &Server) -> Self {
        match server.database_url() {
            None => {
                let conn = rusqlite::Connection::open(server.data_dir().join("pandu.sqlite3"))
                    .expect("sqlite");
                conn.busy_timeout(std::time::Duration::from_secs(30))
                    .expect("timeout");
                Self::Sqlite(conn)
            }
            Some(url) => {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                let client = rt.block_on(async {
                    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                        .await
                        .expect("connect");
                    tokio::spawn(connection);
                    client
                });
                Self::Postgres(rt, client)
            }
        }
    }

    /// The device, the records, and a NIK warning on one household in 50.
    fn seed(&mut self, rows: &[Row], households: &[Vec<String>]) {
        let odd: Vec<String> = households
            .iter()
            .step_by(50)
            .map(|h| h[0].clone())
            .collect();
        let device = "INSERT INTO device (user_id, name, public_key, token_hash)
                      SELECT min(id), 'bench', 'none', 'bench' FROM app_user";
        let warn = "UPDATE household_check SET nik_warning = true WHERE household_id = ";
        match self {
            Self::Sqlite(conn) => {
                let tx = conn.transaction().expect("tx");
                tx.execute(device, []).expect("device");
                {
                    let mut stmt = tx
                        .prepare("INSERT INTO record (id, sha256, body, user_id, device_id, household_id, receipt, received_at)
                                  VALUES (?1, ?1, ?2, ?3, (SELECT max(id) FROM device), ?4, '{}', ?5)")
                        .expect("prepare");
                    for r in rows {
                        let at = r.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                        stmt.execute(rusqlite::params![r.id, r.body, r.author, r.household, at]).expect("insert");
                    }
                    for h in &odd {
                        tx.execute(&format!("{warn}?1"), [h]).expect("warn");
                    }
                }
                tx.commit().expect("commit");
            }
            Self::Postgres(rt, client) => rt.block_on(async {
                client.execute(device, &[]).await.expect("device");
                for chunk in rows.chunks(5_000) {
                    let col = |f: &dyn Fn(&Row) -> String| chunk.iter().map(f).collect::<Vec<_>>();
                    let authors: Vec<i64> = chunk.iter().map(|r| r.author).collect();
                    let ats: Vec<chrono::DateTime<Utc>> = chunk.iter().map(|r| r.at).collect();
                    client
                        .execute(
                            "INSERT INTO record (id, sha256, body, user_id, device_id, household_id, receipt, received_at)
                             SELECT n.id, n.id, n.body, n.author, (SELECT max(id) FROM device), n.household, '{}', n.at
                             FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::text[], $5::timestamptz[])
                                  AS n (id, body, author, household, at)",
                            &[&col(&|r| r.id.clone()), &col(&|r| r.body.clone()), &authors, &col(&|r| r.household.clone()), &ats],
                        )
                        .await
                        .expect("insert");
                }
                client.execute(&format!("{warn}ANY($1)"), &[&odd]).await.expect("warn");
            }),
        }
    }

    /// Mark one record in 16 reviewed, as verdicts would; how many.
    fn review_some(&mut self) -> u64 {
        let sql =
            "UPDATE review_record SET status = 'reviewed' WHERE substr(record_id, 36, 1) = '0'";
        let done = match self {
            Self::Sqlite(conn) => conn.execute(sql, []).map(|n| n as u64).ok(),
            Self::Postgres(rt, client) => rt.block_on(client.execute(sql, &[])).ok(),
        };
        done.expect("reviewed")
    }
}

/// Sign `sri` in through the form; the session cookie.
fn sign_in(server: &Server) -> String {
    let agent = agent();
    let mut form = agent
        .get(format!("{}/office/sign-in", server.url()))
        .call()
        .expect("sign-in page");
    let form_cookie = session_cookie(form.headers(), "pandu_sign_in");
    let html = form.body_mut().read_to_string().expect("page");
    let start = html.find(r#"name="csrf" value=""#).expect("csrf") + 19;
    let csrf = html[start..].split('"').next().expect("csrf");
    let done = agent
        .post(format!("{}/office/sign-in", server.url()))
        .header("cookie", &form_cookie)
        .send_form([("username", "sri"), ("password", PASSWORD), ("csrf", csrf)])
        .expect("sign in");
    session_cookie(done.headers(), "pandu_session")
}

/// The `name=value` pair of the cookie `name` an answer sets.
fn session_cookie(headers: &ureq::http::HeaderMap, name: &str) -> String {
    let prefix = format!("{name}=");
    let line = headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&prefix));
    line.expect("a cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_owned()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// `rounds` timed loads of the queue with `query` (after one untimed), and the rows matched.
fn time_page(server: &Server, cookie: &str, query: &str, rounds: usize) -> (Vec<f64>, String) {
    let agent = agent();
    let url = format!("{}/office/visits{query}", server.url());
    let mut matched = String::new();
    let mut times = Vec::new();
    for round in 0..=rounds {
        let started = Instant::now();
        let mut page = agent
            .get(&url)
            .header("cookie", cookie)
            .call()
            .expect("queue");
        let html = page
            .body_mut()
            .with_config()
            .limit(10_000_000)
            .read_to_string()
            .expect("html");
        let ms = started.elapsed().as_secs_f64() * 1_000.0;
        assert_eq!(page.status(), 200, "{html}");
        if round > 0 {
            times.push(ms);
        }
        matched = count_of(&html);
    }
    (times, matched)
}

/// The "N records" count the page shows.
fn count_of(html: &str) -> String {
    let at = html.find("id=\"count\"").map_or(0, |i| i + 10);
    let text = &html[at..];
    let start = text.find('>').map_or(0, |i| i + 1);
    text[start..]
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_owned()
}

fn percentile(times: &[f64], p: usize) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let i = (sorted.len().saturating_sub(1) * p) / 100;
    sorted.get(i).copied().unwrap_or(f64::NAN)
}
