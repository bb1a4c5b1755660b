//! The user's trust list: program path + port + protocol combinations whose findings are
//! silenced. Stored as readable JSON in the config folder, written atomically; a corrupt file is
//! moved aside (never silently dropped) and reported; one that cannot be read is never overwritten.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::files::{Found, NotUsable};
use crate::model::{Protocol, SocketRow};

/// One trusted combination.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TrustEntry {
    /// The program's executable path.
    pub path: String,
    /// The local port.
    pub port: u16,
    /// TCP or UDP.
    pub protocol: Protocol,
}

impl TrustEntry {
    /// The entry that would cover `row`; `None` when the program's path is unknown.
    pub fn for_row(row: &SocketRow) -> Option<TrustEntry> {
        let path = entry_path(row)?.into_owned();
        Some(TrustEntry {
            path,
            port: row.local_port,
            protocol: row.protocol,
        })
    }
}

/// The program path an entry for `row` names: the executable's (an upgraded program, whose
/// file was replaced, keeps its entry), as lossless text (`model::text::path_text`): the path
/// itself when it is valid Unicode, bytes that are not UTF-8 as `\xNN`. So `bad\xff` and
/// `bad\xfe` are two entries, and the file stays valid UTF-8 JSON.
fn entry_path(row: &SocketRow) -> Option<std::borrow::Cow<'_, str>> {
    row.path_text()
}

/// True when the sorted `entries` cover `row` (a binary search; nothing is allocated).
fn covers(entries: &[TrustEntry], row: &SocketRow) -> bool {
    let Some(path) = entry_path(row) else {
        return false;
    };
    let wanted = (path.as_ref(), row.local_port, row.protocol);
    entries
        .binary_search_by(|e| (e.path.as_str(), e.port, e.protocol).cmp(&wanted))
        .is_ok()
}

/// A read-only copy of a list's entries, cheap to clone and to send to the engine thread.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrustList {
    /// Sorted, without duplicates (as the store keeps them).
    entries: std::sync::Arc<[TrustEntry]>,
}

impl TrustList {
    /// True when the list covers `row` (a binary search; nothing is allocated).
    pub fn covers(&self, row: &SocketRow) -> bool {
        covers(&self.entries, row)
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[derive(Serialize, Deserialize, Default)]
struct TrustFile {
    version: u32,
    trusted: Vec<TrustEntry>,
}

/// Why the trust list could not be read or saved.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    /// Reading or writing failed.
    #[error("cannot save {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file could not be read; it is left as it is and never overwritten this session.
    #[error(
        "cannot read the list {path}: {source}; it was left untouched and changes will not be saved"
    )]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file was unreadable and was moved aside.
    #[error(
        "the trust list {path} could not be read ({reason}); it was kept as {backup} and PortScope started with an empty list"
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
        /// Where the old file now is.
        backup: PathBuf,
    },
}

/// The trust list and the file behind it.
#[derive(Debug, Default)]
pub struct TrustStore {
    path: Option<PathBuf>,
    entries: Vec<TrustEntry>,
}

/// `trusted.json` in PortScope's folder ([`crate::files::config_dir`]).
pub fn default_path() -> Option<PathBuf> {
    crate::files::config_file("trusted.json")
}

/// Parse the bytes of a trust list (or baseline) file: its entries, sorted and without
/// duplicates. Invalid UTF-8 is just another invalid file: `from_slice` rejects it.
pub fn parse_list(bytes: &[u8]) -> Result<Vec<TrustEntry>, serde_json::Error> {
    let mut entries = serde_json::from_slice::<TrustFile>(bytes)?.trusted;
    // Kept sorted, so lookups are binary searches (10,000 entries × 10,000 rows).
    entries.sort();
    entries.dedup();
    Ok(entries)
}

impl TrustStore {
    /// A store that lives only in memory (tests, or no config folder).
    pub fn in_memory() -> Self {
        TrustStore::default()
    }

