//! The household on the visit page: address and members, each NIK masked but for its last four
//! digits, with a "show NIK" button per member. The button POSTs (with the CSRF token) and the
//! page that answers shows that one NIK in full, for that page view only; the reveal is written
//! to the audit log with the record and the member — never the NIK itself.

use maud::{html, Markup};
use pandu_core::household::{Household, Member};
use pandu_core::identity::{check_nik, mask_nik};
use pandu_core::screens::labels;
use pandu_core::wilayah;

use super::layout::{csrf_field, Bi};
use super::session::Office;
use super::visit::say;
use super::Lang;

/// The audit action of a NIK reveal.
pub const REVEAL_ACTION: &str = "web.reveal.nik";

/// The audit subject of revealing `member`'s NIK on `record_id`: ids only.
pub fn reveal_subject(record_id: &str, member: &str) -> String {
    format!("{record_id} member {member}")
}

/// The household section; `revealed` is the member whose full NIK this view shows.
pub fn section(
    office: &Office,
    record_id: &str,
    household: Option<&Household>,
    revealed: Option<&str>,
) -> Markup {
    let lang = office.lang;
    html! {
        section.card aria-labelledby="household" {
            h2 #household { (lang.pick("Keluarga dan anggota", "Household and members")) }
            @if let Some(h) = household {
                p { (address(h)) }
                (members(office, record_id, h, revealed))
            } @else {
                p { (lang.pick("Keluarga ini tidak ada di registri server.",
                    "This household is not in the server's registry.")) }
            }
        }
    }
}

fn address(h: &Household) -> String {
    let a = &h.address;
    let kelurahan = wilayah::kelurahan(&a.kelurahan_code)
        .map_or(a.kelurahan_code.as_str(), |k| k.name.as_str());
    format!("{}, RT {:03} / RW {:03}, {kelurahan}", a.street, a.rt, a.rw)
}

fn members(office: &Office, record_id: &str, h: &Household, revealed: Option<&str>) -> Markup {
    let lang = office.lang;
    html! {
        table #members {
            thead { tr {
                th scope="col" { (lang.pick("Nama", "Name")) }
                th scope="col" { (lang.pick("Hubungan", "Relation")) }
                th scope="col" { "NIK" }
                th scope="col" { (lang.pick("Pemeriksaan NIK", "NIK check")) }
            } }
            tbody { @for m in &h.members {
                tr data-member=(m.id) {
                    td { (m.name) }
                    td { (say(lang, &labels::relation(m.relation))) }
                    td { (nik_cell(office, record_id, m, revealed == Some(m.id.as_str()))) }
                    td.flags { (nik_problems(lang, m)) }
                }
            } }
        }
    }
}

/// The NIK, masked with a reveal button, or in full when revealed.
fn nik_cell(office: &Office, record_id: &str, m: &Member, revealed: bool) -> Markup {
    let Some(nik) = m.nik.as_deref() else {
        return html! { "—" };
    };
    html! {
        @if revealed {
            code.nik.revealed { (nik) }
        } @else {
            code.nik { (mask_nik(nik)) }
            " "
            form.inline method="post" action={ "/office/visits/" (record_id) "/reveal" } {
                (csrf_field(office))
                input type="hidden" name="member" value=(m.id);
                button.small type="submit" aria-label=(format!("{} {}", REVEAL.in_(office.lang), m.name)) {
                    (REVEAL.in_(office.lang))
                }
            }
        }
    }
}

const REVEAL: Bi = Bi("Tampilkan NIK", "Show NIK");

/// The core's findings on a member's NIK, in `lang` (empty when it is sound).
fn nik_problems(lang: Lang, m: &Member) -> String {
    m.nik
        .as_deref()
        .map(|nik| check_nik(nik, m.sex, m.birth_date))
        .unwrap_or_default()
        .iter()
        .map(|p| say(lang, &p.text).to_owned())
        .collect::<Vec<_>>()
        .join(" · ")
}
