//! What the camera wrote about the photo (EXIF): orientation, capture time, GPS position and the
//! camera model. These are read once, kept as plain fields of the evidence record, and never
//! copied into the stored image.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use exif::{In, Tag, Value};

use crate::household::GeoPoint;

/// The EXIF facts Pandu keeps; every field is optional because cameras omit any of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CameraMeta {
    /// EXIF orientation 1–8 (1 = upright as stored); 1 when absent or invalid.
    pub orientation: u16,
    /// When the photo was taken (DateTimeOriginal, with OffsetTimeOriginal or the fallback offset).
    pub captured_at: Option<DateTime<FixedOffset>>,
    /// Where the camera says it was (GPS IFD), WGS84.
    pub position: Option<GeoPoint>,
    /// Camera make and model, e.g. `samsung SM-A135F`.
    pub camera: Option<String>,
}

/// Read the EXIF of `bytes`; a photo without (readable) EXIF gives the defaults.
/// `fallback_offset` interprets a capture time that carries no offset of its own.
pub(crate) fn read_meta(bytes: &[u8], fallback_offset: FixedOffset) -> CameraMeta {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) else {
        return CameraMeta {
            orientation: 1,
            ..CameraMeta::default()
        };
    };
    CameraMeta {
        orientation: orientation(&exif),
        captured_at: captured_at(&exif, fallback_offset),
        position: position(&exif),
        camera: camera(&exif),
    }
}

fn orientation(exif: &exif::Exif) -> u16 {
    exif.get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .filter(|o| (1..=8).contains(o))
        .map_or(1, |o| o as u16)
}

fn ascii(exif: &exif::Exif, tag: Tag) -> Option<String> {
    match &exif.get_field(tag, In::PRIMARY)?.value {
        Value::Ascii(parts) => {
            let text = String::from_utf8_lossy(parts.first()?);
            let text = text.trim_matches(|c: char| c == '\0' || c.is_whitespace());
            (!text.is_empty()).then(|| text.to_owned())
        }
        _ => None,
    }
}

fn captured_at(exif: &exif::Exif, fallback: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let raw = ascii(exif, Tag::DateTimeOriginal).or_else(|| ascii(exif, Tag::DateTime))?;
    let local = NaiveDateTime::parse_from_str(&raw, "%Y:%m:%d %H:%M:%S").ok()?;
    let offset = ascii(exif, Tag::OffsetTimeOriginal)
        .and_then(|o| parse_offset(&o))
        .unwrap_or(fallback);
    offset.from_local_datetime(&local).single()
}

/// `+07:00` → UTC+7.
fn parse_offset(text: &str) -> Option<FixedOffset> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = text.get(1..)?.split_once(':')?;
    let minutes = h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?;
    FixedOffset::east_opt(sign * minutes * 60)
}

fn position(exif: &exif::Exif) -> Option<GeoPoint> {
    let lat = degrees(exif, Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S')?;
    let lon = degrees(exif, Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W')?;
    let valid = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
    valid.then_some(GeoPoint { lat, lon })
}

/// Degrees, minutes, seconds as three rationals, negated when the reference is `negative`.
fn degrees(exif: &exif::Exif, tag: Tag, reference: Tag, negative: u8) -> Option<f64> {
    let Value::Rational(dms) = &exif.get_field(tag, In::PRIMARY)?.value else {
        return None;
    };
    if dms.len() < 3 || dms.iter().any(|r| r.denom == 0) {
        return None;
    }
    let value = dms[0].to_f64() + dms[1].to_f64() / 60.0 + dms[2].to_f64() / 3600.0;
    let sign = match ascii(exif, reference)?.as_bytes().first() {
        Some(&c) if c == negative => -1.0,
        _ => 1.0,
    };
    Some(sign * value)
}

fn camera(exif: &exif::Exif) -> Option<String> {
    let parts: Vec<String> = [Tag::Make, Tag::Model]
        .into_iter()
        .filter_map(|t| ascii(exif, t))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_parse_both_ways() {
        assert_eq!(parse_offset("+07:00"), FixedOffset::east_opt(7 * 3600));
        assert_eq!(
            parse_offset("-03:30"),
            FixedOffset::west_opt(3 * 3600 + 1800)
        );
        assert_eq!(parse_offset("07:00"), None);
    }

    #[test]
    fn a_file_without_exif_is_upright_and_unknown() {
        let wib = FixedOffset::east_opt(7 * 3600).unwrap();
        let meta = read_meta(b"not a jpeg", wib);
        assert_eq!(meta.orientation, 1);
        assert_eq!(meta.captured_at, None);
    }
}
