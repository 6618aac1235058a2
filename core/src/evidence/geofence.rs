//! Where and when a photo was taken, judged against the visit: the distance from the photo's
//! position to the household's dwelling, the GPS accuracy and mock flag the shell reported, and
//! whether the capture time lies in the visit's window. The results become flags for the office;
//! nothing here refuses a photo.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use geo::{Distance, Haversine};
use geo_types::Point;

use super::flags::Flag;
use crate::household::GeoPoint;

/// GPS accuracy worse than this (metres) is flagged (BPS's mapping app accepts at most 50 m).
pub const MAX_ACCURACY_M: f64 = 50.0;

/// Slack around the visit window: the camera's clock and the store's clock are the same phone,
/// but EXIF keeps whole seconds, the draft may be saved a little after the visit opened, and a
/// photo may be ingested a few minutes after it was taken. Ten minutes covers all of that.
pub const WINDOW_TOLERANCE_MINUTES: i64 = 10;

/// What the shell knew about the phone's position when the photo was taken.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeviceFix {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Horizontal accuracy radius in metres, as the platform reported it.
    pub accuracy_m: f64,
    /// True when the platform said the location came from a mock provider.
    pub mock: bool,
    /// When the fix was taken.
    pub at: DateTime<Utc>,
}

/// Distance in metres between two WGS84 points.
pub fn distance_m(a: GeoPoint, b: GeoPoint) -> f64 {
    Haversine.distance(to_point(a), to_point(b))
}

fn to_point(p: GeoPoint) -> Point<f64> {
    Point::new(p.lon, p.lat)
}

/// The photo's position: the shell's fix when there is one (it has an accuracy), else EXIF GPS.
pub(crate) fn photo_position(fix: Option<&DeviceFix>, exif: Option<GeoPoint>) -> Option<GeoPoint> {
    fix.map(|f| GeoPoint {
        lat: f.lat,
        lon: f.lon,
    })
    .or(exif)
}

/// Flags about the position: far from the house, poor accuracy, mock location, no position.
/// An accuracy of exactly 0 m is what mock providers report, so it counts as mock.
pub(crate) fn position_flags(
    position: Option<GeoPoint>,
    house: Option<GeoPoint>,
    fix: Option<&DeviceFix>,
    radius_m: f64,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    match (position, house) {
        (None, _) => flags.push(Flag::NoPosition),
        (Some(p), Some(h)) if distance_m(p, h) > radius_m => flags.push(Flag::FarFromHouse {
            distance_m: distance_m(p, h).round(),
            radius_m,
        }),
        _ => {}
    }
    if let Some(fix) = fix {
        if fix.mock || fix.accuracy_m <= 0.0 {
            flags.push(Flag::MockLocation);
        } else if fix.accuracy_m > MAX_ACCURACY_M {
            flags.push(Flag::PoorAccuracy {
                accuracy_m: fix.accuracy_m,
            });
        }
    }
    flags
}

/// Flags about the time: none in the window `started .. now` (with the tolerance), one when
/// outside it, one when the photo carries no capture time.
pub(crate) fn time_flags(
    captured: Option<DateTime<FixedOffset>>,
    started: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<Flag> {
    let slack = Duration::minutes(WINDOW_TOLERANCE_MINUTES);
    match captured {
        None => vec![Flag::NoCaptureTime],
        Some(t) if t < started - slack || t > now + slack => {
            vec![Flag::OutsideVisitWindow { captured_at: t }]
        }
        Some(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUSE: GeoPoint = GeoPoint {
        lat: -0.2270,
        lon: 100.6320,
    };

    fn fix(lat: f64, accuracy_m: f64, mock: bool) -> DeviceFix {
        DeviceFix {
            lat,
            lon: HOUSE.lon,
            accuracy_m,
            mock,
            at: Utc::now(),
        }
    }

    #[test]
    fn one_thousandth_of_a_degree_is_about_111_metres() {
        let north = GeoPoint {
            lat: HOUSE.lat + 0.001,
            lon: HOUSE.lon,
        };
        assert!((distance_m(HOUSE, north) - 111.2).abs() < 0.5);
    }

    #[test]
    fn position_flags_follow_radius_accuracy_and_mock() {
        let near = fix(HOUSE.lat + 0.0005, 8.0, false);
        let pos = |f: &DeviceFix| photo_position(Some(f), None);
        assert!(position_flags(pos(&near), Some(HOUSE), Some(&near), 100.0).is_empty());
        let far = fix(HOUSE.lat + 0.002, 8.0, false);
        assert!(matches!(
            position_flags(pos(&far), Some(HOUSE), Some(&far), 100.0)[..],
            [Flag::FarFromHouse { distance_m, .. }] if (distance_m - 222.0).abs() < 1.0
        ));
        let vague = fix(HOUSE.lat, 65.0, false);
        assert_eq!(
            position_flags(pos(&vague), Some(HOUSE), Some(&vague), 100.0),
            vec![Flag::PoorAccuracy { accuracy_m: 65.0 }]
        );
        for mock in [fix(HOUSE.lat, 5.0, true), fix(HOUSE.lat, 0.0, false)] {
            assert_eq!(
                position_flags(pos(&mock), Some(HOUSE), Some(&mock), 100.0),
                vec![Flag::MockLocation]
            );
        }
        assert_eq!(
            position_flags(None, Some(HOUSE), None, 100.0),
            vec![Flag::NoPosition]
        );
        assert!(position_flags(pos(&far), None, Some(&far), 100.0).is_empty());
    }

    #[test]
    fn time_flags_use_the_window_with_tolerance() {
        let started = Utc::now() - Duration::hours(1);
        let now = Utc::now();
        let at = |t: DateTime<Utc>| Some(t.fixed_offset());
        assert!(time_flags(at(started + Duration::minutes(5)), started, now).is_empty());
        assert!(time_flags(at(started - Duration::minutes(9)), started, now).is_empty());
        assert_eq!(
            time_flags(at(started - Duration::minutes(11)), started, now).len(),
            1
        );
        assert_eq!(
            time_flags(at(now + Duration::hours(1)), started, now).len(),
            1
        );
        assert_eq!(time_flags(None, started, now), vec![Flag::NoCaptureTime]);
    }
}
