//! Creating an account and revoking a device, shared by the command line (`create-user`,
//! `revoke-device`) and the admin's users page, so both check the same rules and say the same
//! thing in Indonesian and English.

use pandu_core::{wilayah, Text};

use crate::model::{NewUser, Role};
use crate::password;
use crate::store::{Store, StoreError};

/// The least number of characters of a password.
const MIN_PASSWORD: usize = 8;

/// The kelurahan codes given, each checked; `all` stands for every kelurahan of the city.
pub fn expand_scope(codes: Vec<String>) -> Result<Vec<String>, Text> {
    if codes.iter().any(|c| c == "all") {
        return Ok(wilayah::all_kelurahan()
            .iter()
            .map(|k| k.code.clone())
            .collect());
    }
    match codes.iter().find(|c| wilayah::kelurahan(c).is_none()) {
        Some(bad) => Err(Text::new(
            format!("Kode kelurahan tidak dikenal: {bad}"),
            format!("Unknown kelurahan code: {bad}"),
        )),
        None if codes.is_empty() => Err(Text::new(
            "Pilih minimal satu kelurahan.",
            "Choose at least one kelurahan.",
        )),
        None => Ok(codes),
    }
}

/// Create an account; its id and what to tell the user, or why not.
pub async fn create(
    store: &dyn Store,
    username: &str,
    role: Role,
    kelurahan: Vec<String>,
    password: &str,
) -> Result<(i64, Text), Text> {
    let username = username.trim();
    if username.is_empty() || username.chars().any(char::is_whitespace) {
        return Err(Text::new(
            "Nama pengguna wajib diisi, tanpa spasi.",
            "A user name is needed, without spaces.",
        ));
    }
    let scope = expand_scope(kelurahan)?;
    if password.chars().count() < MIN_PASSWORD {
        return Err(Text::new(
            "Kata sandi paling sedikit 8 huruf.",
            "The password needs at least 8 characters.",
        ));
    }
    let password_hash =
        password::hash(password).map_err(|e| failed("kata sandi", "password", &e))?;
    let user = NewUser {
        username: username.to_owned(),
        role,
        scope,
        password_hash,
    };
    match store.create_user(&user).await {
        Ok(id) => Ok((
            id,
            Text::new(
                format!("Pengguna {username} ({role}) dibuat, nomor {id}."),
                format!("User {username} ({role}) created, id {id}."),
            ),
        )),
        Err(StoreError::Exists(_)) => Err(Text::new(
            format!("Nama pengguna {username} sudah dipakai."),
            format!("User name {username} is taken."),
        )),
        Err(e) => Err(failed("pengguna", "user", &e)),
    }
}

/// Revoke device `device_id` at once: its next request is refused. What to tell the user.
pub async fn revoke(store: &dyn Store, device_id: i64) -> Result<Text, Text> {
    match store.revoke_device(device_id).await {
        Ok(true) => Ok(Text::new(
            format!("Perangkat {device_id} dicabut."),
            format!("Device {device_id} revoked."),
        )),
        Ok(false) => Err(Text::new(
            format!("Tidak ada perangkat bernomor {device_id}."),
            format!("There is no device with id {device_id}."),
        )),
        Err(e) => Err(failed("perangkat", "device", &e)),
    }
}

/// A failure of `what`, in both languages.
pub fn failed(what_id: &str, what_en: &str, e: &dyn std::fmt::Display) -> Text {
    Text::new(
        format!("Gagal ({what_id}): {e}"),
        format!("Failed ({what_en}): {e}"),
    )
}
