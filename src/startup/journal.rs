//! The undo journal (`startup-journal.json` in PortScope's config folder): before any change, a
//! record of every file's exact old bytes, mode and owner (and the new ones), and of every
//! symlink to be removed, is written atomically. `enable` puts them back and checks they read
//! back the same. A record still `pending` (a crash between writing it and acting, or between
//! acting and marking it done) is reconciled on the next use by comparing the disk with the
//! recorded before and after states.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Entry, Kind, Scope, StartupError, text};
use crate::files::{Found, Perms};
use crate::i18n::{Msg, Tr};

/// A file's bytes with its mode and owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// The exact bytes.
    pub bytes: Vec<u8>,
    /// Mode and owner.
    pub perms: Perms,
}

/// One change that disabling makes; enabling makes it backwards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// A file goes from `before` to `after` (`None`: no file).
    File {
        /// The file's path, as bytes (any name survives the JSON).
        path: Vec<u8>,
        /// Before disabling.
        before: Option<Saved>,
        /// After disabling.
        after: Option<Saved>,
    },
    /// A Windows registry value that goes from `before` to `after` (`None`: no value): a Run
    /// value deleted, a service's `Start` set to Disabled; type and bytes kept exactly.
    RegValue {
        /// The hive.
        hive: super::runkey::Hive,
        /// The key under it.
        key: String,
        /// The value's name, as UTF-16 units.
        name: Vec<u16>,
        /// Before disabling.
        before: Option<super::runkey::RegData>,
        /// After disabling.
        after: Option<super::runkey::RegData>,
    },
    /// A symbolic link that disabling removes (a unit's `.wants` link).
    Link {
        /// The link's path, as bytes.
        path: Vec<u8>,
        /// What it points to, as bytes.
        target: Vec<u8>,
    },
}

/// A path's bytes.
pub fn path_bytes(path: &Path) -> Vec<u8> {
    path.as_os_str().as_encoded_bytes().to_vec()
}

impl Change {
    /// The file or link it changes.
    pub fn path(&self) -> PathBuf {
        match self {
            Change::File { path, .. } | Change::Link { path, .. } => super::exec::bytes_path(path),
            Change::RegValue {
                hive, key, name, ..
            } => PathBuf::from(super::runkey::shown(*hive, key, name)),
        }
    }
}

/// Where a change stands on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OnDisk {
    Before,
    After,
    /// Neither: someone else changed it.
    Other,
}

fn file_state(path: &Path) -> std::io::Result<Option<Option<Saved>>> {
    Ok(match crate::files::read_regular(path)? {
        Found::Missing => Some(None),
        Found::Symlink => None,
        Found::Bytes(bytes) => Some(Some(Saved {
            bytes,
            perms: super::perms_of(path)?,
        })),
    })
}

fn on_disk(change: &Change) -> std::io::Result<OnDisk> {
    let path = change.path();
    match change {
        Change::File { before, after, .. } => Ok(match file_state(&path)? {
            Some(now) if now == *before => OnDisk::Before,
            Some(now) if now == *after => OnDisk::After,
            _ => OnDisk::Other,
        }),
        Change::RegValue {
            hive,
            key,
            name,
            before,
            after,
        } => Ok(match super::runkey::read(*hive, key, name)? {
            now if now == *before => OnDisk::Before,
            now if now == *after => OnDisk::After,
            _ => OnDisk::Other,
        }),
        Change::Link { target, .. } => match std::fs::read_link(&path) {
            Ok(now) if path_bytes(&now) == *target => Ok(OnDisk::Before),
            Ok(_) => Ok(OnDisk::Other),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(OnDisk::After),
            // Something that is not a link stands there.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Ok(OnDisk::Other),
            Err(e) => Err(e),
        },
    }
}

/// Put `state` at `path` (a file with its bytes, mode and owner, or no file).
fn put(path: &Path, state: Option<&Saved>) -> std::io::Result<()> {
    match state {
        Some(saved) => {
            if let Some(dir) = path.parent()
                && !dir.exists()
            {
                // A folder made for the user's file (their ~/.config/autostart) is theirs too.
                std::fs::create_dir_all(dir)?;
                #[cfg(unix)]
                std::os::unix::fs::chown(dir, Some(saved.perms.uid), Some(saved.perms.gid))?;
            }
            crate::files::write_atomic_as(path, &saved.bytes, saved.perms)
        }
        None => match std::fs::remove_file(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        },
    }
}

