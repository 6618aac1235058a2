//! A small map drawn by the server, with no tile server: where each photo of a visit was taken
//! relative to the house point — north up, distance rings, a circle for each fix's accuracy —
//! so a reviewer sees at a glance whether the photos were taken at the house.

use maud::{html, Markup};
use pandu_core::evidence::Evidence;
use pandu_core::household::GeoPoint;

use super::Lang;

/// Width and height of the drawing, in pixels.
const SIZE: f64 = 260.0;
/// Radius of the outer ring, in pixels.
const OUTER: f64 = 110.0;
/// Outer ring radii to choose from, in metres.
const RINGS_M: [f64; 9] = [
    25.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0, 10_000.0,
];
/// Metres per degree of latitude (and of longitude at the equator), WGS84 mean.
const M_PER_DEGREE: f64 = 111_195.0;

/// One photo placed relative to the house: east and north in metres, accuracy radius.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// The photo's number on the page (1-based).
    pub number: usize,
    /// Metres east of the house.
    pub east: f64,
    /// Metres north of the house.
    pub north: f64,
    /// Accuracy radius in metres, when the fix had one.
    pub accuracy: Option<f64>,
}

/// The photos of `evidence` with a position, relative to `house` (local flat-earth offsets,
/// exact enough within a few kilometres). The device's fix is preferred to EXIF GPS.
pub fn place(house: GeoPoint, evidence: &[Evidence]) -> Vec<Placed> {
    evidence
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let (at, accuracy) = match (e.device_fix, e.exif_position) {
                (Some(fix), _) => (
                    GeoPoint {
                        lat: fix.lat,
                        lon: fix.lon,
                    },
                    Some(fix.accuracy_m),
                ),
                (None, Some(point)) => (point, None),
                (None, None) => return None,
            };
            let east = (at.lon - house.lon) * M_PER_DEGREE * house.lat.to_radians().cos();
            let north = (at.lat - house.lat) * M_PER_DEGREE;
            Some(Placed {
                number: i + 1,
                east,
                north,
                accuracy,
            })
        })
        .collect()
}

/// The outer ring's radius in metres: the smallest that holds every photo and its accuracy.
pub fn outer_ring(placed: &[Placed]) -> f64 {
    let far = placed
        .iter()
        .map(|p| p.east.hypot(p.north) + p.accuracy.unwrap_or(0.0))
        .fold(0.0, f64::max);
    RINGS_M
        .into_iter()
        .find(|r| *r >= far)
        .unwrap_or(RINGS_M[RINGS_M.len() - 1])
}

/// The drawing, or a sentence saying why there is none.
pub fn plot(lang: Lang, house: Option<GeoPoint>, evidence: &[Evidence]) -> Markup {
    let placed = house.map(|h| place(h, evidence)).unwrap_or_default();
    if placed.is_empty() {
        return html! { p #plot-none { (lang.pick(
            "Tidak ada posisi rumah atau posisi foto untuk digambar.",
            "No house position or photo positions to draw."
        )) } };
    }
    let ring = outer_ring(&placed);
    let scale = OUTER / ring;
    let c = SIZE / 2.0;
    let title = lang.pick(
        "Posisi foto terhadap titik rumah (utara di atas)",
        "Photo positions relative to the house point (north up)",
    );
    html! {
        svg #plot xmlns="http://www.w3.org/2000/svg" width=(SIZE) height=(SIZE)
            viewBox={ "0 0 " (SIZE) " " (SIZE) } role="img" aria-labelledby="plot-title" {
            title #plot-title { (title) }
            rect width=(SIZE) height=(SIZE) fill="#ffffff" stroke="#c9d2d7" {}
            @for r in [ring / 2.0, ring] {
                circle cx=(c) cy=(c) r=(r * scale) fill="none" stroke="#9aa7ae" stroke-dasharray="4 3" {}
                text x=(c + 3.0) y=(c - r * scale - 3.0) font-size="10" fill="#5b6870" { (metres(r)) }
            }
            text x=(c - 4.0) y="12" font-size="12" font-weight="700" fill="#1d2428" { (lang.pick("U", "N")) }
            rect x=(c - 5.0) y=(c - 5.0) width="10" height="10" fill="#1d2428" {}
            @for p in &placed { (dot(p, c, scale)) }
        }
    }
}

/// One photo: its accuracy circle, its dot and its number.
fn dot(p: &Placed, c: f64, scale: f64) -> Markup {
    let (x, y) = (c + p.east * scale, c - p.north * scale);
    html! {
        g.photo-dot {
            @if let Some(a) = p.accuracy {
                circle cx=(x) cy=(y) r=(a * scale) fill="#0b5d8c" fill-opacity="0.12" stroke="#0b5d8c" stroke-width="0.5" {}
            }
            circle cx=(x) cy=(y) r="4" fill="#a3261b" {}
            text x=(x + 6.0) y=(y + 4.0) font-size="11" fill="#1d2428" { (p.number) }
        }
    }
}

/// "50 m" or "2 km".
fn metres(m: f64) -> String {
    if m >= 1_000.0 {
        format!("{} km", m / 1_000.0)
    } else {
        format!("{m} m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(east: f64, north: f64, accuracy: Option<f64>) -> Placed {
        Placed {
            number: 1,
            east,
            north,
            accuracy,
        }
    }

    #[test]
    fn the_ring_holds_the_farthest_photo_and_its_accuracy() {
        assert_eq!(outer_ring(&[placed(10.0, 0.0, Some(5.0))]), 25.0);
        assert_eq!(outer_ring(&[placed(30.0, 40.0, Some(10.0))]), 100.0);
        assert_eq!(outer_ring(&[placed(1e6, 0.0, None)]), 10_000.0);
        assert_eq!(metres(2_000.0), "2 km");
        assert_eq!(metres(50.0), "50 m");
    }
}
