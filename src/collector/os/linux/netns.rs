//! Linux: the sockets of every other network namespace. The sock_diag dump answers for the
//! namespace of the thread that opens the netlink socket, so each other namespace is dumped by
//! a long-lived worker thread that entered it once (`setns` through rustix) and does nothing
//! else; the polling thread never enters one, so it always dumps the host's.
//!
//! **The host** is the namespace of the thread that polls (`/proc/thread-self/ns/net`): the one
//! PortScope runs in. That is `/proc/1/ns/net` on an ordinary system; when PortScope itself runs
//! inside a container or `ip netns exec`, the namespace it was started in is "the host" and
//! init's is one more namespace.
//!
//! Each poll lists the namespaces anew: those of running processes (`/proc/<pid>/ns/net`, by
//! the namespace's inode) and the named ones (`/run/netns/<name>`, whether anyone runs in them
//! or not). A worker whose namespace is no longer listed is dropped, and its thread ends. A
//! worker holds its namespace alive, so an id it answers for is never another namespace's. The
//! poll waits for the workers at most [`WAIT`]; a namespace that vanished, refused or did not
//! answer in time is a warning for that namespace, never a stalled poll.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use crate::collector::os::OsSocket;
use crate::model::{CollectorWarning, NetNs, NetnsFault};

/// The longest a poll waits for the other namespaces' dumps, all together.
pub const WAIT: Duration = Duration::from_secs(1);

/// The calling thread's network namespace.
const OWN: &str = "/proc/thread-self/ns/net";

/// At most this many paths are kept per namespace to enter it by (the first processes seen in
/// it, then its name): if the first has gone, the next is tried.
const PATHS_KEPT: usize = 4;

/// A namespace's inode from the link text of `/proc/<pid>/ns/net`: `net:[4026531840]`.
pub fn parse_link(target: &[u8]) -> Option<u64> {
    let digits = target.strip_prefix(b"net:[")?.strip_suffix(b"]")?;
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// One other network namespace as listed: its identity and where it can be entered from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Its name in `/run/netns`, if it has one (the first in byte order, if several).
    pub name: Option<String>,
    /// Files to enter it by, `/proc/<pid>/ns/net` of processes first, then the named file.
    pub paths: Vec<PathBuf>,
}

/// What one listing found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// The other namespaces by inode.
    pub foreign: BTreeMap<u64, Found>,
    /// Processes whose namespace could not be read (another user's, without rights).
    pub unseen: usize,
}

/// What the listing read of one process's `ns/net`.
pub enum ProcessNs {
    /// Its namespace's inode.
    In(u64),
    /// It could not be read for lack of rights.
    Denied,
    /// It has gone, or is a kernel thread's without one: not counted.
    Gone,
}

/// Put together a listing from what was read: `host` is PortScope's own namespace, `processes`
/// each process's `ns/net` file and what it said, `named` each `/run/netns` entry (name, inode,
/// file) that is a namespace. Pure, so it is tested without an OS.
pub fn assemble(
    host: u64,
    processes: impl IntoIterator<Item = (PathBuf, ProcessNs)>,
    mut named: Vec<(String, u64, PathBuf)>,
) -> Listing {
    let mut listing = Listing::default();
    for (path, ns) in processes {
        match ns {
            ProcessNs::In(inode) if inode != host => {
                let found = listing.foreign.entry(inode).or_insert_with(|| Found {
                    name: None,
                    paths: Vec::new(),
                });
                if found.paths.len() < PATHS_KEPT {
                    found.paths.push(path);
                }
            }
            ProcessNs::In(_) | ProcessNs::Gone => {}
            ProcessNs::Denied => listing.unseen += 1,
        }
    }
    named.sort();
    for (name, inode, path) in named {
        if inode == host {
            continue; // a name for the host's own namespace: its sockets are the host's
        }
        let found = listing.foreign.entry(inode).or_insert_with(|| Found {
            name: None,
            paths: Vec::new(),
        });
        if found.name.is_none() {
            found.name = Some(name);
            found.paths.push(path);
        }
    }
    listing
}

