//! `GET /api/v1/changes?since=CURSOR&limit=N`: what a device should know, paged — form versions,
//! registry households of the caller's area, and entries addressed to the caller (assignments,
//! the office's decisions on their records). Every page that holds households is audited.

use axum::extract::{Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::auth::Caller;
use super::AppState;
use crate::error::{ApiError, ApiResult};
use crate::scope;
use crate::store::Change;

/// Page size when none is asked for.
const DEFAULT_LIMIT: i64 = 200;
/// Largest page.
const MAX_LIMIT: i64 = 1000;

/// The query: the cursor of the last page (empty or absent: from the start) and a page size.
#[derive(Deserialize)]
pub struct ChangesQuery {
    since: Option<String>,
    limit: Option<String>,
}

/// One page.
#[derive(Serialize)]
pub struct Page {
    changes: Vec<Change>,
    /// The cursor to ask with next time (the same one when nothing was new).
    next: String,
    /// True when more entries wait after this page.
    more: bool,
}

/// `GET /api/v1/changes`.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ChangesQuery>,
) -> ApiResult<Json<Page>> {
    let since = parse_number(query.since.as_deref(), 0).filter(|n| *n >= 0);
    let limit =
        parse_number(query.limit.as_deref(), DEFAULT_LIMIT).filter(|n| (1..=MAX_LIMIT).contains(n));
    let (Some(since), Some(limit)) = (since, limit) else {
        return Err(ApiError::bad_request(
            "changes.bad_query",
            "Kursor atau batas halaman tidak sah (batas 1–1000).",
            "Invalid cursor or page size (size 1–1000).",
        ));
    };
    let filter = scope::feed_filter(&caller.user);
    let mut changes = state.store.changes(&filter, since, limit + 1).await?;
    let more = changes.len() as i64 > limit;
    changes.truncate(limit as usize);
    audit_households(&state, &caller, &changes).await?;
    let next = changes.last().map_or(since, |c| c.seq).to_string();
    Ok(Json(Page {
        changes,
        next,
        more,
    }))
}

fn parse_number(text: Option<&str>, default: i64) -> Option<i64> {
    match text.map(str::trim) {
        None | Some("") => Some(default),
        Some(t) => t.parse().ok(),
    }
}

async fn audit_households(state: &AppState, caller: &Caller, changes: &[Change]) -> ApiResult<()> {
    let ids: Vec<&str> = changes
        .iter()
        .filter(|c| c.kind == "household")
        .filter_map(|c| c.data.get("id").and_then(|v| v.as_str()))
        .collect();
    if !ids.is_empty() {
        state
            .store
            .audit(&caller.audit("read.households", ids.join(",")))
            .await?;
    }
    Ok(())
}
