//! Passwords are kept only as Argon2id hashes (PHC strings with their own salt and parameters).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;

/// The Argon2id PHC string of `password`, with a fresh random salt.
pub fn hash(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// True when `password` matches the PHC string `phc`.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let phc = hash("rahasia").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("rahasia", &phc));
        assert!(!verify("salah", &phc));
        assert!(!verify("rahasia", "not a hash"));
    }
}