/// The inode and device of a namespace file (following the `/proc` magic link).
fn ns_identity(path: &Path) -> io::Result<(u64, u64)> {
    let meta = std::fs::metadata(path)?;
    Ok((meta.ino(), meta.dev()))
}

/// List the namespaces under `proc` (`/proc`) and `named` (`/run/netns`), other than `host`.
/// `nsfs` is the device of namespace files: a file in `named` on another device is not one (a
/// leftover of an `ip netns add` that failed) and is skipped.
pub fn list(proc: &Path, named: &Path, host: u64, nsfs: u64) -> Listing {
    let pids = crate::collector::owners::list_pids(proc).unwrap_or_default();
    let processes = pids.into_iter().map(|pid| {
        let path = proc.join(pid.to_string()).join("ns").join("net");
        let ns = match std::fs::read_link(&path) {
            Ok(target) => {
                use std::os::unix::ffi::OsStrExt;
                parse_link(target.as_os_str().as_bytes()).map_or(ProcessNs::Gone, ProcessNs::In)
            }
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => ProcessNs::Denied,
            Err(_) => ProcessNs::Gone,
        };
        (path, ns)
    });
    let mut names = Vec::new();
    for entry in std::fs::read_dir(named).into_iter().flatten().flatten() {
        let path = entry.path();
        if let Ok((inode, dev)) = ns_identity(&path)
            && dev == nsfs
        {
            let name = crate::model::text::path_text(Path::new(&entry.file_name())).into_owned();
            names.push((name, inode, path));
        }
    }
    assemble(host, processes, names)
}

/// A dump's answer.
type Answer = Result<Vec<OsSocket>, String>;

/// Why a namespace could not be entered.
#[derive(Debug)]
enum Refusal {
    /// No rights (`EPERM`, `EACCES`).
    Denied,
    /// Gone before it could be entered, or the file now names another namespace.
    Vanished,
    /// Anything else, as the OS said it.
    Failed(String),
}

impl Refusal {
    fn of(e: &io::Error) -> Refusal {
        match e.kind() {
            io::ErrorKind::PermissionDenied => Refusal::Denied,
            io::ErrorKind::NotFound => Refusal::Vanished,
            _ if e.raw_os_error() == Some(rustix::io::Errno::SRCH.raw_os_error()) => {
                Refusal::Vanished
            }
            _ => Refusal::Failed(e.to_string()),
        }
    }
}

/// A thread that has entered one namespace and dumps its sockets when asked.
struct Worker {
    netns: Arc<NetNs>,
    /// Each request carries where to send its answer.
    requests: SyncSender<SyncSender<Answer>>,
    /// Until the thread said whether it entered the namespace.
    started: Option<Receiver<Result<(), Refusal>>>,
}

/// The namespace's file opened, checked to be namespace `inode` (the very file handed to
/// `setns`), tried path after path.
fn open_checked(found: &Found, inode: u64, nsfs: u64) -> Result<File, Refusal> {
    let mut last = Refusal::Vanished;
    for path in &found.paths {
        match File::open(path).and_then(|f| f.metadata().map(|m| (f, m))) {
            Ok((file, meta)) if meta.ino() == inode && meta.dev() == nsfs => return Ok(file),
            Ok(_) => last = Refusal::Vanished, // the PID went to a process in another one
            Err(e) => last = Refusal::of(&e),
        }
    }
    Err(last)
}

impl Worker {
    /// Start a thread for namespace `inode` from `file` (already checked to be it). The thread
    /// enters the namespace, reads back that it is in it, says so on `started`, then answers.
    fn spawn(netns: Arc<NetNs>, file: File) -> Result<Worker, Refusal> {
        let (requests, asked) = mpsc::sync_channel::<SyncSender<Answer>>(1);
        let (said, started) = mpsc::sync_channel(1);
        let inode = netns.id;
        std::thread::Builder::new()
            .name("portscope-netns".into())
            .spawn(move || {
                let entered = enter(&file, inode);
                drop(file);
                let ok = entered.is_ok();
                if said.send(entered).is_err() || !ok {
                    return;
                }
                // Until the poller drops this worker: the thread never leaves the namespace.
                let mut reader = Reader::new(inode);
                while let Ok(reply) = asked.recv() {
                    let _ = reply.send(reader.answer()); // the poll may have stopped waiting
                }
            })
            .map_err(|e| Refusal::Failed(e.to_string()))?;
        Ok(Worker {
            netns,
            requests,
            started: Some(started),
        })
    }
}

