//! The integrated data exports over real HTTP on both databases: the household list as CSV and
//! XLSX (re-read and compared), the visit points as GeoJSON (parsed), who made each and when, the
//! audit line, and the personal-data rule — peksos masked and area-limited, NIKs only with a
//! purpose, volunteers refused — and the 2015 seed set's help totals.

use serde_json::{json, Value};

use crate::fixtures::household;
use crate::harness::{on_both, Backend, Server, KEL_A, KEL_B, PASSWORD};
use crate::reports::{csv_rows, xlsx_rows};
use crate::web::{Browser, Page};
use crate::web_queue::{assessed_visit, send};

/// The head of h-a.
const NIK: &str = "1376014107800001";

/// sri supervises both kelurahan; h-a (KEL_A: Siti Aminah, NIK [`NIK`], a known point) visited
/// by budi and given a card; h-b (KEL_B, no members, no point) visited by ani.
fn world(backend: Backend) -> Server {
    let server = Server::start(backend);
    server.create_user("sri", "supervisor", &[KEL_A, KEL_B], PASSWORD);
    let sri = server.enrol("sri");
    let mut h_a = household("h-a", KEL_A);
    h_a["point"] = json!({"lat": -0.2201, "lon": 100.6302});
    h_a["members"] = json!([{
        "id": "m-1", "nik": NIK, "name": "Siti Aminah", "sex": "P", "birth_date": "1980-07-01",
        "relation": "head", "education": 3, "school_level": null, "disability": false,
        "chronic_illness": false
    }]);
    for (id, body) in [("h-a", h_a), ("h-b", household("h-b", KEL_B))] {
        let put = server.send(
            "PUT",
            &format!("/api/v1/households/{id}"),
            Some(&sri.token),
            Some(body),
        );
        assert_eq!(put.status, 204, "{}", put.json);
    }
    server.user("rt", "volunteer", KEL_A);
    let budi = server.account("budi", "peksos", KEL_A);
    let ani = server.account("ani", "peksos", KEL_B);
    let visited = send(&server, &budi, assessed_visit("h-a", "b", json!([]), &[]));
    send(&server, &ani, assessed_visit("h-b", "a", json!([]), &[]));
    let mut office = Browser::new(&server);
    let csrf = office.sign_in("sri");
    let done = office.post(
        &format!("/office/visits/{visited}/decisions"),
        &[("csrf", &csrf), ("kind", "card")],
    );
    assert_eq!(done.status, 303, "{}", done.html);
    server
}

/// Sign in as `who` and send the export form with `fields`.
fn export(server: &Server, who: &str, fields: &[(&str, &str)]) -> Page {
    let mut browser = Browser::new(server);
    browser.sign_in(who);
    let csrf = crate::web::csrf_in(&browser.get("/office/exports").html);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    browser.post("/office/exports", &form)
}

/// The audit subjects of `action`.
fn audited(server: &Server, action: &str) -> Vec<String> {
    let sql = format!("SELECT subject FROM audit_log WHERE action = '{action}' ORDER BY id");
    server
        .query(&sql)
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
}

fn the_household_list_is_the_same_in_csv_and_xlsx_and_names_its_maker(backend: Backend) {
    let server = world(backend);
    let csv = export(&server, "sri", &[("what", "households-csv")]);
    assert_eq!(csv.status, 200, "{}", csv.html);
    let rows = csv_rows(&csv.bytes);
    assert!(rows[0][0].contains("sri (supervisor)"), "{:?}", rows[0]);
    let card = server.query("SELECT number, CAST(valid_until AS TEXT) FROM document");
    let (number, until) = (card[0][0].as_str(), card[0][1].as_str());
    let h_a = &rows[2];
    assert_eq!(
        h_a[..5],
        [
            KEL_A,
            name_of(KEL_A).as_str(),
            "h-a",
            "Siti Aminah",
            "137601**********"
        ]
    );
    assert_eq!(h_a[6..], ["b", "10/9", "card", number, until, "0", "0"]);
    assert_eq!(rows[3][2..5], ["h-b", "", ""]);
    assert_eq!(rows[3][8], "", "no decision on h-b");
    assert_eq!(
        rows.len(),
        4,
        "the maker's line, the header, two households"
    );
    let xlsx = export(&server, "sri", &[("what", "households-xlsx")]);
    assert_eq!(xlsx.status, 200);
    assert_eq!(
        xlsx_rows(&xlsx.bytes),
        rows[1..].to_vec(),
        "the XLSX holds the CSV's table"
    );
    let lines = audited(&server, "export.households");
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].contains("format=households-csv") && lines[0].contains("nik=masked"),
        "{}",
        lines[0]
    );
}

