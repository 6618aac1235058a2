//! One-time enrolment codes: an admin makes one for a user (through the API or the command line)
//! and shows it as text; the user types it on a new phone instead of a password. Only its hash is
//! kept, and it expires.

use chrono::{DateTime, Duration, Utc};

use crate::secret;
use crate::store::{Store, StoreResult};

/// How long an enrolment code can be used.
pub const CODE_LIFETIME_HOURS: i64 = 24;

/// Make and keep a new code for account `user_id`; returns the code and when it expires.
pub async fn issue(store: &dyn Store, user_id: i64) -> StoreResult<(String, DateTime<Utc>)> {
    let code = secret::new_enrolment_code();
    let expires_at = Utc::now() + Duration::hours(CODE_LIFETIME_HOURS);
    let hash = secret::digest(&secret::normalise_code(&code));
    store
        .save_enrolment_code(user_id, &hash, expires_at)
        .await?;
    Ok((code, expires_at))
}