/// A namespace's dumps are read again at least every this many polls, even when its counters
/// say nothing changed (each namespace on its own turn, so they do not all fall on one poll).
pub const REDUMP_EVERY: u64 = 20;

/// A worker's reading of its namespace. The kernel's socket tables are shared by every
/// namespace, so each dump walks every socket of the system (with 10,000 on the host, about a
/// millisecond per protocol and family) to find a namespace's few. So the worker first reads
/// the namespace's own counters (`/proc/thread-self/net/sockstat`, `snmp` and their IPv6
/// forms: sockets in use, connections opened, segments and datagrams in and out), which cost
/// microseconds: while they stay the same, nothing was opened, closed, connected or sent, and
/// the last dump still holds (up to [`REDUMP_EVERY`] polls). When they change, only the
/// protocols and families that have sockets are dumped.
struct Reader {
    dumper: super::diag::Dumper,
    /// The counter files, opened once (after `setns`, so they are this namespace's) and read
    /// again from the start each poll; `None` where one could not be opened.
    counters: Option<Vec<Option<File>>>,
    last: Option<(Vec<u8>, Vec<OsSocket>)>,
    /// Polls since the last real dump, started at a per-namespace offset.
    since: u64,
}

impl Reader {
    fn new(inode: u64) -> Reader {
        let dir = Path::new("/proc/thread-self/net");
        let mut files = Vec::new();
        for name in COUNTER_FILES {
            match File::open(dir.join(name)) {
                Ok(file) => files.push(Some(file)),
                // No IPv6 in this kernel: its files are missing, and so are its sockets.
                Err(e) if e.kind() == io::ErrorKind::NotFound && name.ends_with('6') => {
                    files.push(None);
                }
                Err(_) => {
                    files.clear();
                    break;
                }
            }
        }
        Reader {
            counters: (!files.is_empty()).then_some(files),
            dumper: super::diag::Dumper::default(),
            last: None,
            since: inode % REDUMP_EVERY,
        }
    }

    fn answer(&mut self) -> Answer {
        let counters = self.counters.as_deref().and_then(read_counters);
        self.since += 1;
        if let (Some((before, sockets)), Some(now)) = (&self.last, &counters)
            && before == now
            && self.since < REDUMP_EVERY
        {
            return Ok(sockets.clone());
        }
        self.since = 0;
        let kinds = counters.as_deref().map_or(Kinds::ALL, Kinds::of);
        let dumped = self
            .dumper
            .sockets_where(|tcp, v6| kinds.has(tcp, v6))
            .map_err(|e| e.to_string());
        self.last = match (&dumped, counters) {
            (Ok(sockets), Some(now)) => Some((now, sockets.clone())),
            _ => None,
        };
        dumped
    }
}

/// The counters a worker reads: sockets in use, and what moved (segments, datagrams, opens).
const COUNTER_FILES: [&str; 4] = ["sockstat", "sockstat6", "snmp", "snmp6"];

/// The namespace's counters, from its open counter files, as one text without the memory
/// figures (which count the whole system's buffers, not this namespace's sockets). `None` when
/// one can't be read.
/// The traffic counters are read only for what has sockets: without IPv6 sockets nothing there
/// can change unseen (a new one shows in `sockstat6` first), and TCP over IPv6 is counted in
/// `snmp`'s `Tcp:` line.
fn read_counters(files: &[Option<File>]) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let mut text = Vec::new();
    let mut buffer = vec![0u8; 8192];
    let mut kinds = Kinds::ALL;
    for (i, file) in files.iter().enumerate() {
        if i == 2 {
            kinds = Kinds::of(&text); // from sockstat and sockstat6, read first
        }
        let wanted = match i {
            0 | 1 => true,
            2 => kinds.tcp4 || kinds.tcp6 || kinds.udp4 || kinds.udp6,
            _ => kinds.tcp6 || kinds.udp6,
        };
        let Some(file) = file.as_ref().filter(|_| wanted) else {
            continue;
        };
        // A proc file is made anew when read from its start.
        let mut read = 0;
        loop {
            let n = file.read_at(&mut buffer[read..], read as u64).ok()?;
            read += n;
            if n == 0 || read == buffer.len() {
                break;
            }
        }
        text.extend(without_memory(&buffer[..read]));
        text.push(b'\n');
    }
    Some(text)
}

