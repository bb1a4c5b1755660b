//! The OS seam: everything a poll reads from the operating system goes through [`OsSource`].
//! [`SystemOs`] is the real one (netstat2's listing, our `/proc` owner scan on Linux, procfs or
//! sysinfo for process details). `collector::recorded::RecordedOs` replays a recorded system
//! (a Linux desktop, a server with forked workers, a Windows table) so that `list` and `watch`
//! can be tested end to end, including the owner logic of a system that is not this one.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::os::{OwnerSource, current_uid};
use super::processes::ProcessReader;
use super::sockets;
use crate::model::{CollectorWarning, ProcessInfo, SocketRow};

/// How a system names the owners of its sockets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerModel {
    /// The socket list has no owners (Linux' netlink dump): they are found apart, by inode, and
    /// a socket without an inode (a `TIME_WAIT` leftover) belongs to no one.
    ByInode,
    /// The socket list names each socket's owner PIDs (Windows, macOS). PID 0 means "not
    /// named", so a socket listed without a PID has an owner PortScope was not told.
    Listed,
}

/// What one poll reads from the OS.
pub trait OsSource: Send {
    /// Every TCP/UDP socket as rows without process details; `pids` are filled where the
    /// listing names them ([`OwnerModel::Listed`]).
    fn sockets(&mut self) -> Result<Vec<SocketRow>, String>;
    /// Fill in the owners the listing did not name; what can't be read becomes a warning.
    fn attach_owners(&mut self, rows: &mut [SocketRow], warnings: &mut Vec<CollectorWarning>);
    /// Details of each of these processes that still exists.
    fn processes(&mut self, pids: &[u32]) -> HashMap<u32, Arc<ProcessInfo>>;
    /// The name of a user id.
    fn user_name(&mut self, uid: u32) -> Option<String>;
    /// Who PortScope runs as, to tell its own sockets from other users'.
    fn current_uid(&self) -> Option<u32>;
    /// True when PortScope runs with administrator/root rights.
    fn privileged(&self) -> bool;
    /// How this system names socket owners.
    fn owner_model(&self) -> OwnerModel;
    /// The time of this poll.
    fn now(&self) -> DateTime<Utc>;
    /// The computer's name where it is not this one's (a recording); `None`: ask the OS.
    fn host_name(&self) -> Option<String> {
        None
    }
}

/// The computer PortScope runs on.
pub struct SystemOs {
    owners: OwnerSource,
    processes: ProcessReader,
    privileged: bool,
}

impl Default for SystemOs {
    fn default() -> Self {
        Self::new()
    }
}

impl SystemOs {
    /// The real OS, with an empty process cache.
    pub fn new() -> Self {
        SystemOs {
            owners: OwnerSource::new(),
            processes: ProcessReader::new(),
            privileged: crate::privilege::is_privileged(),
        }
    }
}

impl OsSource for SystemOs {
    fn sockets(&mut self) -> Result<Vec<SocketRow>, String> {
        sockets::list_sockets()
            .map(|list| list.rows)
            .map_err(|e| e.to_string())
    }

    fn attach_owners(&mut self, rows: &mut [SocketRow], warnings: &mut Vec<CollectorWarning>) {
        self.owners.attach(rows, warnings);
    }

    fn processes(&mut self, pids: &[u32]) -> HashMap<u32, Arc<ProcessInfo>> {
        self.processes.read(pids)
    }

    fn user_name(&mut self, uid: u32) -> Option<String> {
        self.processes.user_name(uid)
    }

    fn current_uid(&self) -> Option<u32> {
        current_uid()
    }

    fn privileged(&self) -> bool {
        self.privileged
    }

    fn owner_model(&self) -> OwnerModel {
        if cfg!(any(target_os = "linux", target_os = "android")) {
            OwnerModel::ByInode
        } else {
            OwnerModel::Listed
        }
    }

    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
