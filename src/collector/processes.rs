//! Process details for the PIDs that own sockets. On Linux they come straight from procfs and are
//! cached per PID as shared `Arc<ProcessInfo>`, re-read whenever the process's start time, name
//! or executable changes (PID reuse, `exec()`), so what is shown is never a stale identity.
//! Elsewhere one long-lived `sysinfo::System` refreshes only the PIDs asked for (on Windows plus
//! the creation time, read through a process handle, as the precise start marker).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sysinfo::Users;

use crate::model::ProcessInfo;

/// How often the user list may be re-read when a uid is unknown.
const USERS_REFRESH: Duration = Duration::from_secs(30);

/// Reads process details, caching what does not change while the process keeps its identity.
pub struct ProcessReader {
    os: os::Reader,
    users: Option<Users>,
    users_read_at: Instant,
}

impl Default for ProcessReader {
    fn default() -> Self {
        Self::new()
    }
}

impl ProcessReader {
    /// A reader with an empty cache and the current user list.
    pub fn new() -> Self {
        ProcessReader {
            os: os::Reader::new(),
            users: Users::new_with_refreshed_list().ok(),
            users_read_at: Instant::now(),
        }
    }

    /// Details for each PID that still exists. PIDs that vanished are simply absent.
    pub fn read(&mut self, pids: &[u32]) -> HashMap<u32, Arc<ProcessInfo>> {
        let users = &self.users;
        let user_of = |uid: u32| -> Option<String> {
            users
                .as_ref()?
                .iter()
                .find(|u| uid_number(u.id()) == Some(uid))
                .map(|u| u.name().to_owned())
        };
        self.os.read(pids, &user_of)
    }