/// `sockstat` text without the words after `mem` and `memory`.
pub fn without_memory(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut skip = false;
    for word in text.split_inclusive(|b| b.is_ascii_whitespace()) {
        let bare = word.trim_ascii_end();
        if skip {
            skip = false;
            if let Some(&end) = word.last().filter(|b| b.is_ascii_whitespace()) {
                out.push(end);
            }
            continue;
        }
        skip = bare == b"mem" || bare == b"memory";
        out.extend_from_slice(word);
    }
    out
}

/// Which of TCP and UDP over IPv4 and IPv6 a namespace has sockets of, from its `sockstat`
/// and `sockstat6` lines (`TCP: inuse 3 orphan 0 tw 1 …`, `UDP6: inuse 0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kinds {
    tcp4: bool,
    tcp6: bool,
    udp4: bool,
    udp6: bool,
}

impl Kinds {
    /// Every kind: what to dump when the counters can't be read.
    pub const ALL: Kinds = Kinds {
        tcp4: true,
        tcp6: true,
        udp4: true,
        udp6: true,
    };

    /// From the counters' text; a line that is missing or can't be read counts as "has some".
    pub fn of(text: &[u8]) -> Kinds {
        let text = String::from_utf8_lossy(text);
        let field = |line: &str, name: &str| -> Option<u64> {
            let l = text.lines().find(|l| l.starts_with(line))?;
            let mut words = l.split_whitespace();
            words.find(|w| *w == name)?;
            words.next()?.parse().ok()
        };
        let some = |line: &str, name: &str| field(line, name).is_none_or(|n| n > 0);
        // TIME_WAIT is counted once for both families: either may have it.
        let waiting = some("TCP: ", "tw");
        Kinds {
            tcp4: some("TCP: ", "inuse") || some("TCP: ", "orphan") || waiting,
            tcp6: some("TCP6: ", "inuse") || waiting,
            udp4: some("UDP: ", "inuse"),
            udp6: some("UDP6: ", "inuse"),
        }
    }

    fn has(self, tcp: bool, v6: bool) -> bool {
        match (tcp, v6) {
            (true, false) => self.tcp4,
            (true, true) => self.tcp6,
            (false, false) => self.udp4,
            (false, true) => self.udp6,
        }
    }
}

/// Enter the namespace of `file` on this thread, and read back that this thread is now in
/// namespace `inode`.
fn enter(file: &File, inode: u64) -> Result<(), Refusal> {
    use rustix::thread::{LinkNameSpaceType, move_into_link_name_space};
    move_into_link_name_space(
        std::os::fd::AsFd::as_fd(file),
        Some(LinkNameSpaceType::Network),
    )
    .map_err(|e| Refusal::of(&io::Error::from(e)))?;
    match own_namespace() {
        Ok(now) if now == inode => Ok(()),
        Ok(now) => Err(Refusal::Failed(format!(
            "entered net:[{now}] instead of net:[{inode}]"
        ))),
        Err(e) => Err(Refusal::Failed(e.to_string())),
    }
}

/// The inode of the calling thread's network namespace.
fn own_namespace() -> io::Result<u64> {
    ns_identity(Path::new(OWN)).map(|(inode, _)| inode)
}

/// A dump asked of a worker in this poll.
struct Asked {
    inode: u64,
    answer: Receiver<Answer>,
}

/// One socket of another namespace, and which.
pub type Foreign = (OsSocket, Arc<NetNs>);

/// The workers of every other namespace, kept from poll to poll.
pub struct Namespaces {
    proc: PathBuf,
    named: PathBuf,
    workers: HashMap<u64, Worker>,
    /// Namespaces that refused us for lack of rights: not tried again while they are listed.
    denied: HashSet<u64>,
    asked: Vec<Asked>,
    /// The warnings of this poll so far (listing and starting), handed out by `finish`.
    warnings: Vec<CollectorWarning>,
    unseen: usize,
}

