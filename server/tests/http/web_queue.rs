//! The review queue and visit pages on both databases: the reader's area only, a peksos's own
//! records only, each filter (kelurahan, kind, path, photo flags, inclusion/exclusion errors),
//! and the visit page's content, audit line and area check.

use serde_json::{json, Value};

use crate::fixtures::{batch, household, item, jpeg, report, visit};
use crate::harness::{on_both, Backend, Device, Server, KEL_A, KEL_B};
use crate::web::Browser;

/// Send `body` (with its photos uploaded first) from `device`; returns the record id.
pub fn send(server: &Server, device: &Device, body: Value) -> String {
    let photos = body_photos(&body);
    for seed in &photos {
        let (bytes, hash) = jpeg(seed);
        let path = format!("/api/v1/media/{hash}");
        let up = server.raw(
            "PUT",
            &path,
            Some(&device.token),
            &[],
            Some(("image/jpeg", bytes)),
        );
        assert!(up.status == 200 || up.status == 201);
    }
    let media: Vec<String> = photos.iter().map(|s| jpeg(s).1).collect();
    let reply = server.send(
        "POST",
        "/api/v1/records",
        Some(&device.token),
        Some(batch(vec![item(device, &body, &media)])),
    );
    assert_eq!(
        reply.json["results"][0]["status"], "accepted",
        "{}",
        reply.json
    );
    body["id"].as_str().unwrap().to_owned()
}

/// The photo seeds a visit made by [`assessed_visit`] uses.
fn body_photos(body: &Value) -> Vec<String> {
    let id = body["id"].as_str().unwrap();
    if body["kind"] == "visit" {
        (0..4).map(|i| format!("{id}-{i}")).collect()
    } else {
        Vec::new()
    }
}

/// A visit of `household` assessed to `path`, with `flags` on its first photo and the
/// assessment's `errors` (e.g. `inclusion_error`) set.
pub fn assessed_visit(household: &str, path: &str, flags: Value, errors: &[&str]) -> Value {
    let mut body = visit(
        household,
        &[String::new(), String::new(), String::new(), String::new()],
    );
    let id = body["id"].as_str().unwrap().to_owned();
    let photos: Vec<String> = (0..4).map(|i| jpeg(&format!("{id}-{i}")).1).collect();
    for (i, q) in [
        "floor_photo",
        "wall_photo",
        "toilet_photo",
        "lighting_photo",
    ]
    .iter()
    .enumerate()
    {
        body["answers"][q] = json!({"photo": photos[i]});
    }
    body["evidence"] = json!([{
        "id": crate::fixtures::new_id(), "draft_id": id, "question_id": "floor_photo",
        "photo_id": photos[0], "household_id": household, "captured_at": null,
        "exif_position": null, "device_fix": null, "distance_m": null,
        "params": {"source_format": "jpeg", "source_size": [64, 48], "orientation": 1,
                   "decode_scale": 1, "max_long_side": 1600, "size": [64, 48], "quality": 80,
                   "camera": null},
        "flags": flags, "created_at": body["finished_at"],
    }]);
    let mut assessment = json!({
        "score": {"met": 10, "not_met": 2, "unknown": 0, "min_met": 9,
                  "rule_version": "kunjungan-rumah@1"},
        "path": path, "inclusion_error": false, "exclusion_error": false, "emergency": false,
        "recommendation": {"id": "uji", "en": "test"},
    });
    for e in errors {
        assessment[e] = json!(true);
    }
    body["assessment"] = assessment;
    body
}

struct World {
    server: Server,
    far: String,
    inclusion: String,
    report: String,
}

fn world(backend: Backend) -> World {
    let server = Server::start(backend);
    server.user("sri", "supervisor", KEL_A);
    let sri = server.enrol("sri");
    let zed = server.account("zed", "supervisor", KEL_B);
    for (who, id, kel) in [(&sri, "h-a", KEL_A), (&zed, "h-b", KEL_B)] {
        let path = format!("/api/v1/households/{id}");
        let put = server.send("PUT", &path, Some(&who.token), Some(household(id, kel)));
        assert_eq!(put.status, 204, "{}", put.json);
    }
    let budi = server.account("budi", "peksos", KEL_A);
    let ani = server.account("ani", "peksos", KEL_A);
    let kb = server.account("kb", "peksos", KEL_B);
    let far = json!([{"kind": "far_from_house", "distance_m": 250.0, "radius_m": 100.0}]);
    let far = send(&server, &budi, assessed_visit("h-a", "b", far, &[]));
    let inclusion = assessed_visit("h-a", "a", json!([]), &["inclusion_error"]);
    let inclusion = send(&server, &ani, inclusion);
    let report = send(&server, &budi, report(Some("h-a")));
    send(&server, &kb, assessed_visit("h-b", "b", json!([]), &[]));
    World {
        server,
        far,
        inclusion,
        report,
    }
}

