//! `import-registry FILE`: the PPLS registry CSV read by the core's own importer (the same rules
//! as on the phone), then every new or changed household published to the devices of its
//! kelurahan through the change feed. The importer writes into a core store kept in the data folder
//! (`registry-import.sqlite3`), so importing a newer file again updates the same households (the
//! core matches them by PPLS id) instead of adding new ones. That staging file is plain SQLite,
//! like the server's own database: it stays on the office machine. A dry run (the office's
//! import page) stages into a throwaway copy of that store and compares with what the server
//! keeps, so it tells what would change and changes nothing. Only new and changed households
//! are published.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::Utc;
use pandu_core::eligibility::jakarta_date;
use pandu_core::household::repo;
use pandu_core::registry::{self, ImportReport, SearchQuery};
use pandu_core::store::{Protection, Store as CoreStore};
use pandu_core::{wilayah, Text};

use crate::review;
use crate::store::Store;

/// The most households one kelurahan can have (a bound for the core's search).
const MAX_PER_KELURAHAN: usize = 1_000_000;

/// A household ready for the server: id, kelurahan code, JSON.
type Row = (String, String, String);

/// What an import would change (dry run) or changed, and the core importer's report.
pub struct Outcome {
    /// The core importer's report: counts, skipped rows and warnings with their line numbers.
    pub report: ImportReport,
    /// Households the server does not have yet.
    pub new: usize,
    /// Households the server has with other data.
    pub changed: usize,
    /// Households the server has with the same data.
    pub unchanged: usize,
    /// The kelurahan of the file's households.
    pub kelurahan: BTreeSet<String>,
}

/// Import the CSV at `csv` using the staging store under `data_dir`; returns a bilingual summary.
pub async fn run(store: &dyn Store, data_dir: &Path, csv: PathBuf) -> Result<Text, Text> {
    let outcome = import(store, data_dir, csv, false).await?;
    Ok(summary(&outcome.report, outcome.new + outcome.changed))
}

/// Run the importer on `csv`. A dry run stages into a copy of the staging store and changes
/// nothing; otherwise the new and changed households are published and their NIKs checked.
pub async fn import(
    store: &dyn Store,
    data_dir: &Path,
    csv: PathBuf,
    dry_run: bool,
) -> Result<Outcome, Text> {
    let staging = data_dir.join("registry-import.sqlite3");
    let (report, rows) = if dry_run {
        let copy = data_dir.join(format!("registry-dry-run-{}.sqlite3", uuid::Uuid::now_v7()));
        let staged = stage_copy(staging, copy, csv).await;
        staged?
    } else {
        tokio::task::spawn_blocking(move || stage(&staging, &csv))
            .await
            .map_err(|e| failure(&e))??
    };
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let kelurahan = rows.iter().map(|r| r.1.clone()).collect();
    let kept = store.households_data(&ids).await.map_err(|e| failure(&e))?;
    let fresh: Vec<Row> = rows
        .into_iter()
        .filter(|(id, _, data)| !same_data(kept.get(id), data))
        .collect();
    let new = fresh.iter().filter(|r| !kept.contains_key(&r.0)).count();
    let outcome = Outcome {
        new,
        changed: fresh.len() - new,
        unchanged: ids.len() - fresh.len(),
        kelurahan,
        report,
    };
    if !dry_run {
        publish(store, fresh).await?;
    }
    Ok(outcome)
}

/// True when the kept data JSON and the staged one hold the same household: the values are
/// compared, not the texts (PostgreSQL keeps JSON in its own layout), and without the members'
/// internal ids, which the core's importer draws anew on every import.
fn same_data(kept: Option<&String>, staged: &str) -> bool {
    let parse = |t: &str| {
        let mut value = serde_json::from_str::<serde_json::Value>(t).ok()?;
        for member in value["members"].as_array_mut()? {
            member.as_object_mut()?.remove("id");
        }
        Some(value)
    };
    kept.is_some_and(|k| parse(k).is_some() && parse(k) == parse(staged))
}

/// Stage into `copy`, a copy of the staging store (when there is one), then remove the copy.
async fn stage_copy(
    staging: PathBuf,
    copy: PathBuf,
    csv: PathBuf,
) -> Result<(ImportReport, Vec<Row>), Text> {
    tokio::task::spawn_blocking(move || {
        let staged = copy_store(&staging, &copy).and_then(|()| stage(&copy, &csv));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
        }
        staged
    })
    .await
    .map_err(|e| failure(&e))?
}

/// Copy the staging store's files (with its write-ahead log) to `copy`, if it exists.
fn copy_store(staging: &Path, copy: &Path) -> Result<(), Text> {
    for suffix in ["", "-wal"] {
        let from = PathBuf::from(format!("{}{suffix}", staging.display()));
        if from.exists() {
            std::fs::copy(&from, format!("{}{suffix}", copy.display())).map_err(|e| failure(&e))?;
        }
    }
    Ok(())
}

/// Publish households to the devices of their kelurahan and keep their NIK checks.
async fn publish(store: &dyn Store, rows: Vec<Row>) -> Result<(), Text> {
    for (id, kelurahan, data) in &rows {
        store
            .put_household(id, kelurahan, data)
            .await
            .map_err(|e| failure(&e))?;
    }
    let checked: Vec<(String, String)> = rows.into_iter().map(|(id, _, data)| (id, data)).collect();
    review::note_households(store, &checked)
        .await
        .map_err(|e| failure(&e))
}

/// Run the core importer into the staging store and read every household back.
fn stage(staging: &Path, csv: &Path) -> Result<(ImportReport, Vec<Row>), Text> {
    let mut core = CoreStore::open_with(staging, &Protection::Plain).map_err(|e| failure(&e))?;
    let file = std::fs::File::open(csv).map_err(|e| failure(&e))?;
    let report =
        registry::import_csv(&mut core, file, jakarta_date(Utc::now())).map_err(|e| failure(&e))?;
    if let Some(refused) = &report.refused {
        return Err(refused.clone());
    }
    let rows = households(&core)?;
    Ok((report, rows))
}

fn households(core: &CoreStore) -> Result<Vec<Row>, Text> {
    let mut rows = Vec::new();
    for kelurahan in wilayah::all_kelurahan() {
        let query = SearchQuery {
            kelurahan_code: Some(kelurahan.code.clone()),
            ..SearchQuery::default()
        };
        let hits =
            registry::search(core.reader(), &query, MAX_PER_KELURAHAN).map_err(|e| failure(&e))?;
        for hit in hits {
            let household =
                repo::load(core.reader(), &hit.household_id).map_err(|e| failure(&e))?;
            let data = serde_json::to_string(&household).map_err(|e| failure(&e))?;
            rows.push((household.id, kelurahan.code.clone(), data));
        }
    }
    Ok(rows)
}

fn summary(report: &ImportReport, published: usize) -> Text {
    Text::new(
        format!(
            "Registri diimpor: {} keluarga ({} diperbarui), {} orang; {} baris dilewati, {} peringatan; {published} keluarga dikirim ke perangkat.",
            report.households, report.updated, report.people, report.bad_rows, report.warnings.len()
        ),
        format!(
            "Registry imported: {} households ({} updated), {} people; {} rows skipped, {} warnings; {published} households published to devices.",
            report.households, report.updated, report.people, report.bad_rows, report.warnings.len()
        ),
    )
}

fn failure(e: &dyn std::fmt::Display) -> Text {
    Text::new(
        format!("Impor registri gagal: {e}"),
        format!("Registry import failed: {e}"),
    )
}
