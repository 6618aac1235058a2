//! The signed payload a card's or letter's QR code carries, and its checks. The payload is
//! compact text, `PANDU1.<base64url JSON claims>.<base64url Ed25519 signature>`; the signature
//! covers `pandu-document/1\n` followed by the claims' JSON bytes exactly as encoded, made with
//! the server's active receipt key (so the public keys of `/api/v1/keys` verify it, and a key
//! rotation keeps old cards verifiable). The prefix keeps a document signature from ever being
//! taken for a receipt. Signature and dates need only the payload and the public key (offline);
//! revocation needs the server's list.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use chrono::{DateTime, FixedOffset, Months, NaiveDate, Utc};
use pandu_core::sync::signing::{sign, verify, ServerKey};
use pandu_core::Text;
use serde::{Deserialize, Serialize};

use crate::model::ReceiptKey;
use crate::store::decisions::{Document, DocumentKind};
use crate::store::{Store, StoreResult};

/// The first part of every payload: format and version.
const PAYLOAD_TAG: &str = "PANDU1";
/// What the signed bytes start with.
const MESSAGE_PREFIX: &[u8] = b"pandu-document/1\n";
/// Payakumbuh's offset from UTC (WIB), in seconds.
const WIB_SECONDS: i32 = 7 * 3600;
/// Payloads longer than this are not read (a QR code holds far less).
const MAX_PAYLOAD: usize = 2048;

/// What a document's QR code states.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Card or letter.
    pub kind: DocumentKind,
    /// Its number, e.g. `PKU-2026-000123`.
    pub number: String,
    /// The household it was issued to (internal id).
    pub household: String,
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day of validity.
    pub valid_until: NaiveDate,
    /// Which server key signed it.
    pub key_id: String,
}

impl Claims {
    /// The claims of a kept document, to be signed with the key `key_id`.
    pub fn of(doc: &Document, key_id: &str) -> Self {
        Self {
            kind: doc.kind,
            number: doc.number.clone(),
            household: doc.household_id.clone(),
            valid_from: doc.valid_from,
            valid_until: doc.valid_until,
            key_id: key_id.to_owned(),
        }
    }

    /// True when `doc` is the document these claims describe.
    fn match_(&self, doc: &Document) -> bool {
        Self::of(doc, &self.key_id) == *self
    }
}

/// Why a payload is not a genuine document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forgery {
    /// Not a payload of this format.
    Malformed,
    /// Signed by a key this server never had.
    UnknownKey,
    /// The signature does not match the content (altered or made up).
    BadSignature,
    /// Well signed, but the office has no such document with these facts.
    NotIssued,
}

/// The answer of a check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Genuine and valid today.
    Valid(Claims),
    /// Genuine, but today is after its last day.
    Expired(Claims),
    /// Genuine, but its first day has not come.
    NotYetValid(Claims),
    /// Genuine, but the office revoked it (with the reason).
    Revoked(Claims, String),
    /// Not genuine.
    Forged(Forgery),
}

impl Verdict {
    /// A short stable name: `valid`, `expired`, `not_yet_valid`, `revoked` or `forged`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Valid(_) => "valid",
            Self::Expired(_) => "expired",
            Self::NotYetValid(_) => "not_yet_valid",
            Self::Revoked(..) => "revoked",
            Self::Forged(_) => "forged",
        }
    }

    /// The claims, when the document is genuine.
    pub fn claims(&self) -> Option<&Claims> {
        match self {
            Self::Valid(c) | Self::Expired(c) | Self::NotYetValid(c) | Self::Revoked(c, _) => {
                Some(c)
            }
            Self::Forged(_) => None,
        }
    }

    /// What a verifier is told, in Indonesian and English.
    pub fn text(&self) -> Text {
        match self {
            Self::Valid(c) => Text::new(
                format!("SAH: {} berlaku sampai {}.", c.number, c.valid_until),
                format!("VALID: {} is valid until {}.", c.number, c.valid_until),
            ),
            Self::Expired(c) => Text::new(
                format!(
                    "KEDALUWARSA: {} hanya berlaku sampai {}.",
                    c.number, c.valid_until
                ),
                format!(
                    "EXPIRED: {} was valid only until {}.",
                    c.number, c.valid_until
                ),
            ),
            Self::NotYetValid(c) => Text::new(
                format!(
                    "BELUM BERLAKU: {} berlaku mulai {}.",
                    c.number, c.valid_from
                ),
                format!(
                    "NOT YET VALID: {} is valid from {}.",
                    c.number, c.valid_from
                ),
            ),
            Self::Revoked(c, why) => Text::new(
                format!("DICABUT: {} telah dicabut oleh kantor ({why}).", c.number),
                format!("REVOKED: {} was revoked by the office ({why}).", c.number),
            ),
            Self::Forged(f) => forgery_text(*f),
        }
    }
}

