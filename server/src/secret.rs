//! Bearer secrets — device tokens and one-time enrolment codes: made from the OS random source,
//! handed out once, and stored only as their SHA-256.

use rand::Rng;
use sha2::{Digest, Sha256};

/// Letters and digits that cannot be mistaken for one another when read aloud or typed.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A new device token: 32 random bytes, hex.
pub fn new_token() -> String {
    hex::encode(rand::rng().random::<[u8; 32]>())
}

/// A new enrolment code to show as text: 12 characters in groups of four, e.g. `K7QD-93MF-XA2P`.
pub fn new_enrolment_code() -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..12)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// An enrolment code as typed, made canonical: upper case, without spaces or dashes.
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// SHA-256 hex of `secret`, as stored.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_and_normalise_the_same_however_typed() {
        let code = new_enrolment_code();
        assert_eq!(code.len(), 14);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalise_code(&typed), normalise_code(&code));
        assert_ne!(new_token(), new_token());
    }
}
