//! The 12 criteria on the visit page, each with the answers it rests on, its evidence photos
//! beside it (thumbnails linking to the full photo, through the area-checked photo route), the
//! device's result, and the reviewer's verdict — accept, or needs a new visit with a comment —
//! shown back with who gave it and when. Reviewers get the verdict fields; the form element sits
//! outside the table (fields join it with `form=`), so the printed page keeps the table.

use std::collections::HashMap;

use maud::{html, Markup};
use pandu_core::eligibility::CriterionStatus;
use pandu_core::form::{Criterion, CriterionRule, FormDefinition};
use pandu_core::session::record::RecordBody;

use super::layout::{csrf_field, Bi};
use super::session::Office;
use super::visit::say;
use super::Lang;
use crate::store::review::{GivenVerdict, Verdict};

/// The longest comment kept, in characters.
const MAX_COMMENT: usize = 500;

/// The verdict form's fields as sent: `v{n}` (`accept`, `revisit` or empty) and `c{n}`.
pub type Sent = HashMap<String, String>;

/// Why a verdict form was refused.
pub const NO_VERDICT: Bi = Bi(
    "Pilih penilaian untuk minimal satu kriteria.",
    "Choose a verdict for at least one criterion.",
);
/// Why a verdict form was refused.
pub const NEEDS_COMMENT: Bi = Bi(
    "Kriteria yang perlu dikunjungi ulang wajib diberi alasan (paling banyak 500 huruf).",
    "A criterion that needs a new visit needs a reason (at most 500 characters).",
);

/// The verdicts in a sent form, or why it is refused.
pub fn read(sent: &Sent) -> Result<Vec<(u8, Verdict)>, Bi> {
    let mut verdicts = Vec::new();
    for n in 1..=12u8 {
        let field = |prefix: &str| sent.get(&format!("{prefix}{n}")).map(|v| v.trim());
        let comment = field("c").unwrap_or_default();
        match field("v").unwrap_or_default() {
            "" => {}
            "accept" => verdicts.push((n, Verdict::Accept)),
            "revisit" if !comment.is_empty() && comment.chars().count() <= MAX_COMMENT => {
                verdicts.push((n, Verdict::Revisit(comment.to_owned())));
            }
            _ => return Err(NEEDS_COMMENT),
        }
    }
    if verdicts.is_empty() {
        return Err(NO_VERDICT);
    }
    Ok(verdicts)
}

/// What the criteria table needs besides the record.
pub struct Review<'a> {
    /// Verdicts given so far, latest per criterion.
    pub given: &'a [GivenVerdict],
    /// Show the verdict fields (reviewers only).
    pub editable: bool,
    /// A refused form's fields, shown again so nothing typed is lost.
    pub sent: Option<&'a Sent>,
}

/// The criteria section of the visit page.
pub fn section(
    office: &Office,
    id: &str,
    body: &RecordBody,
    form: Option<&FormDefinition>,
    review: &Review,
) -> Markup {
    let lang = office.lang;
    let criteria = form.map(|f| f.criteria.as_slice()).unwrap_or_default();
    html! {
        @if !body.criteria.is_empty() {
            @if review.editable {
                form #verdicts method="post" action={ "/office/visits/" (id) "/verdicts" } {
                    (csrf_field(office))
                }
            }
            table #criteria {
                caption { (lang.pick("12 kriteria", "The 12 criteria")) }
                thead { tr {
                    th scope="col" { "#" }
                    th scope="col" { (lang.pick("Kriteria dan jawaban", "Criterion and answers")) }
                    th scope="col" { (lang.pick("Hasil", "Result")) }
                    th scope="col" { (lang.pick("Foto", "Photos")) }
                    th scope="col" { (lang.pick("Penilaian peninjau", "Reviewer's verdict")) }
                } }
                tbody { @for c in &body.criteria {
                    @let def = criteria.iter().find(|d| d.number == c.number);
                    tr data-criterion=(c.number) {
                        td { (c.number) }
                        td { (label_and_answers(lang, body, form, def)) }
                        td { (status(lang, c.status)) }
                        td.thumbs { (photos(lang, id, body, def)) }
                        td { (verdict_cell(lang, c.number, review)) }
                    }
                } }
            }
            @if review.editable {
                p { button type="submit" form="verdicts" { (lang.pick("Simpan penilaian", "Save verdicts")) } }
            }
        }
    }
}

/// The criterion's label and the answers its rule reads.
fn label_and_answers(
    lang: Lang,
    body: &RecordBody,
    form: Option<&FormDefinition>,
    def: Option<&Criterion>,
) -> Markup {
    let Some(def) = def else { return html! {} };
    let questions: Vec<&str> = match &def.rule {
        CriterionRule::AreaPerPersonBelow { area, people, .. } => {
            vec![area.as_str(), people.as_str()]
        }
        CriterionRule::When(condition) => condition.questions(),
    };
    html! {
        strong { (say(lang, &def.label)) }
        ul.answers { @for q in questions {
            @let question = form.and_then(|f| f.question(q));
            li {
                (question.map_or(q, |x| say(lang, &x.label))) ": "
                (answer_text(lang, body, question, q))
            }
        } }
    }
}

