//! The admin's users-and-devices page, `/office/users`: every account with its role and area, a
//! form to create one, and per account a form to change its kelurahan and the list of its devices
//! with a button that revokes a lost phone at once. Creating and revoking go through the same code
//! as the `create-user` and `revoke-device` commands; every change is written to the audit log.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use pandu_core::{wilayah, Text};
use serde::Deserialize;

use super::layout::{self, csrf_field, page, post_button, Bi};
use super::session::{Office, SignedForm};
use super::visit::say;
use super::Lang;
use crate::accounts;
use crate::api::AppState;
use crate::model::Role;
use crate::store::accounts::{Account, DeviceRow};

/// The page's title.
const TITLE: Bi = Bi("Pengguna dan perangkat", "Users and devices");

/// True when `office` may manage accounts (admins only).
fn admin(office: &Office) -> bool {
    office.may(&[Role::Admin])
}

/// The create form's fields.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewAccount {
    username: String,
    role: String,
    kelurahan: String,
    password: String,
}

/// `GET /office/users`.
pub async fn list(State(state): State<AppState>, office: Office) -> Response {
    list_page(&state, &office, &NewAccount::default(), None).await
}

/// `POST /office/users`: create an account, then show it.
pub async fn create(State(state): State<AppState>, form: SignedForm<NewAccount>) -> Response {
    let (office, form) = form.into_parts();
    if !admin(&office) {
        return layout::forbidden(&office);
    }
    let Ok(role) = form.role.parse::<Role>() else {
        let why = Text::new("Pilih peran.", "Choose a role.");
        return list_page(&state, &office, &form, Some(why)).await;
    };
    let scope = vec![form.kelurahan.clone()];
    match accounts::create(
        state.store.as_ref(),
        &form.username,
        role,
        scope,
        &form.password,
    )
    .await
    {
        Ok((id, _)) => audited(&state, &office, "web.write.user", format!("user {id}"), id).await,
        Err(why) => list_page(&state, &office, &form, Some(why)).await,
    }
}

/// Write the audit line of a change to account `id`, then go to its page.
async fn audited(
    state: &AppState,
    office: &Office,
    action: &'static str,
    subject: String,
    id: i64,
) -> Response {
    match state.store.audit(&office.audit(action, subject)).await {
        Ok(()) => Redirect::to(&format!("/office/users/{id}")).into_response(),
        Err(e) => layout::failure(office.lang, &e),
    }
}

/// The list with the create form; `refused` says why the last form was refused (400).
async fn list_page(
    state: &AppState,
    office: &Office,
    sent: &NewAccount,
    refused: Option<Text>,
) -> Response {
    if !admin(office) {
        return layout::forbidden(office);
    }
    let lang = office.lang;
    let accounts = match state.store.accounts().await {
        Ok(accounts) => accounts,
        Err(e) => return layout::failure(lang, &e),
    };
    let body = html! {
        @if let Some(why) = &refused { p.error role="alert" { (say(lang, why)) } }
        table #users {
            thead { tr {
                th scope="col" { (lang.pick("Nama pengguna", "User name")) }
                th scope="col" { (lang.pick("Peran", "Role")) }
                th scope="col" { (lang.pick("Kelurahan", "Kelurahan")) }
            } }
            tbody { @for a in &accounts { tr data-user=(a.username) {
                td { a href={ "/office/users/" (a.id) } { (a.username) } }
                td { (role_label(lang, a.role)) }
                td { (area(lang, &a.scope)) }
            } } }
        }
        (create_form(office, sent))
    };
    let status = if refused.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    (status, page(lang, TITLE, Some(office), body)).into_response()
}

fn create_form(office: &Office, sent: &NewAccount) -> Markup {
    let lang = office.lang;
    html! {
        form.card method="post" action="/office/users" {
            h2 { (lang.pick("Buat pengguna", "Create a user")) }
            (csrf_field(office))
            label for="username" { (lang.pick("Nama pengguna", "User name")) }
            input #username type="text" name="username" required value=(sent.username) autocomplete="off";
            label for="role" { (lang.pick("Peran", "Role")) }
            select #role name="role" {
                @for role in Role::ALL {
                    option value=(role.as_str()) selected[sent.role == role.as_str()] { (role_label(lang, role)) }
                }
            }
            (kelurahan_select(lang, "kelurahan", &sent.kelurahan))
            label for="password" { (lang.pick("Kata sandi awal (minimal 8 huruf)", "First password (at least 8 characters)")) }
            input #password type="password" name="password" required minlength="8" autocomplete="new-password";
            p { button type="submit" { (lang.pick("Buat pengguna", "Create the user")) } }
        }
    }
}

/// A labelled select of "every kelurahan" and each kelurahan of the city.
fn kelurahan_select(lang: Lang, id: &str, chosen: &str) -> Markup {
    html! {
        label for=(id) { (lang.pick("Kelurahan", "Kelurahan")) }
        select #(id) name="kelurahan" {
            option value="all" selected[chosen == "all"] { (lang.pick("Semua kelurahan", "Every kelurahan")) }
            @for k in wilayah::all_kelurahan() {
                option value=(k.code) selected[chosen == k.code] { (k.name) " (" (k.code) ")" }
            }
        }
    }
}

fn role_label(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Volunteer => lang.pick("Relawan RT/RW", "RT/RW volunteer"),
        Role::Peksos => lang.pick("Peksos", "Social worker (peksos)"),
        Role::Supervisor => lang.pick("Supervisor", "Supervisor"),
        Role::Admin => lang.pick("Admin", "Administrator"),
    }
}

