//! Process details for the PIDs that own sockets, from one long-lived `sysinfo::System` that
//! refreshes only the PIDs asked for.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind, Users};

use crate::model::ProcessInfo;

/// Drop cached processes when the cache grows this far beyond what is needed.
const CACHE_SLACK: usize = 1024;
/// How often the user list may be re-read when a uid is unknown.
const USERS_REFRESH: Duration = Duration::from_secs(30);

/// Reads process details, caching what does not change (path, command line, user).
pub struct ProcessReader {
    /// `None` where sysinfo does not support this OS; rows then have no process details.
    system: Option<System>,
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
            system: System::new().ok(),
            users: Users::new_with_refreshed_list().ok(),
            users_read_at: Instant::now(),
        }
    }

    /// Details for each PID that still exists. PIDs that vanished are simply absent.
    pub fn read(&mut self, pids: &[u32]) -> HashMap<u32, ProcessInfo> {
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
        let kind = ProcessRefreshKind::nothing()
            .with_exe(UpdateKind::OnlyIfNotSet)
            .with_cmd(UpdateKind::OnlyIfNotSet)
            .with_user(UpdateKind::OnlyIfNotSet);
        system.refresh_processes_specifics(ProcessesToUpdate::Some(&wanted), true, kind);
        let mut out = HashMap::with_capacity(pids.len());
        for pid in &wanted {
            let Some(p) = system.process(*pid) else {
                continue;
            };
            let user = p
                .user_id()
                .and_then(|uid| self.users.as_ref()?.get_user_by_id(uid))
                .map(|u| u.name().to_owned());
            let started_at = match p.start_time() {
                0 => None,
                secs => DateTime::<Utc>::from_timestamp(secs as i64, 0),
            };
            out.insert(
                pid.as_u32(),
                ProcessInfo {
                    pid: pid.as_u32(),
                    name: p.name().to_string_lossy().into_owned(),
                    path: p
                        .exe()
                        .map(|e| mark_deleted(pid.as_u32(), e.to_string_lossy().into_owned())),
                    cmdline: p
                        .cmd()
                        .iter()
                        .map(|a| a.to_string_lossy().into_owned())
                        .collect(),
                    user,
                    started_at,
                    parent_pid: p.parent().map(|pp| pp.as_u32()),
                },
            );
        }
        out
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

/// sysinfo drops Linux's " (deleted)" marker from a deleted executable's path; put it back,
/// because a program running from a deleted file is worth telling the user about.
#[cfg(target_os = "linux")]
fn mark_deleted(pid: u32, path: String) -> String {
    match std::fs::read_link(format!("/proc/{pid}/exe")) {
        Ok(target)
            if target.to_string_lossy().ends_with(" (deleted)")
                && !path.ends_with(" (deleted)") =>
        {
            format!("{path} (deleted)")
        }
        _ => path,
    }
}

#[cfg(not(target_os = "linux"))]
fn mark_deleted(_pid: u32, path: String) -> String {
    path
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
pub fn order_owners(pids: &mut [u32], processes: &HashMap<u32, ProcessInfo>) {
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
        procs.insert(500, parent);
        procs.insert(90, child_a);
        procs.insert(700, child_b);
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
