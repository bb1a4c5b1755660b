//! The poll thread's side of provenance on Linux: for each new process identity it reads a few
//! small files (`cgroup`, the parents' `stat`, the `exe` identity, a sandbox's `.flatpak-info`),
//! and hands the package lookup and the hash to the [`Worker`]. In the steady state a poll costs
//! a pointer comparison and a map look-up per owning process.

use std::collections::{HashMap, HashSet};
use std::io::Read as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::cgroup;
use super::worker::{Config, ExeId, Job, JobKey, Worker};
use crate::collector::procfs;
use crate::model::{Ancestor, Container, ContainerRuntime, Origin, Package, ProcessInfo};

/// The most of a small `/proc` or runtime file that is read.
const SMALL_FILE: u64 = 64 * 1024;

/// Polls after which a process's cgroup and launch chain are read again: a process can be moved
/// to another unit, and a parent can exit (the chain then runs through its adopter).
pub const REREAD_EVERY: u64 = 30;

/// How often an image is asked again when the process named for it vanished before the hash.
const MAX_RETRIES: u8 = 3;

/// Answers kept before those no process uses any more are dropped.
const MAX_ANSWERS: usize = 4096;

/// Where a process's package answer comes from.
#[derive(Clone, Debug)]
enum PackageSource {
    /// Named by the path or the sandbox, no database needed.
    Bundle(Package),
    /// The worker's answer for this image.
    Job { key: JobKey, comparable: bool },
    /// Can't be told: the image can't be read, or it runs under another root (a container).
    Unknown,
}

/// What is read once per process identity.
struct Base {
    services: Vec<String>,
    user_unit_of: Option<u32>,
    container: Option<Container>,
    ancestry: Vec<Ancestor>,
    package: PackageSource,
}

struct Entry {
    /// The details as `ProcessDetails` gave them (the same `Arc` while the process is the same).
    input: Arc<ProcessInfo>,
    /// The poll `base` was read at.
    read_at: u64,
    base: Base,
    /// The details with `origin` filled in, shared by every poll until something new is known.
    output: Arc<ProcessInfo>,
}

/// What the worker said about one image.
#[derive(Clone, Debug)]
struct Known {
    package: Result<Option<Package>, String>,
    done: bool,
}

/// Provenance of the processes a poll reports.
pub struct ProvenanceTracker {
    root: PathBuf,
    config: Config,
    /// `/proc/self/root`'s identity: a process under another root is in a container or sandbox.
    own_root: Option<(u64, u64)>,
    worker: Option<Result<Worker, String>>,
    cache: HashMap<u32, Entry>,
    known: HashMap<JobKey, Known>,
    asked: HashSet<JobKey>,
    /// How often each image was asked again because its process vanished before the hash.
    retried: HashMap<JobKey, u8>,
    polls: u64,
}

impl Default for ProvenanceTracker {
    fn default() -> Self {
        Self::new(Config::default())
    }
}

