//! The PPLS 2011 registry on the phone. Step 2 of the workflow asks "is this household in PPLS, does
//! it hold a KPS?", often offline, so the list is imported into the encrypted store ([`import`]) and
//! searched there by name, NIK, KK, address or area ([`mod@search`]). [`synthetic`] writes realistic
//! fake registry files for tests and benchmarks, since the real list must never leave the office.
//!
//! # The registry file (PPLS-style CSV)
//!
//! One row per person, UTF-8, comma-separated, with this header line first:
//!
//! ```text
//! ppls_id,no_kk,nik,nama,jenis_kelamin,tanggal_lahir,hubungan,pendidikan,kode_kelurahan,rw,rt,alamat,no_kps
//! ```
//!
//! | column | required | content |
//! |---|---|---|
//! | `ppls_id` | yes | the household's id in PPLS 2011; rows sharing it form one household |
//! | `no_kk` | yes | the 16-digit family card number (No. KK) |
//! | `nik` | no | the person's 16-digit NIK, empty when unknown; a NIK may appear only once in a file |
//! | `nama` | yes | full name |
//! | `jenis_kelamin` | yes | `L` (laki-laki) or `P` (perempuan) |
//! | `tanggal_lahir` | no | birth date `YYYY-MM-DD`, not in the future |
//! | `hubungan` | yes | relation to the head: `kepala_keluarga`, `istri_suami`, `anak`, `menantu`, `cucu`, `orang_tua`, `mertua`, `famili_lain`, `lainnya` |
//! | `pendidikan` | no | education as the SIAK code `1` (Tidak/Belum Sekolah) … `10` (Strata III) |
//! | `kode_kelurahan` | yes | Kemendagri code of one of the 47 kelurahan, e.g. `13.76.01.1002` |
//! | `rw` | yes | Rukun Warga, a positive whole number |
//! | `rt` | yes | Rukun Tetangga, a positive whole number |
//! | `alamat` | no | street address, e.g. `Jl. Soekarno Hatta No. 12` |
//! | `no_kps` | no | the KPS card number; empty when the household holds none |
//!
//! A household's address, KK and KPS number are taken from its `kepala_keluarga` row, or from its
//! first row when no head is listed. Its members are stored head first, then in file order.

pub mod import;
pub mod search;
pub mod synthetic;

pub use import::{import_csv, ImportReport, RowProblem};
pub use search::{search, HouseholdHit, SearchQuery};
pub use synthetic::write_synthetic_registry;

use crate::household::Relation;

/// The header of a registry file: its columns, in order.
pub const COLUMNS: [&str; 13] = [
    "ppls_id",
    "no_kk",
    "nik",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "hubungan",
    "pendidikan",
    "kode_kelurahan",
    "rw",
    "rt",
    "alamat",
    "no_kps",
];

/// Each relation with its `hubungan` word in the file.
const RELATIONS: [(Relation, &str); 9] = [
    (Relation::Head, "kepala_keluarga"),
    (Relation::Spouse, "istri_suami"),
    (Relation::Child, "anak"),
    (Relation::ChildInLaw, "menantu"),
    (Relation::Grandchild, "cucu"),
    (Relation::Parent, "orang_tua"),
    (Relation::ParentInLaw, "mertua"),
    (Relation::OtherRelative, "famili_lain"),
    (Relation::Other, "lainnya"),
];

/// The relation a `hubungan` word names, if any.
pub fn relation_from_word(word: &str) -> Option<Relation> {
    RELATIONS
        .iter()
        .find(|(_, w)| *w == word)
        .map(|(relation, _)| *relation)
}

/// The `hubungan` word of a relation.
pub fn relation_word(relation: Relation) -> &'static str {
    RELATIONS
        .iter()
        .find(|(r, _)| *r == relation)
        .map_or("lainnya", |(_, word)| word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_words_round_trip() {
        for (relation, word) in RELATIONS {
            assert_eq!(relation_from_word(word), Some(relation));
            assert_eq!(relation_word(relation), word);
        }
        assert_eq!(relation_from_word("Anak"), None);
    }
}
