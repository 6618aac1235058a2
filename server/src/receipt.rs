//! The server's half of sync signatures: making receipt keys and signing receipts with them. The
//! byte layouts, the receipt type and signature checks are the core's (`pandu_core::sync::signing`),
//! so the device and the server cannot disagree on them.

use chrono::{DateTime, SecondsFormat, Utc};
pub use pandu_core::sync::signing::{device_message, parse_public_key, verify, Receipt};
use pandu_core::sync::signing::{key_id, new_key_pair, receipt_message, sign as sign_message};

use crate::model::ReceiptKey;

/// A new receipt key pair from the OS random source.
pub fn new_key() -> ReceiptKey {
    let (secret, public) = new_key_pair();
    ReceiptKey {
        key_id: key_id(&public),
        public_key: hex::encode(public),
        secret_key: hex::encode(secret),
        active: true,
    }
}

/// Sign a receipt for `record_id` with `key`; media hashes are sorted and de-duplicated.
pub fn sign(
    key: &ReceiptKey,
    record_id: &str,
    sha256: &str,
    media: &[String],
    now: DateTime<Utc>,
) -> Result<Receipt, String> {
    let secret: [u8; 32] = hex::decode(&key.secret_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("receipt key is damaged")?;
    let mut media = media.to_vec();
    media.sort();
    media.dedup();
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let signature = sign_message(&secret, &receipt_message(record_id, sha256, &media, &at));
    Ok(Receipt {
        record_id: record_id.to_owned(),
        record_sha256: sha256.to_owned(),
        media,
        accepted_at: at,
        key_id: key.key_id.clone(),
        signature,
    })
}

#[cfg(test)]
mod tests {
    use pandu_core::sync::signing::ServerKey;

    use super::*;

    #[test]
    fn a_receipt_verifies_with_the_public_key_and_covers_sorted_media() {
        let key = new_key();
        let media = vec!["bb".repeat(32), "aa".repeat(32)];
        let r = sign(&key, "rec", &"cc".repeat(32), &media, Utc::now()).unwrap();
        assert_eq!(r.media[0], "aa".repeat(32));
        let keys = [ServerKey {
            key_id: key.key_id.clone(),
            public_key: key.public_key.clone(),
        }];
        assert!(r.verifies(&keys, "rec", &"cc".repeat(32), &media));
    }
}
