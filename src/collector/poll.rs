//! One poll: list sockets, attach owners and process details, and produce a `Snapshot`.
//! Used by the collector thread and, once, by the CLI.

use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

use chrono::Utc;

#[cfg(any(target_os = "linux", target_os = "android"))]
use super::owners;
use super::processes::{ProcessReader, order_owners};
use super::sockets;
use crate::model::{CollectorWarning, Snapshot};

/// Long-lived state for polling: the process cache and the sequence counter.
pub struct Poller {
    processes: ProcessReader,
    sequence: u64,
    privileged: bool,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    proc_root: std::path::PathBuf,
}

impl Default for Poller {
    fn default() -> Self {
        Self::new()
    }
}

/// True when this process runs as root / administrator.
pub fn is_privileged() -> bool {
    #[cfg(unix)]
    {
        nix::unistd::geteuid().is_root()
    }
    #[cfg(not(unix))]
    {
        false
    }
}

impl Poller {
    /// A poller for the real OS.
    pub fn new() -> Self {
        Poller {
            processes: ProcessReader::new(),
            sequence: 0,
            privileged: is_privileged(),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            proc_root: std::path::PathBuf::from("/proc"),
        }
    }

    /// Take one snapshot. Never panics; what can't be read becomes a warning.
    pub fn poll(&mut self) -> Snapshot {
        let started = Instant::now();
        self.sequence += 1;
        let mut warnings = Vec::new();
        let mut rows = match sockets::list_sockets() {
            Ok(list) => list.rows,
            Err(e) => {
                warnings.push(CollectorWarning::SocketsUnavailable(e.to_string()));
                Vec::new()
            }
        };

        #[cfg(any(target_os = "linux", target_os = "android"))]
        match owners::scan_proc(&self.proc_root) {
            Ok(map) => {
                for row in &mut rows {
                    if let Some(pids) = map.by_inode.get(&row.inode) {
                        row.pids = pids.clone();
                    }
                }
            }
            Err(e) => warnings.push(CollectorWarning::ProcessTableUnavailable(e.to_string())),
        }

        let wanted: Vec<u32> = rows
            .iter()
            .flat_map(|r| r.pids.iter().copied())
            .collect::<BTreeSet<u32>>()
            .into_iter()
            .collect();
        let details = self.processes.read(&wanted);
        let mut user_names: HashMap<u32, Option<String>> = HashMap::new();
        let my_uid = current_uid();
        let mut hidden = 0usize;
        for row in &mut rows {
            order_owners(&mut row.pids, &details);
            row.process = row.pid().and_then(|p| details.get(&p).cloned());
            if let Some(uid) = row.uid {
                let name = user_names
                    .entry(uid)
                    .or_insert_with(|| self.processes.user_name(uid));
                row.socket_user = name.clone();
            }
            // TIME_WAIT and similar have inode 0 and no owner on any system: not hidden.
            let owner_expected = row.inode != 0 || cfg!(not(target_os = "linux"));
            if row.pids.is_empty() && owner_expected && row.uid != my_uid {
                hidden += 1;
            }
        }
        if !self.privileged && hidden > 0 {
            warnings.push(CollectorWarning::OwnersHidden(hidden));
        }
        Snapshot {
            sequence: self.sequence,
            taken_at: Utc::now(),
            poll_duration: started.elapsed(),
            rows,
            warnings,
            privileged: self.privileged,
        }
    }
}

fn current_uid() -> Option<u32> {
    #[cfg(unix)]
    {
        Some(nix::unistd::geteuid().as_raw())
    }
    #[cfg(not(unix))]
    {
        None
    }
}
