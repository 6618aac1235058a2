//! The registry import page, `/office/registry` (supervisors and admins): a PPLS CSV is uploaded
//! and first checked in a dry run — the core importer's counts, its problems line by line, and
//! how many households would be new, changed or unchanged — with nothing changed; the upload is
//! kept under a random name so an "apply" button can then import that same file. Both steps run
//! the `import-registry` command's own code (`registry_import::import`).

use std::path::PathBuf;

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use pandu_core::registry::RowProblem;
use pandu_core::Text;
use serde::Deserialize;

use super::layout::{self, csrf_field, page, Bi};
use super::session::{same_secret, Office, SignedForm, REVIEWERS};
use super::visit::say;
use super::Lang;
use crate::api::AppState;
use crate::registry_import::{self, Outcome};
use crate::secret;

/// The page's title.
const TITLE: Bi = Bi("Impor registri PPLS", "PPLS registry import");
/// The largest upload accepted, in bytes.
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;
/// Problems listed on the page at most.
const SHOWN_PROBLEMS: usize = 200;

/// The folder of uploads waiting to be applied.
fn uploads(state: &AppState) -> PathBuf {
    state.data_dir.join("registry-uploads")
}

/// `GET /office/registry`.
pub async fn form(office: Office) -> Response {
    if !office.may(&REVIEWERS) {
        return layout::forbidden(&office);
    }
    let body = upload_form(&office, None);
    page(office.lang, TITLE, Some(&office), body).into_response()
}

fn upload_form(office: &Office, refused: Option<&Text>) -> Markup {
    let lang = office.lang;
    html! {
        @if let Some(why) = refused { p.error role="alert" { (say(lang, why)) } }
        form.card method="post" action="/office/registry" enctype="multipart/form-data" {
            (csrf_field(office))
            label for="file" { (lang.pick("Berkas CSV PPLS", "PPLS CSV file")) }
            input #file type="file" name="file" accept=".csv,text/csv" required;
            p { button type="submit" { (lang.pick("Periksa dulu (uji coba, tidak mengubah apa pun)",
                "Check first (dry run, changes nothing)")) } }
        }
    }
}

/// `POST /office/registry` (multipart: `csrf`, `file`): keep the upload and show the dry run.
pub async fn check(
    State(state): State<AppState>,
    office: Office,
    multipart: Multipart,
) -> Response {
    if !office.may(&REVIEWERS) {
        return layout::forbidden(&office);
    }
    let lang = office.lang;
    let (csrf, bytes) = match read_upload(multipart).await {
        Ok(sent) => sent,
        Err(why) => return refused(&office, &why),
    };
    if !same_secret(&csrf, &office.csrf) {
        return layout::csrf_refused(lang);
    }
    let upload = secret::new_token();
    let path = uploads(&state).join(format!("{upload}.csv"));
    let kept = tokio::fs::create_dir_all(uploads(&state))
        .await
        .and(tokio::fs::write(&path, bytes).await);
    if let Err(e) = kept {
        return layout::failure(lang, &e);
    }
    match registry_import::import(state.store.as_ref(), &state.data_dir, path.clone(), true).await {
        Ok(outcome) if !covered(&office, &outcome) => {
            let _ = tokio::fs::remove_file(&path).await;
            refused(&office, &outside())
        }
        Ok(outcome) => {
            let body = result(&office, &outcome, Some(&upload));
            page(lang, TITLE, Some(&office), body).into_response()
        }
        Err(why) => {
            let _ = tokio::fs::remove_file(&path).await;
            refused(&office, &why)
        }
    }
}

/// Why a file with households outside the user's area is refused.
fn outside() -> Text {
    Text::new(
        "Berkas ini memuat keluarga di luar wilayah Anda; tidak ada yang diubah.",
        "This file holds households outside your area; nothing was changed.",
    )
}

/// True when every household of the file is in the user's area.
fn covered(office: &Office, outcome: &Outcome) -> bool {
    outcome.kelurahan.iter().all(|k| office.user.covers(k))
}

/// The upload form again with why the file was refused (400).
fn refused(office: &Office, why: &Text) -> Response {
    let body = upload_form(office, Some(why));
    (
        StatusCode::BAD_REQUEST,
        page(office.lang, TITLE, Some(office), body),
    )
        .into_response()
}

/// The CSRF field and the file's bytes of the upload form.
async fn read_upload(mut multipart: Multipart) -> Result<(String, Vec<u8>), Text> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Text::new(
            format!("Unggahan tidak terbaca: {e}"),
            format!("The upload could not be read: {e}"),
        )
    };
    let (mut csrf, mut file) = (String::new(), None);
    while let Some(field) = multipart.next_field().await.map_err(|e| unreadable(&e))? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|e| unreadable(&e))?,
            Some("file") => file = Some(field.bytes().await.map_err(|e| unreadable(&e))?.to_vec()),
            _ => {}
        }
    }
    match file {
        Some(bytes) if !bytes.is_empty() => Ok((csrf, bytes)),
        _ => Err(Text::new("Pilih berkas CSV.", "Choose a CSV file.")),
    }
}