fn niks_need_a_supervisor_and_a_purpose_and_peksos_keep_to_their_area(backend: Backend) {
    let server = world(backend);
    let with_nik = [("what", "households-csv"), ("include_nik", "yes")];
    let no_purpose = export(&server, "sri", &with_nik);
    assert_eq!(no_purpose.status, 400);
    assert!(no_purpose.html.contains("Tuliskan tujuan penggunaan NIK"));
    let purpose = [
        &with_nik[..],
        &[("purpose", "pencocokan data BPJS Kesehatan")],
    ]
    .concat();
    let full = export(&server, "sri", &purpose);
    assert_eq!(full.status, 200);
    assert_eq!(csv_rows(&full.bytes)[2][4], NIK);
    let lines = audited(&server, "export.households");
    assert_eq!(lines.len(), 1, "only the export made is audited");
    assert!(lines[0].contains("nik=full") && lines[0].contains("pencocokan data BPJS Kesehatan"));
    assert_eq!(
        export(&server, "budi", &purpose).status,
        400,
        "peksos never get NIKs"
    );
    let own = csv_rows(&export(&server, "budi", &[("what", "households-csv")]).bytes);
    assert_eq!(own.len(), 3, "budi's area holds h-a only");
    assert_eq!(own[2][4], "137601**********");
    let elsewhere = export(
        &server,
        "budi",
        &[("what", "households-csv"), ("kelurahan", KEL_B)],
    );
    assert_eq!(elsewhere.status, 400);
    assert_eq!(export_as_volunteer(&server), 403);
}

/// What a volunteer's export form gets.
fn export_as_volunteer(server: &Server) -> u16 {
    let mut rt = Browser::new(server);
    let csrf = rt.sign_in("rt");
    assert_eq!(rt.get("/office/exports").status, 403);
    rt.post(
        "/office/exports",
        &[("csrf", &csrf), ("what", "households-csv")],
    )
    .status
}

fn visit_points_are_geojson_points_at_lon_lat(backend: Backend) {
    let server = world(backend);
    let page = export(&server, "sri", &[("what", "points-geojson")]);
    assert_eq!(page.status, 200);
    let doc: Value = serde_json::from_slice(&page.bytes).expect("GeoJSON");
    assert_eq!(doc["type"], "FeatureCollection");
    assert_eq!(doc["pandu_export"]["made_by"], "sri (supervisor)");
    assert!(doc["pandu_export"]["made_at"]
        .as_str()
        .unwrap()
        .starts_with("20"));
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), 1, "h-b has no known position");
    assert_eq!(
        features[0]["geometry"],
        json!({"type": "Point", "coordinates": [100.6302, -0.2201]})
    );
    let p = &features[0]["properties"];
    assert_eq!(
        (p["household_id"].as_str(), p["head_nik"].as_str()),
        (Some("h-a"), Some("137601**********"))
    );
    assert_eq!(
        (p["path"].as_str(), p["decision"].as_str()),
        (Some("b"), Some("card"))
    );
    assert_eq!(audited(&server, "export.points").len(), 1);
}

fn the_seed_sets_help_is_in_the_household_list(backend: Backend) {
    let server = Server::start(backend);
    let (ok, out) = server.cli(&["seed-demo"], "");
    assert!(ok, "{out}");
    server.create_user("sri", "supervisor", &["all"], PASSWORD);
    let rows = csv_rows(&export(&server, "sri", &[("what", "households-csv")]).bytes);
    assert_eq!(rows.len(), 2 + 438);
    let sum = |c: usize| {
        rows[2..]
            .iter()
            .map(|r| r[c].parse::<i64>().unwrap())
            .sum::<i64>()
    };
    assert_eq!((sum(11), sum(12)), (438, 107_350_124));
    assert!(rows[2..]
        .iter()
        .all(|r| r[8] == "card" && r[9].starts_with("PKU-2015-")));
}

/// The name of kelurahan `code`.
fn name_of(code: &str) -> String {
    pandu_core::wilayah::kelurahan(code).unwrap().name.clone()
}

on_both!(
    the_household_list_is_the_same_in_csv_and_xlsx_and_names_its_maker,
    niks_need_a_supervisor_and_a_purpose_and_peksos_keep_to_their_area,
    visit_points_are_geojson_points_at_lon_lat,
    the_seed_sets_help_is_in_the_household_list,
);
