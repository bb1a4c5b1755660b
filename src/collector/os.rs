//! What a poll needs from the OS beyond netstat2's socket list, one implementation per
//! platform, so `poll.rs` itself has no `cfg`: who owns each socket (Linux: our own incremental
//! `/proc` scan; elsewhere netstat2's listing already carries the PIDs) and who we are.

use crate::model::{CollectorWarning, SocketRow};

pub use imp::{OwnerSource, current_uid};

#[cfg(any(target_os = "linux", target_os = "android"))]
mod imp {
    use super::{CollectorWarning, SocketRow};
    use crate::collector::owners::OwnerTracker;

    /// Socket owners from an incremental scan of `/proc/*/fd`.
    #[derive(Debug)]
    pub struct OwnerSource(OwnerTracker);

    impl OwnerSource {
        /// Owners read from the real `/proc`.
        pub fn new() -> Self {
            OwnerSource(OwnerTracker::new(std::path::PathBuf::from("/proc")))
        }

        /// Fill each row's `pids` from its socket inode; a failed scan becomes a warning.
        pub fn attach(&mut self, rows: &mut [SocketRow], warnings: &mut Vec<CollectorWarning>) {
            let inodes: Vec<u64> = rows.iter().map(|r| r.inode).collect();
            match self.0.owners(&inodes) {
                Ok((map, _unreadable)) => {
                    for row in rows {
                        if let Some(pids) = map.get(&row.inode) {
                            row.pids = pids.clone();
                        }
                    }
                }
                Err(e) => warnings.push(CollectorWarning::ProcessTableUnavailable(e.to_string())),
            }
        }
    }

    /// The effective user id, to tell our own sockets from other users'.
    pub fn current_uid() -> Option<u32> {
        Some(rustix::process::geteuid().as_raw())
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod imp {
    use super::{CollectorWarning, SocketRow};

    /// netstat2's listing came with the owners' PIDs already: nothing to add.
    #[derive(Debug)]
    pub struct OwnerSource;

    impl OwnerSource {
        /// Nothing to set up.
        pub fn new() -> Self {
            OwnerSource
        }

        /// The rows already carry their PIDs.
        pub fn attach(&mut self, _rows: &mut [SocketRow], _warnings: &mut Vec<CollectorWarning>) {}
    }

    /// The effective user id on other unix systems; none on Windows, where sockets have no uid.
    pub fn current_uid() -> Option<u32> {
        #[cfg(unix)]
        {
            Some(nix::unistd::geteuid().as_raw())
        }
        #[cfg(not(unix))]
        {
            None
        }
    }
}
