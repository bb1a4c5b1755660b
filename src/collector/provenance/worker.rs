//! The one thread that looks packages up and hashes running images, so a poll never waits for
//! either. Jobs come over a bounded queue; each answer goes back twice at most: first the
//! package (with `verified: None`, "checking…"), then, once the image is hashed, the verdict.
//!
//! **What is hashed is what runs**: the image is read through `/proc/<pid>/exe`, which opens the
//! file the process was started from even when the path now names another file (another mount
//! namespace, an update). It is checked to still be the identity the job names (device, inode,
//! size, modification time), and each identity is hashed once: later jobs for it reuse the digest.

use std::collections::HashMap;
use std::io::Read as _;
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender, TrySendError};

use md5::Digest as _;

use super::dpkg::DpkgDb;
use super::rpm::{self, DigestAlgo};
use crate::model::{Package, PackageManager};

/// How many jobs may wait: a burst of new programs beyond it is asked for again next poll.
pub const QUEUE: usize = 256;

/// Images larger than this are not hashed (verified stays unknown): no sane program is this big,
/// and reading 4 GB would hold every other answer up for a minute.
pub const MAX_IMAGE: u64 = 1 << 30;

/// Digests kept before the oldest are forgotten (far more programs than any computer runs).
const MAX_KEPT: usize = 4096;

/// The identity of an executable's contents: while these four stay the same, so does the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExeId {
    /// Device.
    pub dev: u64,
    /// Inode.
    pub ino: u64,
    /// Size in bytes.
    pub size: u64,
    /// Modification time (seconds, nanoseconds).
    pub mtime: (i64, i64),
}

impl ExeId {
    /// The identity of the file behind `meta`.
    pub fn of(meta: &std::fs::Metadata) -> ExeId {
        ExeId {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
        }
    }
}

/// What one answer is about: a running image, and the path the process names it by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct JobKey {
    /// The image.
    pub id: ExeId,
    /// Its path as the process sees it (the key into the package databases).
    pub path: PathBuf,
}

/// One lookup.
#[derive(Clone, Debug)]
pub struct Job {
    /// What it is about.
    pub key: JobKey,
    /// A process running that image, to read it through `/proc/<pid>/exe`.
    pub pid: u32,
    /// False when the process's file was replaced since it started (an update): the package's
    /// record describes the new file, so the running image can't be compared with it; the file
    /// now at the path is compared instead (`Package::update_verified`).
    pub comparable: bool,
}

/// An answer.
#[derive(Clone, Debug)]
pub struct Answer {
    /// What it is about.
    pub key: JobKey,
    /// `Ok(None)`: no package has this file. `Err`: the databases could not be read.
    pub package: Result<Option<Package>, String>,
    /// The last answer for this key (the verdict, or no hash was needed).
    pub done: bool,
    /// The process named in the job was gone (or ran another image) before its image could be
    /// read: ask again with another process running it.
    pub retry: bool,
}

/// Counters for tests and the bench.
#[derive(Debug, Default)]
pub struct Stats {
    /// Images hashed (each identity once).
    pub hashed: AtomicU64,
    /// Bytes read to hash them.
    pub bytes: AtomicU64,
}

/// Where the worker reads from.
#[derive(Clone, Debug)]
pub struct Config {
    /// The mounted `/proc`.
    pub proc_root: PathBuf,
    /// dpkg's database folder.
    pub dpkg_dir: PathBuf,
    /// The `rpm` program, where installed.
    pub rpm: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            proc_root: PathBuf::from("/proc"),
            dpkg_dir: PathBuf::from(super::dpkg::ADMIN_DIR),
            rpm: ["/usr/bin/rpm", "/bin/rpm"]
                .into_iter()
                .map(PathBuf::from)
                .find(|p| p.is_file()),
        }
    }
}

/// The poll thread's end of the worker.
pub struct Worker {
    jobs: SyncSender<Job>,
    answers: Receiver<Answer>,
    stats: Arc<Stats>,
}