fn root_id(path: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

fn read_small(path: &Path) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(SMALL_FILE)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

impl ProvenanceTracker {
    /// A tracker reading from `config`'s places; the worker starts with the first job.
    pub fn new(config: Config) -> Self {
        ProvenanceTracker {
            own_root: root_id(&config.proc_root.join("self").join("root")),
            root: config.proc_root.clone(),
            config,
            worker: None,
            cache: HashMap::new(),
            known: HashMap::new(),
            asked: HashSet::new(),
            retried: HashMap::new(),
            polls: 0,
        }
    }

    /// How many lookups are still under way.
    pub fn pending(&self) -> usize {
        self.asked.len()
    }

    /// How many images the worker has hashed, and how many bytes it read for them.
    pub fn hashed(&self) -> (u64, u64) {
        match &self.worker {
            Some(Ok(w)) => (
                w.stats().hashed.load(Ordering::Relaxed),
                w.stats().bytes.load(Ordering::Relaxed),
            ),
            _ => (0, 0),
        }
    }

    /// Fill in `origin` of every process in `details`. Entries are replaced only when what is
    /// known changed, so unchanged rows keep sharing their `Arc`.
    pub fn attach(&mut self, details: &mut HashMap<u32, Arc<ProcessInfo>>) {
        self.collect_answers();
        self.polls += 1;
        let mut next = HashMap::with_capacity(details.len());
        for (pid, info) in details.iter_mut() {
            let mut entry = match self.cache.remove(pid) {
                Some(e) if Arc::ptr_eq(&e.input, info) => e,
                _ => Entry {
                    base: self.base(*pid, info),
                    read_at: self.polls,
                    input: Arc::clone(info),
                    output: Arc::clone(info),
                },
            };
            if self.polls - entry.read_at >= REREAD_EVERY {
                entry.base = self.base(*pid, &entry.input);
                entry.read_at = self.polls;
            }
            let (package, pending, unknown) = self.package_state(*pid, &entry.base.package);
            let o = &entry.output.origin;
            let same = o.package.as_ref() == package.as_ref()
                && o.package_pending == pending
                && o.package_unknown == unknown
                && o.services == entry.base.services
                && o.user_unit_of == entry.base.user_unit_of
                && o.container == entry.base.container
                && o.ancestry == entry.base.ancestry;
            if !same {
                let mut updated = (*entry.input).clone();
                updated.origin = Origin {
                    package,
                    package_pending: pending,
                    package_unknown: unknown,
                    services: entry.base.services.clone(),
                    user_unit_of: entry.base.user_unit_of,
                    container: entry.base.container.clone(),
                    ancestry: entry.base.ancestry.clone(),
                    ..Origin::default()
                };
                entry.output = Arc::new(updated);
            }
            *info = Arc::clone(&entry.output);
            next.insert(*pid, entry);
        }
        self.cache = next;
        if self.known.len() > MAX_ANSWERS {
            let used: HashSet<&JobKey> = self
                .cache
                .values()
                .filter_map(|e| match &e.base.package {
                    PackageSource::Job { key, .. } => Some(key),
                    _ => None,
                })
                .collect();
            self.known.retain(|k, _| used.contains(k));
            self.retried.retain(|k, _| used.contains(k));
        }
    }

    fn collect_answers(&mut self) {
        let Some(Ok(worker)) = &self.worker else {
            return;
        };
        for answer in worker.answers() {
            if answer.done {
                self.asked.remove(&answer.key);
            }
            // The process it named was gone before the hash: ask again (through whichever
            // process runs that image at the next poll), a few times at most.
            if answer.retry {
                let tries = self.retried.entry(answer.key.clone()).or_insert(0);
                *tries += 1;
                if *tries <= MAX_RETRIES {
                    self.known.remove(&answer.key);
                    continue;
                }
            }
            self.known.insert(
                answer.key,
                Known {
                    package: answer.package,
                    done: answer.done,
                },
            );
        }
    }

    /// The package, whether it is still being looked up, and whether it can't be told.
    fn package_state(&mut self, pid: u32, source: &PackageSource) -> (Option<Package>, bool, bool) {
        let (key, comparable) = match source {
            PackageSource::Bundle(p) => return (Some(p.clone()), false, false),
            PackageSource::Unknown => return (None, false, true),
            PackageSource::Job { key, comparable } => (key, *comparable),
        };
        if let Some(known) = self.known.get(key) {
            return match &known.package {
                // A package whose image is still being hashed is "checking…".
                Ok(p) => (p.clone(), !known.done, false),
                Err(_) => (None, false, true),
            };
        }
        if !self.asked.contains(key) {
            let job = Job {
                key: key.clone(),
                pid,
                comparable,
            };
            let worker = self.worker.get_or_insert_with(|| {
                Worker::start(self.config.clone()).map_err(|e| e.to_string())
            });
            match worker {
                Ok(w) if w.offer(job) => {
                    self.asked.insert(key.clone());
                }
                Ok(_) => {} // queue full: ask again next poll
                Err(_) => return (None, false, true),
            }
        }
        (None, true, false)
    }

    fn base(&self, pid: u32, info: &ProcessInfo) -> Base {
        let dir = self.root.join(pid.to_string());
        let facts = read_small(&dir.join("cgroup"))
            .map(|t| cgroup::parse(&String::from_utf8_lossy(&t)))
            .unwrap_or_default();
        let container = facts.container.map(|mut c| {
            if c.runtime == ContainerRuntime::Docker {
                let config = Path::new("/var/lib/docker/containers")
                    .join(&c.id)
                    .join("config.v2.json");
                c.name = read_small(&config)
                    .and_then(|t| cgroup::docker_name(&String::from_utf8_lossy(&t)));
            }
            c
        });
        let ancestry = super::ancestry(info.parent_pid, |p| {
            procfs::read_stat(&self.root, p).map(|s| (s.comm, Some(s.ppid)))
        });
        Base {
            services: facts.services,
            user_unit_of: facts.user_unit_of,
            container,
            ancestry,
            package: self.package_source(pid, info),
        }
    }

    fn package_source(&self, pid: u32, info: &ProcessInfo) -> PackageSource {
        let dir = self.root.join(pid.to_string());
        let Some(path) = info.path.as_ref() else {
            return PackageSource::Unknown;
        };
        let text = crate::model::text::path_text(path);
        let appimage =
            || read_small(&dir.join("environ")).and_then(|e| super::appimage_of_environ(&e));
        let appimage = if text.starts_with("/tmp/.mount_") {
            appimage()
        } else {
            None
        };
        if let Some(bundle) = super::bundle_of_path(&text, appimage.as_deref()) {
            return PackageSource::Bundle(bundle);
        }
        if root_id(&dir.join("root")) != self.own_root || self.own_root.is_none() {
            let flatpak = read_small(&dir.join("root").join(".flatpak-info"))
                .and_then(|t| super::flatpak_of_info(&String::from_utf8_lossy(&t)));
            return flatpak.map_or(PackageSource::Unknown, PackageSource::Bundle);
        }
        let Some(id) = std::fs::metadata(dir.join("exe"))
            .ok()
            .map(|m| ExeId::of(&m))
        else {
            return PackageSource::Unknown;
        };
        PackageSource::Job {
            key: JobKey {
                id,
                path: path.clone(),
            },
            comparable: !info.exe_deleted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn info_of(pid: u32) -> Arc<ProcessInfo> {
        let root = Path::new("/proc");
        let stat = procfs::read_stat(root, pid).expect("child stat");
        let mut info = crate::model::fixtures::process(pid, &stat.comm);
        info.path = procfs::read_exe(root, pid);
        info.parent_pid = Some(stat.ppid);
        Arc::new(info)
    }

    /// On this Debian's real database: coreutils lists `/bin/sleep` while the process runs
    /// `/usr/bin/sleep` (merged-/usr), and its md5sums names `bin/sleep`.
    #[test]
    fn two_processes_of_one_image_are_hashed_once_and_a_poll_never_waits() {
        let sleep = std::fs::canonicalize("/usr/bin/sleep").unwrap();
        let mut children: Vec<_> = (0..2)
            .map(|_| {
                std::process::Command::new(&sleep)
                    .arg("60")
                    .spawn()
                    .unwrap()
            })
            .collect();
        std::thread::sleep(Duration::from_millis(50)); // until both have exec'd
        let inputs: HashMap<u32, Arc<ProcessInfo>> =
            children.iter().map(|c| (c.id(), info_of(c.id()))).collect();
        let mut tracker = ProvenanceTracker::default();
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut first = true;
        let settled = loop {
            let mut details = inputs.clone();
            let started = Instant::now();
            tracker.attach(&mut details);
            if first {
                // The first poll asks and goes on: nothing is known yet, and it took no hash.
                assert!(
                    details.values().all(|p| p.origin.package_pending),
                    "{details:?}"
                );
                assert!(started.elapsed() < Duration::from_millis(500));
                first = false;
            }
            if tracker.pending() == 0 || Instant::now() > deadline {
                break details;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        for child in &mut children {
            let _ = child.kill();
            let _ = child.wait();
        }
        for p in settled.values() {
            let package = p.origin.package.as_ref().unwrap_or_else(|| panic!("{p:?}"));
            assert_eq!(package.name, "coreutils");
            assert_eq!(package.verified, Some(true), "{package:?}");
            assert_eq!(
                p.origin.ancestry.first().map(|a| a.pid),
                Some(std::process::id())
            );
        }
        assert_eq!(tracker.hashed().0, 1, "one image, one hash");
        // Later polls keep the same details: nothing new is known.
        let mut again = settled.clone();
        tracker.attach(&mut again);
        assert_eq!(tracker.hashed().0, 1);
    }
}