    /// The name of a user id, re-reading the user list now and then when it is unknown.
    pub fn user_name(&mut self, uid: u32) -> Option<String> {
        let find = |users: &Option<Users>| {
            users
                .as_ref()?
                .iter()
                .find(|u| uid_number(u.id()) == Some(uid))
                .map(|u| u.name().to_owned())
        };
        if let Some(name) = find(&self.users) {
            return Some(name);
        }
        if self.users_read_at.elapsed() > USERS_REFRESH {
            if let Some(users) = self.users.as_mut() {
                users.refresh();
            }
            self.users_read_at = Instant::now();
            return find(&self.users);
        }
        None
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod os {
    //! Linux: procfs, with a per-PID cache keyed on the process's identity.

    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use crate::collector::procfs;
    use crate::model::ProcessInfo;

    /// What must stay the same for a cached entry to still describe the process.
    #[derive(PartialEq, Eq)]
    struct Fingerprint {
        start_ticks: u64,
        comm: String,
        ppid: u32,
        exe: Option<PathBuf>,
    }

    pub struct Reader {
        root: PathBuf,
        boot_time: Option<i64>,
        ticks: u64,
        cache: HashMap<u32, (Fingerprint, Arc<ProcessInfo>)>,
    }

    impl Reader {
        pub fn new() -> Self {
            let root = PathBuf::from("/proc");
            Reader {
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
            let link = print.exe.as_ref().map(|e| e.to_string_lossy().into_owned());
            // Linux appends " (deleted)" to the link of a file removed since the start; with a
            // file at that path again, it was replaced, as by an update.
            let (path, exe_deleted) = match link {
                Some(l) => match l.strip_suffix(" (deleted)") {
                    Some(original) => (Some(original.to_owned()), true),
                    None => (Some(l), false),
                },
                None => (None, false),
            };
            let exe_replaced =
                exe_deleted && path.as_deref().is_some_and(|p| Path::new(p).is_file());
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
            }
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod os {
    //! Windows and macOS: one long-lived `sysinfo::System`.

    use std::collections::HashMap;
    use std::sync::Arc;

    use chrono::{DateTime, Utc};
    use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind};

    use crate::model::ProcessInfo;

    /// The precise start marker: the creation FILETIME on Windows (what kill checks on the
    /// handle it ends the process through); none on macOS.
    fn start_token(pid: u32) -> Option<u64> {
        #[cfg(windows)]
        {
            crate::win32::creation_time(pid)
        }
        #[cfg(not(windows))]
        {
            let _ = pid;
            None
        }
    }

    /// Drop cached processes when the cache grows this far beyond what is needed.
    const CACHE_SLACK: usize = 1024;

    pub struct Reader {
        /// `None` where sysinfo does not support this OS; rows then have no process details.
        system: Option<System>,
    }

    impl Reader {
        pub fn new() -> Self {
            Reader {
                system: System::new().ok(),
            }
        }

        pub fn read(
            &mut self,
            pids: &[u32],
            user_of: &dyn Fn(u32) -> Option<String>,
        ) -> HashMap<u32, Arc<ProcessInfo>> {
            let _ = user_of;
            let wanted: Vec<Pid> = pids.iter().map(|&p| Pid::from_u32(p)).collect();
            let Some(system) = self.system.as_mut() else {
                return HashMap::new();
            };
            if system.processes().len() > wanted.len() + CACHE_SLACK {
                // Processes that stopped owning sockets stay cached otherwise; start afresh.
                if let Ok(fresh) = System::new() {
                    *system = fresh;
                }
            }
            // sysinfo replaces an entry whose start time changed (PID reuse); there is no exec()
            // on Windows, so details that are set stay right.
            let kind = ProcessRefreshKind::nothing()
                .with_exe(UpdateKind::OnlyIfNotSet)
                .with_cmd(UpdateKind::OnlyIfNotSet)
                .with_user(UpdateKind::OnlyIfNotSet);
            system.refresh_processes_specifics(ProcessesToUpdate::Some(&wanted), true, kind);
            let users = sysinfo::Users::new_with_refreshed_list().ok();
            let mut out = HashMap::with_capacity(pids.len());
            for pid in &wanted {
                let Some(p) = system.process(*pid) else {
                    continue;
                };
                let user = p
                    .user_id()
                    .and_then(|uid| users.as_ref()?.get_user_by_id(uid))
                    .map(|u| u.name().to_owned());
                let started_at = match p.start_time() {
                    0 => None,
                    secs => DateTime::<Utc>::from_timestamp(secs as i64, 0),
                };
                let info = ProcessInfo {
                    pid: pid.as_u32(),
                    name: p.name().to_string_lossy().into_owned(),
                    path: p.exe().map(|e| e.to_string_lossy().into_owned()),
                    cmdline: p
                        .cmd()
                        .iter()
                        .map(|a| a.to_string_lossy().into_owned())
                        .collect(),
                    user,
                    started_at,
                    parent_pid: p.parent().map(|pp| pp.as_u32()),
                    exe_deleted: false,
                    exe_replaced: false,
                    start_token: start_token(pid.as_u32()),
                };
                out.insert(pid.as_u32(), Arc::new(info));
            }
            out
        }
    }
}

#[cfg(unix)]
fn uid_number(uid: &sysinfo::Uid) -> Option<u32> {
    Some(**uid)
}

#[cfg(not(unix))]
fn uid_number(_uid: &sysinfo::Uid) -> Option<u32> {
    None
}

/// Order owners so the primary comes first: the one whose parent is not itself an owner (the
/// listening parent of a forked server), ties by lowest PID.
pub fn order_owners(pids: &mut [u32], processes: &HashMap<u32, Arc<ProcessInfo>>) {
    let is_child_of_owner = |pid: &u32| {
        processes
            .get(pid)
            .and_then(|p| p.parent_pid)
            .is_some_and(|pp| pp != *pid && pids.contains(&pp))
    };
    let flags: Vec<(u32, bool)> = pids.iter().map(|p| (*p, is_child_of_owner(p))).collect();
    let mut sorted = flags;
    sorted.sort_by_key(|&(pid, child)| (child, pid));
    for (slot, (pid, _)) in pids.iter_mut().zip(sorted) {
        *slot = pid;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::process;

    #[test]
    fn parent_owner_comes_first() {
        let mut procs = HashMap::new();
        let mut parent = process(500, "nginx");
        parent.parent_pid = Some(1);
        let mut child_a = process(90, "nginx");
        child_a.parent_pid = Some(500);
        let mut child_b = process(700, "nginx");
        child_b.parent_pid = Some(500);
        procs.insert(500, Arc::new(parent));
        procs.insert(90, Arc::new(child_a));
        procs.insert(700, Arc::new(child_b));
        let mut pids = vec![700, 90, 500];
        order_owners(&mut pids, &procs);
        assert_eq!(pids, vec![500, 90, 700]);
    }

    #[test]
    fn unrelated_owners_sort_by_pid_and_unknown_processes_are_fine() {
        let mut pids = vec![30, 10, 20];
        order_owners(&mut pids, &HashMap::new());
        assert_eq!(pids, vec![10, 20, 30]);
    }

    #[test]
    fn reads_own_process_and_skips_missing() {
        let me = std::process::id();
        let mut reader = ProcessReader::new();
        let found = reader.read(&[me, u32::MAX - 7]);
        assert_eq!(found.len(), 1);
        let info = &found[&me];
        assert!(info.path.is_some());
        assert!(info.started_at.is_some());
    }
}
