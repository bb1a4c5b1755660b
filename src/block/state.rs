//! PortScope's record of its blocks, `blocks.json` in a folder only the administrator can
//! change: `/var/lib/portscope` on Linux (the "always" blocks the boot unit puts back),
//! `%ProgramData%\PortScope` on Windows (every block with its expiry, which PortScope enforces).
//! `PORTSCOPE_STATE_DIR` chooses another folder (tests; it must meet the same checks).
//!
//! Written atomically, never through a symlink (`files::write_atomic`), read only as a regular
//! file (`files::read_regular`); the folder must be a real folder of the current user (root),
//! writable by nobody else. Changes are made under `blocks.json.lock`, so two PortScopes
//! blocking at once take turns.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{BlockError, BlockId, Kind};
use crate::files::{Found, lock_beside, read_regular, write_atomic};
use crate::model::Protocol;

/// One block as PortScope recorded it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Recorded {
    /// `tcp` or `udp`.
    pub protocol: Protocol,
    /// The port.
    pub port: u16,
    /// What kind of block.
    pub kind: Kind,
    /// When it was made.
    pub added_at: DateTime<Utc>,
    /// When a timed block is to be lifted (Windows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// The system's boot time (seconds since 1970) when an until-restart block was made
    /// (Windows: a different boot time means the computer restarted since).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boot_time: Option<u64>,
}

impl Recorded {
    /// Its port and protocol.
    pub fn id(&self) -> BlockId {
        BlockId {
            protocol: self.protocol,
            port: self.port,
        }
    }
}

/// The whole file.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StateFile {
    /// The format's version: 1.
    #[serde(default)]
    pub version: u32,
    /// The blocks, by protocol and port.
    #[serde(default)]
    pub blocks: Vec<Recorded>,
}

impl StateFile {
    /// The record of `id`.
    pub fn get(&self, id: BlockId) -> Option<&Recorded> {
        self.blocks.iter().find(|r| r.id() == id)
    }

    /// This file with `record` in place of any record of the same port.
    pub fn with(&self, record: Recorded) -> StateFile {
        let mut next = self.without(record.id());
        next.blocks.push(record);
        next.blocks.sort_by_key(Recorded::id);
        next
    }

    /// This file without a record of `id`.
    pub fn without(&self, id: BlockId) -> StateFile {
        StateFile {
            version: 1,
            blocks: self
                .blocks
                .iter()
                .filter(|r| r.id() != id)
                .cloned()
                .collect(),
        }
    }
}

/// Where the state file lives, and the careful reading and writing of it.
#[derive(Clone, Debug)]
pub struct StateStore {
    dir: PathBuf,
}

/// The file's name in its folder.
const FILE: &str = "blocks.json";

impl StateStore {
    /// The state folder `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> StateStore {
        StateStore { dir: dir.into() }
    }

    /// `PORTSCOPE_STATE_DIR`, else this system's folder.
    pub fn system() -> StateStore {
        if let Some(dir) = std::env::var_os("PORTSCOPE_STATE_DIR").filter(|d| !d.is_empty()) {
            return StateStore::at(dir);
        }
        StateStore::at(default_dir())
    }

    /// The state file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE)
    }

    fn error(&self, path: &Path, why: impl std::fmt::Display) -> BlockError {
        BlockError::State {
            path: path.display().to_string(),
            why: why.to_string(),
        }
    }

    /// Make the folder if it is missing (only its owner may enter it) and check it.
    fn prepare(&self) -> Result<(), BlockError> {
        if std::fs::symlink_metadata(&self.dir).is_err() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder
                .create(&self.dir)
                .map_err(|e| self.error(&self.dir, e))?;
        }
        self.check_dir()
    }

    /// The folder must be a real folder (not a link) of this user, writable by no one else.
    fn check_dir(&self) -> Result<(), BlockError> {
        let meta = std::fs::symlink_metadata(&self.dir).map_err(|e| self.error(&self.dir, e))?;
        if meta.file_type().is_symlink() || !meta.is_dir() {
            return Err(self.error(&self.dir, "not a folder (a symbolic link or a file)"));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            if meta.uid() != nix::unistd::geteuid().as_raw() || meta.mode() & 0o022 != 0 {
                return Err(self.error(
                    &self.dir,
                    "the folder belongs to another user or others may write to it",
                ));
            }
        }
        Ok(())
    }

    /// Take the lock beside the file: one PortScope at a time changes blocks. Held until the
    /// returned file is dropped; waits up to 10 s.
    pub fn lock(&self) -> Result<std::fs::File, BlockError> {
        self.prepare()?;
        lock_beside(&self.path()).map_err(|e| {
            if e.kind() == std::io::ErrorKind::WouldBlock {
                BlockError::Busy(e.to_string())
            } else {
                self.error(&self.path(), e)
            }
        })
    }

    /// The recorded blocks; none when there is no file (or no folder) yet. A file that is not
    /// ours to read (a link, a FIFO, not JSON) is an error and is left as it is.
    pub fn read(&self) -> Result<StateFile, BlockError> {
        if std::fs::symlink_metadata(&self.dir).is_err() {
            return Ok(StateFile::default());
        }
        self.check_dir()?;
        let path = self.path();
        match read_regular(&path).map_err(|e| self.error(&path, e))? {
            Found::Missing => Ok(StateFile::default()),
            Found::Symlink => Err(self.error(&path, "a symbolic link; it was not followed")),
            Found::Bytes(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| self.error(&path, format!("not a block list ({e})"))),
        }
    }

    /// Replace the file with `state`, atomically.
    pub fn write(&self, state: &StateFile) -> Result<(), BlockError> {
        self.prepare()?;
        let path = self.path();
        let mut bytes = serde_json::to_vec_pretty(state).map_err(|e| self.error(&path, e))?;
        bytes.push(b'\n');
        write_atomic(&path, &bytes).map_err(|e| self.error(&path, e))
    }
}

