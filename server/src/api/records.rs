//! `POST /api/v1/records` (a batch of at most 500, one answer per record) and
//! `GET /api/v1/records/{record_id}` (read one back, when the caller's role and area allow).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::auth::Caller;
use super::json::ApiJson;
use super::AppState;
use crate::error::{ApiError, ApiResult};
use crate::ingest::{Intake, Item, ItemResult};
use crate::receipt::Receipt;
use crate::scope;

/// The most records in one batch.
pub const MAX_BATCH: usize = 500;

/// A batch of records.
#[derive(Deserialize)]
pub struct Batch {
    records: Vec<Item>,
}

/// One answer per record, in the order sent.
#[derive(Serialize)]
pub struct BatchResult {
    results: Vec<ItemResult>,
}

/// A record read back.
#[derive(Serialize)]
pub struct RecordView {
    id: String,
    sha256: String,
    body: Value,
    receipt: Receipt,
}

/// `POST /api/v1/records`.
pub async fn post(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(batch): ApiJson<Batch>,
) -> ApiResult<Json<BatchResult>> {
    if batch.records.len() > MAX_BATCH {
        return Err(ApiError::bad_request(
            "records.batch_too_large",
            "Paling banyak 500 catatan per kiriman.",
            "At most 500 records per batch.",
        ));
    }
    let keys = state.store.receipt_keys().await?;
    let key = keys
        .iter()
        .find(|k| k.active)
        .ok_or_else(|| ApiError::internal(&"no active receipt key"))?;
    let intake = Intake {
        store: Arc::clone(&state.store),
        media: state.media.clone(),
        key: key.clone(),
        user: caller.user,
        device_id: caller.device_id,
        device_key: caller.device_key,
    };
    let results = Arc::new(intake).take(batch.records).await?;
    Ok(Json(BatchResult { results }))
}

/// `GET /api/v1/records/{record_id}`.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(record_id): Path<String>,
) -> ApiResult<Json<RecordView>> {
    let record = state
        .store
        .record(&record_id)
        .await?
        .ok_or_else(|| ApiError::not_found("record.unknown"))?;
    let kelurahan = match &record.household_id {
        Some(h) => state.store.household_kelurahan(h).await?,
        None => None,
    };
    if !scope::may_read(&caller.user, &record, kelurahan.as_deref()) {
        return Err(ApiError::forbidden());
    }
    state
        .store
        .audit(&caller.audit("read.record", record_id.clone()))
        .await?;
    let body = serde_json::from_str(&record.body).map_err(|e| ApiError::internal(&e))?;
    let receipt = serde_json::from_str(&record.receipt).map_err(|e| ApiError::internal(&e))?;
    Ok(Json(RecordView {
        id: record_id,
        sha256: record.sha256,
        body,
        receipt,
    }))
}