/// Make `change` forwards (disable) or backwards (enable), after checking that the disk holds
/// the state it starts from.
fn make(change: &Change, forwards: bool) -> Result<(), StartupError> {
    let path = change.path();
    let io = |e: std::io::Error| StartupError::io(&path, &e);
    let from = if forwards {
        OnDisk::Before
    } else {
        OnDisk::After
    };
    if on_disk(change).map_err(io)? != from {
        return Err(StartupError::ChangedMeanwhile(text(&path)));
    }
    match (change, forwards) {
        (Change::File { after, .. }, true) => put(&path, after.as_ref()).map_err(io),
        (Change::File { before, .. }, false) => put(&path, before.as_ref()).map_err(io),
        (
            Change::RegValue {
                hive,
                key,
                name,
                before,
                after,
            },
            forwards,
        ) => {
            let to = if forwards { after } else { before };
            super::runkey::put(*hive, key, name, to.as_ref()).map_err(io)
        }
        (Change::Link { .. }, true) => std::fs::remove_file(&path).map_err(io),
        (Change::Link { target, .. }, false) => {
            link(&super::exec::bytes_path(target), &path).map_err(io)
        }
    }
}

fn link(target: &Path, path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(target, path);
    #[cfg(not(unix))]
    {
        let _ = (target, path);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// Whether this process may replace or remove entries in `path`'s folder (the rename and the
/// unlink need the folder writable); checked before anything is recorded.
fn may_write(path: &Path) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let mut dir = path.parent().unwrap_or(Path::new("/"));
        // A folder still to be made (the user's autostart): its nearest existing parent.
        while !dir.exists() {
            match dir.parent() {
                Some(up) => dir = up,
                None => break,
            }
        }
        rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).is_ok()
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = path;
        true
    }
}

/// Whether this process may make every change of disabling `entry`: else "needs
/// administrator rights", before anything is recorded or changed.
pub fn check_rights(entry: &Entry) -> Result<(), StartupError> {
    match entry.plan.iter().find(|c| !may_write(&c.path())) {
        Some(change) => Err(StartupError::NeedsAdmin(text(&change.path()))),
        None => Ok(()),
    }
}

/// Whether a record's change is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Written before acting: the change may or may not have happened.
    Pending,
    /// Made and read back inert.
    Done,
}

/// The disabling of one entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The entry's id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its file, as shown.
    pub path: String,
    /// What it ran.
    pub command: String,
    /// Pending or done.
    pub state: State,
    /// When (RFC 3339).
    pub at: String,
    /// The changes, in the order they are made.
    pub changes: Vec<Change>,
}

impl Record {
    /// The record of disabling `entry`, written before anything is changed.
    pub fn pending(entry: &Entry) -> Record {
        Record {
            id: entry.id.clone(),
            kind: entry.kind,
            path: entry.path.clone(),
            command: entry.command.clone(),
            state: State::Pending,
            at: chrono::Utc::now().to_rfc3339(),
            changes: entry.plan.clone(),
        }
    }
}

/// The journal file's contents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// The format's version (1).
    pub version: u32,
    /// One per entry PortScope has disabled (or is disabling).
    pub records: Vec<Record>,
}

/// What reconciling a pending record found and did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Nothing had been changed: the record is dropped.
    NeverMade(String),
    /// Everything had been changed: the record is marked done.
    Finished(String),
    /// Part had been changed: put back as it was, the record dropped.
    RolledBack(String),
    /// The files are neither as before nor as after: left alone, the record kept.
    Stuck(String),
}

impl Recovery {
    /// In words.
    pub fn message(&self, tr: &Tr) -> String {
        match self {
            Recovery::NeverMade(p) => tr.f(Msg::StartupRecoveredNeverMade, &[p]),
            Recovery::Finished(p) => tr.f(Msg::StartupRecoveredFinished, &[p]),
            Recovery::RolledBack(p) => tr.f(Msg::StartupRecoveredRolledBack, &[p]),
            Recovery::Stuck(p) => tr.f(Msg::StartupRecoveredStuck, &[p]),
        }
    }
}

