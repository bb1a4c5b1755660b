//! Linux (and Android): socket owners from our own incremental scan of `/proc/*/fd`, and process
//! details from procfs with a per-PID cache keyed on the process's identity.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::collector::owners::OwnerTracker;
use crate::collector::procfs;
use crate::model::{CollectorWarning, ProcessInfo, SocketRow};

mod diag;
pub mod netns;

/// Socket owners from an incremental scan of `/proc/*/fd`.
#[derive(Debug)]
pub struct OwnerSource(OwnerTracker);

impl OwnerSource {
    /// Owners read from the real `/proc`.
    pub fn new() -> Self {
        OwnerSource(OwnerTracker::new(PathBuf::from("/proc")))
    }

    /// Fill each row's `pids` from its socket inode; a failed scan becomes a warning.
    pub fn attach(&mut self, rows: &mut [SocketRow], warnings: &mut Vec<CollectorWarning>) {
        let inodes: Vec<u64> = rows.iter().map(|r| r.inode).collect();
        match self.0.owners(&inodes) {
            Ok((map, _unreadable)) => {
                for row in rows {
                    if let Some(pids) = map.get(&row.inode) {
                        row.owner =
                            crate::model::Owner::known(crate::model::Pids::from_slice(pids), None);
                    }
                }
            }
            Err(e) => warnings.push(CollectorWarning::ProcessTableUnavailable(e.to_string())),
        }
        let own = std::process::id();
        if let Some(seen) = procfs::own_pid(Path::new("/proc")).filter(|&p| p != own) {
            warnings.push(CollectorWarning::ForeignProc(seen, own));
        }
    }
}

/// Every TCP/UDP socket from the netlink sock_diag dump, without owners (`OwnerSource` adds
/// them), through our own reader (`diag.rs`): it keeps a connected UDP socket's remote end and
/// a TCP socket's byte counters, which netstat2's records have no room for.
pub fn socket_infos(
    af: netstat2::AddressFamilyFlags,
    proto: netstat2::ProtocolFlags,
) -> Result<
    impl Iterator<Item = Result<super::OsSocket, netstat2::error::Error>>,
    netstat2::error::Error,
> {
    Ok(diag::sockets(af, proto)?.into_iter().map(Ok))
}

/// A socket's owning uid and kernel inode. Sockets without an inode (TIME_WAIT leftovers)
/// belong to no one; the kernel reports uid 0 for them, which would wrongly read as "root".
pub fn socket_uid_and_inode(info: &netstat2::SocketInfo) -> (Option<u32>, u64) {
    match info.inode {
        0 => (None, 0),
        inode => (Some(info.uid), u64::from(inode)),
    }
}

/// The effective user id, to tell our own sockets from other users'.
pub fn current_uid() -> Option<u32> {
    Some(rustix::process::geteuid().as_raw())
}

/// What must stay the same for a cached entry to still describe the process.
#[derive(PartialEq, Eq)]
struct Fingerprint {
    start_ticks: u64,
    comm: String,
    ppid: u32,
    exe: Option<PathBuf>,
}

pub struct ProcessDetails {
    root: PathBuf,
    boot_time: Option<i64>,
    ticks: u64,
    cache: HashMap<u32, (Fingerprint, Arc<ProcessInfo>)>,
}

impl ProcessDetails {
    pub fn new() -> Self {
        let root = PathBuf::from("/proc");
        ProcessDetails {
            boot_time: procfs::boot_time(&root),
            ticks: procfs::ticks_per_second(),
            root,
            cache: HashMap::new(),
        }
    }

    pub fn read(
        &mut self,
        pids: &[u32],
        user_of: &dyn Fn(u32) -> Option<String>,
    ) -> HashMap<u32, Arc<ProcessInfo>> {
        let mut out = HashMap::with_capacity(pids.len());
        let mut next = HashMap::with_capacity(pids.len());
        for &pid in pids {
            // Two cheap reads per process per poll: stat (start time, name, parent) and the
            // exe link. Anything else is read again only when these change.
            let Some(stat) = procfs::read_stat(&self.root, pid) else {
                continue;
            };
            let print = Fingerprint {
                start_ticks: stat.start_ticks,
                comm: stat.comm,
                ppid: stat.ppid,
                exe: procfs::read_exe(&self.root, pid),
            };
            let info = match self.cache.remove(&pid) {
                Some((old, info)) if old == print => info,
                _ => Arc::new(self.details(pid, &print, user_of)),
            };
            out.insert(pid, Arc::clone(&info));
            next.insert(pid, (print, info));
        }
        // Only the owners of this poll stay cached: memory follows the socket count.
        self.cache = next;
        out
    }

    fn details(
        &self,
        pid: u32,
        print: &Fingerprint,
        user_of: &dyn Fn(u32) -> Option<String>,
    ) -> ProcessInfo {
        // Linux appends " (deleted)" to the link of a file removed since the start; with a
        // genuine executable at that path again, it was replaced, as by an update. The path stays
        // the bytes the kernel gave (not UTF-8 perhaps), so two such files are never confused.
        let (path, exe_deleted) = match &print.exe {
            Some(l) => match l.as_os_str().as_bytes().strip_suffix(b" (deleted)") {
                Some(original) => (Some(PathBuf::from(OsStr::from_bytes(original))), true),
                None => (Some(l.clone()), false),
            },
            None => (None, false),
        };
        let exe_replaced = exe_deleted
            && path
                .as_deref()
                .is_some_and(|p| procfs::genuine_replacement(&self.root, pid, p));
        ProcessInfo {
            pid,
            name: procfs::display_name(&print.comm, print.exe.as_deref()),
            path,
            cmdline: procfs::read_cmdline(&self.root, pid),
            user: procfs::read_uid(&self.root, pid).and_then(user_of),
            started_at: self
                .boot_time
                .and_then(|b| procfs::start_time(b, print.start_ticks, self.ticks)),
            parent_pid: Some(print.ppid).filter(|&p| p != 0),
            exe_deleted,
            exe_replaced,
            start_token: Some(print.start_ticks),
            origin: Default::default(),
        }
    }
}
