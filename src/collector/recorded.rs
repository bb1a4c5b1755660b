//! A recorded system behind the OS seam ([`OsSource`]): sockets, owners, processes and users as
//! a system reported them, one frame per poll. It lets `list` and `watch` run end to end in
//! tests over a Linux desktop, a server with forked workers or a Windows table, including the
//! owner logic of a system this computer is not (on Windows the listing itself names owner
//! PIDs, 0 meaning "not named"). A recording is JSON (`tests/it/recorded/*.json`):
//!
//! ```json
//! { "owners": "listed", "privileged": false, "current_uid": null, "host": "DESKTOP-1",
//!   "users": { "1000": "alice" },
//!   "frames": [ { "time": "2026-12-03T09:00:00Z",
//!                 "sockets": [ { "protocol": "tcp", "local": "0.0.0.0:135",
//!                                "state": "LISTEN", "pids": [1024] } ],
//!                 "processes": [ { "pid": 1024, "name": "svchost.exe", … } ] } ] }
//! ```
//!
//! Each poll takes the next frame; after the last, polls see the last one again.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::source::{OsSource, OwnerModel};
use crate::model::{
    CollectorWarning, NetNs, Origin, Owner, Package, PackageManager, Pids, ProcessInfo, Protocol,
    Signature, SignatureStatus, SocketRow, TcpState,
};

/// How the recorded system named socket owners.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RecordedOwners {
    /// Linux: owners found by socket inode in the processes' fd tables.
    ByInode,
    /// Windows, macOS: the listing names the owners' PIDs.
    Listed,
}

/// One socket as the system listed it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedSocket {
    /// TCP or UDP.
    pub protocol: Protocol,
    /// Local address and port.
    pub local: SocketAddr,
    /// The peer, where there is one.
    #[serde(default)]
    pub remote: Option<SocketAddr>,
    /// TCP state.
    #[serde(default)]
    pub state: Option<TcpState>,
    /// The socket's user id (Linux).
    #[serde(default)]
    pub uid: Option<u32>,
    /// The socket's inode (Linux); 0 for none.
    #[serde(default)]
    pub inode: u64,
    /// Listed: the PIDs the listing names (0 is "not named"). By inode: the processes whose fd
    /// table holds this inode.
    #[serde(default)]
    pub pids: Vec<u32>,
    /// The network namespace it was listed in, where not the host's (Linux, as root).
    #[serde(default)]
    pub netns: Option<NetNs>,
}

/// A process as the system reported it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedProcess {
    /// Process ID.
    pub pid: u32,
    /// Program name.
    pub name: String,
    /// Executable path (a recording holds UTF-8 paths).
    #[serde(default)]
    pub path: Option<String>,
    /// Command line.
    #[serde(default)]
    pub cmdline: Vec<String>,
    /// User name.
    #[serde(default)]
    pub user: Option<String>,
    /// Start time.
    #[serde(default)]
    pub started_at: Option<DateTime<Utc>>,
    /// Parent PID.
    #[serde(default)]
    pub parent_pid: Option<u32>,
    /// The executable was deleted since the start.
    #[serde(default)]
    pub exe_deleted: bool,
    /// A precise start marker (clock ticks on Linux, creation time on Windows).
    #[serde(default)]
    pub start_token: Option<u64>,
    /// The text of `/proc/<pid>/cgroup` (Linux), read by the same parser as the real one.
    #[serde(default)]
    pub cgroup: Option<String>,
    /// What the package database answered for its file, once checked.
    #[serde(default)]
    pub package: Option<RecordedPackage>,
    /// What the Authenticode check said of its file (Windows).
    #[serde(default)]
    pub signature: Option<RecordedSignature>,
}

/// A signature answer as recorded (Windows).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedSignature {
    /// `valid`, `invalid`, `unsigned` or `unknown`.
    pub status: SignatureStatus,
    /// The signer's name.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Why it is invalid or unknown.
    #[serde(default)]
    pub reason: Option<String>,
    /// From a system catalog.
    #[serde(default)]
    pub catalog: bool,
}

impl RecordedSignature {
    fn signature(&self) -> Signature {
        Signature {
            status: self.status,
            publisher: self.publisher.clone(),
            reason: self.reason.clone(),
            catalog: self.catalog,
        }
    }
}

/// A package answer as recorded (the digests as the database and the hash gave them).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedPackage {
    /// Who installed it.
    pub manager: PackageManager,
    /// The package.
    pub name: String,
    /// Its version.
    #[serde(default)]
    pub version: Option<String>,
    /// The digest the package recorded.
    #[serde(default)]
    pub expected_digest: Option<String>,
    /// The running image's digest.
    #[serde(default)]
    pub actual_digest: Option<String>,
}

impl RecordedPackage {
    fn package(&self) -> Package {
        let verified = match (&self.expected_digest, &self.actual_digest) {
            (Some(e), Some(a)) => Some(e == a),
            _ => None,
        };
        Package {
            manager: self.manager,
            name: self.name.clone(),
            version: self.version.clone(),
            verified,
            expected_digest: self.expected_digest.clone(),
            actual_digest: self.actual_digest.clone(),
            update_verified: None,
        }
    }
}

impl RecordedProcess {
    fn info(&self) -> ProcessInfo {
        ProcessInfo {
            pid: self.pid,
            name: self.name.clone(),
            path: self.path.as_ref().map(Into::into),
            cmdline: self.cmdline.clone(),
            user: self.user.clone(),
            started_at: self.started_at,
            parent_pid: self.parent_pid,
            exe_deleted: self.exe_deleted,
            exe_replaced: false,
            start_token: self.start_token,
            origin: Default::default(),
        }
    }
}

