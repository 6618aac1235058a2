//! What each subcommand does: open the store, migrate, and then serve, create an account or make
//! a receipt key. Every message printed is in Indonesian and English.

use std::io::BufRead;
use std::sync::Arc;

use chrono::Utc;
use pandu_core::form::{self, FormKind};
use pandu_core::sync::signing::{key_id, ServerKey};
use pandu_core::Text;

use crate::accounts::{self, failed};
use crate::api::{self, AppState};
use crate::cli::{Cli, Command};
use crate::document::{self, Verdict};
use crate::enrolment;
use crate::media::MediaStore;
use crate::model::Role;
use crate::services::Services;
use crate::store::{self, Store};
use crate::web::WebConfig;
use crate::{receipt, registry_import, review};

/// Shorthand for command results: a bilingual message on failure.
type CommandResult = Result<(), Text>;

/// Run the command `cli` asks for.
pub async fn run(mut cli: Cli) -> CommandResult {
    if let Some(Command::Verify {
        payload,
        public_key: Some(key),
    }) = &cli.command
    {
        return verify_offline(payload, key);
    }
    std::fs::create_dir_all(&cli.data_dir).map_err(|e| failed("folder data", "data folder", &e))?;
    let store = store::open(cli.database_url.as_deref(), &cli.data_dir)
        .await
        .map_err(|e| failed("basis data", "database", &e))?;
    let applied = store
        .migrate()
        .await
        .map_err(|e| failed("migrasi", "migration", &e))?;
    review::catch_up(store.as_ref())
        .await
        .map_err(|e| failed("migrasi", "migration", &e))?;
    match cli.command.take().unwrap_or(Command::Serve) {
        Command::Serve => serve(store, &cli).await,
        Command::Migrate => {
            say(&Text::new(
                format!("{applied} migrasi diterapkan."),
                format!("{applied} migrations applied."),
            ));
            Ok(())
        }
        Command::CreateUser {
            username,
            role,
            kelurahan,
            password,
        } => create_user(store.as_ref(), username, role, kelurahan, password).await,
        Command::RotateKeys => rotate_keys(store.as_ref()).await,
        Command::EnrolmentCode { username } => enrolment_code(store.as_ref(), &username).await,
        Command::RevokeDevice { device_id } => revoke_device(store.as_ref(), device_id).await,
        Command::Verify { payload, .. } => verify_online(store.as_ref(), &payload).await,
        Command::ImportRegistry { file } => {
            let summary = registry_import::run(store.as_ref(), &cli.data_dir, file).await?;
            say(&summary);
            Ok(())
        }
        Command::SeedDemo => {
            say(&crate::seed_demo::run(store.as_ref()).await?);
            Ok(())
        }
    }
}

async fn serve(store: Arc<dyn Store>, cli: &Cli) -> CommandResult {
    let services = Services::load(cli.services_config.as_deref())?;
    ensure_receipt_key(store.as_ref()).await?;
    announce_forms(store.as_ref()).await?;
    let media = MediaStore::open(&cli.data_dir.join("media"))
        .map_err(|e| failed("folder foto", "photo folder", &e))?;
    let app = api::router(AppState {
        store,
        media,
        limiter: Arc::default(),
        web: WebConfig {
            secure_cookies: cli.secure_cookies,
        },
        data_dir: cli.data_dir.clone(),
        services: Arc::new(services),
    });
    let listener = tokio::net::TcpListener::bind(cli.listen)
        .await
        .map_err(|e| failed("alamat", "listen address", &e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| failed("alamat", "listen address", &e))?;
    say(&Text::new(
        format!("Server Pandu berjalan di http://{addr}"),
        format!("Pandu server listening on http://{addr}"),
    ));
    say(&Text::new(
        "Admin pertama: pandu-server create-user --username admin --role admin --kelurahan all",
        "First admin: pandu-server create-user --username admin --role admin --kelurahan all",
    ));
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| failed("server", "server", &e))
}