impl Worker {
    /// Start the thread; `Err` when it can't be started.
    pub fn start(config: Config) -> std::io::Result<Worker> {
        let (jobs, job_rx) = std::sync::mpsc::sync_channel(QUEUE);
        let (answer_tx, answers) = std::sync::mpsc::channel();
        let stats = Arc::new(Stats::default());
        let counters = Arc::clone(&stats);
        std::thread::Builder::new()
            .name("provenance".into())
            .spawn(move || run(&config, &job_rx, &answer_tx, &counters))?;
        Ok(Worker {
            jobs,
            answers,
            stats,
        })
    }

    /// Queue a job; false when the queue is full (ask again next poll) or the thread is gone.
    pub fn offer(&self, job: Job) -> bool {
        match self.jobs.try_send(job) {
            Ok(()) => true,
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
        }
    }

    /// Every answer that has arrived, without waiting.
    pub fn answers(&self) -> impl Iterator<Item = Answer> + '_ {
        self.answers.try_iter()
    }

    /// The counters.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }
}

struct State<'a> {
    config: &'a Config,
    dpkg: Option<Result<DpkgDb, String>>,
    /// Digests by identity and algorithm: `None` for an image too large to hash.
    digests: HashMap<(ExeId, DigestAlgo), Option<String>>,
    stats: &'a Stats,
}

fn run(config: &Config, jobs: &Receiver<Job>, answers: &Sender<Answer>, stats: &Stats) {
    let mut state = State {
        config,
        dpkg: None,
        digests: HashMap::new(),
        stats,
    };
    // Ends when the poller (the sender) is dropped.
    for job in jobs {
        for answer in state.answer(&job) {
            if answers.send(answer).is_err() {
                return;
            }
        }
    }
}

/// The job's process was gone before its image could be read.
struct Vanished;

/// What a package database recorded for a file.
struct Record {
    package: Package,
    expected: Option<(DigestAlgo, String)>,
}

