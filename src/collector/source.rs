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
    /// The sockets of the other network namespaces (Linux), each row naming its `netns`,
    /// appended to `rows`; what can't be read becomes a warning. Called right after
    /// `sockets`, which may have started these dumps so that they run beside the host's.
    fn namespace_sockets(
        &mut self,
        _rows: &mut Vec<SocketRow>,
        _warnings: &mut Vec<CollectorWarning>,
    ) {
    }
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
    /// Fill in where each of these processes comes from (`ProcessInfo::origin`: package,
    /// service, container, launch chain), replacing an entry only when what is known changed.
    /// Never waits: a package check still under way says so (`Origin::package_pending`).
    fn origins(&mut self, _details: &mut HashMap<u32, Arc<ProcessInfo>>) {}
    /// How many package checks are still under way (`list` waits for them, a poll never does).
    fn origins_pending(&self) -> usize {
        0
    }
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
    #[cfg(any(target_os = "linux", target_os = "android"))]
    provenance: Option<super::provenance::system::ProvenanceTracker>,
    /// Authenticode signatures of the programs' files, checked off the poll thread.
    #[cfg(windows)]
    signatures: Option<super::provenance::signature::SignatureTracker>,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    netns: super::os::Namespaces,
    /// The services each process hosts (Windows).
    #[cfg(windows)]
    services: Option<super::os::ServiceTable>,
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
            #[cfg(any(target_os = "linux", target_os = "android"))]
            provenance: Some(super::provenance::system::ProvenanceTracker::default()),
            #[cfg(windows)]
            signatures: Some(super::provenance::signature::SignatureTracker::new(
                windows_signature,
            )),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            netns: super::os::Namespaces::default(),
            #[cfg(windows)]
            services: Some(super::os::ServiceTable::default()),
        }
    }

    /// The real OS without provenance (no package checks, cgroups or launch chains): the
    /// bench's baseline.
    pub fn without_provenance() -> Self {
        SystemOs {
            #[cfg(any(target_os = "linux", target_os = "android"))]
            provenance: None,
            #[cfg(windows)]
            signatures: None,
            #[cfg(windows)]
            services: None,
            ..Self::new()
        }
    }

    /// Images hashed so far and the bytes read for them (Linux; 0 elsewhere).
    pub fn hashed(&self) -> (u64, u64) {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(p) = &self.provenance {
            return p.hashed();
        }
        (0, 0)
    }
}

/// A file's signature on Windows (the tracker's verifier).
#[cfg(windows)]
fn windows_signature(path: &std::path::Path) -> crate::model::Signature {
    use super::provenance::signature;
    signature::check_file(path).unwrap_or_else(|signature::Unsupported| {
        signature::not_checked(signature::code_name(
            signature::codes::TRUST_E_PROVIDER_UNKNOWN,
        ))
    })
}

impl OsSource for SystemOs {
    fn sockets(&mut self) -> Result<Vec<SocketRow>, String> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        self.netns.begin();
        sockets::list_sockets()
            .map(|list| list.rows)
            .map_err(|e| e.to_string())
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn namespace_sockets(
        &mut self,
        rows: &mut Vec<SocketRow>,
        warnings: &mut Vec<CollectorWarning>,
    ) {
        rows.extend(
            self.netns
                .finish(warnings, self.privileged)
                .into_iter()
                .map(|(socket, netns)| {
                    let mut row = sockets::to_row(socket);
                    row.netns = Some(netns);
                    row
                }),
        );
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

    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn origins(&mut self, details: &mut HashMap<u32, Arc<ProcessInfo>>) {
        if let Some(p) = self.provenance.as_mut() {
            p.attach(details);
        }
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn origins_pending(&self) -> usize {
        self.provenance.as_ref().map_or(0, |p| p.pending())
    }

    /// The services each process hosts, then the signatures of their files.
    #[cfg(windows)]
    fn origins(&mut self, details: &mut HashMap<u32, Arc<ProcessInfo>>) {
        if let Some(s) = self.services.as_mut() {
            s.attach(details);
        }
        if let Some(s) = self.signatures.as_mut() {
            s.attach(details);
        }
    }

    #[cfg(windows)]
    fn origins_pending(&self) -> usize {
        self.signatures.as_ref().map_or(0, |s| s.pending())
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
