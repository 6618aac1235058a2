//! Devices: sign-in with a password or a one-time enrolment code (rate-limited per user name and
//! address), revocation by an admin, enrolment codes, and the receipt keys a device checks with.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::auth::Caller;
use super::json::ApiJson;
use super::AppState;
use crate::error::{ApiError, ApiResult};
use crate::model::{NewDevice, ReceiptKey, Role, User};
use crate::{enrolment, password, receipt, secret};

/// A sign-in request: the credential is either `password` or `enrolment_code`.
#[derive(Deserialize)]
pub struct EnrolRequest {
    username: String,
    password: Option<String>,
    enrolment_code: Option<String>,
    device_name: String,
    public_key: String,
}

/// What a device learns at sign-in.
#[derive(Serialize)]
pub struct Enrolled {
    device_id: i64,
    token: String,
    user: UserView,
    receipt_keys: Vec<KeyView>,
}

/// The account as its device sees it.
#[derive(Serialize)]
struct UserView {
    username: String,
    role: Role,
    kelurahan: Vec<String>,
}

/// A receipt public key.
#[derive(Serialize)]
pub struct KeyView {
    key_id: String,
    public_key: String,
    active: bool,
}

/// The server's receipt public keys, the active one marked.
#[derive(Serialize)]
pub struct Keys {
    keys: Vec<KeyView>,
}

/// Ask for an enrolment code for `username`.
#[derive(Deserialize)]
pub struct CodeRequest {
    username: String,
}

/// A new enrolment code, to be shown to the user once.
#[derive(Serialize)]
pub struct CodeIssued {
    username: String,
    code: String,
    expires_at: String,
}

/// `POST /api/v1/devices`: sign a device in.
pub async fn enrol(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<EnrolRequest>,
) -> ApiResult<(StatusCode, Json<Enrolled>)> {
    check_device_fields(&req)?;
    let limit_key = format!("{}|{}", req.username, peer.ip());
    if state.limiter.is_blocked(&limit_key) {
        return Err(rate_limited());
    }
    let Some(user) = authenticate(&state, &req).await? else {
        state.limiter.record_failure(&limit_key);
        return Err(bad_credentials());
    };
    let token = secret::new_token();
    let device_id = state
        .store
        .add_device(&NewDevice {
            user_id: user.id,
            name: req.device_name.trim().to_owned(),
            public_key: req.public_key.to_ascii_lowercase(),
            token_hash: secret::digest(&token),
        })
        .await?;
    let keys = state.store.receipt_keys().await?;
    let enrolled = Enrolled {
        device_id,
        token,
        user: UserView {
            username: user.username,
            role: user.role,
            kelurahan: user.scope,
        },
        receipt_keys: keys.iter().map(key_view).collect(),
    };
    Ok((StatusCode::CREATED, Json(enrolled)))
}

/// `DELETE /api/v1/devices/{device_id}`: revoke a device (admin).
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(device_id): Path<String>,
) -> ApiResult<StatusCode> {
    caller.require(&[Role::Admin])?;
    let id: i64 = device_id
        .parse()
        .map_err(|_| ApiError::not_found("device.unknown"))?;
    if !state.store.revoke_device(id).await? {
        return Err(ApiError::not_found("device.unknown"));
    }
    state
        .store
        .audit(&caller.audit("revoke.device", device_id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/enrolment-codes`: a one-time code for a user's next device (admin).
pub async fn new_enrolment_code(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CodeRequest>,
) -> ApiResult<(StatusCode, Json<CodeIssued>)> {
    caller.require(&[Role::Admin])?;
    let user = state
        .store
        .user_by_name(&req.username)
        .await?
        .ok_or_else(|| ApiError::not_found("user.unknown"))?;
    let (code, expires_at) = enrolment::issue(state.store.as_ref(), user.id).await?;
    state
        .store
        .audit(&caller.audit("create.enrolment_code", user.id.to_string()))
        .await?;
    let issued = CodeIssued {
        username: user.username,
        code,
        expires_at: expires_at.to_rfc3339(),
    };
    Ok((StatusCode::CREATED, Json(issued)))
}

/// `GET /api/v1/keys`: every receipt public key (old ones too, so old receipts still verify).
pub async fn receipt_keys(State(state): State<AppState>) -> ApiResult<Json<Keys>> {
    let keys = state.store.receipt_keys().await?;
    Ok(Json(Keys {
        keys: keys.iter().map(key_view).collect(),
    }))
}

fn key_view(key: &ReceiptKey) -> KeyView {
    KeyView {
        key_id: key.key_id.clone(),
        public_key: key.public_key.clone(),
        active: key.active,
    }
}

fn check_device_fields(req: &EnrolRequest) -> ApiResult<()> {
    if receipt::parse_public_key(&req.public_key).is_none() {
        return Err(ApiError::bad_request(
            "device.bad_public_key",
            "Kunci publik perangkat bukan kunci Ed25519 (64 digit hex).",
            "The device public key is not an Ed25519 key (64 hex digits).",
        ));
    }
    let name = req.device_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::bad_request(
            "device.bad_name",
            "Nama perangkat harus diisi (paling banyak 100 huruf).",
            "The device name is required (at most 100 characters).",
        ));
    }
    Ok(())
}

/// The account when the credential in `req` is right.
async fn authenticate(state: &AppState, req: &EnrolRequest) -> ApiResult<Option<User>> {
    let Some(user) = state.store.user_by_name(&req.username).await? else {
        return Ok(None);
    };
    let ok = match (&req.password, &req.enrolment_code) {
        (Some(pw), None) => {
            let (pw, phc) = (pw.clone(), user.password_hash.clone());
            tokio::task::spawn_blocking(move || password::verify(&pw, &phc))
                .await
                .map_err(|e| ApiError::internal(&e))?
        }
        (None, Some(code)) => {
            let hash = secret::digest(&secret::normalise_code(code));
            state.store.take_enrolment_code(&hash, Utc::now()).await? == Some(user.id)
        }
        _ => false,
    };
    Ok(ok.then_some(user))
}

fn bad_credentials() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "auth.bad_credentials",
        "Nama pengguna, kata sandi atau kode pendaftaran salah.",
        "Wrong user name, password or enrolment code.",
    )
}

fn rate_limited() -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "auth.rate_limited",
        "Terlalu banyak percobaan masuk. Tunggu satu menit.",
        "Too many sign-in attempts. Wait a minute.",
    )
}
