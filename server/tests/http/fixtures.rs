//! Records and photos as a device would send them, built as plain JSON (the wire format), with
//! the hash computed by the core's own canonical form.

use chrono::Utc;
use pandu_core::session::record::{canonical, RecordBody};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::harness::Device;

/// A small fake JPEG (right magic bytes) made unique by `seed`, and its SHA-256 hex.
pub fn jpeg(seed: &str) -> (Vec<u8>, String) {
    let bytes = [
        &[0xFF, 0xD8, 0xFF, 0xE0][..],
        seed.as_bytes(),
        &[0xFF, 0xD9],
    ]
    .concat();
    let hash = hex::encode(Sha256::digest(&bytes));
    (bytes, hash)
}

/// A new record id (UUID v7).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// An RT/RW report (an event) about `household`.
pub fn report(household: Option<&str>) -> Value {
    let now = Utc::now();
    json!({
        "schema": 1,
        "id": new_id(),
        "kind": "report",
        "form_id": "laporan-rtrw",
        "form_version": 1,
        "household_id": household,
        "started_at": now,
        "finished_at": now,
        "consent": null,
        "dwelling_from": null,
        "answers": {
            "report_type": {"choice": "event"},
            "event_kind": {"choice": "disaster"},
            "family_name": {"text": "Keluarga Uji"},
            "address": {"text": "Jl. Uji 1, RT 01/RW 02"},
            "urgency": {"choice": "urgent"},
            "description": {"text": "Rumah rusak karena banjir."}
        },
        "criteria": [],
        "evidence": [],
        "assessment": null,
        "sign_off": {"officer": "relawan", "confirmed": true}
    })
}

/// A home visit of `household` whose four evidence photos are `photos`.
pub fn visit(household: &str, photos: &[String; 4]) -> Value {
    let now = Utc::now();
    json!({
        "schema": 1,
        "id": new_id(),
        "kind": "visit",
        "form_id": "kunjungan-rumah",
        "form_version": 1,
        "household_id": household,
        "started_at": now,
        "finished_at": now,
        "consent": {"basis": "consent", "at": now},
        "dwelling_from": null,
        "answers": {
            "floor_area_m2": {"decimal": 24.0},
            "dwelling_people": {"integer": 4},
            "floor_material": {"choice": "earth"},
            "floor_photo": {"photo": photos[0]},
            "wall_material": {"choice": "bamboo"},
            "wall_photo": {"photo": photos[1]},
            "toilet": {"choice": "shared"},
            "toilet_photo": {"photo": photos[2]},
            "lighting": {"choice": "oil_lamp"},
            "lighting_photo": {"photo": photos[3]},
            "protein_per_week": {"choice": "once_or_less"},
            "clothes_per_year": {"choice": "one_or_none"},
            "meals_per_day": {"integer": 2},
            "can_pay_clinic": {"choice": "no"},
            "head_occupation": {"choice": "construction"},
            "head_income": {"integer": 500000},
            "head_education": {"choice": "sd"},
            "savings_500k": {"choice": "no"},
            "urgent_need": {"choice": "none"}
        },
        "criteria": [],
        "evidence": [],
        "assessment": null,
        "sign_off": {"officer": "peksos", "confirmed": true}
    })
}

/// The canonical SHA-256 of `body` as the core computes it.
pub fn hash(body: &Value) -> String {
    let body: RecordBody = serde_json::from_value(body.clone()).expect("a valid record body");
    canonical(&body).expect("canonical").1
}

/// A batch item: `body` with its hash, `device`'s signature and the photo list.
pub fn item(device: &Device, body: &Value, media: &[String]) -> Value {
    let sha256 = hash(body);
    json!({
        "body": body,
        "sha256": sha256,
        "device_signature": device.sign(&sha256),
        "media": media,
    })
}

/// A batch of items.
pub fn batch(items: Vec<Value>) -> Value {
    json!({ "records": items })
}

/// A registry household of `kelurahan` as the office sends it.
pub fn household(id: &str, kelurahan: &str) -> Value {
    json!({
        "id": id,
        "dwelling_id": format!("d-{id}"),
        "source": "registry",
        "address": {"kelurahan_code": kelurahan, "rt": 1, "rw": 2, "street": "Jl. Uji"},
        "point": null,
        "registry": {"ppls_id": null, "in_ppls": true, "kps_number": null},
        "kk_history": [],
        "members": []
    })
}