/// The journal's file in PortScope's config folder.
pub fn default_path() -> Option<PathBuf> {
    crate::files::config_file("startup-journal.json")
}

impl Journal {
    /// Read the journal at `path` (none yet: empty). A journal that can't be read is an error,
    /// never replaced: it may hold the only copy of a file's old bytes.
    pub fn load(path: &Path) -> Result<Journal, StartupError> {
        let fail = |why: String| StartupError::Journal {
            path: text(path),
            why,
        };
        match crate::files::read_regular(path) {
            Ok(Found::Missing) => Ok(Journal {
                version: 1,
                records: Vec::new(),
            }),
            Ok(Found::Bytes(bytes)) => {
                serde_json::from_slice(&bytes).map_err(|e| fail(e.to_string()))
            }
            Ok(Found::Symlink) => Err(fail(crate::files::NotUsable::Symlink.to_string())),
            Err(e) => Err(fail(e.to_string())),
        }
    }

    /// Write it atomically (mode 0600).
    pub fn save(&self, path: &Path) -> Result<(), StartupError> {
        let fail = |why: String| StartupError::Journal {
            path: text(path),
            why,
        };
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| fail(e.to_string()))?;
        crate::files::write_atomic(path, &bytes).map_err(|e| fail(e.to_string()))
    }

    /// Whether the journal holds a finished disabling of `id`.
    pub fn holds(&self, id: &str) -> bool {
        self.records
            .iter()
            .any(|r| r.id == id && r.state == State::Done)
    }

    /// Settle every pending record against the disk (see [`Recovery`]).
    pub fn reconcile(&mut self) -> Vec<Recovery> {
        let mut found = Vec::new();
        let mut keep = Vec::new();
        for mut record in std::mem::take(&mut self.records) {
            if record.state == State::Done {
                keep.push(record);
                continue;
            }
            let states: Option<Vec<OnDisk>> =
                record.changes.iter().map(|c| on_disk(c).ok()).collect();
            let path = record.path.clone();
            match states {
                Some(s) if s.iter().all(|d| *d == OnDisk::Before) => {
                    found.push(Recovery::NeverMade(path));
                }
                Some(s) if s.iter().all(|d| *d == OnDisk::After) => {
                    record.state = State::Done;
                    keep.push(record);
                    found.push(Recovery::Finished(path));
                }
                Some(s) if !s.contains(&OnDisk::Other) && undo(&record.changes, &s).is_ok() => {
                    found.push(Recovery::RolledBack(path));
                }
                _ => {
                    keep.push(record);
                    found.push(Recovery::Stuck(path));
                }
            }
        }
        self.records = keep;
        found
    }
}

/// Make backwards, last first, the changes whose state is `After`.
fn undo(changes: &[Change], states: &[OnDisk]) -> Result<(), StartupError> {
    for (change, state) in changes.iter().zip(states).rev() {
        if *state == OnDisk::After {
            make(change, false)?;
        }
    }
    Ok(())
}

/// A journal opened for one change: locked, read, and its pending records reconciled.
pub struct Open {
    path: PathBuf,
    _lock: std::fs::File,
    /// The journal.
    pub journal: Journal,
    /// What reconciling found.
    pub recovered: Vec<Recovery>,
}

impl Open {
    /// Lock the journal at `path` (another PortScope waits), read it and settle pending records.
    pub fn at(path: &Path) -> Result<Open, StartupError> {
        let lock = crate::files::lock_beside(path).map_err(|e| StartupError::Journal {
            path: text(path),
            why: e.to_string(),
        })?;
        let mut journal = Journal::load(path)?;
        let recovered = journal.reconcile();
        if !recovered.is_empty() {
            journal.save(path)?;
        }
        Ok(Open {
            path: path.to_owned(),
            _lock: lock,
            journal,
            recovered,
        })
    }

