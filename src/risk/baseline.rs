//! The baseline of known ports: the program+port+protocol combinations the user said were
//! there before ("Remember current ports as known"). Rows outside it can be filtered as new.
//! Same file format and safety as the trust list (`baseline.json` beside `trusted.json`), but
//! its own type, so the two are never mixed up and its problems name the baseline.

use std::path::{Path, PathBuf};

use super::trust::{PendingSave, TrustEntry, TrustError, TrustList, TrustStore};
use crate::model::SocketRow;

/// The baseline and the file behind it.
#[derive(Debug, Default)]
pub struct BaselineStore(TrustStore);

/// `baseline.json` in PortScope's folder, beside the trust list.
pub fn default_path() -> Option<PathBuf> {
    crate::files::config_file("baseline.json")
}

impl BaselineStore {
    /// A baseline that lives only in memory (tests, or no config folder).
    pub fn in_memory() -> Self {
        BaselineStore::default()
    }

    /// Open the baseline at `path`; problems as [`TrustStore::open`] reports them.
    pub fn open(path: &Path) -> (BaselineStore, Option<TrustError>) {
        let (store, problem) = TrustStore::open(path);
        (BaselineStore(store), problem)
    }

    /// The baseline at [`default_path`], or an empty one in memory.
    pub fn open_default() -> (BaselineStore, Option<TrustError>) {
        match default_path() {
            Some(path) => BaselineStore::open(&path),
            None => (BaselineStore::in_memory(), None),
        }
    }

    /// True when `row` is in the baseline.
    pub fn is_known(&self, row: &SocketRow) -> bool {
        self.0.is_trusted(row)
    }

    /// The entries as they are now, for the engine thread.
    pub fn list(&self) -> TrustList {
        self.0.list()
    }

    /// Remember the listening rows among `rows`: the baseline changes now; the returned save
    /// writes the file once and can run on another thread. Also returns how many were added.
    #[must_use = "the baseline is not saved until the returned save is written"]
    pub fn remember<'a>(
        &mut self,
        rows: impl IntoIterator<Item = &'a SocketRow>,
    ) -> (usize, PendingSave) {
        let entries: Vec<_> = rows
            .into_iter()
            .filter(|r| r.is_listening())
            .filter_map(TrustEntry::for_row)
            .collect();
        (entries.len(), self.0.add_all(entries))
    }
}