/// A user's area: "every kelurahan", or the names.
fn area(lang: Lang, scope: &[String]) -> String {
    if scope.len() == wilayah::all_kelurahan().len() {
        return lang.pick("Semua kelurahan", "Every kelurahan").to_owned();
    }
    let names: Vec<&str> = scope
        .iter()
        .map(|c| wilayah::kelurahan(c).map_or(c.as_str(), |k| k.name.as_str()))
        .collect();
    names.join(", ")
}

/// `GET /office/users/{id}`.
pub async fn show(State(state): State<AppState>, office: Office, Path(id): Path<i64>) -> Response {
    if !admin(&office) {
        return layout::forbidden(&office);
    }
    let lang = office.lang;
    let found = async {
        let account = state.store.account(id).await?;
        Ok::<_, crate::store::StoreError>((account, state.store.devices_of(id).await?))
    };
    match found.await {
        Ok((Some(account), devices)) => {
            let title = Bi("Pengguna", "User");
            page(
                lang,
                title,
                Some(&office),
                account_page(&office, &account, &devices),
            )
            .into_response()
        }
        Ok((None, _)) => layout::not_found(&office),
        Err(e) => layout::failure(lang, &e),
    }
}

fn account_page(office: &Office, a: &Account, devices: &[DeviceRow]) -> Markup {
    let lang = office.lang;
    let chosen = if a.scope.len() == 1 {
        a.scope[0].as_str()
    } else {
        ""
    };
    html! {
        dl.card.facts {
            dt { (lang.pick("Nama pengguna", "User name")) } dd #username { (a.username) }
            dt { (lang.pick("Peran", "Role")) } dd { (role_label(lang, a.role)) }
            dt { (lang.pick("Kelurahan", "Kelurahan")) } dd #area { (area(lang, &a.scope)) }
        }
        form.card method="post" action={ "/office/users/" (a.id) "/kelurahan" } {
            h2 { (lang.pick("Ubah kelurahan", "Change the kelurahan")) }
            (csrf_field(office))
            (kelurahan_select(lang, "new-kelurahan", chosen))
            p { button type="submit" { (lang.pick("Simpan kelurahan", "Save the kelurahan")) } }
        }
        table #devices {
            caption { (lang.pick("Perangkat", "Devices")) }
            thead { tr {
                th scope="col" { "#" }
                th scope="col" { (lang.pick("Nama", "Name")) }
                th scope="col" { (lang.pick("Masuk (UTC)", "Signed in (UTC)")) }
                th scope="col" { (lang.pick("Status", "Status")) }
            } }
            tbody {
                @for d in devices { (device_row(office, a.id, d)) }
                @if devices.is_empty() {
                    tr { td colspan="4" { (lang.pick("Belum ada perangkat.", "No devices yet.")) } }
                }
            }
        }
        p { a href="/office/users" { (lang.pick("← Semua pengguna", "← Every user")) } }
    }
}

fn device_row(office: &Office, user: i64, d: &DeviceRow) -> Markup {
    let lang = office.lang;
    let short = |t: &str| t.get(..16).unwrap_or(t).replace('T', " ");
    html! {
        tr data-device=(d.id) {
            td { (d.id) }
            td { (d.name) }
            td { (short(&d.created_at)) }
            td {
                @if let Some(at) = &d.revoked_at {
                    span.error { (lang.pick("Dicabut", "Revoked")) " " (short(at)) }
                } @else {
                    (post_button(office, &format!("/office/users/{user}/devices/{}/revoke", d.id),
                        Bi("Cabut sekarang (HP hilang)", "Revoke now (lost phone)")))
                }
            }
        }
    }
}

/// The change-kelurahan form.
#[derive(Deserialize)]
pub struct NewArea {
    kelurahan: String,
}

/// `POST /office/users/{id}/kelurahan`.
pub async fn set_area(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    form: SignedForm<NewArea>,
) -> Response {
    let (office, form) = form.into_parts();
    if !admin(&office) {
        return layout::forbidden(&office);
    }
    let scope = match accounts::expand_scope(vec![form.kelurahan]) {
        Ok(scope) => scope,
        Err(_) => return layout::bad_form(office.lang),
    };
    match state.store.set_scope(id, &scope).await {
        Ok(true) => {
            audited(
                &state,
                &office,
                "web.write.user.kelurahan",
                format!("user {id}"),
                id,
            )
            .await
        }
        Ok(false) => layout::not_found(&office),
        Err(e) => layout::failure(office.lang, &e),
    }
}

/// A form of one button: only its CSRF token.
#[derive(Deserialize)]
pub struct NoFields {}

/// `POST /office/users/{id}/devices/{device}/revoke`: the `revoke-device` path, at once.
pub async fn revoke(
    State(state): State<AppState>,
    Path((id, device)): Path<(i64, i64)>,
    form: SignedForm<NoFields>,
) -> Response {
    let (office, _) = form.into_parts();
    if !admin(&office) {
        return layout::forbidden(&office);
    }
    let owned = match state.store.devices_of(id).await {
        Ok(devices) => devices.iter().any(|d| d.id == device),
        Err(e) => return layout::failure(office.lang, &e),
    };
    if !owned {
        return layout::not_found(&office);
    }
    match accounts::revoke(state.store.as_ref(), device).await {
        Ok(_) => {
            audited(
                &state,
                &office,
                "web.write.device.revoke",
                format!("device {device}"),
                id,
            )
            .await
        }
        Err(why) => layout::failure(office.lang, &why.en),
    }
}
