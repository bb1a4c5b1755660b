//! One poll: list sockets, attach owners and process details, and produce a `Snapshot`.
//! Used by the collector thread and, once, by the CLI.

use std::collections::BTreeSet;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::Arc;
use std::time::Instant;

use super::processes::order_owners;
use super::source::{OsSource, OwnerModel, SystemOs};
use crate::model::{CollectorWarning, Owner, Pids, ProcessInfo, Snapshot, SocketRow};

/// Long-lived state for polling: the OS it reads (with its caches), the sequence counter and
/// what the last poll knew about owners.
pub struct Poller {
    os: Box<dyn OsSource>,
    sequence: u64,
    privileged: bool,
    grace: OwnerGrace,
}

impl Default for Poller {
    fn default() -> Self {
        Self::new()
    }
}

/// True when this process runs as root / an elevated administrator (Windows: the process
/// token's elevation, so an administrator account behind UAC's filter counts as not privileged).
pub fn is_privileged() -> bool {
    crate::privilege::is_privileged()
}

impl Poller {
    /// A poller for the real OS.
    pub fn new() -> Self {
        Self::with_source(Box::new(SystemOs::new()))
    }

    /// A poller for the real OS that does not look into where programs come from (no package
    /// checks, no hashing thread): for `kill` and `close-connection`, which poll once or twice
    /// to find a socket's owner.
    pub fn without_provenance() -> Self {
        Self::with_source(Box::new(SystemOs::without_provenance()))
    }

    /// A poller over another source: a recorded system in tests.
    pub fn with_source(os: Box<dyn OsSource>) -> Self {
        Poller {
            privileged: os.privileged(),
            os,
            sequence: 0,
            grace: OwnerGrace::default(),
        }
    }

    /// The polled computer's name where it is not this one (a recording).
    pub fn host_name(&self) -> Option<String> {
        self.os.host_name()
    }

    /// How many package checks are still under way (see `OsSource::origins_pending`).
    pub fn origins_pending(&self) -> usize {
        self.os.origins_pending()
    }

    /// Take one snapshot. Never panics; what can't be read becomes a warning.
    pub fn poll(&mut self) -> Snapshot {
        let started = Instant::now();
        self.sequence += 1;
        let mut warnings = Vec::new();
        let mut rows = match self.os.sockets() {
            Ok(rows) => rows,
            Err(e) => {
                warnings.push(CollectorWarning::SocketsUnavailable(e));
                Vec::new()
            }
        };
        self.os.namespace_sockets(&mut rows, &mut warnings);

        let listed = started.elapsed();
        self.os.attach_owners(&mut rows, &mut warnings);
        let owned = started.elapsed();

        let carried = self.grace.apply(&mut rows, self.sequence > 1);

        let wanted: Vec<u32> = rows
            .iter()
            .flat_map(|r| r.pids().iter().copied())
            .collect::<BTreeSet<u32>>()
            .into_iter()
            .collect();
        let mut details = self.os.processes(&wanted);
        self.os.origins(&mut details);
        let detailed = started.elapsed();
        let mut user_names: HashMap<u32, Option<Arc<str>>> = HashMap::new();
        let my_uid = self.os.current_uid();
        let listed_owners = self.os.owner_model() == OwnerModel::Listed;
        let mut hidden = 0usize;
        for row in &mut rows {
            if let Owner::Known { pids, process } = &mut row.owner {
                order_owners(pids, &details);
                *process = pids.first().and_then(|p| details.get(p).cloned());
            }
            if let Some(uid) = row.uid {
                let name = user_names
                    .entry(uid)
                    .or_insert_with(|| self.os.user_name(uid).map(Arc::from));
                row.socket_user = name.clone();
            }
            // TIME_WAIT and similar have inode 0 and no owner on any system: not hidden.
            let owner_expected = row.inode != 0 || listed_owners;
            if row.pids().is_empty() && owner_expected && row.uid != my_uid {
                hidden += 1;
                if !self.privileged {
                    row.owner = Owner::Hidden;
                }
            }
        }
        self.grace.remember(&mut rows, &carried);
        if !self.privileged && hidden > 0 {
            warnings.push(CollectorWarning::OwnersHidden(hidden));
        }
        log::debug!(
            "poll {}: {} sockets after {listed:?}, owners after {owned:?}, {} processes after {detailed:?}, done after {:?}",
            self.sequence,
            rows.len(),
            wanted.len(),
            started.elapsed()
        );
        Snapshot {
            sequence: self.sequence,
            taken_at: self.os.now(),
            poll_duration: started.elapsed(),
            rows,
            warnings,
            privileged: self.privileged,
        }
    }
}