async fn shutdown() {
    // Without a signal handler the server simply runs until killed.
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

async fn ensure_receipt_key(store: &dyn Store) -> CommandResult {
    let keys = store
        .receipt_keys()
        .await
        .map_err(|e| failed("kunci tanda terima", "receipt key", &e))?;
    if keys.iter().any(|k| k.active) {
        return Ok(());
    }
    rotate_keys(store).await
}

async fn announce_forms(store: &dyn Store) -> CommandResult {
    for kind in [FormKind::Visit, FormKind::Report] {
        let Ok(form) = form::current(kind) else {
            continue;
        };
        let data = serde_json::to_string(form).map_err(|e| failed("formulir", "form", &e))?;
        let key = format!("{}@{}", form.id, form.version);
        store
            .announce_form(&key, &data)
            .await
            .map_err(|e| failed("formulir", "form", &e))?;
    }
    Ok(())
}

async fn create_user(
    store: &dyn Store,
    username: String,
    role: Role,
    kelurahan: Vec<String>,
    password: Option<String>,
) -> CommandResult {
    let password = match password {
        Some(p) => p,
        None => read_password()?,
    };
    let (_, done) = accounts::create(store, &username, role, kelurahan, &password).await?;
    say(&done);
    Ok(())
}

async fn enrolment_code(store: &dyn Store, username: &str) -> CommandResult {
    let user = store
        .user_by_name(username.trim())
        .await
        .map_err(|e| failed("pengguna", "user", &e))?
        .ok_or_else(|| {
            Text::new(
                format!("Tidak ada pengguna bernama {username}."),
                format!("There is no user named {username}."),
            )
        })?;
    let (code, expires_at) = enrolment::issue(store, user.id)
        .await
        .map_err(|e| failed("kode pendaftaran", "enrolment code", &e))?;
    println!("{code}");
    say(&Text::new(
        format!("Kode sekali pakai untuk {username}, berlaku sampai {expires_at}."),
        format!("One-time code for {username}, valid until {expires_at}."),
    ));
    Ok(())
}

async fn revoke_device(store: &dyn Store, device_id: i64) -> CommandResult {
    say(&accounts::revoke(store, device_id).await?);
    Ok(())
}

fn read_password() -> Result<String, Text> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| failed("kata sandi", "password", &e))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Check `payload` with the one public key `key` (hex): signature and dates only.
fn verify_offline(payload: &str, key: &str) -> CommandResult {
    let bytes: [u8; 32] = hex::decode(key.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| {
            Text::new(
                "Kunci publik harus 64 angka heksadesimal.",
                "The public key must be 64 hexadecimal digits.",
            )
        })?;
    let keys = [ServerKey {
        key_id: key_id(&bytes),
        public_key: hex::encode(bytes),
    }];
    let verdict = document::check_offline(payload, &keys, document::local_date(Utc::now()));
    say(&Text::new(
        "Diperiksa tanpa jaringan: pencabutan tidak diketahui.",
        "Checked offline: revocation is not known.",
    ));
    tell(&verdict)
}

/// Check `payload` with this server's keys and register.
async fn verify_online(store: &dyn Store, payload: &str) -> CommandResult {
    let verdict = document::check_online(store, payload, document::local_date(Utc::now()))
        .await
        .map_err(|e| failed("pemeriksaan", "check", &e))?;
    tell(&verdict)
}

/// Print a valid verdict; any other is the command's failure.
fn tell(verdict: &Verdict) -> CommandResult {
    match verdict {
        Verdict::Valid(_) => {
            say(&verdict.text());
            Ok(())
        }
        _ => Err(verdict.text()),
    }
}

async fn rotate_keys(store: &dyn Store) -> CommandResult {
    let key = receipt::new_key();
    store
        .add_receipt_key(&key)
        .await
        .map_err(|e| failed("kunci tanda terima", "receipt key", &e))?;
    say(&Text::new(
        format!("Kunci tanda terima baru: {}", key.key_id),
        format!("New receipt key: {}", key.key_id),
    ));
    Ok(())
}

/// Print `text`; a closed standard output (e.g. a supervisor that stopped reading) is no reason to stop.
fn say(text: &Text) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{} / {}", text.id, text.en).and_then(|()| out.flush());
}