impl Default for Namespaces {
    fn default() -> Self {
        Namespaces::new(PathBuf::from("/proc"), PathBuf::from("/run/netns"))
    }
}

impl Namespaces {
    /// Namespaces found under `proc` and `named` (`/proc`, `/run/netns`).
    pub fn new(proc: PathBuf, named: PathBuf) -> Self {
        Namespaces {
            proc,
            named,
            workers: HashMap::new(),
            denied: HashSet::new(),
            asked: Vec::new(),
            warnings: Vec::new(),
            unseen: 0,
        }
    }

    /// List the namespaces, start workers for new ones, drop those of namespaces gone, and ask
    /// each for its sockets. Returns at once: `finish` collects the answers, so the dumps run
    /// while the polling thread dumps the host's.
    pub fn begin(&mut self) {
        self.asked.clear();
        self.warnings.clear();
        let Ok((host, nsfs)) = ns_identity(Path::new(OWN)) else {
            return; // no /proc: nothing to list, and the owner scan says so
        };
        let listing = list(&self.proc, &self.named, host, nsfs);
        self.unseen = listing.unseen;
        self.workers
            .retain(|inode, _| listing.foreign.contains_key(inode));
        self.denied
            .retain(|inode| listing.foreign.contains_key(inode));
        for (inode, found) in &listing.foreign {
            if self.denied.contains(inode) {
                continue;
            }
            let netns = Arc::new(NetNs {
                id: *inode,
                name: found.name.clone(),
            });
            match self.workers.get_mut(inode) {
                // A name given (or taken away) since: the same namespace, named anew.
                Some(w) if w.netns != netns => w.netns = netns,
                Some(_) => {}
                None => match open_checked(found, *inode, nsfs)
                    .and_then(|file| Worker::spawn(Arc::clone(&netns), file))
                {
                    Ok(worker) => {
                        self.workers.insert(*inode, worker);
                    }
                    Err(refusal) => self.refused(&netns, refusal),
                },
            }
        }
        for (inode, worker) in &self.workers {
            let (reply, answer) = mpsc::sync_channel(1);
            match worker.requests.try_send(reply) {
                Ok(()) => self.asked.push(Asked {
                    inode: *inode,
                    answer,
                }),
                Err(TrySendError::Full(_)) => self.warnings.push(
                    CollectorWarning::NamespaceUnread(worker.netns.label(), NetnsFault::Busy),
                ),
                Err(TrySendError::Disconnected(_)) => {} // its thread ended: seen at `finish`
            }
        }
    }

    fn refused(&mut self, netns: &NetNs, refusal: Refusal) {
        let fault = match refusal {
            Refusal::Denied => {
                self.denied.insert(netns.id);
                return;
            }
            Refusal::Vanished => NetnsFault::Vanished,
            Refusal::Failed(e) => NetnsFault::Failed(e),
        };
        self.warnings
            .push(CollectorWarning::NamespaceUnread(netns.label(), fault));
    }