impl State<'_> {
    fn answer(&mut self, job: &Job) -> Vec<Answer> {
        let record = match self.lookup(&job.key.path) {
            Ok(r) => r,
            Err(e) => {
                return vec![Answer {
                    key: job.key.clone(),
                    package: Err(e),
                    done: true,
                    retry: false,
                }];
            }
        };
        let Some(Record { package, expected }) = record else {
            return vec![Answer {
                key: job.key.clone(),
                package: Ok(None),
                done: true,
                retry: false,
            }];
        };
        let Some((algo, expected)) = expected else {
            return vec![Answer {
                key: job.key.clone(),
                package: Ok(Some(package)),
                done: true,
                retry: false,
            }];
        };
        if !job.comparable {
            // Replaced since it started: the package's record describes the file now at the
            // path, so that file is what can prove (or disprove) the update.
            let update_verified = self
                .digest_of_path(&job.key.path, algo)
                .map(|actual| actual == expected);
            return vec![Answer {
                key: job.key.clone(),
                package: Ok(Some(Package {
                    update_verified,
                    ..package
                })),
                done: true,
                retry: false,
            }];
        }
        let first = Answer {
            key: job.key.clone(),
            package: Ok(Some(package.clone())),
            done: false,
            retry: false,
        };
        let (actual, retry) = match self.digest(job, algo) {
            Ok(digest) => (digest, false),
            Err(Vanished) => (None, true),
        };
        let verdict = Package {
            verified: actual.as_ref().map(|a| *a == expected),
            expected_digest: Some(expected),
            actual_digest: actual,
            update_verified: None,
            ..package
        };
        vec![
            first,
            Answer {
                key: job.key.clone(),
                package: Ok(Some(verdict)),
                done: true,
                retry,
            },
        ]
    }

    fn dpkg(&mut self) -> Option<&Result<DpkgDb, String>> {
        let dir = &self.config.dpkg_dir;
        if !dir.join("info").exists() {
            return None; // not a dpkg system
        }
        let stale = match &self.dpkg {
            Some(Ok(db)) => db.is_stale(),
            Some(Err(_)) | None => true,
        };
        if stale {
            self.dpkg = Some(DpkgDb::load(dir));
        }
        self.dpkg.as_ref()
    }

    fn lookup(&mut self, path: &Path) -> Result<Option<Record>, String> {
        let bytes = path.as_os_str().as_bytes();
        if let Some(db) = self.dpkg() {
            let db = db.as_ref().map_err(Clone::clone)?;
            if let Some(owner) = db.owner(bytes) {
                let expected = db.recorded_md5(&owner).map(|m| (DigestAlgo::Md5, m));
                return Ok(Some(Record {
                    package: Package {
                        manager: PackageManager::Dpkg,
                        name: owner.package,
                        version: owner.version,
                        verified: None,
                        expected_digest: None,
                        actual_digest: None,
                        update_verified: None,
                    },
                    expected,
                }));
            }
        }
        match &self.config.rpm {
            Some(rpm) => rpm_lookup(rpm, path),
            None => Ok(None),
        }
    }

    /// The digest of the regular file at `path` itself (not followed through a link, never
    /// blocking on a FIFO), once per identity; `None` when it can't be read or is too large.
    fn digest_of_path(&mut self, path: &Path, algo: DigestAlgo) -> Option<String> {
        use std::os::unix::fs::OpenOptionsExt as _;
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(i32::try_from(flags.bits()).ok()?)
            .open(path)
            .ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() {
            return None;
        }
        let id = ExeId::of(&meta);
        if let Some(known) = self.digests.get(&(id, algo)) {
            return known.clone();
        }
        let computed = hash_open(file, id, algo, self.stats)?;
        self.remember(id, algo, computed.clone());
        computed
    }

    fn remember(&mut self, id: ExeId, algo: DigestAlgo, digest: Option<String>) {
        if self.digests.len() >= MAX_KEPT {
            self.digests.clear();
        }
        self.digests.insert((id, algo), digest);
    }

    /// The image's digest (`None`: too large to hash), or `Vanished`.
    fn digest(&mut self, job: &Job, algo: DigestAlgo) -> Result<Option<String>, Vanished> {
        let key = (job.key.id, algo);
        if let Some(known) = self.digests.get(&key) {
            return Ok(known.clone());
        }
        let exe = self.config.proc_root.join(job.pid.to_string()).join("exe");
        let computed = hash_image(&exe, job.key.id, algo, self.stats).ok_or(Vanished)?;
        self.remember(job.key.id, algo, computed.clone());
        Ok(computed)
    }
}

fn rpm_lookup(rpm: &Path, path: &Path) -> Result<Option<Record>, String> {
    let run = |format: &str| -> Result<String, String> {
        let out = Command::new(rpm)
            .args(["-qf", "--qf", format])
            .arg(path)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", rpm.display()))?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let Some((name, version)) = rpm::parse_owner(&run(rpm::OWNER_FORMAT)?) else {
        return Ok(None);
    };
    let expected = rpm::parse_digest(&run(rpm::DIGEST_FORMAT)?, &path.to_string_lossy());
    Ok(Some(Record {
        package: Package {
            manager: PackageManager::Rpm,
            name,
            version,
            verified: None,
            expected_digest: None,
            actual_digest: None,
            update_verified: None,
        },
        expected,
    }))
}

/// The digest of the image behind `exe` (a `/proc/<pid>/exe` link), if it still is `id`.
/// `None`: the process is gone or runs something else now (ask again with another process).
/// `Some(None)`: too large to hash.
pub fn hash_image(
    exe: &Path,
    id: ExeId,
    algo: DigestAlgo,
    stats: &Stats,
) -> Option<Option<String>> {
    let file = std::fs::File::open(exe).ok()?;
    if ExeId::of(&file.metadata().ok()?) != id {
        return None;
    }
    hash_open(file, id, algo, stats)
}

