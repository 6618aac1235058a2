//! `PUT /api/v1/households/{household_id}`: the office adds or updates a registry household
//! (the core's `Household`), which then reaches the devices of that kelurahan through the feed.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use pandu_core::household::Household;

use super::auth::Caller;
use super::json::ApiJson;
use super::AppState;
use crate::error::{ApiError, ApiResult};
use crate::{review, scope};

/// `PUT /api/v1/households/{household_id}` (supervisor or admin of that kelurahan).
pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    Path(household_id): Path<String>,
    ApiJson(household): ApiJson<Household>,
) -> ApiResult<StatusCode> {
    if household.id != household_id {
        return Err(ApiError::bad_request(
            "household.id_mismatch",
            "Nomor keluarga di alamat dan di isi berbeda.",
            "The household id in the path and in the body differ.",
        ));
    }
    let kelurahan = &household.address.kelurahan_code;
    if pandu_core::wilayah::kelurahan(kelurahan).is_none() {
        return Err(ApiError::bad_request(
            "household.unknown_kelurahan",
            "Kode kelurahan tidak dikenal di Kota Payakumbuh.",
            "Unknown kelurahan code for Kota Payakumbuh.",
        ));
    }
    if !scope::may_edit_registry(&caller.user, kelurahan) {
        return Err(ApiError::forbidden());
    }
    let data = serde_json::to_string(&household).map_err(|e| ApiError::internal(&e))?;
    state
        .store
        .put_household(&household_id, kelurahan, &data)
        .await?;
    review::note_households(state.store.as_ref(), &[(household_id.clone(), data)]).await?;
    state
        .store
        .audit(&caller.audit("write.household", household_id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