fn forgery_text(f: Forgery) -> Text {
    let (id, en) = match f {
        Forgery::Malformed => (
            "PALSU / TIDAK TERBACA: ini bukan kode dokumen Pandu.",
            "FORGED / UNREADABLE: this is not a Pandu document code.",
        ),
        Forgery::UnknownKey => (
            "PALSU: ditandatangani dengan kunci yang tidak dikenal.",
            "FORGED: signed with an unknown key.",
        ),
        Forgery::BadSignature => (
            "PALSU: tanda tangan tidak cocok dengan isinya (diubah atau dibuat-buat).",
            "FORGED: the signature does not match the content (altered or made up).",
        ),
        Forgery::NotIssued => (
            "PALSU: kantor tidak pernah menerbitkan dokumen ini.",
            "FORGED: the office never issued this document.",
        ),
    };
    Text::new(id, en)
}

/// The date in Payakumbuh (WIB, UTC+7) at `at`: validity is counted in local days.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    let wib = FixedOffset::east_opt(WIB_SECONDS).expect("UTC+7 is a valid offset");
    at.with_timezone(&wib).date_naive()
}

/// The last valid day of a document of `kind` issued on `from`: one year (card) or one month
/// (letter), the day before the same date comes round.
pub fn valid_until(kind: DocumentKind, from: NaiveDate) -> NaiveDate {
    let months = match kind {
        DocumentKind::Card => Months::new(12),
        DocumentKind::Letter => Months::new(1),
    };
    from.checked_add_months(months)
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// The signed payload of `claims` with `key` (the active receipt key).
pub fn encode(claims: &Claims, key: &ReceiptKey) -> Result<String, String> {
    let secret: [u8; 32] = hex::decode(&key.secret_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("signing key is damaged")?;
    let json = serde_json::to_vec(claims).map_err(|e| e.to_string())?;
    let signature = hex::decode(sign(&secret, &message(&json))).map_err(|e| e.to_string())?;
    Ok(format!(
        "{PAYLOAD_TAG}.{}.{}",
        B64.encode(&json),
        B64.encode(signature)
    ))
}

fn message(json: &[u8]) -> Vec<u8> {
    [MESSAGE_PREFIX, json].concat()
}

/// The claims of `payload` when one of `keys` signed it.
fn authentic(payload: &str, keys: &[ServerKey]) -> Result<Claims, Forgery> {
    let payload = payload.trim();
    if payload.len() > MAX_PAYLOAD {
        return Err(Forgery::Malformed);
    }
    let mut parts = payload.split('.');
    let (Some(PAYLOAD_TAG), Some(json), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Forgery::Malformed);
    };
    let json = B64.decode(json).map_err(|_| Forgery::Malformed)?;
    let sig = B64.decode(sig).map_err(|_| Forgery::Malformed)?;
    let claims: Claims = serde_json::from_slice(&json).map_err(|_| Forgery::Malformed)?;
    let key = keys
        .iter()
        .find(|k| k.key_id == claims.key_id)
        .ok_or(Forgery::UnknownKey)?;
    if !verify(&key.public_key, &message(&json), &hex::encode(sig)) {
        return Err(Forgery::BadSignature);
    }
    Ok(claims)
}

/// Check `payload` with nothing but the public `keys` and `today`'s date: signature and dates.
/// Revocation is not known offline; [`with_register`] adds it.
pub fn check_offline(payload: &str, keys: &[ServerKey], today: NaiveDate) -> Verdict {
    match authentic(payload, keys) {
        Err(f) => Verdict::Forged(f),
        Ok(c) if today > c.valid_until => Verdict::Expired(c),
        Ok(c) if today < c.valid_from => Verdict::NotYetValid(c),
        Ok(c) => Verdict::Valid(c),
    }
}

/// An offline verdict completed with the office's register: `kept` is the document of that
/// number, if there is one. Revocation outranks the dates.
pub fn with_register(offline: Verdict, kept: Option<&Document>) -> Verdict {
    let Some(claims) = offline.claims() else {
        return offline;
    };
    match kept {
        Some(doc) if claims.match_(doc) => match &doc.revoked {
            Some((_, why)) => Verdict::Revoked(claims.clone(), why.clone()),
            None => offline,
        },
        _ => Verdict::Forged(Forgery::NotIssued),
    }
}

/// Check `payload` against this server: its keys, `today`, and its register (revocation).
pub async fn check_online(
    store: &dyn Store,
    payload: &str,
    today: NaiveDate,
) -> StoreResult<Verdict> {
    let keys = public_keys(&store.receipt_keys().await?);
    let offline = check_offline(payload, &keys, today);
    let kept = match offline.claims() {
        Some(c) => store.document(&c.number).await?,
        None => None,
    };
    Ok(with_register(offline, kept.as_ref()))
}

/// The public half of each receipt key, as verifiers get them.
pub fn public_keys(keys: &[ReceiptKey]) -> Vec<ServerKey> {
    keys.iter()
        .map(|k| ServerKey {
            key_id: k.key_id.clone(),
            public_key: k.public_key.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receipt::new_key;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn claims(key: &ReceiptKey) -> Claims {
        Claims {
            kind: DocumentKind::Card,
            number: "PKU-2026-000001".into(),
            household: "h-1".into(),
            valid_from: day("2026-11-28"),
            valid_until: day("2027-11-27"),
            key_id: key.key_id.clone(),
        }
    }

    #[test]
    fn a_payload_verifies_offline_and_its_dates_count() {
        let key = new_key();
        let payload = encode(&claims(&key), &key).unwrap();
        let keys = public_keys(std::slice::from_ref(&key));
        assert_eq!(
            check_offline(&payload, &keys, day("2027-11-27")).code(),
            "valid"
        );
        assert_eq!(
            check_offline(&payload, &keys, day("2027-11-28")).code(),
            "expired"
        );
        assert_eq!(
            check_offline(&payload, &keys, day("2026-11-27")).code(),
            "not_yet_valid"
        );
    }

    #[test]
    fn forgeries_are_told_apart() {
        let key = new_key();
        let keys = public_keys(std::slice::from_ref(&key));
        let today = day("2027-01-01");
        let other = new_key();
        let mut foreign = claims(&key);
        foreign.key_id = other.key_id.clone();
        let by_other = encode(&foreign, &other).unwrap();
        assert_eq!(
            check_offline(&by_other, &keys, today),
            Verdict::Forged(Forgery::UnknownKey)
        );
        let mut impostor = claims(&key);
        impostor.valid_until = day("2099-01-01");
        let made_up = encode(&impostor, &other).unwrap();
        assert_eq!(
            check_offline(&made_up, &keys, today),
            Verdict::Forged(Forgery::BadSignature)
        );
        let genuine = encode(&claims(&key), &key).unwrap();
        let sig = genuine.rsplit_once('.').unwrap().1;
        let tampered = format!(
            "{PAYLOAD_TAG}.{}.{sig}",
            B64.encode(serde_json::to_vec(&impostor).unwrap())
        );
        assert_eq!(
            check_offline(&tampered, &keys, today),
            Verdict::Forged(Forgery::BadSignature)
        );
        for junk in ["", "PANDU1", "PANDU1.a.b", "x.y.z", "PANDU1.!!.??"] {
            assert_eq!(
                check_offline(junk, &keys, today),
                Verdict::Forged(Forgery::Malformed)
            );
        }
    }

    #[test]
    fn validity_is_a_year_or_a_month_to_the_day_before() {
        assert_eq!(
            valid_until(DocumentKind::Card, day("2026-11-28")),
            day("2027-11-27")
        );
        assert_eq!(
            valid_until(DocumentKind::Letter, day("2026-01-31")),
            day("2026-02-27")
        );
        let late = "2026-11-28T20:00:00Z".parse().unwrap();
        assert_eq!(
            local_date(late),
            day("2026-11-29"),
            "03:00 WIB is the next day"
        );
    }
}
