//! The places of Kota Payakumbuh (Kemendagri code 13.76) and the region codes of Indonesia, built
//! into the app so that an address can be picked and a NIK or No. KK checked while offline.
//!
//! All codes here are Kemendagri codes; BPS numbers the same places differently and must never be
//! mixed in.

use std::sync::OnceLock;

use serde::Deserialize;

/// The 5 kecamatan and 47 kelurahan of Kota Payakumbuh, as shipped in `data/`.
const WILAYAH_CSV: &str = include_str!("../data/wilayah-payakumbuh.csv");

/// The 38 province codes of Indonesia (Kemendagri, since the 2022 Papua split).
const PROVINCE_CODES: [&str; 38] = [
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36",
    "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82",
    "91", "92", "93", "94", "95", "96",
];

/// Province code of Sumatera Barat.
const SUMATERA_BARAT: &str = "13";

/// Regency code of Kota Payakumbuh inside Sumatera Barat.
const PAYAKUMBUH: &str = "1376";

/// A kecamatan (district) of Kota Payakumbuh.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kecamatan {
    /// Kemendagri code, e.g. `13.76.01`.
    pub code: String,
    /// Name, e.g. `Payakumbuh Barat`.
    pub name: String,
}

/// A kelurahan (urban village) of Kota Payakumbuh.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kelurahan {
    /// Kemendagri code, e.g. `13.76.01.1002`.
    pub code: String,
    /// Name, e.g. `Pakan Sinayan`.
    pub name: String,
    /// Code of the kecamatan it belongs to, e.g. `13.76.01`.
    pub kecamatan_code: String,
}

/// One line of the CSV file.
#[derive(Deserialize)]
struct Row {
    kode_kemendagri: String,
    level: String,
    nama: String,
    kode_induk: String,
}

/// The parsed CSV file.
struct Wilayah {
    kecamatan: Vec<Kecamatan>,
    kelurahan: Vec<Kelurahan>,
}

/// The built-in places, parsed on first use.
fn wilayah() -> &'static Wilayah {
    static WILAYAH: OnceLock<Wilayah> = OnceLock::new();
    WILAYAH.get_or_init(|| parse(WILAYAH_CSV))
}

/// Parses the built-in CSV. It ships with the app and is checked by the tests below, so a broken
/// line is a build defect, not user input.
fn parse(csv_text: &str) -> Wilayah {
    let mut places = Wilayah {
        kecamatan: Vec::new(),
        kelurahan: Vec::new(),
    };
    for row in csv::Reader::from_reader(csv_text.as_bytes()).deserialize::<Row>() {
        let row = row.expect("data/wilayah-payakumbuh.csv is malformed");
        match row.level.as_str() {
            "kecamatan" => places.kecamatan.push(Kecamatan {
                code: row.kode_kemendagri,
                name: row.nama,
            }),
            "kelurahan" => places.kelurahan.push(Kelurahan {
                code: row.kode_kemendagri,
                name: row.nama,
                kecamatan_code: row.kode_induk,
            }),
            _ => {}
        }
    }
    places
}

/// Every kelurahan of Kota Payakumbuh, in code order.
pub fn all_kelurahan() -> &'static [Kelurahan] {
    &wilayah().kelurahan
}

/// Every kecamatan of Kota Payakumbuh, in code order.
pub fn all_kecamatan() -> &'static [Kecamatan] {
    &wilayah().kecamatan
}

/// The kelurahan with Kemendagri code `code` (e.g. `13.76.01.1002`).
pub fn kelurahan(code: &str) -> Option<&'static Kelurahan> {
    all_kelurahan().iter().find(|k| k.code == code)
}

/// The kecamatan with Kemendagri code `code` (e.g. `13.76.01`).
pub fn kecamatan(code: &str) -> Option<&'static Kecamatan> {
    all_kecamatan().iter().find(|k| k.code == code)
}

/// The 6-digit region prefix a NIK or No. KK issued in this kelurahan (or kecamatan) starts with:
/// `13.76.01.1002` gives `137601`.
pub fn nik_district_prefix(kelurahan_code: &str) -> String {
    kelurahan_code.split('.').take(3).collect()
}

/// True when the 6-digit NIK/KK region prefix `region` names a known place: the province must
/// exist; inside Sumatera Barat the regency must exist too; inside Kota Payakumbuh, the kecamatan.
pub fn is_known_region(region: &str) -> bool {
    if region.len() != 6 || !region.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (province, regency) = (&region[..2], &region[..4]);
    if !PROVINCE_CODES.contains(&province) {
        return false;
    }
    match (province, regency) {
        (_, PAYAKUMBUH) => all_kecamatan()
            .iter()
            .any(|k| nik_district_prefix(&k.code) == region),
        (SUMATERA_BARAT, _) => is_sumatera_barat_regency(&regency[2..]),
        _ => true,
    }
}

/// True for the 12 kabupaten (01–12) and 7 kota (71–77) of Sumatera Barat.
fn is_sumatera_barat_regency(code: &str) -> bool {
    matches!(code.parse::<u8>(), Ok(1..=12 | 71..=77))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payakumbuh_has_47_kelurahan_in_5_kecamatan() {
        assert_eq!(all_kelurahan().len(), 47);
        assert_eq!(all_kecamatan().len(), 5);
    }

    #[test]
    fn every_kelurahan_has_its_kecamatan() {
        for k in all_kelurahan() {
            assert!(kecamatan(&k.kecamatan_code).is_some(), "{}", k.code);
            assert!(k.code.starts_with(&k.kecamatan_code), "{}", k.code);
        }
    }

    #[test]
    fn lookup_by_code() {
        assert_eq!(kelurahan("13.76.01.1002").unwrap().name, "Pakan Sinayan");
        assert_eq!(kecamatan("13.76.04").unwrap().name, "Lamposi Tigo Nagori");
        assert!(kelurahan("13.76.01").is_none());
        assert!(kecamatan("13.76.09").is_none());
    }

    #[test]
    fn district_prefix_drops_dots_and_kelurahan() {
        assert_eq!(nik_district_prefix("13.76.01.1002"), "137601");
        assert_eq!(nik_district_prefix("13.76.05"), "137605");
    }

    #[test]
    fn there_are_38_distinct_provinces() {
        let mut codes = PROVINCE_CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 38);
    }

    #[test]
    fn known_regions() {
        for region in [
            "137601", "137605", "130101", "131201", "137101", "137701", "317101",
        ] {
            assert!(is_known_region(region), "{region}");
        }
    }

    #[test]
    fn unknown_regions() {
        let unknown = [
            "137600", "137606", "131301", "137001", "137801", "200101", "990101", "1376", "",
            "13760a", "1376011", "13+101",
        ];
        for region in unknown {
            assert!(!is_known_region(region), "{region}");
        }
    }
}
