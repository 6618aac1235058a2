//! The synthetic city registry the bench's visits are about, made once and cached: the PPLS CSV
//! (`pandu_core::registry::write_synthetic_registry`) and the server's import staging store,
//! which fixes the households' ids. Every fresh server gets a copy of that staging store before
//! `import-registry`, so it knows the very households the cached devices visited.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use pandu_core::household::{repo, Household};
use pandu_core::registry::{self, SearchQuery};
use pandu_core::store::{Protection, Store};
use pandu_core::wilayah;
use pandu_testkit::{Backend, Server};

use crate::Result;

/// The importer's staging file in a server's data folder.
const STAGING: &str = "registry-import.sqlite3";
/// A bound for the search of one kelurahan's households (the server uses the same).
const MAX_PER_KELURAHAN: usize = 1_000_000;

/// The cached registry.
pub struct Registry {
    /// Its folder, under which the device fixtures made for it are kept.
    pub dir: PathBuf,
    csv: PathBuf,
}

impl Registry {
    /// The registry of `households` households from `seed`, made under `work` with the server
    /// `binary`'s importer if not there yet.
    pub fn prepare(work: &Path, households: usize, seed: u64, binary: &Path) -> Result<Self> {
        let dir = work.join(format!("registry-{households}h-seed{seed}"));
        let registry = Self {
            csv: dir.join("ppls.csv"),
            dir,
        };
        if !registry.dir.join(STAGING).is_file() {
            eprintln!(
                "bench-sync: making the registry in {}",
                registry.dir.display()
            );
            let _ = fs::remove_dir_all(&registry.dir);
            fs::create_dir_all(&registry.dir)?;
            let out = BufWriter::new(File::create(&registry.csv)?);
            registry::write_synthetic_registry(out, households, seed)?;
            let server = Server::start_with(binary, Backend::Sqlite);
            import(&server, &registry.csv)?;
            fs::copy(server.data_dir().join(STAGING), registry.dir.join(STAGING))?;
        }
        Ok(registry)
    }

    /// Import the registry into `server`, keeping the cached households' ids.
    pub fn import_into(&self, server: &Server) -> Result<()> {
        fs::copy(self.dir.join(STAGING), server.data_dir().join(STAGING))?;
        import(server, &self.csv)
    }

    /// Every household, ordered by id.
    pub fn households(&self) -> Result<Vec<Household>> {
        let staging = Store::open_with(&self.dir.join(STAGING), &Protection::Plain)?;
        let mut all = Vec::new();
        for kelurahan in wilayah::all_kelurahan() {
            let query = SearchQuery {
                kelurahan_code: Some(kelurahan.code.clone()),
                ..SearchQuery::default()
            };
            for hit in registry::search(staging.reader(), &query, MAX_PER_KELURAHAN)? {
                all.push(repo::load(staging.reader(), &hit.household_id)?);
            }
        }
        all.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(all)
    }
}

/// `import-registry CSV` on `server`.
fn import(server: &Server, csv: &Path) -> Result<()> {
    let csv = csv.to_str().ok_or("a registry path that is not UTF-8")?;
    match server.cli(&["import-registry", csv], "") {
        (true, _) => Ok(()),
        (false, out) => Err(format!("import-registry: {out}").into()),
    }
}
