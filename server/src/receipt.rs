//! Signed receipts: the server's Ed25519 signature over what it accepted, so a device can prove —
//! and check offline — that the office holds a record and every photo of it before deleting its copy.
//! Also the device-signature check, the mirror image: the office can tell a record came unchanged
//! from the enrolled device.
//!
//! Byte layouts (UTF-8, lines joined by `\n`, no trailing newline):
//! - receipt: `pandu-receipt/1`, record id, record SHA-256 hex, accepted-at (RFC 3339 UTC,
//!   seconds, `Z`), then each media SHA-256 hex in ascending order;
//! - device signature: `pandu-record/1`, record SHA-256 hex.

use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::ReceiptKey;

/// What the server signs for one accepted record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Record id.
    pub record_id: String,
    /// SHA-256 hex of the record's canonical body.
    pub record_sha256: String,
    /// SHA-256 hex of every photo of the record, ascending.
    pub media: Vec<String>,
    /// When the server accepted it (RFC 3339 UTC, whole seconds).
    pub accepted_at: String,
    /// Which server key signed it.
    pub key_id: String,
    /// Ed25519 signature over [`receipt_message`], hex.
    pub signature: String,
}

/// The bytes a receipt signature covers.
pub fn receipt_message(record_id: &str, sha256: &str, media: &[String], at: &str) -> Vec<u8> {
    let mut lines = vec!["pandu-receipt/1", record_id, sha256, at];
    lines.extend(media.iter().map(String::as_str));
    lines.join("\n").into_bytes()
}

/// The bytes a device signature covers.
pub fn device_message(sha256: &str) -> Vec<u8> {
    format!("pandu-record/1\n{sha256}").into_bytes()
}

/// A new receipt key pair from the OS random source.
pub fn new_key() -> ReceiptKey {
    let signing = SigningKey::from_bytes(&rand::rng().random::<[u8; 32]>());
    let public = signing.verifying_key().to_bytes();
    ReceiptKey {
        key_id: hex::encode(&Sha256::digest(public)[..8]),
        public_key: hex::encode(public),
        secret_key: hex::encode(signing.to_bytes()),
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
    let message = receipt_message(record_id, sha256, &media, &at);
    let signature = SigningKey::from_bytes(&secret).sign(&message);
    Ok(Receipt {
        record_id: record_id.to_owned(),
        record_sha256: sha256.to_owned(),
        media,
        accepted_at: at,
        key_id: key.key_id.clone(),
        signature: hex::encode(signature.to_bytes()),
    })
}

/// The Ed25519 public key in `hex`, when it is one.
pub fn parse_public_key(hex_key: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(hex_key).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// True when `signature_hex` is `public_key_hex`'s signature over `message`.
pub fn verify(public_key_hex: &str, message: &[u8], signature_hex: &str) -> bool {
    let Some(key) = parse_public_key(public_key_hex) else {
        return false;
    };
    let Some(bytes) = hex::decode(signature_hex)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
    else {
        return false;
    };
    key.verify(message, &Signature::from_bytes(&bytes)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_verifies_with_the_public_key_and_covers_sorted_media() {
        let key = new_key();
        let media = vec!["bb".repeat(32), "aa".repeat(32)];
        let r = sign(&key, "rec", &"cc".repeat(32), &media, Utc::now()).unwrap();
        assert_eq!(r.media[0], "aa".repeat(32));
        let message = receipt_message(&r.record_id, &r.record_sha256, &r.media, &r.accepted_at);
        assert!(verify(&key.public_key, &message, &r.signature));
        let other = receipt_message(&r.record_id, &r.record_sha256, &media, &r.accepted_at);
        assert!(!verify(&key.public_key, &other, &r.signature));
    }
}
