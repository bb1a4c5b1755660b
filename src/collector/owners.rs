//! Which processes hold which socket. On Linux we read `/proc/<pid>/fd` ourselves (tolerant of
//! vanished processes, unreadable dirs and hidepid); elsewhere netstat2 reports the PIDs directly.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::{Path, PathBuf};

/// Socket inode -> PIDs holding it, plus how many process fd tables could not be read.
#[derive(Debug, Default)]
pub struct OwnerMap {
    /// Inode to owning PIDs (unordered, deduplicated).
    pub by_inode: HashMap<u64, Vec<u32>>,
    /// Processes whose fd table was unreadable (permission, or gone mid-read).
    pub unreadable: usize,
}

/// Parse a `/proc/<pid>/fd/<n>` link target such as `socket:[12345]`.
pub fn parse_socket_link(target: &[u8]) -> Option<u64> {
    let rest = target.strip_prefix(b"socket:[")?;
    let digits = rest.strip_suffix(b"]")?;
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Scan a procfs-like directory for socket inodes, every process at once. `root` is `/proc` in
/// production and a temp folder in tests. (`OwnerTracker` does this incrementally.)
pub fn scan_proc(root: &Path) -> std::io::Result<OwnerMap> {
    let mut map = OwnerMap::default();
    for pid in list_pids(root)? {
        let Some(inodes) = scan_pid(root, pid) else {
            map.unreadable += 1;
            continue;
        };
        for inode in inodes {
            let pids = map.by_inode.entry(inode).or_default();
            if !pids.contains(&pid) {
                pids.push(pid);
            }
        }
    }
    Ok(map)
}

/// A process's fd table at least this long is read by two threads, half each.
const SPLIT_FROM: usize = 2048;

/// Read the socket inodes in one process's fd table; `None` when it can't be read. The folder is
/// opened once and each link read relative to it (`readlinkat`), so the kernel does not walk
/// `/proc/<pid>/fd/` again for every fd. A long table (a server with thousands of connections)
/// is read by two threads.
fn scan_pid(root: &Path, pid: u32) -> Option<Vec<u64>> {
    use rustix::fs::{Dir, Mode, OFlags, openat};
    let path = root.join(pid.to_string()).join("fd");
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let mut entries = Dir::new(openat(rustix::fs::CWD, &path, flags, Mode::empty()).ok()?).ok()?;
    let mut fds = Vec::new();
    // A process can exit or close an fd between the listing and the read: skip quietly.
    while let Some(Ok(entry)) = entries.read() {
        if let Some(fd) = std::str::from_utf8(entry.file_name().to_bytes())
            .ok()
            .and_then(|name| name.parse::<u32>().ok())
        {
            fds.push(fd);
        }
    }
    // Links are read relative to the listing's own fd (readlinkat does not use its position).
    let folder = entries.fd().ok()?;
    if fds.len() < SPLIT_FROM {
        return Some(socket_inodes(folder, &fds));
    }
    let (first, second) = fds.split_at(fds.len() / 2);
    std::thread::scope(|scope| {
        // No second thread to be had (a process or container limit): read it all here.
        let other = std::thread::Builder::new()
            .name("portscope-fd-scan".into())
            .spawn_scoped(scope, || socket_inodes(folder, second));
        let mut inodes = socket_inodes(folder, first);
        match other {
            // The helper only reads links; should it fail anyway, its half counts as not found.
            Ok(other) => inodes.extend(other.join().unwrap_or_default()),
            Err(_) => inodes.extend(socket_inodes(folder, second)),
        }
        Some(inodes)
    })
}

/// The socket inodes among `fds`, read as links relative to the open fd `folder`.
fn socket_inodes(folder: rustix::fd::BorrowedFd<'_>, fds: &[u32]) -> Vec<u64> {
    use std::fmt::Write;
    let mut inodes = Vec::new();
    let mut name = String::with_capacity(10);
    let mut target = Vec::with_capacity(32);
    for fd in fds {
        name.clear();
        let _ = write!(name, "{fd}");
        if let Ok(link) = rustix::fs::readlinkat(folder, name.as_str(), std::mem::take(&mut target))
        {
            if let Some(inode) = parse_socket_link(link.as_bytes()) {
                inodes.push(inode);
            }
            target = link.into_bytes();
            target.clear();
        }
    }
    inodes
}

/// The PIDs under a procfs-like `root`.
pub(crate) fn list_pids(root: &Path) -> std::io::Result<Vec<u32>> {
    Ok(std::fs::read_dir(root)?
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect())
}

/// How many polls may pass between two full scans (the safety net for what the incremental
/// path can't see: a forked child sharing a known socket, a socket passed to another process).
pub const FULL_SCAN_EVERY: u32 = 10;

/// An incremental owner map. A full scan reads every process's fd table; in between, known
/// owners are only checked to still be the same process (one read of `/proc/<pid>/stat` each),
/// and only sockets never seen before trigger a scan, of new processes first, then of known
/// owners, then of the rest, stopping as soon as every new socket is found.
#[derive(Debug)]
pub struct OwnerTracker {
    root: PathBuf,
    /// Socket inode -> PIDs holding it.
    by_inode: HashMap<u64, Vec<u32>>,
    /// Socket inodes held by each scanned PID.
    inodes_of: HashMap<u32, Vec<u64>>,
    /// Every PID seen by the last scans, with its clock-tick start time.
    seen: HashMap<u32, u64>,
    /// New sockets a scan looked for and did not find: left for the next full scan.
    unfound: HashSet<u64>,
    /// Unreadable fd tables in the last full scan.
    unreadable: usize,
    polls_since_full: u32,
    full_scans: u64,
}

impl OwnerTracker {
    /// A tracker over a procfs-like folder (`/proc` in production).
    pub fn new(root: PathBuf) -> Self {
        OwnerTracker {
            root,
            by_inode: HashMap::new(),
            inodes_of: HashMap::new(),
            seen: HashMap::new(),
            unfound: HashSet::new(),
            unreadable: 0,
            polls_since_full: u32::MAX,
            full_scans: 0,
        }
    }

    /// How many full scans have run (for tests and the benchmark).
    pub fn full_scans(&self) -> u64 {
        self.full_scans
    }

    /// The owners of `inodes` (this poll's sockets): inode -> PIDs, and how many fd tables the
    /// last full scan could not read.
    pub fn owners(&mut self, inodes: &[u64]) -> std::io::Result<(&HashMap<u64, Vec<u32>>, usize)> {
        let wanted: HashSet<u64> = inodes.iter().copied().filter(|&i| i != 0).collect();
        if self.polls_since_full >= FULL_SCAN_EVERY {
            self.full_scan(&wanted)?;
        } else {
            self.polls_since_full += 1;
            self.drop_changed_processes();
            let missing: HashSet<u64> = wanted
                .iter()
                .copied()
                .filter(|i| !self.by_inode.contains_key(i) && !self.unfound.contains(i))
                .collect();
            if !missing.is_empty() {
                self.targeted_scan(missing)?;
            }
        }
        // Forget sockets that closed, so memory follows the socket count.
        self.by_inode.retain(|i, _| wanted.contains(i));
        self.unfound.retain(|i| wanted.contains(i));
        Ok((&self.by_inode, self.unreadable))
    }

    fn start_of(&self, pid: u32) -> Option<u64> {
        super::procfs::read_stat(&self.root, pid).map(|s| s.start_ticks)
    }

    /// Forget what exited or whose PID now belongs to another process.
    fn drop_changed_processes(&mut self) {
        let owners: Vec<u32> = self.inodes_of.keys().copied().collect();
        for pid in owners {
            let same = self
                .seen
                .get(&pid)
                .is_some_and(|&start| self.start_of(pid) == Some(start));
            if !same {
                self.forget(pid);
            }
        }
    }

    fn forget(&mut self, pid: u32) {
        self.seen.remove(&pid);
        for inode in self.inodes_of.remove(&pid).unwrap_or_default() {
            if let Some(pids) = self.by_inode.get_mut(&inode) {
                pids.retain(|&p| p != pid);
                if pids.is_empty() {
                    self.by_inode.remove(&inode);
                }
            }
        }
    }

    fn record(&mut self, pid: u32, inodes: Vec<u64>) {
        if let Some(start) = self.start_of(pid) {
            self.seen.insert(pid, start);
        }
        for &inode in &inodes {
            let pids = self.by_inode.entry(inode).or_default();
            if !pids.contains(&pid) {
                pids.push(pid);
            }
        }
        if inodes.is_empty() {
            self.inodes_of.remove(&pid);
        } else {
            self.inodes_of.insert(pid, inodes);
        }
    }

    fn full_scan(&mut self, wanted: &HashSet<u64>) -> std::io::Result<()> {
        let pids = list_pids(&self.root)?;
        self.by_inode.clear();
        self.inodes_of.clear();
        self.seen.clear();
        self.unreadable = 0;
        for pid in pids {
            match scan_pid(&self.root, pid) {
                Some(inodes) => self.record(pid, inodes),
                None => self.unreadable += 1,
            }
        }
        self.unfound = wanted
            .iter()
            .copied()
            .filter(|i| !self.by_inode.contains_key(i))
            .collect();
        self.polls_since_full = 0;
        self.full_scans += 1;
        Ok(())
    }

    fn targeted_scan(&mut self, mut missing: HashSet<u64>) -> std::io::Result<()> {
        let mut pids = list_pids(&self.root)?;
        // New processes first (a new socket often comes with a new program), then programs
        // known to own sockets, then everything else.
        pids.sort_by_key(|pid| {
            let rank = if !self.seen.contains_key(pid) {
                0
            } else if self.inodes_of.contains_key(pid) {
                1
            } else {
                2
            };
            (rank, std::cmp::Reverse(*pid))
        });
        for pid in pids {
            if missing.is_empty() {
                break;
            }
            if let Some(inodes) = scan_pid(&self.root, pid) {
                for inode in &inodes {
                    missing.remove(inode);
                }
                // A rescanned process may have closed sockets: forget its old list first.
                self.forget(pid);
                self.record(pid, inodes);
            }
        }
        self.unfound.extend(missing);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn parses_only_socket_links() {
        assert_eq!(parse_socket_link(b"socket:[12345]"), Some(12345));
        assert_eq!(parse_socket_link(b"pipe:[12345]"), None);
        assert_eq!(parse_socket_link(b"socket:[12x]"), None);
        assert_eq!(parse_socket_link(b"/dev/null"), None);
    }

    #[test]
    fn scan_tolerates_missing_fd_dirs_and_odd_entries() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("100/fd")).unwrap();
        symlink("socket:[7]", root.join("100/fd/3")).unwrap();
        symlink("socket:[8]", root.join("100/fd/4")).unwrap();
        symlink("/dev/null", root.join("100/fd/0")).unwrap();
        std::fs::create_dir_all(root.join("200/fd")).unwrap();
        symlink("socket:[7]", root.join("200/fd/5")).unwrap();
        std::fs::create_dir_all(root.join("300")).unwrap(); // vanished: no fd dir
        std::fs::create_dir_all(root.join("self")).unwrap();
        std::fs::write(root.join("uptime"), "1 1").unwrap();

        let map = scan_proc(root).unwrap();
        let mut owners7 = map.by_inode[&7].clone();
        owners7.sort();
        assert_eq!(owners7, vec![100, 200]);
        assert_eq!(map.by_inode[&8], vec![100]);
        assert_eq!(map.unreadable, 1);
    }

    #[test]
    fn a_long_fd_table_read_by_two_threads_misses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let fds = dir.path().join("100/fd");
        std::fs::create_dir_all(&fds).unwrap();
        let count = SPLIT_FROM as u64 * 2 + 1;
        for n in 0..count {
            let target = if n % 5 == 0 {
                "/dev/null".to_owned()
            } else {
                format!("socket:[{}]", 1000 + n)
            };
            symlink(target, fds.join(n.to_string())).unwrap();
        }
        let map = scan_proc(dir.path()).unwrap();
        let expected: Vec<u64> = (0..count)
            .filter(|n| n % 5 != 0)
            .map(|n| 1000 + n)
            .collect();
        let mut found: Vec<u64> = map.by_inode.keys().copied().collect();
        found.sort_unstable();
        assert_eq!(found, expected);
        assert!(map.by_inode.values().all(|pids| pids == &[100]));
    }

    #[test]
    fn missing_root_is_an_error_not_a_panic() {
        assert!(scan_proc(std::path::Path::new("/nonexistent/proc")).is_err());
    }
}