/// One poll of grace for owners. The socket list is read before the process table, so a socket
/// that closes in between, or whose program is exiting, briefly shows no owner; so does one that
/// has just been opened. Such flicker must not raise "owner unknown" or count as a change.
#[derive(Debug, Default)]
struct OwnerGrace {
    /// Owners (PIDs and the primary's details) seen last poll, by socket inode.
    owners: HashMap<u64, (Pids, Option<Arc<ProcessInfo>>)>,
    /// Inodes that were ownerless last poll (pending or carried over).
    missing: HashSet<u64>,
}

impl OwnerGrace {
    /// Fill in last poll's owners for a socket that lost them in this poll (once), and mark a
    /// socket seen ownerless for the first time as pending. `had_previous`: false on the first
    /// poll, which has nothing to compare with.
    /// Returns the inodes whose owners were carried over.
    fn apply(&mut self, rows: &mut [SocketRow], had_previous: bool) -> HashSet<u64> {
        let mut missing = HashSet::new();
        let mut carried = HashSet::new();
        for row in rows.iter_mut() {
            if row.inode == 0 || !row.pids().is_empty() {
                continue;
            }
            missing.insert(row.inode);
            if self.missing.contains(&row.inode) {
                continue; // a second ownerless poll in a row: it really has no visible owner
            }
            if let Some((pids, _)) = self.owners.get(&row.inode) {
                row.owner = Owner::known(pids.clone(), None);
                carried.insert(row.inode);
            } else if had_previous {
                row.owner = Owner::Pending;
            }
        }
        self.missing = missing;
        carried
    }

    /// After details are attached: a carried-over owner whose process has just exited keeps the
    /// details it had, and this poll's owners are remembered for the next one.
    fn remember(&mut self, rows: &mut [SocketRow], carried: &HashSet<u64>) {
        let mut owners = HashMap::with_capacity(self.owners.len());
        for row in rows.iter_mut() {
            if row.inode == 0 || row.pids().is_empty() {
                continue;
            }
            if carried.contains(&row.inode) {
                if let Owner::Known { process: None, .. } = &row.owner
                    && let Some((_, remembered)) = self.owners.get(&row.inode)
                    && let Owner::Known { process, .. } = &mut row.owner
                {
                    process.clone_from(remembered);
                }
                continue; // not remembered: the grace is one poll
            }
            owners.insert(
                row.inode,
                (Pids::from_slice(row.pids()), row.process().cloned()),
            );
        }
        self.owners = owners;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TcpState;
    use crate::model::fixtures::tcp;

    fn ownerless(mut row: SocketRow) -> SocketRow {
        row.owner = Owner::None;
        row
    }

    #[test]
    fn an_owner_missing_for_one_poll_is_carried_over_once() {
        let owned = tcp("127.0.0.1", 8080, TcpState::Listen, 42, "srv");
        let mut grace = OwnerGrace::default();
        let mut first = vec![owned.clone()];
        let carried = grace.apply(&mut first, false);
        grace.remember(&mut first, &carried);
        let mut second = vec![ownerless(owned.clone())];
        let carried = grace.apply(&mut second, true);
        grace.remember(&mut second, &carried);
        assert_eq!(second[0].pids()[..], [42], "flicker is bridged");
        assert_eq!(
            second[0].process(),
            owned.process(),
            "with the details it had"
        );
        assert!(!second[0].owner_pending());
        let mut third = vec![ownerless(owned)];
        let carried = grace.apply(&mut third, true);
        grace.remember(&mut third, &carried);
        assert!(third[0].pids().is_empty(), "only for one poll");
        assert!(!third[0].owner_pending(), "now it is really ownerless");
    }

    #[test]
    fn a_new_ownerless_socket_is_pending_for_one_poll() {
        let row = ownerless(tcp("0.0.0.0", 9000, TcpState::Listen, 1, "x"));
        let mut grace = OwnerGrace::default();
        let mut first = vec![row.clone()];
        grace.apply(&mut first, false);
        assert!(
            !first[0].owner_pending(),
            "the first poll has nothing to compare with"
        );

        let mut grace = OwnerGrace::default();
        grace.apply(&mut [], false);
        let mut second = vec![row.clone()];
        grace.apply(&mut second, true);
        assert!(second[0].owner_pending());
        let mut third = vec![row.clone()];
        grace.apply(&mut third, true);
        assert!(!third[0].owner_pending());
        // It stays ownerless, poll after poll: never pending again (no low/info flicker).
        for _ in 0..5 {
            let mut next = vec![row.clone()];
            grace.apply(&mut next, true);
            assert!(!next[0].owner_pending());
        }
    }
}