    /// Open the list at `path`. A missing file is an empty list; a corrupt one is moved aside
    /// and reported in the second value.
    pub fn open(path: &Path) -> (TrustStore, Option<TrustError>) {
        let mut store = TrustStore {
            path: Some(path.to_path_buf()),
            entries: Vec::new(),
        };
        let found = crate::files::read_regular(path).and_then(|found| match found {
            Found::Bytes(bytes) => Ok(Some(bytes)),
            Found::Missing => Ok(None),
            Found::Symlink => Err(NotUsable::Symlink.into()),
        });
        let bytes = match found {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return (store, None),
            Err(source) => {
                // A link, a FIFO, a device, a huge file, no permission: report it, never read
                // through it and never overwrite it.
                store.path = None;
                let path = path.to_path_buf();
                return (store, Some(TrustError::Read { path, source }));
            }
        };
        match parse_list(&bytes) {
            Ok(entries) => {
                store.entries = entries;
                (store, None)
            }
            Err(e) => {
                let warning = match crate::files::move_aside(path) {
                    Ok(backup) => TrustError::Corrupt {
                        path: path.to_path_buf(),
                        reason: e.to_string(),
                        backup,
                    },
                    Err(source) => {
                        // Could not move it aside: never overwrite it either.
                        store.path = None;
                        TrustError::Read {
                            path: path.to_path_buf(),
                            source,
                        }
                    }
                };
                (store, Some(warning))
            }
        }
    }

    /// True when `row` is covered by the list.
    pub fn is_trusted(&self, row: &SocketRow) -> bool {
        covers(&self.entries, row)
    }

    /// The entries as they are now, for the engine thread.
    pub fn list(&self) -> TrustList {
        TrustList {
            entries: self.entries.as_slice().into(),
        }
    }

    /// Every entry.
    pub fn entries(&self) -> &[TrustEntry] {
        &self.entries
    }

    /// Add an entry and save (merged with what other windows saved meanwhile).
    pub fn add(&mut self, entry: TrustEntry) -> Result<(), TrustError> {
        if let Err(at) = self.entries.binary_search(&entry) {
            self.entries.insert(at, entry.clone());
        }
        self.save(PendingSave::new(&self.path, vec![entry], Vec::new()))
    }

    /// Add many entries at once. The list changes now; the returned save writes the file once
    /// and can run on another thread.
    #[must_use = "the entries are not saved until the returned save is written"]
    pub fn add_all(&mut self, entries: impl IntoIterator<Item = TrustEntry>) -> PendingSave {
        let added: Vec<TrustEntry> = entries.into_iter().collect();
        self.entries.extend(added.iter().cloned());
        self.entries.sort();
        self.entries.dedup();
        PendingSave::new(&self.path, added, Vec::new())
    }

    /// Remove an entry and save (merged with what other windows saved meanwhile).
    pub fn remove(&mut self, entry: &TrustEntry) -> Result<(), TrustError> {
        self.entries.retain(|e| e != entry);
        self.save(PendingSave::new(
            &self.path,
            Vec::new(),
            vec![entry.clone()],
        ))
    }

    /// Write `save`; on success the list becomes the file's, other windows' changes included.
    fn save(&mut self, save: PendingSave) -> Result<(), TrustError> {
        if let Some(merged) = save.write_merged()? {
            self.entries = merged;
        }
        Ok(())
    }
}

/// A change to the list, to be saved: [`PendingSave::write`] takes the lock beside the file,
/// reads it again, applies this change to it and replaces it atomically, so two windows on one
/// folder never undo each other's changes.
#[derive(Debug)]
pub struct PendingSave {
    path: Option<PathBuf>,
    add: Vec<TrustEntry>,
    remove: Vec<TrustEntry>,
}

impl PendingSave {
    fn new(path: &Option<PathBuf>, add: Vec<TrustEntry>, remove: Vec<TrustEntry>) -> Self {
        PendingSave {
            path: path.clone(),
            add,
            remove,
        }
    }

    /// Write the file (nothing for an in-memory list).
    pub fn write(self) -> Result<(), TrustError> {
        self.write_merged().map(drop)
    }

