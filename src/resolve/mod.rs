//! Host names of remote addresses by reverse DNS, verified, without ever making a poll or a
//! frame wait.
//!
//! - Names come from the system resolver, the way `getnameinfo` does it (it honours
//!   `/etc/hosts`, nsswitch and the configured DNS servers; glibc refuses malformed answers),
//!   through the `dns-lookup` crate's safe wrappers. Each name is then **forward-confirmed**:
//!   `getaddrinfo` of the name must give the address back, else the name is kept as
//!   unverified (anyone can set the reverse name of their own address to
//!   `login.microsoft.com`). Names are checked by [`host_name`] first.
//! - Only public addresses are looked up (`ipinfo::scope`): a reverse query for a private or
//!   loopback address would tell an outside DNS server about the local network, nsswitch's
//!   mDNS can stall on it, and the Remote column already says what such an address is. That
//!   holds even for a LAN address that `/etc/hosts` names: `getnameinfo` can't be told to ask
//!   the files source alone, and reading `/etc/hosts` ourselves would be a second resolver
//!   that disagrees with nsswitch.
//! - Lookups run on a small pool of threads (at most [`Limits::threads`], started on first use)
//!   fed by a bounded queue: when it is full a request is dropped and counted
//!   ([`Resolver::skipped`]), so 100,000 new addresses in one poll cost a bounded queue.
//! - A request never blocks: [`Batch::host`] answers from the cache and queues what it lacks.
//!   A lookup pending for longer than the deadline ([`Limits::deadline`], 2 s) counts as
//!   timed out (no name, not asked again); a thread stuck in `getnameinfo` holds only itself,
//!   and its answer still fills the cache when it comes. [`Resolver::wait`] is the one call that
//!   waits, until a deadline (`portscope list --resolve`).
//! - The cache keeps names for [`Limits::positive`], "no name" for [`Limits::negative`] and a
//!   failure (a server that did not answer) for [`Limits::failed`], with at most
//!   [`Limits::cache`] entries: when full, expired entries go first, then the older half.

mod name;

pub use name::{MAX_NAME, Refused, host_name};

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::ipinfo::{Scope, scope};
use crate::model::RemoteHost;

/// How big and how patient the resolver is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Lookup threads.
    pub threads: usize,
    /// Addresses waiting for a thread; more are skipped and counted.
    pub queue: usize,
    /// Cache entries (names, "no name", pending).
    pub cache: usize,
    /// How long a lookup may take before it counts as timed out.
    pub deadline: Duration,
    /// How long a name is kept.
    pub positive: Duration,
    /// How long "this address has no name" is kept.
    pub negative: Duration,
    /// How long a failed lookup (no answer, server failure) is kept before asking again.
    pub failed: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            threads: 4,
            queue: 1024,
            cache: 20_000,
            deadline: Duration::from_secs(2),
            positive: Duration::from_secs(30 * 60),
            negative: Duration::from_secs(10 * 60),
            failed: Duration::from_secs(60),
        }
    }
}

/// Why a lookup gave no name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The resolver answered: there is no such name (or no address for it).
    NoName,
    /// No usable answer: a server that did not answer, a server failure, a name too long.
    Failed,
}

/// The two questions asked of a resolver. [`SystemLookup`] is the real one; tests use fakes.
pub trait Lookup: Send + Sync + 'static {
    /// The name of `ip` (a PTR lookup, or `/etc/hosts`).
    fn reverse(&self, ip: IpAddr) -> Result<String, Failure>;
    /// The addresses of `name`.
    fn forward(&self, name: &str) -> Result<Vec<IpAddr>, Failure>;
}

/// The system resolver, through `getnameinfo(NI_NAMEREQD)` and `getaddrinfo`.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemLookup;

fn failure(e: &dns_lookup::LookupError) -> Failure {
    match e.kind() {
        dns_lookup::LookupErrorKind::NoName | dns_lookup::LookupErrorKind::NoData => {
            Failure::NoName
        }
        _ => Failure::Failed,
    }
}

impl Lookup for SystemLookup {
    fn reverse(&self, ip: IpAddr) -> Result<String, Failure> {
        dns_lookup::lookup_addr(&ip).map_err(|e| failure(&e))
    }

    fn forward(&self, name: &str) -> Result<Vec<IpAddr>, Failure> {
        Ok(dns_lookup::lookup_host(name)
            .map_err(|e| failure(&e))?
            .collect())
    }
}

/// What the resolver knows of an address right now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Its name.
    Named(Arc<RemoteHost>),
    /// It has no name (or its name was refused as not a host name).
    NoName,
    /// Asked, not answered yet.
    Pending,
    /// Asked, and not answered within the deadline.
    TimedOut,
    /// Not asked: the queue was full.
    Skipped,
    /// Not asked: not a public address.
    NotLookedUp,
}