/// The digest of the open `file`, whose identity is `id`; `Some(None)` when too large, `None`
/// when a read fails.
fn hash_open(
    mut file: std::fs::File,
    id: ExeId,
    algo: DigestAlgo,
    stats: &Stats,
) -> Option<Option<String>> {
    if id.size > MAX_IMAGE {
        return Some(None);
    }
    let mut md5 = md5::Md5::new();
    let mut sha = sha2::Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        let chunk = buffer.get(..n)?;
        match algo {
            DigestAlgo::Md5 => md5.update(chunk),
            DigestAlgo::Sha256 => sha.update(chunk),
        }
        total += n as u64;
        if total > MAX_IMAGE {
            return Some(None);
        }
    }
    stats.hashed.fetch_add(1, Ordering::Relaxed);
    stats.bytes.fetch_add(total, Ordering::Relaxed);
    let digest: Vec<u8> = match algo {
        DigestAlgo::Md5 => md5.finalize().to_vec(),
        DigestAlgo::Sha256 => sha.finalize().to_vec(),
    };
    Some(Some(hex(&digest)))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_what_runs_and_refuses_another_identity() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("image");
        std::fs::write(&file, b"abc").unwrap();
        let id = ExeId::of(&std::fs::metadata(&file).unwrap());
        let stats = Stats::default();
        let md5 = hash_image(&file, id, DigestAlgo::Md5, &stats)
            .unwrap()
            .unwrap();
        assert_eq!(md5, "900150983cd24fb0d6963f7d28e17f72", "MD5 of abc");
        let sha = hash_image(&file, id, DigestAlgo::Sha256, &stats)
            .unwrap()
            .unwrap();
        assert!(sha.starts_with("ba7816bf8f01cfea"), "{sha}");
        assert_eq!(stats.hashed.load(Ordering::Relaxed), 2);
        let other = ExeId {
            ino: id.ino + 1,
            ..id
        };
        assert_eq!(hash_image(&file, other, DigestAlgo::Md5, &stats), None);
        assert_eq!(
            hash_image(&dir.path().join("gone"), id, DigestAlgo::Md5, &stats),
            None
        );
        let huge = ExeId {
            size: MAX_IMAGE + 1,
            ..id
        };
        // The identity check comes first; a file that really is that large is not read.
        assert_eq!(hash_image(&file, huge, DigestAlgo::Md5, &stats), None);
        let big = dir.path().join("big");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_IMAGE + 1)
            .unwrap(); // sparse
        let big_id = ExeId::of(&std::fs::metadata(&big).unwrap());
        let started = std::time::Instant::now();
        assert_eq!(
            hash_image(&big, big_id, DigestAlgo::Md5, &stats),
            Some(None),
            "too large"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "and not read"
        );
        assert_eq!(stats.hashed.load(Ordering::Relaxed), 2);
    }

    /// A dpkg database of one package, `fake`, listing `path` with the MD5 `md5`.
    fn one_package_db(path: &Path, md5: &str) -> tempfile::TempDir {
        let db = tempfile::tempdir().unwrap();
        std::fs::create_dir(db.path().join("info")).unwrap();
        let mut list = path.as_os_str().as_bytes().to_vec();
        list.push(b'\n');
        std::fs::write(db.path().join("info/fake.list"), list).unwrap();
        let relative = path.to_string_lossy().trim_start_matches('/').to_owned();
        std::fs::write(
            db.path().join("info/fake.md5sums"),
            format!("{md5}  {relative}\n"),
        )
        .unwrap();
        std::fs::write(
            db.path().join("status"),
            "Package: fake\nStatus: install ok installed\nVersion: 2.0\n",
        )
        .unwrap();
        db
    }

    fn md5_of(bytes: &[u8]) -> String {
        hex(&md5::Md5::digest(bytes))
    }

    /// A real program, started from a file that is then replaced (unlinked and written anew, as
    /// dpkg does): the package's record proves the new file is its own, or that it is not. The
    /// new file is hashed once, through no link.
    #[test]
    fn a_replaced_program_is_proved_updated_by_the_file_at_its_path() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prog");
        let original = std::fs::read("/usr/bin/sleep").unwrap();
        std::fs::write(&path, &original).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        // Another test's child forked meanwhile may hold the new file open for writing a
        // moment ("Text file busy"): try again.
        let mut child = (0..50)
            .find_map(|_| {
                let spawned = std::process::Command::new(&path).arg("60").spawn();
                if spawned.is_err() {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                spawned.ok()
            })
            .expect("the copy runs");
        let pid = child.id();
        let exe = PathBuf::from(format!("/proc/{pid}/exe"));
        let id = ExeId::of(&std::fs::metadata(&exe).unwrap());
        std::fs::remove_file(&path).unwrap();
        let mut updated = original.clone();
        updated.extend_from_slice(b"\0version 2\0");
        std::fs::write(&path, &updated).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();

        let answer_with = |md5: &str| {
            let db = one_package_db(&path, md5);
            let config = Config {
                dpkg_dir: db.path().to_owned(),
                rpm: None,
                ..Config::default()
            };
            let stats = Stats::default();
            let mut state = State {
                config: &config,
                dpkg: None,
                digests: HashMap::new(),
                stats: &stats,
            };
            let job = Job {
                key: JobKey {
                    id,
                    path: path.clone(),
                },
                pid,
                comparable: false,
            };
            let answers = state.answer(&job);
            // Asked again (another process of the same image): the digest is reused.
            let again = state.answer(&job);
            assert_eq!(
                again.last().unwrap().package.as_ref().unwrap(),
                answers.last().unwrap().package.as_ref().unwrap()
            );
            let last = answers.last().unwrap().clone();
            assert!(last.done && !last.retry);
            (
                last.package.unwrap().unwrap(),
                stats.hashed.load(Ordering::Relaxed),
            )
        };
        let (proved, hashed) = answer_with(&md5_of(&updated));
        assert_eq!(hashed, 1, "hashed once");
        assert_eq!(
            (proved.name.as_str(), proved.update_verified),
            ("fake", Some(true))
        );
        assert_eq!(proved.verified, None, "the running image is not compared");
        let (disowned, _) = answer_with(&md5_of(b"something else"));
        assert_eq!(disowned.update_verified, Some(false));
        // The running image would have matched the old record: it is not what is checked.
        assert_eq!(
            answer_with(&md5_of(&original)).0.update_verified,
            Some(false)
        );

        // A link where the file belongs is not followed.
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink("/usr/bin/sleep", &path).unwrap();
        let (linked, hashed) = answer_with(&md5_of(&original));
        assert_eq!((linked.update_verified, hashed), (None, 0), "{linked:?}");
        child.kill().unwrap();
        child.wait().unwrap();
    }

    #[test]
    fn an_image_whose_process_vanished_before_the_hash_is_asked_again() {
        let sleep = std::fs::canonicalize("/usr/bin/sleep").unwrap();
        let mut child = std::process::Command::new(&sleep)
            .arg("60")
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(50));
        let exe = PathBuf::from(format!("/proc/{}/exe", child.id()));
        let id = ExeId::of(&std::fs::metadata(&exe).unwrap());
        let pid = child.id();
        child.kill().unwrap();
        child.wait().unwrap();
        let config = Config::default();
        let stats = Stats::default();
        let mut state = State {
            config: &config,
            dpkg: None,
            digests: HashMap::new(),
            stats: &stats,
        };
        let job = Job {
            key: JobKey { id, path: sleep },
            pid,
            comparable: true,
        };
        let answers = state.answer(&job);
        let last = answers.last().unwrap();
        assert!(last.done && last.retry, "{answers:?}");
        let package = last.package.as_ref().unwrap().as_ref().unwrap();
        assert_eq!(
            (package.name.as_str(), package.verified),
            ("coreutils", None)
        );
        assert!(
            state.digests.is_empty(),
            "nothing is remembered of a hash not made"
        );
    }
}
