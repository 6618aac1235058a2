//! The visit points as GeoJSON (RFC 7946): a FeatureCollection of Points at `[lon, lat]`, one
//! per verified household whose latest visit has a position — the first photo's device fix,
//! else its EXIF position, else the dwelling's known point. Properties carry the household id,
//! kelurahan, visit day, path and decision, the head's name, and the NIK as the rule allows;
//! the top-level member `pandu_export` names who made it, when, and with which filter.

use serde_json::{json, Value};

use super::{assessment, head, shown_nik, Nik};
use crate::store::reports::VerifiedHousehold;

/// The collection of `households`' visit points, NIKs by `nik`, described by `made` (who, when,
/// filter).
pub fn geojson(households: &[VerifiedHousehold], nik: Nik, made: Value) -> Value {
    let features: Vec<Value> = households.iter().filter_map(|h| feature(h, nik)).collect();
    json!({ "type": "FeatureCollection", "pandu_export": made, "features": features })
}

/// The position of `h`'s latest visit as (lon, lat), if known.
fn position(h: &VerifiedHousehold) -> Option<(f64, f64)> {
    let visit: Value = serde_json::from_str(&h.visit).ok()?;
    let data: Value = serde_json::from_str(&h.data).ok()?;
    let evidence = visit["evidence"].as_array().into_iter().flatten();
    let photo = evidence
        .flat_map(|e| [&e["device_fix"], &e["exif_position"]])
        .chain([&data["point"]])
        .find(|p| p["lat"].is_f64() && p["lon"].is_f64())?;
    Some((photo["lon"].as_f64()?, photo["lat"].as_f64()?))
}

/// `h` as a Point feature, when its position is known.
fn feature(h: &VerifiedHousehold, nik: Nik) -> Option<Value> {
    let (lon, lat) = position(h)?;
    let (name, head_nik) = head(h);
    Some(json!({
        "type": "Feature",
        "geometry": { "type": "Point", "coordinates": [lon, lat] },
        "properties": {
            "household_id": h.household_id,
            "kelurahan": h.kelurahan,
            "visited_on": h.visited_at.get(..10),
            "path": assessment(h)["path"],
            "decision": h.decision,
            "head_name": name,
            "head_nik": head_nik.map(|n| shown_nik(&n, nik)),
        }
    }))
}