impl Answer {
    /// The name, if there is one.
    pub fn host(&self) -> Option<Arc<RemoteHost>> {
        match self {
            Answer::Named(h) => Some(Arc::clone(h)),
            _ => None,
        }
    }
}

#[derive(Debug)]
enum Entry {
    /// Queued or being looked up since `since`; `previous` is the expired name it refreshes.
    Pending {
        since: Instant,
        previous: Option<Arc<RemoteHost>>,
    },
    /// Looked up: the name or none, valid until `until`.
    Done {
        host: Option<Arc<RemoteHost>>,
        until: Instant,
    },
}

#[derive(Debug, Default)]
struct State {
    entries: HashMap<IpAddr, Entry>,
    queue: VecDeque<IpAddr>,
    workers: usize,
    idle: usize,
    stopped: bool,
    skipped: u64,
    spawn_failed: bool,
}

struct Shared {
    state: Mutex<State>,
    /// Signalled when work is queued or the resolver stops.
    work: Condvar,
    /// Signalled when a lookup finishes.
    done: Condvar,
    lookup: Box<dyn Lookup>,
    limits: Limits,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data: go on with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The reverse-DNS resolver: a cache and the threads that fill it. Dropping it stops the
/// threads (one stuck in a lookup ends when that lookup does).
pub struct Resolver {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.shared.lock();
        f.debug_struct("Resolver")
            .field("entries", &state.entries.len())
            .field("queued", &state.queue.len())
            .field("workers", &state.workers)
            .field("skipped", &state.skipped)
            .finish()
    }
}

impl Resolver {
    /// A resolver over the system's, with the default limits.
    pub fn system() -> Resolver {
        Resolver::new(SystemLookup, Limits::default())
    }

    /// A resolver over `lookup` with `limits`. No thread starts until the first request.
    pub fn new(lookup: impl Lookup, limits: Limits) -> Resolver {
        Resolver {
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                work: Condvar::new(),
                done: Condvar::new(),
                lookup: Box::new(lookup),
                limits,
            }),
        }
    }

    /// Requests for many addresses under one lock (the engine asks once per row each poll).
    pub fn batch(&self) -> Batch<'_> {
        self.batch_at(Instant::now())
    }

    /// A batch that takes `now` as the time (the cache lifetimes' tests).
    fn batch_at(&self, now: Instant) -> Batch<'_> {
        Batch {
            shared: &self.shared,
            state: self.shared.lock(),
            now,
        }
    }

    /// What is known of `ip` now; queues a lookup when nothing is (never waits).
    pub fn request(&self, ip: IpAddr) -> Answer {
        self.batch().answer(ip)
    }

    /// Wait until none of `ips` is pending any more, or until `deadline`, whichever comes
    /// first. Request them first.
    pub fn wait(&self, ips: &[IpAddr], deadline: Instant) {
        let mut state = self.shared.lock();
        let mut waiting: Vec<IpAddr> = ips.to_vec();
        loop {
            let now = Instant::now();
            let limit = self.shared.limits.deadline;
            // The soonest moment one of them times out, if that comes before `deadline`.
            let mut until = deadline;
            waiting.retain(|ip| match state.entries.get(&canonical(*ip)) {
                Some(Entry::Pending { since, .. }) if now.duration_since(*since) < limit => {
                    until = until.min(*since + limit);
                    true
                }
                _ => false,
            });
            if waiting.is_empty() || now >= deadline {
                return;
            }
            state = match self.shared.done.wait_timeout(state, until - now) {
                Ok((s, _)) => s,
                Err(e) => e.into_inner().0,
            };
        }
    }

    /// Lookups dropped because the queue was full, since the start.
    pub fn skipped(&self) -> u64 {
        self.shared.lock().skipped
    }

    /// Cache entries (for tests and the debug log).
    pub fn cached(&self) -> usize {
        self.shared.lock().entries.len()
    }

    /// Threads started.
    pub fn threads(&self) -> usize {
        self.shared.lock().workers
    }
}

impl Drop for Resolver {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.stopped = true;
        state.queue.clear();
        drop(state);
        self.shared.work.notify_all();
    }
}

/// Requests made under one lock of the cache; see [`Resolver::batch`].
pub struct Batch<'a> {
    shared: &'a Arc<Shared>,
    state: MutexGuard<'a, State>,
    now: Instant,
}