    /// The sockets of every namespace asked in `begin`, waiting at most [`WAIT`] for all of
    /// them, and the warnings of this poll. `privileged`: PortScope runs as root, so a process
    /// whose namespace it still can't read (a sandbox's own init, in another user namespace) is
    /// no matter of rights: it is logged, not a warning every poll.
    pub fn finish(
        &mut self,
        warnings: &mut Vec<CollectorWarning>,
        privileged: bool,
    ) -> Vec<Foreign> {
        let deadline = Instant::now() + WAIT;
        let mut out = Vec::new();
        let mut ended = Vec::new();
        for asked in std::mem::take(&mut self.asked) {
            let Some(worker) = self.workers.get_mut(&asked.inode) else {
                continue;
            };
            let netns = Arc::clone(&worker.netns);
            let left = || deadline.saturating_duration_since(Instant::now());
            if let Some(started) = worker.started.take() {
                match started.recv_timeout(left()) {
                    Ok(Ok(())) => {}
                    Ok(Err(refusal)) => {
                        ended.push(asked.inode);
                        self.refused(&netns, refusal);
                        continue;
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        worker.started = Some(started);
                        self.no_answer(&netns);
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => {
                        ended.push(asked.inode);
                        continue;
                    }
                }
            }
            match asked.answer.recv_timeout(left()) {
                Ok(Ok(sockets)) => out.extend(sockets.into_iter().map(|s| (s, Arc::clone(&netns)))),
                Ok(Err(e)) => self.warnings.push(CollectorWarning::NamespaceUnread(
                    netns.label(),
                    NetnsFault::Failed(e),
                )),
                Err(RecvTimeoutError::Timeout) => self.no_answer(&netns),
                Err(RecvTimeoutError::Disconnected) => ended.push(asked.inode),
            }
        }
        for inode in ended {
            self.workers.remove(&inode); // tried again next poll, if it is still listed
        }
        warnings.append(&mut self.warnings);
        if !self.denied.is_empty() {
            warnings.push(CollectorWarning::NamespacesDenied(self.denied.len()));
        }
        if self.unseen > 0 && privileged {
            log::debug!(
                "the network namespace of {} processes could not be read",
                self.unseen
            );
        } else if self.unseen > 0 {
            warnings.push(CollectorWarning::NamespacesUnseen(self.unseen));
        }
        out
    }

    fn no_answer(&mut self, netns: &NetNs) {
        self.warnings.push(CollectorWarning::NamespaceUnread(
            netns.label(),
            NetnsFault::NoAnswer(WAIT.as_secs()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_links_parse_and_odd_ones_do_not() {
        assert_eq!(parse_link(b"net:[4026531840]"), Some(4_026_531_840));
        for odd in [
            &b"net:[]"[..],
            b"mnt:[4026531840]",
            b"net:[12x]",
            b"net:[4026531840",
            b"net:[\xff]",
            b"",
        ] {
            assert_eq!(parse_link(odd), None, "{odd:?}");
        }
    }

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    #[test]
    fn the_host_is_left_out_and_others_are_one_entry_each_with_their_name() {
        let processes = vec![
            (p("/proc/1/ns/net"), ProcessNs::In(1)),
            (p("/proc/10/ns/net"), ProcessNs::In(7)),
            (p("/proc/11/ns/net"), ProcessNs::In(7)),
            (p("/proc/12/ns/net"), ProcessNs::Denied),
            (p("/proc/13/ns/net"), ProcessNs::Gone),
            (p("/proc/14/ns/net"), ProcessNs::In(9)),
        ];
        let named = vec![
            ("zeta".into(), 7, p("/run/netns/zeta")),
            ("alpha".into(), 7, p("/run/netns/alpha")),
            ("empty".into(), 8, p("/run/netns/empty")),
            ("hostname".into(), 1, p("/run/netns/hostname")),
        ];
        let l = assemble(1, processes, named);
        assert_eq!(l.unseen, 1, "only the denied one, not the vanished one");
        assert_eq!(l.foreign.keys().copied().collect::<Vec<_>>(), [7, 8, 9]);
        let seven = &l.foreign[&7];
        assert_eq!(
            seven.name.as_deref(),
            Some("alpha"),
            "the first name in order"
        );
        assert_eq!(
            seven.paths,
            [
                p("/proc/10/ns/net"),
                p("/proc/11/ns/net"),
                p("/run/netns/alpha")
            ],
            "processes first, then the name"
        );
        assert_eq!(
            l.foreign[&8].name.as_deref(),
            Some("empty"),
            "named, nobody in it"
        );
        assert_eq!(l.foreign[&8].paths, [p("/run/netns/empty")]);
        assert_eq!(l.foreign[&9].name, None, "unnamed (unshare --net)");
    }

    #[test]
    fn the_counters_say_which_kinds_to_dump_and_leave_memory_out() {
        let sockstat = b"sockets: used 12\nTCP: inuse 3 orphan 0 tw 0 alloc 4 mem 7\n\
            UDP: inuse 0 mem 2\nFRAG: inuse 0 memory 0\n";
        let sockstat6 = b"TCP6: inuse 0\nUDP6: inuse 2\n";
        let text = [&sockstat[..], &sockstat6[..]].concat();
        let kinds = Kinds::of(&text);
        assert_eq!(
            kinds,
            Kinds {
                tcp4: true,
                tcp6: false,
                udp4: false,
                udp6: true
            }
        );
        let waiting = Kinds::of(
            b"TCP: inuse 0 orphan 0 tw 2 alloc 0\nTCP6: inuse 0\nUDP: inuse 0\nUDP6: inuse 0\n",
        );
        assert!(waiting.tcp4 && waiting.tcp6 && !waiting.udp4 && !waiting.udp6);
        assert_eq!(
            Kinds::of(b""),
            Kinds::ALL,
            "unreadable counters: dump everything"
        );
        assert!(Kinds::of(b"TCP: inuse x\n").tcp4, "unreadable: dump it");
        // The system-wide memory figures change with the host's traffic: left out.
        let busier = b"sockets: used 12\nTCP: inuse 3 orphan 0 tw 0 alloc 4 mem 900\n\
            UDP: inuse 0 mem 5\nFRAG: inuse 0 memory 4096\n";
        assert_eq!(without_memory(sockstat), without_memory(busier));
        let more = b"sockets: used 12\nTCP: inuse 4 orphan 0 tw 0 alloc 4 mem 7\n";
        assert_ne!(without_memory(sockstat), without_memory(more));
    }

    #[test]
    fn a_crowded_namespace_keeps_a_few_paths() {
        let processes = (0..100).map(|pid| (p(&format!("/proc/{pid}/ns/net")), ProcessNs::In(5)));
        let l = assemble(1, processes, vec![("n".into(), 5, p("/run/netns/n"))]);
        assert_eq!(l.foreign[&5].paths.len(), PATHS_KEPT + 1);
        assert_eq!(l.foreign[&5].paths.last(), Some(&p("/run/netns/n")));
    }

    #[test]
    fn a_namespace_gone_or_replaced_before_it_is_entered_is_vanished_not_entered() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("not-a-namespace");
        std::fs::write(&plain, b"").unwrap();
        let meta = std::fs::metadata(&plain).unwrap();
        let gone = Found {
            name: None,
            paths: vec![dir.path().join("1234/ns/net")],
        };
        assert!(matches!(
            open_checked(&gone, 7, meta.dev()),
            Err(Refusal::Vanished)
        ));
        // The path now names another file (a PID reused by a process elsewhere): refused.
        let other = Found {
            name: None,
            paths: vec![plain.clone()],
        };
        assert!(matches!(
            open_checked(&other, meta.ino() + 1, meta.dev()),
            Err(Refusal::Vanished)
        ));
        // The right inode on another device is not it either; the right one is opened.
        assert!(open_checked(&other, meta.ino(), meta.dev() + 1).is_err());
        let both = Found {
            name: None,
            paths: vec![dir.path().join("gone"), plain],
        };
        assert!(
            open_checked(&both, meta.ino(), meta.dev()).is_ok(),
            "the next path is tried"
        );
    }

    #[test]
    fn listing_a_fake_proc_counts_what_it_cannot_read_and_never_panics() {
        let dir = tempfile::tempdir().unwrap();
        let proc = dir.path().join("proc");
        for (pid, link) in [("1", "net:[1]"), ("20", "net:[77]"), ("21", "garbage")] {
            std::fs::create_dir_all(proc.join(pid).join("ns")).unwrap();
            std::os::unix::fs::symlink(link, proc.join(pid).join("ns").join("net")).unwrap();
        }
        std::fs::create_dir_all(proc.join("self")).unwrap(); // not a PID
        std::fs::create_dir_all(proc.join("30")).unwrap(); // no ns folder: gone
        let named = dir.path().join("netns");
        std::fs::create_dir_all(&named).unwrap();
        std::fs::write(named.join("plain-file"), b"").unwrap(); // not on nsfs: skipped
        let l = list(&proc, &named, 1, u64::MAX);
        assert_eq!(l.foreign.keys().copied().collect::<Vec<_>>(), [77]);
        assert_eq!(l.unseen, 0);
        let l = list(&dir.path().join("absent"), &dir.path().join("absent"), 1, 0);
        assert_eq!(l, Listing::default());
    }
}