    /// Write the file; the entries it holds now (`None` for an in-memory list).
    fn write_merged(self) -> Result<Option<Vec<TrustEntry>>, TrustError> {
        let Some(path) = self.path else {
            return Ok(None);
        };
        let merge = || -> std::io::Result<Vec<TrustEntry>> {
            let _lock = crate::files::lock_beside(&path)?;
            let mut entries = match crate::files::read_regular(&path)? {
                Found::Missing => Vec::new(),
                Found::Bytes(bytes) => parse_list(&bytes)
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?,
                Found::Symlink => return Err(NotUsable::Symlink.into()),
            };
            entries.extend(self.add);
            entries.sort();
            entries.dedup();
            entries.retain(|e| !self.remove.contains(e));
            let file = TrustFile {
                version: 1,
                trusted: entries,
            };
            let text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
            crate::files::write_atomic(&path, text.as_bytes())?;
            Ok(file.trusted)
        };
        match merge() {
            Ok(entries) => Ok(Some(entries)),
            Err(source) => Err(TrustError::Write { path, source }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TcpState;
    use crate::model::fixtures::tcp;

    #[test]
    fn add_persists_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("trusted.json");
        let row = tcp("0.0.0.0", 7626, TcpState::Listen, 5, "mytool");
        let (mut store, warning) = TrustStore::open(&path);
        assert!(warning.is_none());
        assert!(!store.is_trusted(&row));
        store.add(TrustEntry::for_row(&row).unwrap()).unwrap();
        let (reopened, warning) = TrustStore::open(&path);
        assert!(warning.is_none());
        assert!(reopened.is_trusted(&row));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("/usr/bin/mytool") && text.contains("7626"),
            "human-readable: {text}"
        );
        let mut other_port = row.clone();
        other_port.local_port = 7627;
        assert!(!reopened.is_trusted(&other_port));
    }

    #[test]
    fn remove_undoes_trust() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trusted.json");
        let row = tcp("0.0.0.0", 22, TcpState::Listen, 5, "sshd");
        let (mut store, _) = TrustStore::open(&path);
        let entry = TrustEntry::for_row(&row).unwrap();
        store.add(entry.clone()).unwrap();
        store.remove(&entry).unwrap();
        assert!(!TrustStore::open(&path).0.is_trusted(&row));
    }

