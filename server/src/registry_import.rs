//! `import-registry FILE`: the PPLS registry CSV read by the core's own importer (the same rules
//! as on the phone), then every household published to the devices of its kelurahan through the
//! change feed. The importer writes into a core store kept in the data folder
//! (`registry-import.sqlite3`), so importing a newer file again updates the same households (the
//! core matches them by PPLS id) instead of adding new ones. That staging file is plain SQLite,
//! like the server's own database: it stays on the office machine.

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

/// Import the CSV at `csv` using the staging store under `data_dir`; returns a bilingual summary.
pub async fn run(store: &dyn Store, data_dir: &Path, csv: PathBuf) -> Result<Text, Text> {
    let staging = data_dir.join("registry-import.sqlite3");
    let (report, rows) = tokio::task::spawn_blocking(move || stage(&staging, &csv))
        .await
        .map_err(|e| failure(&e))??;
    for (id, kelurahan, data) in &rows {
        store
            .put_household(id, kelurahan, data)
            .await
            .map_err(|e| failure(&e))?;
    }
    let checked: Vec<(String, String)> = rows.into_iter().map(|(id, _, data)| (id, data)).collect();
    review::note_households(store, &checked)
        .await
        .map_err(|e| failure(&e))?;
    Ok(summary(&report, checked.len()))
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