#[cfg(test)]
mod tracker_tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn fake_process(root: &Path, pid: u32, start: u64, sockets: &[u64]) {
        let dir = root.join(pid.to_string());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("fd")).unwrap();
        std::fs::write(
            dir.join("stat"),
            format!("{pid} (p) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 {start} 0 0"),
        )
        .unwrap();
        for (n, inode) in sockets.iter().enumerate() {
            symlink(
                format!("socket:[{inode}]"),
                dir.join(format!("fd/{}", n + 3)),
            )
            .unwrap();
        }
    }

    #[test]
    fn steady_state_reads_no_fd_tables_and_new_sockets_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fake_process(root, 10, 100, &[1, 2]);
        fake_process(root, 20, 200, &[3]);
        let mut t = OwnerTracker::new(root.to_path_buf());
        let map = t.owners(&[1, 2, 3]).unwrap().0.clone();
        assert_eq!(map[&3], vec![20]);
        assert_eq!(t.full_scans(), 1);
        // Steady state: nothing new, no scan.
        std::fs::remove_dir_all(root.join("10/fd")).unwrap(); // a scan would now fail to see 1, 2
        let map = t.owners(&[1, 2, 3]).unwrap().0.clone();
        assert_eq!(
            map[&1],
            vec![10],
            "known owner kept without reading its fds"
        );
        assert_eq!(t.full_scans(), 1);
        // A new socket in a new process is found by a targeted scan.
        fake_process(root, 30, 300, &[4]);
        let map = t.owners(&[1, 2, 3, 4]).unwrap().0.clone();
        assert_eq!(map[&4], vec![30]);
        assert_eq!(t.full_scans(), 1);
    }

    #[test]
    fn an_owner_that_exited_or_whose_pid_was_reused_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fake_process(root, 10, 100, &[1]);
        let mut t = OwnerTracker::new(root.to_path_buf());
        t.owners(&[1]).unwrap();
        // PID 10 now belongs to another process (new start time) that holds socket 9.
        fake_process(root, 10, 555, &[9]);
        let map = t.owners(&[1, 9]).unwrap().0.clone();
        assert!(!map.contains_key(&1), "stale owner dropped: {map:?}");
        assert_eq!(map[&9], vec![10]);
    }

    #[test]
    fn unfound_sockets_wait_for_the_next_full_scan() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fake_process(root, 10, 100, &[1]);
        let mut t = OwnerTracker::new(root.to_path_buf());
        t.owners(&[1, 7]).unwrap();
        assert_eq!(t.full_scans(), 1);
        // 7 has no visible owner; later a forked child shares socket 1: seen at the full scan.
        fake_process(root, 11, 101, &[1, 7]);
        for _ in 0..FULL_SCAN_EVERY {
            let map = t.owners(&[1, 7]).unwrap().0.clone();
            assert_eq!(map[&1], vec![10]);
        }
        let map = t.owners(&[1, 7]).unwrap().0.clone();
        assert_eq!(t.full_scans(), 2);
        let mut owners = map[&1].clone();
        owners.sort();
        assert_eq!(owners, vec![10, 11]);
        assert_eq!(map[&7], vec![11]);
    }
}