    #[test]
    fn corrupt_file_is_kept_aside_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trusted.json");
        std::fs::write(&path, "{ this is not json").unwrap();
        let (store, warning) = TrustStore::open(&path);
        assert!(store.entries().is_empty());
        let Some(TrustError::Corrupt { backup, .. }) = warning else {
            panic!("expected Corrupt, got {warning:?}")
        };
        assert_eq!(
            std::fs::read_to_string(&backup).unwrap(),
            "{ this is not json"
        );
        assert!(!path.exists());
    }

    #[test]
    fn invalid_utf8_is_kept_aside_as_a_read_problem_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trusted.json");
        let original: &[u8] =
            b"{\"version\":1,\"trusted\":[{\"path\":\"/opt/\xff\xfe\",\"port\":1}]}";
        std::fs::write(&path, original).unwrap();
        let (mut store, warning) = TrustStore::open(&path);
        assert!(store.entries().is_empty());
        let Some(TrustError::Corrupt { backup, .. }) = &warning else {
            panic!("expected a read problem (Corrupt), got {warning:?}")
        };
        assert_eq!(std::fs::read(backup).unwrap(), original);
        // Saving afterwards writes a fresh list; the kept copy is untouched.
        let row = tcp("0.0.0.0", 22, TcpState::Listen, 5, "sshd");
        store.add(TrustEntry::for_row(&row).unwrap()).unwrap();
        assert_eq!(std::fs::read(backup).unwrap(), original);
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("trusted.json.corrupt-"))
            .collect();
        assert_eq!(kept.len(), 1, "{kept:?}");
    }

    #[test]
    fn an_unreadable_file_is_a_read_problem_and_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be: it cannot be read as a list.
        let path = dir.path().join("trusted.json");
        std::fs::create_dir(&path).unwrap();
        let (mut store, warning) = TrustStore::open(&path);
        assert!(
            matches!(warning, Some(TrustError::Read { .. })),
            "{warning:?}"
        );
        assert!(warning.unwrap().to_string().contains("read"));
        let row = tcp("0.0.0.0", 22, TcpState::Listen, 5, "sshd");
        store.add(TrustEntry::for_row(&row).unwrap()).unwrap();
        assert!(path.is_dir(), "never replaced");
    }

    /// Issue 14, bug 4: the list was read with `std::fs::read`, through links and from devices.
    #[cfg(unix)]
    #[test]
    fn a_link_to_a_list_elsewhere_is_not_honoured_nor_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.json");
        let row = tcp("0.0.0.0", 7626, TcpState::Listen, 5, "mytool");
        let (mut other, _) = TrustStore::open(&elsewhere);
        other.add(TrustEntry::for_row(&row).unwrap()).unwrap();
        let before = std::fs::read(&elsewhere).unwrap();
        for name in ["trusted.json", "baseline.json"] {
            let path = dir.path().join(name);
            std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
            let (mut store, warning) = TrustStore::open(&path);
            assert!(
                !store.is_trusted(&row),
                "{name}: the link's list is not used"
            );
            let Some(TrustError::Read { source, .. }) = &warning else {
                panic!("{name}: expected a read problem, got {warning:?}")
            };
            assert!(source.to_string().contains("symbolic link"), "{source}");
            let row = tcp("0.0.0.0", 22, TcpState::Listen, 5, "sshd");
            store.add(TrustEntry::for_row(&row).unwrap()).unwrap();
            assert!(std::fs::symlink_metadata(&path).unwrap().is_symlink());
        }
        assert_eq!(
            std::fs::read(&elsewhere).unwrap(),
            before,
            "never written through"
        );
        // A link to a device is refused the same way, without reading it.
        let zero = dir.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(matches!(
            TrustStore::open(&zero).1,
            Some(TrustError::Read { .. })
        ));
    }

    /// Issue 14, bugs 4 and 7: a FIFO blocked the open; a huge file was swallowed whole.
    #[cfg(unix)]
    #[test]
    fn fifos_and_oversized_lists_are_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let huge = dir.path().join("trusted.json");
        let mut text = b"{\"version\":1,\"trusted\":[]".to_vec();
        text.resize(crate::files::MAX_READ_BYTES as usize + 1, b' ');
        text.push(b'}');
        std::fs::write(&huge, &text).unwrap();
        let (mut store, warning) = TrustStore::open(&huge);
        assert!(
            matches!(warning, Some(TrustError::Read { .. })),
            "{warning:?}"
        );
        let row = tcp("0.0.0.0", 22, TcpState::Listen, 5, "sshd");
        store.add(TrustEntry::for_row(&row).unwrap()).unwrap();
        assert_eq!(std::fs::read(&huge).unwrap(), text, "never overwritten");

        let fifo = dir.path().join("baseline.json");
        crate::files::make_fifo(&fifo);
        let at = fifo.clone();
        let (_, warning) = crate::files::without_blocking(&fifo, move || TrustStore::open(&at));
        assert!(
            matches!(warning, Some(TrustError::Read { .. })),
            "{warning:?}"
        );
    }

    fn entry(i: u16) -> TrustEntry {
        TrustEntry {
            path: format!("/usr/bin/prog{i}"),
            port: i,
            protocol: Protocol::Tcp,
        }
    }

    /// Issue 14, bug 8: two windows on one folder; the second save dropped the first's entry.
    #[test]
    fn two_stores_on_one_folder_keep_each_others_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trusted.json");
        let (mut first, _) = TrustStore::open(&path);
        let (mut second, _) = TrustStore::open(&path);
        first.add(entry(1)).unwrap();
        second.add(entry(2)).unwrap();
        assert_eq!(
            second.entries(),
            [entry(1), entry(2)],
            "picks up the other's"
        );
        first.remove(&entry(1)).unwrap();
        second.add(entry(3)).unwrap();
        assert_eq!(TrustStore::open(&path).0.entries(), [entry(2), entry(3)]);
        // A batch saved off the UI thread merges too.
        first.add_all([entry(4)]).write().unwrap();
        assert_eq!(
            TrustStore::open(&path).0.entries(),
            [entry(2), entry(3), entry(4)]
        );
    }

    /// Two stores saving at the same time on two threads: the lock beside the file makes each
    /// read-change-replace whole, so no entry is lost.
    #[test]
    fn simultaneous_saves_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trusted.json");
        let savers: Vec<_> = [0u16, 1]
            .into_iter()
            .map(|half| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let (mut store, _) = TrustStore::open(&path);
                    for i in 0..60 {
                        store.add(entry(half * 1000 + i)).unwrap();
                    }
                })
            })
            .collect();
        for saver in savers {
            saver.join().unwrap();
        }
        assert_eq!(TrustStore::open(&path).0.entries().len(), 120);
    }

    #[test]
    fn adding_ten_thousand_entries_writes_the_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.json");
        let (mut store, _) = TrustStore::open(&path);
        let entries: Vec<TrustEntry> = (0..10_000u32)
            .map(|i| TrustEntry {
                path: format!("/usr/bin/prog{}", i / 100),
                port: 1000 + (i % 60_000) as u16,
                protocol: if i % 2 == 0 {
                    Protocol::Tcp
                } else {
                    Protocol::Udp
                },
            })
            .collect();
        let before = crate::files::writes_on_this_thread();
        let save = store.add_all(entries.clone());
        assert_eq!(store.entries().len(), 10_000, "in memory at once");
        assert_eq!(
            crate::files::writes_on_this_thread(),
            before,
            "not yet written"
        );
        save.write().unwrap();
        assert_eq!(crate::files::writes_on_this_thread() - before, 1);
        let (reopened, warning) = TrustStore::open(&path);
        assert!(warning.is_none());
        assert_eq!(reopened.entries().len(), 10_000);
        let mut sorted = entries;
        sorted.sort();
        assert_eq!(reopened.entries(), &sorted[..]);
    }

    /// Bytes a list file might hold: anything, valid lists, and valid lists cut or bent.
    pub(crate) fn list_bytes() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let entry =
            ("\\PC{0,12}", any::<u16>(), any::<bool>()).prop_map(|(path, port, tcp)| TrustEntry {
                path,
                port,
                protocol: if tcp { Protocol::Tcp } else { Protocol::Udp },
            });
        let valid =
            (any::<u32>(), prop::collection::vec(entry, 0..5)).prop_map(|(version, trusted)| {
                serde_json::to_vec(&TrustFile { version, trusted }).unwrap_or_default()
            });
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..64),
            valid.clone(),
            (valid, any::<prop::sample::Index>(), any::<u8>()).prop_map(|(mut v, at, b)| {
                if !v.is_empty() {
                    let i = at.index(v.len());
                    if b % 2 == 0 { v.truncate(i) } else { v[i] = b }
                }
                v
            }),
            prop::sample::select(vec![
                &b""[..], b"{}", b"null", b"[]", b"{\"version\":1}", b"{\"trusted\":[]}",
                b"{\"trusted\":[],\"trusted\":[]}", b"\xef\xbb\xbf{\"trusted\":[]}",
                b"{\"version\":1,\"trusted\":[{\"path\":\"/x\",\"port\":70000,\"protocol\":\"tcp\"}]}",
            ]).prop_map(<[u8]>::to_vec),
        ]
    }

    proptest::proptest! {
        // Cases: PROPTEST_CASES (256 by default; .ci/run sets 10,000 in a release build).
        #![proptest_config(proptest::prelude::ProptestConfig::default())]

        /// Issue 9: opening any bytes never panics and never loses them: they are either read
        /// (and the file is left as it was) or kept, byte for byte, in a `.corrupt-*` file.
        #[test]
        fn opening_any_bytes_never_loses_them(bytes in list_bytes(), baseline in proptest::prelude::any::<bool>()) {
            use proptest::prop_assert;
            use proptest::prop_assert_eq;
            let dir = tempfile::tempdir().unwrap();
            let name = if baseline { "baseline.json" } else { "trusted.json" };
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            let (store, warning) = TrustStore::open(&path);
            match warning {
                None => {
                    prop_assert!(serde_json::from_slice::<serde_json::Value>(&bytes).is_ok());
                    prop_assert_eq!(store.entries(), &parse_list(&bytes).unwrap()[..]);
                    prop_assert_eq!(std::fs::read(&path).unwrap(), bytes);
                }
                Some(TrustError::Corrupt { backup, .. }) => {
                    prop_assert!(parse_list(&bytes).is_err());
                    prop_assert!(store.entries().is_empty());
                    prop_assert!(!path.exists());
                    let kept = backup.file_name().unwrap().to_string_lossy().into_owned();
                    prop_assert!(kept.starts_with(&format!("{name}.corrupt-")), "{}", kept);
                    prop_assert_eq!(std::fs::read(&backup).unwrap(), bytes);
                }
                Some(other) => prop_assert!(false, "unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn rows_without_a_path_cannot_be_trusted() {
        let mut row = tcp("0.0.0.0", 22, TcpState::Listen, 5, "sshd");
        std::sync::Arc::make_mut(row.process_mut().unwrap()).path = None;
        assert!(TrustEntry::for_row(&row).is_none());
    }
}
