//! The office home page: who is signed in and where to go from here.

use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::layout::{self, page, Bi};
use super::session::{Office, OFFICE_ROLES};

/// `GET /`: the office pages start at `/office`.
pub async fn root() -> Redirect {
    Redirect::to("/office")
}

/// `GET /office`.
pub async fn show(office: Office) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    let lang = office.lang;
    let body = html! {
        div.card {
            p {
                (lang.pick("Anda masuk sebagai ", "You are signed in as "))
                strong { (office.user.username) }
                " (" (office.user.role.as_str()) ")."
            }
            p { (lang.pick(
                "Wilayah kerja: ",
                "Area of work: ",
            )) (office.user.scope.join(", ")) }
        }
    };
    page(lang, Bi("Beranda", "Home"), Some(&office), body).into_response()
}