    /// Disable the entry `id` of `scope`: record, act (`systemctl disable --now` for a system
    /// unit where systemd runs, else the recorded changes), find it again and check it is inert,
    /// then mark the record done. On any failure what was changed is put back.
    pub fn disable(&mut self, scope: &Scope, id: &str) -> Result<Entry, StartupError> {
        let found = super::find(scope, &self.journal);
        let entry = found
            .entries
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| StartupError::NotFound(id.to_owned()))?;
        if !entry.enabled {
            return Err(StartupError::AlreadyInert(entry.path));
        }
        if entry.plan.is_empty() {
            return Err(StartupError::CannotDisable(entry.kind.as_str().to_owned()));
        }
        check_rights(&entry)?;
        self.journal.records.push(Record::pending(&entry));
        self.journal.save(&self.path)?;
        let acted = match (&entry.unit, scope.roots.systemd_running) {
            (Some(unit), true) => systemctl(&["disable", "--now", unit]),
            _ => entry.plan.iter().try_for_each(|c| make(c, true)),
        };
        let checked = acted.and_then(|()| {
            let again = super::find(scope, &self.journal);
            // Gone (a deleted Run value) or still there but inert.
            let inert = again
                .entries
                .iter()
                .find(|e| e.id == id)
                .is_none_or(|e| !e.enabled);
            let all_after = entry
                .plan
                .iter()
                .all(|c| on_disk(c).is_ok_and(|d| d == OnDisk::After));
            if inert && all_after {
                Ok(())
            } else {
                Err(StartupError::NotInert(entry.path.clone()))
            }
        });
        if let Err(e) = checked {
            self.settle_failed(id);
            return Err(e);
        }
        if let Some(record) = self.journal.records.iter_mut().rev().find(|r| r.id == id) {
            record.state = State::Done;
        }
        self.journal.save(&self.path)?;
        let mut done = entry;
        done.enabled = false;
        done.disabled_by_portscope = true;
        Ok(done)
    }

    /// After a failed disable: put back what was changed, and drop the record if that worked
    /// (else it stays pending, for the next use to settle).
    fn settle_failed(&mut self, id: &str) {
        let Some(at) = self.journal.records.iter().rposition(|r| r.id == id) else {
            return;
        };
        let changes = self.journal.records[at].changes.clone();
        let states: Option<Vec<OnDisk>> = changes.iter().map(|c| on_disk(c).ok()).collect();
        match states {
            Some(s) if !s.contains(&OnDisk::Other) && undo(&changes, &s).is_ok() => {
                self.journal.records.remove(at);
            }
            _ => log::warn!("startup: disabling {id} failed halfway; the journal keeps its record"),
        }
        if let Err(e) = self.journal.save(&self.path) {
            log::warn!("startup: {e}");
        }
    }

    /// Enable again the entry `id` that PortScope disabled: check every file is as PortScope
    /// left it, put back the recorded bytes (mode and owner) and links, check they read back
    /// the same, then forget the record.
    pub fn enable(&mut self, id: &str, systemd_running: bool) -> Result<Record, StartupError> {
        let Some(at) = self
            .journal
            .records
            .iter()
            .position(|r| r.id == id && r.state == State::Done)
        else {
            return Err(StartupError::NotDisabledByUs(id.to_owned()));
        };
        let record = self.journal.records[at].clone();
        let mut states = Vec::new();
        for change in &record.changes {
            let path = change.path();
            let state = on_disk(change).map_err(|e| StartupError::io(&path, &e))?;
            if state == OnDisk::Other {
                return Err(StartupError::ChangedMeanwhile(text(&path)));
            }
            if state == OnDisk::After && !may_write(&path) {
                return Err(StartupError::NeedsAdmin(text(&path)));
            }
            states.push(state);
        }
        undo(&record.changes, &states)?;
        let back = record
            .changes
            .iter()
            .all(|c| on_disk(c).is_ok_and(|d| d == OnDisk::Before));
        if !back {
            return Err(StartupError::NotRestored(record.path));
        }
        if systemd_running && record.kind == Kind::Systemd {
            // systemd reads the links again; the unit starts at its next boot or when asked.
            systemctl(&["daemon-reload"])?;
        }
        self.journal.records.remove(at);
        self.journal.save(&self.path)?;
        Ok(record)
    }
}

/// Run `systemctl ARGS` (an argument vector, never a shell); its stderr is the reason.
fn systemctl(args: &[&str]) -> Result<(), StartupError> {
    let out = std::process::Command::new("systemctl")
        .args(args)
        .output()
        .map_err(|e| StartupError::Systemctl(e.to_string()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(StartupError::Systemctl(
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        ))
    }
}

#[cfg(test)]
mod tests;
