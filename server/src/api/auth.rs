//! Who is calling: the device token in `Authorization: Bearer …`, looked up by its hash on every
//! request, so a device an admin revoked is refused at its very next request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};

use super::AppState;
use crate::error::{ApiError, ApiResult};
use crate::model::{Role, User};
use crate::secret;
use crate::store::AuditEntry;

/// The signed-in device and its owner.
pub struct Caller {
    /// The owner's account.
    pub user: User,
    /// The device id.
    pub device_id: i64,
    /// The device's Ed25519 public key, hex.
    pub device_key: String,
}

impl Caller {
    /// Refuse with 403 unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> ApiResult<()> {
        roles
            .contains(&self.user.role)
            .then_some(())
            .ok_or_else(ApiError::forbidden)
    }

    /// An audit-log line for `action` on `subject` by this caller.
    pub fn audit(&self, action: &'static str, subject: String) -> AuditEntry {
        AuditEntry {
            user_id: self.user.id,
            device_id: Some(self.device_id),
            action,
            subject,
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(missing_token)?;
        let device = state
            .store
            .device_by_token(&secret::digest(token.trim()))
            .await?
            .ok_or_else(unknown_token)?;
        if device.revoked {
            return Err(revoked());
        }
        Ok(Self {
            user: device.user,
            device_id: device.device_id,
            device_key: device.public_key,
        })
    }
}

fn missing_token() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "auth.missing_token",
        "Perangkat belum masuk: token tidak ada.",
        "The device is not signed in: no token.",
    )
}

fn unknown_token() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "auth.invalid_token",
        "Token perangkat tidak dikenal. Masuk lagi.",
        "Unknown device token. Sign in again.",
    )
}

fn revoked() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "auth.revoked",
        "Perangkat ini sudah dicabut oleh admin. Masuk lagi.",
        "This device was revoked by an admin. Sign in again.",
    )
}