/// What one poll saw.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frame {
    /// When it was seen.
    pub time: DateTime<Utc>,
    /// Every socket.
    pub sockets: Vec<RecordedSocket>,
    /// The processes that could be read.
    #[serde(default)]
    pub processes: Vec<RecordedProcess>,
}

/// A whole recording.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recording {
    /// How owners are named.
    pub owners: RecordedOwners,
    /// Whether PortScope ran with administrator rights.
    pub privileged: bool,
    /// PortScope's own user id (none on Windows).
    #[serde(default)]
    pub current_uid: Option<u32>,
    /// The computer's name.
    pub host: String,
    /// User names by id.
    #[serde(default)]
    pub users: BTreeMap<u32, String>,
    /// One frame per poll, at least one.
    pub frames: Vec<Frame>,
}

/// Replays a [`Recording`].
#[derive(Debug)]
pub struct RecordedOs {
    recording: Recording,
    /// The frame of the current poll (`None` before the first).
    at: Option<usize>,
}

impl RecordedOs {
    /// Replay `recording`; fails on a recording without frames.
    pub fn new(recording: Recording) -> Result<Self, String> {
        if recording.frames.is_empty() {
            return Err("a recording needs at least one frame".into());
        }
        Ok(RecordedOs {
            recording,
            at: None,
        })
    }

    /// Parse and replay a JSON recording.
    pub fn from_json(text: &str) -> Result<Self, String> {
        Self::new(serde_json::from_str(text).map_err(|e| e.to_string())?)
    }

    /// How many frames the recording holds.
    pub fn frames(&self) -> usize {
        self.recording.frames.len()
    }

    fn frame(&self) -> &Frame {
        let last = self.recording.frames.len() - 1;
        &self.recording.frames[self.at.unwrap_or(0).min(last)]
    }

    fn row(&self, s: &RecordedSocket) -> SocketRow {
        let mut row = SocketRow::new(s.protocol, s.local.ip(), s.local.port());
        row.state = s.state;
        if s.state != Some(TcpState::Listen) {
            row.remote_address = s.remote.map(|r| r.ip());
            row.remote_port = s.remote.map(|r| r.port());
        }
        match self.recording.owners {
            // As `sockets::owner_pids` does with a real listing: PID 0 names no one.
            RecordedOwners::Listed => {
                row.owner = Owner::known(super::sockets::owner_pids(s.pids.clone()), None);
            }
            // As the netlink dump: an inode and a uid, except for a socket without an inode.
            RecordedOwners::ByInode => {
                row.inode = s.inode;
                row.uid = s.uid.filter(|_| s.inode != 0);
            }
        }
        row.netns = s.netns.clone().map(Arc::new);
        row
    }
}

impl OsSource for RecordedOs {
    fn sockets(&mut self) -> Result<Vec<SocketRow>, String> {
        self.at = Some(self.at.map_or(0, |i| i + 1));
        Ok(self.frame().sockets.iter().map(|s| self.row(s)).collect())
    }

    fn attach_owners(&mut self, rows: &mut [SocketRow], _warnings: &mut Vec<CollectorWarning>) {
        if self.recording.owners == RecordedOwners::Listed {
            return;
        }
        let by_inode: HashMap<u64, &Vec<u32>> = self
            .frame()
            .sockets
            .iter()
            .filter(|s| s.inode != 0)
            .map(|s| (s.inode, &s.pids))
            .collect();
        for row in rows {
            if let Some(pids) = by_inode.get(&row.inode) {
                row.owner = Owner::known(Pids::from_slice(pids), None);
            }
        }
    }

    fn processes(&mut self, pids: &[u32]) -> HashMap<u32, Arc<ProcessInfo>> {
        self.frame()
            .processes
            .iter()
            .filter(|p| pids.contains(&p.pid))
            .map(|p| (p.pid, Arc::new(p.info())))
            .collect()
    }

    fn origins(&mut self, details: &mut HashMap<u32, Arc<ProcessInfo>>) {
        let frame = self.frame();
        let by_pid: HashMap<u32, &RecordedProcess> =
            frame.processes.iter().map(|p| (p.pid, p)).collect();
        for (pid, info) in details.iter_mut() {
            let Some(recorded) = by_pid.get(pid) else {
                continue;
            };
            let facts = recorded
                .cgroup
                .as_deref()
                .map(super::provenance::cgroup::parse)
                .unwrap_or_default();
            let ancestry = super::provenance::ancestry(info.parent_pid, |p| {
                by_pid.get(&p).map(|a| (a.name.clone(), a.parent_pid))
            });
            let origin = Origin {
                package: recorded.package.as_ref().map(RecordedPackage::package),
                // A recording that says nothing of provenance can't tell "no package" either.
                package_unknown: recorded.cgroup.is_none() && recorded.package.is_none(),
                services: facts.services,
                user_unit_of: facts.user_unit_of,
                container: facts.container,
                ancestry,
                signature: recorded
                    .signature
                    .as_ref()
                    .map(RecordedSignature::signature),
                ..Origin::default()
            };
            Arc::make_mut(info).origin = origin;
        }
    }

    fn user_name(&mut self, uid: u32) -> Option<String> {
        self.recording.users.get(&uid).cloned()
    }

    fn current_uid(&self) -> Option<u32> {
        self.recording.current_uid
    }

    fn privileged(&self) -> bool {
        self.recording.privileged
    }

    fn owner_model(&self) -> OwnerModel {
        match self.recording.owners {
            RecordedOwners::ByInode => OwnerModel::ByInode,
            RecordedOwners::Listed => OwnerModel::Listed,
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.frame().time
    }

    fn host_name(&self) -> Option<String> {
        Some(self.recording.host.clone())
    }
}