/// An answer as the household gave it: a choice's label, else the answer's own text.
fn answer_text(
    lang: Lang,
    body: &RecordBody,
    question: Option<&pandu_core::form::Question>,
    q: &str,
) -> String {
    let Some(answer) = body.answers.get(q) else {
        return lang.pick("(tidak dijawab)", "(not answered)").to_owned();
    };
    let text = answer.display();
    let choices = question.map(|x| x.choices.as_slice()).unwrap_or_default();
    text.split(", ")
        .map(|v| {
            choices
                .iter()
                .find(|c| c.value == v)
                .map_or(v, |c| say(lang, &c.label))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The criterion's evidence photos as thumbnails linking to the full photo.
fn photos(lang: Lang, id: &str, body: &RecordBody, def: Option<&Criterion>) -> Markup {
    let question = def
        .and_then(|d| d.evidence.as_ref())
        .map(|e| e.question.as_str());
    let shown = body
        .evidence
        .iter()
        .enumerate()
        .filter(|(_, e)| Some(e.question_id.as_str()) == question);
    html! {
        @for (i, e) in shown {
            @let href = format!("/office/visits/{id}/photos/{}", e.photo_id);
            a href=(href) {
                img.thumb src=(href) width="120" loading="lazy"
                    alt=(format!("{} {} ({})", lang.pick("Foto", "Photo"), i + 1, e.question_id));
            }
        }
    }
}

/// The verdict given so far and, for reviewers, the fields to give one.
fn verdict_cell(lang: Lang, number: u8, review: &Review) -> Markup {
    let given = review.given.iter().find(|g| g.criterion == number);
    let sent = |prefix: &str| {
        review
            .sent
            .and_then(|s| s.get(&format!("{prefix}{number}")))
            .map_or("", String::as_str)
    };
    html! {
        @if let Some(g) = given {
            p.given {
                @match &g.verdict {
                    Verdict::Accept => span.notice { (lang.pick("Diterima", "Accepted")) },
                    Verdict::Revisit(why) => span.error { (lang.pick("Perlu kunjungan ulang", "Needs a new visit")) ": " (why) },
                }
                br;
                small { (g.by) " · " (g.at.get(..16).unwrap_or(&g.at).replace('T', " ")) " UTC" }
            }
        }
        @if review.editable {
            @let (v, c) = (format!("v{number}"), format!("c{number}"));
            label.compact for=(v) { (lang.pick("Penilaian", "Verdict")) " " (number) }
            select #(v) name=(v) form="verdicts" {
                option value="" { (lang.pick("— tidak diubah —", "— unchanged —")) }
                option value="accept" selected[sent("v") == "accept"] { (lang.pick("Terima", "Accept")) }
                option value="revisit" selected[sent("v") == "revisit"] { (lang.pick("Perlu kunjungan ulang", "Needs a new visit")) }
            }
            label.compact for=(c) { (lang.pick("Alasan", "Reason")) " " (number) }
            input #(c) type="text" name=(c) form="verdicts" maxlength="500" value=(sent("c"));
        }
    }
}

/// The device's result for a criterion.
fn status(lang: Lang, status: CriterionStatus) -> &'static str {
    match status {
        CriterionStatus::Met => lang.pick("Terpenuhi", "Met"),
        CriterionStatus::NotMet => lang.pick("Tidak terpenuhi", "Not met"),
        CriterionStatus::Unknown => lang.pick("Belum diketahui", "Unknown"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(pairs: &[(&str, &str)]) -> Sent {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_form_gives_verdicts_and_a_revisit_needs_a_reason() {
        let ok = read(&sent(&[
            ("v1", "accept"),
            ("v3", "revisit"),
            ("c3", " no toilet photo "),
        ]));
        assert_eq!(
            ok.unwrap(),
            [
                (1, Verdict::Accept),
                (3, Verdict::Revisit("no toilet photo".into()))
            ]
        );
        assert_eq!(
            read(&sent(&[("v2", "revisit"), ("c2", "  ")]))
                .unwrap_err()
                .1,
            NEEDS_COMMENT.1
        );
        assert_eq!(
            read(&sent(&[("v2", "maybe")])).unwrap_err().1,
            NEEDS_COMMENT.1
        );
        assert_eq!(
            read(&sent(&[("v13", "accept")])).unwrap_err().1,
            NO_VERDICT.1
        );
        let long = "x".repeat(501);
        assert!(read(&sent(&[("v1", "revisit"), ("c1", &long)])).is_err());
    }
}
