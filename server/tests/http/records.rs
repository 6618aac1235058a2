//! Record intake: receipts that verify, duplicates, conflicts, rejections with reasons, waiting
//! for photos, batch limits, malformed and oversized bodies, concurrent duplicates, the same
//! record twice in a batch, households out of area or unknown, revoked tokens, replayed records.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde_json::{json, Value};

use crate::fixtures::{batch, hash, household, item, jpeg, report, visit};
use crate::harness::{on_both, Backend, Device, Server, KEL_A, KEL_B};

fn post(server: &Server, device: &Device, items: Vec<Value>) -> Vec<Value> {
    let reply = server.send(
        "POST",
        "/api/v1/records",
        Some(&device.token),
        Some(batch(items)),
    );
    assert_eq!(reply.status, 200, "{}", reply.json);
    reply.json["results"].as_array().unwrap().clone()
}

/// Check `receipt` with the receipt key the device learned at sign-in, as the documented layout says.
fn assert_receipt_verifies(device: &Device, receipt: &Value) {
    let key_id = receipt["key_id"].as_str().unwrap();
    let keys = device.enrolled["receipt_keys"].as_array().unwrap();
    let key = keys
        .iter()
        .find(|k| k["key_id"] == key_id)
        .expect("known key id");
    let public: [u8; 32] = hex::decode(key["public_key"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let mut lines = vec![
        "pandu-receipt/1".to_owned(),
        receipt["record_id"].as_str().unwrap().to_owned(),
        receipt["record_sha256"].as_str().unwrap().to_owned(),
        receipt["accepted_at"].as_str().unwrap().to_owned(),
    ];
    lines.extend(
        receipt["media"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().to_owned()),
    );
    let signature: [u8; 64] = hex::decode(receipt["signature"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    VerifyingKey::from_bytes(&public)
        .unwrap()
        .verify(
            lines.join("\n").as_bytes(),
            &Signature::from_bytes(&signature),
        )
        .expect("receipt signature verifies");
}

fn codes(result: &Value) -> Vec<String> {
    result["problems"].as_array().map_or(Vec::new(), |p| {
        p.iter()
            .map(|p| p["code"].as_str().unwrap().to_owned())
            .collect()
    })
}

fn upload(server: &Server, device: &Device, seed: &str) -> String {
    let (bytes, hash) = jpeg(seed);
    let path = format!("/api/v1/media/{hash}");
    let reply = server.raw(
        "PUT",
        &path,
        Some(&device.token),
        &[],
        Some(("image/jpeg", bytes)),
    );
    assert!(reply.status == 201 || reply.status == 200);
    hash
}

fn a_report_is_accepted_and_a_retry_gets_the_same_receipt(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("relawan", "volunteer", KEL_A);
    let body = report(None);
    let first = post(&server, &device, vec![item(&device, &body, &[])]);
    assert_eq!(first[0]["status"], "accepted", "{}", first[0]);
    assert_eq!(first[0]["id"], body["id"]);
    assert_eq!(
        first[0]["receipt"]["record_sha256"].as_str(),
        Some(hash(&body).as_str())
    );
    assert_receipt_verifies(&device, &first[0]["receipt"]);
    let again = post(&server, &device, vec![item(&device, &body, &[])]);
    assert_eq!(again[0]["status"], "duplicate");
    assert_eq!(again[0]["receipt"], first[0]["receipt"]);
    assert_eq!(
        server.record_ids(),
        [body["id"].as_str().unwrap()],
        "kept once"
    );
    let path = format!("/api/v1/records/{}", body["id"].as_str().unwrap());
    let read = server.send("GET", &path, Some(&device.token), None);
    assert_eq!(read.status, 200);
    assert_eq!(read.json["body"], body);
}

fn same_id_other_content_is_a_conflict(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("relawan", "volunteer", KEL_A);
    let body = report(None);
    post(&server, &device, vec![item(&device, &body, &[])]);
    let mut changed = body.clone();
    changed["answers"]["description"] = json!({"text": "Isi lain."});
    let result = post(&server, &device, vec![item(&device, &changed, &[])]);
    assert_eq!(result[0]["status"], "conflict");
    assert_eq!(codes(&result[0]), ["record.conflict"]);
    let path = format!("/api/v1/records/{}", body["id"].as_str().unwrap());
    let kept = server.send("GET", &path, Some(&device.token), None);
    assert_eq!(kept.json["body"], body, "the first content stays");
}

fn records_breaking_rules_are_rejected_with_reasons(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("relawan", "volunteer", KEL_A);
    let mut unknown_form = report(None);
    unknown_form["form_version"] = json!(99);
    let mut missing = report(None);
    missing["answers"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    let mut bad_type = report(None);
    bad_type["answers"]["urgency"] = json!({"integer": 3});
    let mut not_v7 = report(None);
    not_v7["id"] = json!("00000000-0000-4000-8000-000000000000");
    let good = report(None);
    let mut wrong_hash = item(&device, &good, &[]);
    wrong_hash["sha256"] = json!("0".repeat(64));
    let mut bad_signature = item(&device, &report(None), &[]);
    bad_signature["device_signature"] = json!("00".repeat(64));
    let malformed =
        json!({"body": {"id": "x", "kind": "nonsense"}, "sha256": "", "device_signature": ""});
    let photos = ["a", "b", "c", "d"].map(|c| c.repeat(64));
    let (path_trick, upper_case) = (report(None), report(None));
    let items = vec![
        item(&device, &unknown_form, &[]),
        item(&device, &missing, &[]),
        item(&device, &bad_type, &[]),
        item(&device, &not_v7, &[]),
        wrong_hash,
        bad_signature,
        malformed,
        item(&device, &visit("h-1", &photos), &[]),
        item(&device, &path_trick, &["../../etc/passwd".to_owned()]),
        item(&device, &upper_case, &["AB".repeat(32)]),
    ];
    let sent: Vec<Value> = items.iter().map(|i| i["body"]["id"].clone()).collect();
    let results = post(&server, &device, items);
    let expected = [
        "form.unknown",
        "answer.required",
        "answer.wrong_type",
        "record.id",
        "record.hash_mismatch",
        "record.bad_signature",
        "record.malformed",
        "scope.record_kind",
        "media.bad_name",
        "media.bad_name",
    ];
    assert_eq!(results.len(), expected.len());
    for (result, code) in results.iter().zip(expected) {
        assert_eq!(result["status"], "rejected", "{result}");
        assert!(
            codes(result).iter().any(|c| c == code),
            "{code} in {result}"
        );
        let problem = &result["problems"][0]["text"];
        assert!(problem["id"].is_string() && problem["en"].is_string());
    }
    assert_nothing_kept(&server, &device, &sent);
}

/// None of the record ids in `ids` is kept.
fn assert_nothing_kept(server: &Server, device: &Device, ids: &[Value]) {
    for id in ids {
        let path = format!("/api/v1/records/{}", id.as_str().unwrap());
        let read = server.send("GET", &path, Some(&device.token), None);
        assert_eq!((read.status, read.code()), (404, "record.unknown"), "{id}");
    }
}

fn a_visit_waits_for_its_photos_and_the_receipt_lists_them(backend: Backend) {
    let server = Server::start(backend);
    let admin = server.account("admin", "admin", "all");
    let put = server.send(
        "PUT",
        "/api/v1/households/h-1",
        Some(&admin.token),
        Some(household("h-1", KEL_A)),
    );
    assert_eq!(put.status, 204, "{}", put.json);
    let peksos = server.account("peksos", "peksos", KEL_A);
    let photos: Vec<String> = (0..4)
        .map(|i| crate::fixtures::jpeg(&format!("v{i}")).1)
        .collect();
    let photos: [String; 4] = photos.try_into().unwrap();
    let body = visit("h-1", &photos);
    let waiting = post(&server, &peksos, vec![item(&peksos, &body, &photos)]);
    assert_eq!(waiting[0]["status"], "waiting_for_media", "{}", waiting[0]);
    assert_eq!(waiting[0]["missing_media"].as_array().unwrap().len(), 4);
    for i in 0..4 {
        upload(&server, &peksos, &format!("v{i}"));
    }
    let unlisted = post(&server, &peksos, vec![item(&peksos, &body, &photos[..3])]);
    assert_eq!(codes(&unlisted[0]), ["record.media_unlisted"]);
    let accepted = post(&server, &peksos, vec![item(&peksos, &body, &photos)]);
    assert_eq!(accepted[0]["status"], "accepted", "{}", accepted[0]);
    let mut sorted = photos.to_vec();
    sorted.sort();
    assert_eq!(accepted[0]["receipt"]["media"], json!(sorted));
    assert_receipt_verifies(&peksos, &accepted[0]["receipt"]);
}

fn bad_batches_are_refused_whole(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("relawan", "volunteer", KEL_A);
    let one = item(&device, &report(None), &[]);
    let id = one["body"]["id"].clone();
    let reply = server.send(
        "POST",
        "/api/v1/records",
        Some(&device.token),
        Some(batch(vec![one; 501])),
    );
    assert_eq!(
        (reply.status, reply.code()),
        (400, "records.batch_too_large")
    );
    assert_nothing_kept(&server, &device, &[id]);
    let malformed = server.raw(
        "POST",
        "/api/v1/records",
        Some(&device.token),
        &[],
        Some(("application/json", b"{\"records\": [".to_vec())),
    );
    assert_eq!(
        (malformed.status, malformed.code()),
        (400, "request.malformed_json")
    );
    let reply = server.oversized("POST", "/api/v1/records", &device.token, 5 * 1024 * 1024);
    assert_eq!((reply.status, reply.code()), (413, "request.too_large"));
    let reply = server.raw(
        "POST",
        "/api/v1/records",
        Some(&device.token),
        &[],
        Some(("text/plain", b"{}".to_vec())),
    );
    assert_eq!((reply.status, reply.code()), (415, "request.not_json"));
}

fn concurrent_duplicates_are_kept_once_with_one_receipt(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("relawan", "volunteer", KEL_A);
    let items: Vec<Value> = (0..20).map(|_| item(&device, &report(None), &[])).collect();
    // Six batches of the same records at once, each in another order.
    let (server, device) = (&server, &device);
    let answers: Vec<Vec<Value>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|turn| {
                let mut batch = items.clone();
                batch.rotate_left(turn * 3);
                s.spawn(move || post(server, device, batch))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for sent in &items {
        let id = &sent["body"]["id"];
        let results: Vec<&Value> = answers
            .iter()
            .flatten()
            .filter(|r| &r["id"] == id)
            .collect();
        assert_eq!(results.len(), 6);
        let accepted = results.iter().filter(|r| r["status"] == "accepted").count();
        assert_eq!(accepted, 1, "{results:?}");
        assert!(results
            .iter()
            .all(|r| r["receipt"] == results[0]["receipt"]));
    }
}

fn the_same_record_twice_in_a_batch_is_kept_once(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("relawan", "volunteer", KEL_A);
    let body = report(None);
    let mut changed = body.clone();
    changed["answers"]["description"] = json!({"text": "Isi lain."});
    let mut refused = report(None);
    refused["form_version"] = json!(99);
    let other = report(None);
    let sent = [
        &body, &body, &changed, &changed, &refused, &refused, &other, &body,
    ];
    let items = sent.iter().map(|b| item(&device, b, &[])).collect();
    let results = post(&server, &device, items);
    let statuses: Vec<&str> = results
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    let expected = [
        "accepted",
        "duplicate",
        "conflict",
        "conflict",
        "rejected",
        "rejected",
        "accepted",
        "duplicate",
    ];
    assert_eq!(statuses, expected, "{results:?}");
    for (result, body) in results.iter().zip(sent) {
        assert_eq!(result["id"], body["id"], "answers in the order sent");
    }
    assert_receipt_verifies(&device, &results[0]["receipt"]);
    assert_eq!(results[1]["receipt"], results[0]["receipt"]);
    assert_eq!(results[7]["receipt"], results[0]["receipt"]);
    assert_eq!(codes(&results[2]), ["record.conflict"]);
    let id = body["id"].as_str().unwrap();
    assert_eq!(
        server.conflicts(),
        [(id.to_owned(), hash(&changed))],
        "the other content is kept once for review"
    );
    let again = post(&server, &device, vec![item(&device, &body, &[])]);
    assert_eq!(again[0]["receipt"], results[0]["receipt"]);
    let kept = server.send(
        "GET",
        &format!("/api/v1/records/{id}"),
        Some(&device.token),
        None,
    );
    assert_eq!(kept.json["body"], body, "the first content stays");
}

fn households_outside_the_area_are_refused_and_unknown_ones_accepted(backend: Backend) {
    let server = Server::start(backend);
    let admin = server.account("admin", "admin", "all");
    let path = "/api/v1/households/h-b";
    let put = server.send(
        "PUT",
        path,
        Some(&admin.token),
        Some(household("h-b", KEL_B)),
    );
    assert_eq!(put.status, 204, "{}", put.json);
    let peksos = server.account("peksos", "peksos", KEL_A);
    let photos: [String; 4] = ["p0", "p1", "p2", "p3"].map(|s| upload(&server, &peksos, s));
    let outside = visit("h-b", &photos);
    // A family created in the field is not on the server: no device can send one yet, and a
    // record names only its household id. Its visits are kept, not refused.
    let field_made = visit("h-dibuat-di-lapangan", &photos);
    let results = post(
        &server,
        &peksos,
        vec![
            item(&peksos, &outside, &photos),
            item(&peksos, &field_made, &photos),
        ],
    );
    assert_eq!(results[0]["status"], "rejected", "{}", results[0]);
    assert_eq!(codes(&results[0]), ["scope.household"]);
    assert_nothing_kept(&server, &admin, &[outside["id"].clone()]);
    assert_eq!(results[1]["status"], "accepted", "{}", results[1]);
}

fn revoked_and_unknown_tokens_and_replayed_records_are_refused(backend: Backend) {
    let server = Server::start(backend);
    let admin = server.account("admin", "admin", "all");
    let first = server.account("relawan", "volunteer", KEL_A);
    let second = server.enrol("relawan");
    let body = report(None);
    let captured = item(&first, &body, &[]);
    assert_eq!(
        post(&server, &first, vec![captured.clone()])[0]["status"],
        "accepted"
    );
    let replayed = post(&server, &second, vec![captured.clone()]);
    assert_eq!(replayed[0]["status"], "rejected");
    assert_eq!(codes(&replayed[0]), ["record.bad_signature"]);
    let revoke = format!("/api/v1/devices/{}", first.id);
    assert_eq!(
        server
            .send("DELETE", &revoke, Some(&admin.token), None)
            .status,
        204
    );
    let fresh = report(None);
    let records = Some(batch(vec![item(&first, &fresh, &[])]));
    for (token, code) in [
        (first.token.as_str(), "auth.revoked"),
        ("0".repeat(64).as_str(), "auth.invalid_token"),
    ] {
        let reply = server.send("POST", "/api/v1/records", Some(token), records.clone());
        assert_eq!((reply.status, reply.code()), (401, code));
    }
    assert_nothing_kept(&server, &second, &[fresh["id"].clone()]);
}

on_both!(
    the_same_record_twice_in_a_batch_is_kept_once,
    households_outside_the_area_are_refused_and_unknown_ones_accepted,
    revoked_and_unknown_tokens_and_replayed_records_are_refused,
    a_report_is_accepted_and_a_retry_gets_the_same_receipt,
    same_id_other_content_is_a_conflict,
    records_breaking_rules_are_rejected_with_reasons,
    a_visit_waits_for_its_photos_and_the_receipt_lists_them,
    bad_batches_are_refused_whole,
    concurrent_duplicates_are_kept_once_with_one_receipt,
);
