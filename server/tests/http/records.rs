//! Record intake: receipts that verify, duplicates, conflicts, rejections with reasons, waiting
//! for photos, batch limits, malformed and oversized bodies, concurrent duplicates.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde_json::{json, Value};

use crate::fixtures::{batch, hash, household, item, jpeg, report, visit};
use crate::harness::{on_both, Backend, Device, Server, KEL_A};

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
    let results = post(
        &server,
        &device,
        vec![
            item(&device, &unknown_form, &[]),
            item(&device, &missing, &[]),
            item(&device, &bad_type, &[]),
            item(&device, &not_v7, &[]),
            wrong_hash,
            bad_signature,
            malformed,
            item(
                &device,
                &visit(
                    "h-1",
                    &[
                        "a".repeat(64),
                        "b".repeat(64),
                        "c".repeat(64),
                        "d".repeat(64),
                    ],
                ),
                &[],
            ),
        ],
    );
    let expected = [
        "form.unknown",
        "answer.required",
        "answer.wrong_type",
        "record.id",
        "record.hash_mismatch",
        "record.bad_signature",
        "record.malformed",
        "scope.record_kind",
    ];
    for (result, code) in results.iter().zip(expected) {
        assert_eq!(result["status"], "rejected", "{result}");
        assert!(
            codes(result).iter().any(|c| c == code),
            "{code} in {result}"
        );
        let problem = &result["problems"][0]["text"];
        assert!(problem["id"].is_string() && problem["en"].is_string());
    }
    let path = format!("/api/v1/records/{}", good["id"].as_str().unwrap());
    assert_eq!(
        server.send("GET", &path, Some(&device.token), None).status,
        404,
        "nothing kept"
    );
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
    let body = report(None);
    let one = item(&device, &body, &[]);
    let results: Vec<Value> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|_| s.spawn(|| post(&server, &device, vec![one.clone()])[0].clone()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let accepted = results.iter().filter(|r| r["status"] == "accepted").count();
    assert_eq!(accepted, 1, "{results:?}");
    assert!(results
        .iter()
        .all(|r| r["receipt"] == results[0]["receipt"]));
}

on_both!(
    a_report_is_accepted_and_a_retry_gets_the_same_receipt,
    same_id_other_content_is_a_conflict,
    records_breaking_rules_are_rejected_with_reasons,
    a_visit_waits_for_its_photos_and_the_receipt_lists_them,
    bad_batches_are_refused_whole,
    concurrent_duplicates_are_kept_once_with_one_receipt,
);