/// The apply form's fields: which kept upload.
#[derive(Deserialize)]
pub struct Apply {
    upload: String,
}

/// `POST /office/registry/apply`: import the upload the dry run checked, then remove it.
pub async fn apply(State(state): State<AppState>, form: SignedForm<Apply>) -> Response {
    let (office, form) = form.into_parts();
    if !office.may(&REVIEWERS) {
        return layout::forbidden(&office);
    }
    let named = form.upload.len() == 64 && form.upload.bytes().all(|b| b.is_ascii_hexdigit());
    let path = uploads(&state).join(format!("{}.csv", form.upload));
    if !named || !path.exists() {
        return layout::not_found(&office);
    }
    let done = apply_covered(&state, &office, path.clone()).await;
    let _ = tokio::fs::remove_file(&path).await;
    let outcome = match done {
        Ok(outcome) => outcome,
        Err(why) => return refused(&office, &why),
    };
    let subject = format!("households new {} changed {}", outcome.new, outcome.changed);
    if let Err(e) = state
        .store
        .audit(&office.audit("web.write.registry", subject))
        .await
    {
        return layout::failure(office.lang, &e);
    }
    let body = result(&office, &outcome, None);
    page(office.lang, TITLE, Some(&office), body).into_response()
}

/// Import the file at `path` when every household in it is in the user's area (checked by a
/// dry run first).
async fn apply_covered(state: &AppState, office: &Office, path: PathBuf) -> Result<Outcome, Text> {
    let (store, dir) = (state.store.as_ref(), &state.data_dir);
    let checked = registry_import::import(store, dir, path.clone(), true).await?;
    if !covered(office, &checked) {
        return Err(outside());
    }
    registry_import::import(store, dir, path, false).await
}

/// The counts and problems of a dry run (with the apply button) or of an applied import.
fn result(office: &Office, o: &Outcome, upload: Option<&str>) -> Markup {
    let lang = office.lang;
    let r = &o.report;
    html! {
        @if let Some(why) = &r.refused {
            p.error role="alert" { (say(lang, why)) }
        } @else if upload.is_some() {
            p.notice role="status" { (lang.pick("Uji coba: belum ada yang diubah.", "Dry run: nothing has been changed yet.")) }
        } @else {
            p.notice role="status" { (lang.pick("Registri diimpor.", "Registry imported.")) }
        }
        dl.card.facts #counts {
            dt { (lang.pick("Baris dibaca", "Rows read")) } dd { (r.rows) }
            dt { (lang.pick("Baris dilewati", "Rows skipped")) } dd #skipped { (r.bad_rows) }
            dt { (lang.pick("Keluarga", "Households")) } dd { (r.households) }
            dt { (lang.pick("Orang", "People")) } dd { (r.people) }
            dt { (lang.pick("Keluarga baru", "New households")) } dd #new { (o.new) }
            dt { (lang.pick("Keluarga berubah", "Changed households")) } dd #changed { (o.changed) }
            dt { (lang.pick("Keluarga tidak berubah", "Unchanged households")) } dd #unchanged { (o.unchanged) }
        }
        (problems(lang, r.skipped.iter().chain(&r.warnings)))
        @if let Some(upload) = upload.filter(|_| r.refused.is_none()) {
            form.card method="post" action="/office/registry/apply" {
                (csrf_field(office))
                input type="hidden" name="upload" value=(upload);
                button type="submit" { (lang.pick("Terapkan impor ini", "Apply this import")) }
            }
        }
        p { a href="/office/registry" { (lang.pick("Unggah berkas lain", "Upload another file")) } }
    }
}

/// The importer's problems by line, the first [`SHOWN_PROBLEMS`].
fn problems<'a>(lang: Lang, all: impl Iterator<Item = &'a RowProblem>) -> Markup {
    let mut list: Vec<&RowProblem> = all.collect();
    list.sort_by_key(|p| p.line);
    html! {
        @if !list.is_empty() {
            table #problems {
                caption { (lang.pick("Masalah per baris", "Problems by line")) " (" (list.len()) ")" }
                thead { tr {
                    th scope="col" { (lang.pick("Baris", "Line")) }
                    th scope="col" { (lang.pick("Kolom", "Column")) }
                    th scope="col" { (lang.pick("Masalah", "Problem")) }
                } }
                tbody { @for p in list.iter().take(SHOWN_PROBLEMS) { tr {
                    td { (p.line) }
                    td { (p.problem.field.as_deref().unwrap_or("—")) }
                    td { (say(lang, &p.problem.text)) }
                } } }
            }
        }
    }
}