impl Batch<'_> {
    /// The name of `ip` if it is known; queues a lookup when it is not.
    pub fn host(&mut self, ip: IpAddr) -> Option<Arc<RemoteHost>> {
        match self.answer(ip) {
            Answer::Named(h) => Some(h),
            _ => self.previous(ip),
        }
    }

    /// The expired name a pending lookup refreshes, shown meanwhile.
    fn previous(&self, ip: IpAddr) -> Option<Arc<RemoteHost>> {
        match self.state.entries.get(&canonical(ip)) {
            Some(Entry::Pending { previous, .. }) => previous.clone(),
            _ => None,
        }
    }

    /// What is known of `ip`; queues a lookup when nothing (current) is.
    pub fn answer(&mut self, ip: IpAddr) -> Answer {
        let ip = canonical(ip);
        if scope(ip) != Scope::Public {
            return Answer::NotLookedUp;
        }
        let (now, limits) = (self.now, self.shared.limits);
        let previous = match self.state.entries.get(&ip) {
            Some(Entry::Done { host, until }) if *until > now => {
                return host.clone().map_or(Answer::NoName, Answer::Named);
            }
            Some(Entry::Pending { since, .. }) if now.duration_since(*since) >= limits.deadline => {
                return Answer::TimedOut;
            }
            Some(Entry::Pending { .. }) => return Answer::Pending,
            Some(Entry::Done { host, .. }) => host.clone(),
            None => None,
        };
        if self.state.queue.len() >= limits.queue {
            self.state.skipped += 1;
            return Answer::Skipped;
        }
        if !self.state.entries.contains_key(&ip) && self.state.entries.len() >= limits.cache {
            make_room(&mut self.state, now);
            if self.state.entries.len() >= limits.cache {
                self.state.skipped += 1;
                return Answer::Skipped;
            }
        }
        self.state.entries.insert(
            ip,
            Entry::Pending {
                since: now,
                previous,
            },
        );
        self.state.queue.push_back(ip);
        self.wake_or_spawn();
        Answer::Pending
    }

    fn wake_or_spawn(&mut self) {
        let state = &mut self.state;
        if state.idle > 0 || state.workers >= self.shared.limits.threads {
            self.shared.work.notify_one();
            return;
        }
        let shared = Arc::clone(self.shared);
        match std::thread::Builder::new()
            .name("portscope-dns".into())
            .spawn(move || work(&shared))
        {
            Ok(_detached) => state.workers += 1,
            Err(e) if !state.spawn_failed => {
                state.spawn_failed = true;
                log::warn!("no thread for host-name lookups: {e}");
            }
            Err(_) => {}
        }
    }
}

/// Drop expired entries; if that is not enough, the older half of the answers.
fn make_room(state: &mut State, now: Instant) {
    state
        .entries
        .retain(|_, e| !matches!(e, Entry::Done { until, .. } if *until <= now));
    let mut untils: Vec<Instant> = state
        .entries
        .values()
        .filter_map(|e| match e {
            Entry::Done { until, .. } => Some(*until),
            Entry::Pending { .. } => None,
        })
        .collect();
    if untils.len() < state.entries.len() / 2 {
        return; // mostly pending (bounded by the queue): nothing old to drop
    }
    let half = untils.len() / 2;
    let (_, cut, _) = untils.select_nth_unstable(half);
    let cut = *cut;
    state
        .entries
        .retain(|_, e| !matches!(e, Entry::Done { until, .. } if *until <= cut));
}

/// An IPv4-mapped IPv6 address as the IPv4 address it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// Look `ip` up and forward-confirm its name: the entry to keep, and for how long.
fn resolve(
    lookup: &dyn Lookup,
    ip: IpAddr,
    limits: &Limits,
) -> (Option<Arc<RemoteHost>>, Duration) {
    let raw = match lookup.reverse(ip) {
        Ok(raw) => raw,
        Err(Failure::NoName) => return (None, limits.negative),
        Err(Failure::Failed) => return (None, limits.failed),
    };
    let name = match host_name(&raw) {
        Ok(name) => name,
        Err(why) => {
            log::debug!(
                "reverse name of {ip} refused ({why:?}): {:?}",
                raw.escape_debug()
            );
            return (None, limits.negative);
        }
    };
    let verified = lookup
        .forward(&name)
        .is_ok_and(|addrs| addrs.into_iter().any(|a| canonical(a) == ip));
    (
        Some(Arc::new(RemoteHost { name, verified })),
        limits.positive,
    )
}

/// A lookup thread: take an address, resolve it outside the lock, keep the answer.
fn work(shared: &Shared) {
    let mut state = shared.lock();
    loop {
        if state.stopped {
            return;
        }
        let Some(ip) = state.queue.pop_front() else {
            state.idle += 1;
            state = match shared.work.wait(state) {
                Ok(s) => s,
                Err(e) => e.into_inner(),
            };
            state.idle -= 1;
            continue;
        };
        drop(state);
        let (host, lifetime) = resolve(&*shared.lookup, ip, &shared.limits);
        state = shared.lock();
        if state.stopped {
            return;
        }
        state.entries.insert(
            ip,
            Entry::Done {
                host,
                until: Instant::now() + lifetime,
            },
        );
        shared.done.notify_all();
    }
}

#[cfg(test)]
mod tests;