/// `/var/lib/portscope`; on Windows `%ProgramData%\PortScope`.
fn default_dir() -> PathBuf {
    if cfg!(windows) {
        let data = std::env::var_os("ProgramData").unwrap_or_else(|| r"C:\ProgramData".into());
        PathBuf::from(data).join("PortScope")
    } else {
        PathBuf::from("/var/lib/portscope")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(port: u16, kind: Kind) -> Recorded {
        Recorded {
            protocol: Protocol::Tcp,
            port,
            kind,
            added_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            expires_at: None,
            boot_time: None,
        }
    }

    #[test]
    fn the_file_keeps_one_record_per_port_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::at(dir.path().join("state"));
        assert_eq!(store.read().unwrap(), StateFile::default());
        let state = StateFile::default()
            .with(record(8080, Kind::Always))
            .with(record(22, Kind::Always))
            .with(record(8080, Kind::Timed));
        assert_eq!(
            state
                .blocks
                .iter()
                .map(|r| (r.port, r.kind))
                .collect::<Vec<_>>(),
            [(22, Kind::Always), (8080, Kind::Timed)]
        );
        store.write(&state).unwrap();
        assert_eq!(store.read().unwrap(), state);
        let text = std::fs::read_to_string(store.path()).unwrap();
        assert!(text.contains("\"kind\": \"always\""), "{text}");
        assert_eq!(
            store
                .read()
                .unwrap()
                .without(record(22, Kind::Always).id())
                .blocks
                .len(),
            1
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_is_private_and_links_are_refused() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::at(dir.path().join("state"));
        let _lock = store.lock().unwrap();
        let mode = std::fs::metadata(dir.path().join("state"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700, "{mode:o}");
        // A planted link in place of the file: refused, and its target never written.
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, store.path()).unwrap();
        assert!(matches!(store.read(), Err(BlockError::State { .. })));
        store.write(&StateFile::default()).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        // A folder others may write to is refused.
        let open = dir.path().join("open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
        let err = StateStore::at(&open)
            .write(&StateFile::default())
            .unwrap_err();
        assert!(err.to_string().contains("others may write"), "{err}");
        // A linked folder is refused.
        let linked = dir.path().join("linked");
        std::os::unix::fs::symlink(dir.path().join("state"), &linked).unwrap();
        assert!(StateStore::at(&linked).read().is_err());
        // Not JSON: an error, and the file stays.
        std::fs::remove_file(store.path()).unwrap();
        std::fs::write(store.path(), "garbage").unwrap();
        assert!(
            store
                .read()
                .unwrap_err()
                .to_string()
                .contains("not a block list")
        );
        assert_eq!(std::fs::read_to_string(store.path()).unwrap(), "garbage");
    }

    #[test]
    fn a_second_holder_of_the_lock_waits_and_then_gives_up_busy() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::at(dir.path());
        let held = store.lock().unwrap();
        let other = store.clone();
        let started = std::time::Instant::now();
        let second = std::thread::spawn(move || other.lock().map(drop));
        let result = second.join().unwrap();
        assert!(matches!(result, Err(BlockError::Busy(_))), "{result:?}");
        assert!(started.elapsed() >= std::time::Duration::from_secs(9));
        drop(held);
        store.lock().unwrap();
    }
}