/// The record ids listed on a queue page, in order.
pub fn listed(browser: &mut Browser, path: &str) -> Vec<String> {
    let page = browser.get(path);
    assert_eq!(page.status, 200, "{}", page.html);
    page.html
        .split("data-record=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect()
}

fn the_queue_lists_the_area_newest_first_and_filters(backend: Backend) {
    let w = world(backend);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let all = listed(&mut sri, "/office/visits");
    assert_eq!(all, [w.report.as_str(), &w.inclusion, &w.far]);
    assert_eq!(listed(&mut sri, "/office/visits?path=b"), [w.far.as_str()]);
    assert_eq!(
        listed(&mut sri, "/office/visits?flag=far"),
        [w.far.as_str()]
    );
    assert_eq!(
        listed(&mut sri, "/office/visits?flag=inclusion"),
        [w.inclusion.as_str()]
    );
    assert_eq!(
        listed(&mut sri, "/office/visits?flag=duplicate"),
        Vec::<String>::new()
    );
    assert_eq!(
        listed(&mut sri, "/office/visits?kind=report"),
        [w.report.as_str()]
    );
    let here = format!("/office/visits?kelurahan={KEL_A}&kind=visit&path=a");
    assert_eq!(listed(&mut sri, &here), [w.inclusion.as_str()]);
    let elsewhere = format!("/office/visits?kelurahan={KEL_B}");
    assert_eq!(
        listed(&mut sri, &elsewhere).len(),
        3,
        "a kelurahan outside the area is ignored"
    );
    assert_eq!(
        listed(&mut sri, "/office/visits?page=2"),
        Vec::<String>::new()
    );
    let far_page = format!("/office/visits?page={}", i64::MAX);
    assert_eq!(listed(&mut sri, &far_page), Vec::<String>::new());
    let bad = sri.get("/office/visits?page=x");
    assert_eq!(bad.status, 400, "a bilingual page, not a crash");
    assert!(bad.html.contains("Formulir tidak terbaca"));
}

fn a_peksos_sees_only_their_own_records(backend: Backend) {
    let w = world(backend);
    let mut budi = Browser::new(&w.server);
    budi.sign_in("budi");
    assert_eq!(listed(&mut budi, "/office/visits"), [w.report, w.far]);
}

fn the_visit_page_shows_the_assessment_and_findings_and_is_audited(backend: Backend) {
    let w = world(backend);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let page = sri.get(&format!("/office/visits/{}", w.far));
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("10/12") && page.html.contains("kunjungan-rumah@1"));
    assert!(page.html.contains("250 m"), "the distance of the far photo");
    let audited = w.server.query(&format!(
        "SELECT action FROM audit_log WHERE action = 'web.read.record' AND subject = '{}'",
        w.far
    ));
    assert_eq!(audited.len(), 1);
    assert_eq!(sri.get("/office/visits/no-such-record").status, 404);
    let (bytes, sha) = jpeg(&format!("{}-0", w.far));
    let photo = format!("/office/visits/{}/photos/{sha}", w.far);
    let served = sri.get(&photo);
    assert_eq!(served.status, 200);
    assert_eq!(served.bytes, bytes, "the photo as uploaded");
    let (_, other) = jpeg(&format!("{}-0", w.inclusion));
    let not_named = format!("/office/visits/{}/photos/{other}", w.far);
    assert_eq!(
        sri.get(&not_named).status,
        404,
        "only photos the record names"
    );
    let mut zed = Browser::new(&w.server);
    zed.sign_in("zed");
    let elsewhere = zed.get(&format!("/office/visits/{}", w.far));
    assert_eq!(
        elsewhere.status, 404,
        "outside the area: not told apart from missing"
    );
    assert_eq!(zed.get(&photo).status, 404);
}

on_both!(
    the_visit_page_shows_the_assessment_and_findings_and_is_audited,
    the_queue_lists_the_area_newest_first_and_filters,
    a_peksos_sees_only_their_own_records,
);
