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
    os: super::os::ProcessDetails,
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
            os: super::os::ProcessDetails::new(),
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
