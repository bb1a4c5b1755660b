//! What PortScope knows about a process that owns a socket.

use std::borrow::Cow;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::origin::Origin;
use super::text::path_text;

/// A process that owns one or more sockets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessInfo {
    /// Process ID.
    pub pid: u32,
    /// Short program name (as the OS reports it; may be hostile text).
    pub name: String,
    /// Full path of the executable, where readable, exactly as the OS gives it (bytes that are
    /// not UTF-8 included; without Linux's " (deleted)" mark: see `exe_deleted`). Compared as it
    /// is; shown and keyed as text through [`ProcessInfo::path_text`].
    pub path: Option<PathBuf>,
    /// Command line, one argument per entry.
    pub cmdline: Vec<String>,
    /// Name of the user the process runs as.
    pub user: Option<String>,
    /// When the process started.
    pub started_at: Option<DateTime<Utc>>,
    /// Parent process ID.
    pub parent_pid: Option<u32>,
    /// The file at `path` was deleted after the process started (Linux marks the exe link
    /// " (deleted)"); shown that way by [`ProcessInfo::shown_path`].
    pub exe_deleted: bool,
    /// Of a deleted executable: a genuine executable is at the path again (replaced, as by a
    /// package update): see `collector::procfs::genuine_replacement` for what counts.
    pub exe_replaced: bool,
    /// A precise start marker that tells this process from a later one with the same PID: on
    /// Linux the clock-tick start time (`/proc/<pid>/stat` field 22). `None` where unknown.
    pub start_token: Option<u64>,
    /// Where the program comes from: package, service, container, launch chain (issue 16).
    pub origin: Origin,
}

impl ProcessInfo {
    /// The path as lossless text ([`path_text`]: bytes that are not UTF-8 as `\xNN`), the form
    /// the trust list and the rules compare.
    pub fn path_text(&self) -> Option<Cow<'_, str>> {
        self.path.as_deref().map(path_text)
    }

    /// The path as the user should see it: [`ProcessInfo::path_text`], with " (deleted)" when
    /// the file is gone, as Linux and every other tool show it.
    pub fn shown_path(&self) -> Option<Cow<'_, str>> {
        let path = self.path_text()?;
        Some(if self.exe_deleted {
            format!("{path} (deleted)").into()
        } else {
            path
        })
    }

    /// The identity the user saw: enough to tell this process from a later one that reuses its PID.
    pub fn identity(&self) -> ProcessIdentity {
        ProcessIdentity {
            pid: self.pid,
            name: self.name.clone(),
            path: self.path.clone(),
            started_at: self.started_at,
            start_token: self.start_token,
        }
    }
}

/// PID plus start time and executable: a process's identity, safe against PID reuse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessIdentity {
    /// Process ID.
    pub pid: u32,
    /// Program name.
    pub name: String,
    /// Executable path, where readable, exactly as the OS gives it.
    pub path: Option<PathBuf>,
    /// Start time, where readable.
    pub started_at: Option<DateTime<Utc>>,
    /// The precise start marker (see `ProcessInfo::start_token`), where readable.
    pub start_token: Option<u64>,
}

impl ProcessIdentity {
    /// The path as lossless text ([`path_text`]), for showing.
    pub fn path_text(&self) -> Option<Cow<'_, str>> {
        self.path.as_deref().map(path_text)
    }
}
