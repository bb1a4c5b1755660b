//! What PortScope knows about a process that owns a socket.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A process that owns one or more sockets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessInfo {
    /// Process ID.
    pub pid: u32,
    /// Short program name (as the OS reports it; may be hostile text).
    pub name: String,
    /// Full path of the executable, where readable (without Linux's " (deleted)" mark: see
    /// `exe_deleted`).
    pub path: Option<String>,
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
    #[serde(default, skip_serializing)]
    pub exe_deleted: bool,
    /// Of a deleted executable: a genuine executable is at the path again (replaced, as by a
    /// package update): see `collector::procfs::genuine_replacement` for what counts.
    #[serde(default, skip_serializing)]
    pub exe_replaced: bool,
    /// A precise start marker that tells this process from a later one with the same PID: on
    /// Linux the clock-tick start time (`/proc/<pid>/stat` field 22). `None` where unknown.
    #[serde(default, skip_serializing)]
    pub start_token: Option<u64>,
}

impl ProcessInfo {
    /// The path as the user should see it: with " (deleted)" when the file is gone, as Linux
    /// and every other tool show it.
    pub fn shown_path(&self) -> Option<std::borrow::Cow<'_, str>> {
        let path = self.path.as_deref()?;
        Some(if self.exe_deleted {
            format!("{path} (deleted)").into()
        } else {
            path.into()
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
    /// Executable path, where readable.
    pub path: Option<String>,
    /// Start time, where readable.
    pub started_at: Option<DateTime<Utc>>,
    /// The precise start marker (see `ProcessInfo::start_token`), where readable.
    pub start_token: Option<u64>,
}
