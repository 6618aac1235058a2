//! The two Ed25519 signatures of sync, defined once for both ends: the device signs each finished
//! record (so the office can tell it came unchanged from the enrolled device) and the server signs a
//! receipt for each record it keeps (so the device can check, offline, that the office holds the
//! record and every photo of it before it lets go of its own copy).
//!
//! Byte layouts (UTF-8, lines joined by `\n`, no trailing newline):
//! - device signature: `pandu-record/1`, record SHA-256 hex;
//! - receipt: `pandu-receipt/1`, record id, record SHA-256 hex, accepted-at (RFC 3339 UTC,
//!   seconds, `Z`), then each photo SHA-256 hex in ascending order.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What the server signs for one kept record.
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
    /// Which server key signed it ([`key_id`] of its public key).
    pub key_id: String,
    /// Ed25519 signature over [`receipt_message`], hex.
    pub signature: String,
}

/// A server's receipt public key as devices learn it at sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerKey {
    /// [`key_id`] of the key.
    pub key_id: String,
    /// Ed25519 public key, hex.
    pub public_key: String,
}

impl Receipt {
    /// True when one of `keys` signed this receipt and it covers exactly record `record_id` with
    /// hash `sha256` and the photos `media` (in any order).
    pub fn verifies(
        &self,
        keys: &[ServerKey],
        record_id: &str,
        sha256: &str,
        media: &[String],
    ) -> bool {
        let mut expected = media.to_vec();
        expected.sort();
        expected.dedup();
        if self.record_id != record_id || self.record_sha256 != sha256 || self.media != expected {
            return false;
        }
        let message = receipt_message(record_id, sha256, &self.media, &self.accepted_at);
        keys.iter()
            .filter(|k| k.key_id == self.key_id)
            .any(|k| verify(&k.public_key, &message, &self.signature))
    }
}

/// The bytes a receipt signature covers; `media` must already be sorted.
pub fn receipt_message(record_id: &str, sha256: &str, media: &[String], at: &str) -> Vec<u8> {
    let mut lines = vec!["pandu-receipt/1", record_id, sha256, at];
    lines.extend(media.iter().map(String::as_str));
    lines.join("\n").into_bytes()
}

/// The bytes a device signature covers.
pub fn device_message(sha256: &str) -> Vec<u8> {
    format!("pandu-record/1\n{sha256}").into_bytes()
}

/// The short id of a public key: the first 16 hex digits of its SHA-256.
pub fn key_id(public_key: &[u8; 32]) -> String {
    hex::encode(&Sha256::digest(public_key)[..8])
}

/// A new Ed25519 key pair from the OS random source: (secret, public), raw bytes.
pub fn new_key_pair() -> ([u8; 32], [u8; 32]) {
    let secret: [u8; 32] = rand::random();
    let public = SigningKey::from_bytes(&secret).verifying_key().to_bytes();
    (secret, public)
}

/// `secret`'s Ed25519 signature over `message`, hex.
pub fn sign(secret: &[u8; 32], message: &[u8]) -> String {
    hex::encode(SigningKey::from_bytes(secret).sign(message).to_bytes())
}

/// The Ed25519 public key in `hex_key`, when it is one.
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

    fn receipt(secret: &[u8; 32], public: &[u8; 32], media: &[String]) -> Receipt {
        let at = "2026-11-28T09:00:00Z";
        let sha = "cc".repeat(32);
        Receipt {
            record_id: "rec".into(),
            record_sha256: sha.clone(),
            media: media.to_vec(),
            accepted_at: at.into(),
            key_id: key_id(public),
            signature: sign(secret, &receipt_message("rec", &sha, media, at)),
        }
    }

    #[test]
    fn a_receipt_verifies_only_for_its_record_photos_and_key() {
        let (secret, public) = new_key_pair();
        let keys = [ServerKey {
            key_id: key_id(&public),
            public_key: hex::encode(public),
        }];
        let media = vec!["aa".repeat(32), "bb".repeat(32)];
        let r = receipt(&secret, &public, &media);
        let sha = "cc".repeat(32);
        let reversed: Vec<String> = media.iter().rev().cloned().collect();
        assert!(r.verifies(&keys, "rec", &sha, &reversed));
        assert!(!r.verifies(&keys, "other", &sha, &media));
        assert!(!r.verifies(&keys, "rec", &"dd".repeat(32), &media));
        assert!(!r.verifies(&keys, "rec", &sha, &media[..1]));
        let (_, stranger) = new_key_pair();
        let strangers = [ServerKey {
            key_id: key_id(&public),
            public_key: hex::encode(stranger),
        }];
        assert!(!r.verifies(&strangers, "rec", &sha, &media));
    }

    #[test]
    fn a_device_signature_checks_against_its_public_key_only() {
        let (secret, public) = new_key_pair();
        let message = device_message(&"ab".repeat(32));
        let signature = sign(&secret, &message);
        assert!(verify(&hex::encode(public), &message, &signature));
        assert!(!verify(
            &hex::encode(public),
            &device_message("x"),
            &signature
        ));
        assert!(!verify("zz", &message, &signature));
    }
}
