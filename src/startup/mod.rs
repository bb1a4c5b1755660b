//! "It will start again" (issue 18): the autostart entries that start an executable, and
//! disabling them with an undo journal. On Linux: systemd units (from the process's cgroup and
//! from unit files whose `ExecStart` runs it), XDG autostart files (the user's overriding the
//! system's), cron `@reboot` lines and `/etc/rc.local`. Everything is read with
//! [`crate::files::read_regular`] (no symlink followed, no FIFO opened, bounded) and written
//! with [`crate::files::write_atomic_as`] (mode and owner kept), after the old bytes are in the
//! journal ([`journal`]).

pub mod exec;
pub mod journal;
mod lines;
pub mod lnk;
pub mod runkey;
mod systemd;
pub mod task;
mod xdg;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::files::{Found, Perms};
use crate::i18n::{Msg, Tr};

pub use journal::{Change, Journal, Saved};

/// What kind of entry starts the program. The kebab-case names are part of the JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A systemd unit.
    Systemd,
    /// An XDG autostart `.desktop` file.
    XdgAutostart,
    /// A cron `@reboot` line.
    Cron,
    /// A line of `/etc/rc.local`.
    RcLocal,
    /// A Windows Run/RunOnce registry value.
    RunKey,
    /// A shortcut in a Windows Startup folder.
    StartupFolder,
    /// A Windows service.
    Service,
    /// A Windows scheduled task with a logon or boot trigger.
    ScheduledTask,
}

impl Kind {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Systemd => "systemd",
            Kind::XdgAutostart => "xdg-autostart",
            Kind::Cron => "cron",
            Kind::RcLocal => "rc-local",
            Kind::RunKey => "run-key",
            Kind::StartupFolder => "startup-folder",
            Kind::Service => "service",
            Kind::ScheduledTask => "scheduled-task",
        }
    }
}

/// One entry that starts the program (or would, if it were not inert).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Stable: a short hash of the kind, the file and the line.
    pub id: String,
    /// What kind of entry.
    pub kind: Kind,
    /// The file that holds it (shown losslessly: bytes that are not UTF-8 as `\xNN`).
    pub path: String,
    /// What it runs, as written.
    pub command: String,
    /// It starts the program: not commented out, not hidden, linked from a target.
    pub enabled: bool,
    /// PortScope's undo journal holds its disabling.
    pub disabled_by_portscope: bool,
    /// systemd: the targets (or units) whose `.wants`/`.requires` folder links it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wanted_by: Vec<String>,
    /// What disabling changes, each change checked against the bytes read now.
    #[serde(skip)]
    pub plan: Vec<Change>,
    /// systemd: the unit's name, for `systemctl` where systemd runs.
    #[serde(skip)]
    pub unit: Option<String>,
}

/// The user whose login starts entries: their files are read, and files made for them
/// (an XDG override) belong to them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Their uid.
    pub uid: u32,
    /// Their primary group.
    pub gid: u32,
    /// Their login name (their crontab's file name).
    pub name: String,
    /// Their home.
    pub home: PathBuf,
    /// `$XDG_CONFIG_HOME`, else `~/.config`.
    pub config_home: PathBuf,
}

/// Where the entries live. [`Roots::system`] is this computer; tests use a folder of their own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roots {
    /// System unit folders, first wins (`/etc/systemd/system` before `/lib/...`).
    pub systemd: Vec<PathBuf>,
    /// The folders after `$XDG_CONFIG_DIRS` (each with `autostart` added), first wins.
    pub xdg_system: Vec<PathBuf>,
    /// Users' crontabs (`/var/spool/cron/crontabs`).
    pub cron_spool: PathBuf,
    /// System crontabs with a user field (`/etc/crontab`).
    pub cron_files: Vec<PathBuf>,
    /// Folders of system crontabs (`/etc/cron.d`).
    pub cron_dirs: Vec<PathBuf>,
    /// `/etc/rc.local`.
    pub rc_local: PathBuf,
    /// Where a bare program name is looked up.
    pub path_dirs: Vec<PathBuf>,
    /// systemd is the service manager (`/run/systemd/system` exists): disable with
    /// `systemctl disable --now`.
    pub systemd_running: bool,
}

impl Roots {
    /// This computer's folders, `$XDG_CONFIG_DIRS` and `$PATH` read from the environment.
    pub fn system() -> Roots {
        let xdg_dirs = std::env::var_os("XDG_CONFIG_DIRS")
            .filter(|v| !v.is_empty())
            .map_or_else(
                || vec![PathBuf::from("/etc/xdg")],
                |v| {
                    std::env::split_paths(&v)
                        .filter(|p| p.is_absolute())
                        .collect()
                },
            );
        let mut path_dirs: Vec<PathBuf> = std::env::var_os("PATH")
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| p.is_absolute())
                    .collect()
            })
            .unwrap_or_default();
        for d in ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"] {
            if !path_dirs.iter().any(|p| p == Path::new(d)) {
                path_dirs.push(d.into());
            }
        }
        Roots {
            systemd: [
                "/etc/systemd/system",
                "/lib/systemd/system",
                "/usr/lib/systemd/system",
            ]
            .map(PathBuf::from)
            .to_vec(),
            xdg_system: xdg_dirs.into_iter().map(|d| d.join("autostart")).collect(),
            cron_spool: "/var/spool/cron/crontabs".into(),
            cron_files: vec!["/etc/crontab".into()],
            cron_dirs: vec!["/etc/cron.d".into()],
            rc_local: "/etc/rc.local".into(),
            path_dirs,
            systemd_running: Path::new("/run/systemd/system").is_dir(),
        }
    }
}

/// What to look for: the entries that run `exe` (all entries when `None`), the units the
/// process runs in, for `user`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// The program's real image (`/proc/<pid>/exe`); `None`: every entry.
    pub exe: Option<PathBuf>,
    /// The systemd units of the process's cgroup (`Origin::services`).
    pub units: Vec<String>,
    /// Whose login entries are read.
    pub user: User,
    /// Where.
    pub roots: Roots,
}

impl Scope {
    /// Whether an entry whose program is written `program` runs the executable looked for.
    fn runs(&self, program: &[u8]) -> bool {
        match &self.exe {
            None => !program.is_empty(),
            Some(exe) => exec::runs(program, exe, &self.roots.path_dirs),
        }
    }
}

/// A file or folder that could not be read: named, not fatal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    /// The file or folder.
    pub path: String,
    /// Why.
    pub why: String,
}

/// Everything found for a [`Scope`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Findings {
    /// The entries, systemd first, then XDG, cron, rc.local.
    pub entries: Vec<Entry>,
    /// What could not be read.
    pub unreadable: Vec<Unreadable>,
}

impl Findings {
    fn unreadable(&mut self, path: &Path, why: impl std::fmt::Display) {
        self.unreadable.push(Unreadable {
            path: text(path),
            why: why.to_string(),
        });
    }

    /// Read a file that may hold entries: its bytes and mode/owner, or `None` (missing, or
    /// unreadable: noted).
    fn read(&mut self, path: &Path) -> Option<Saved> {
        match crate::files::read_regular(path) {
            Ok(Found::Bytes(bytes)) => match perms_of(path) {
                Ok(perms) => Some(Saved { bytes, perms }),
                Err(e) => {
                    self.unreadable(path, e);
                    None
                }
            },
            Ok(Found::Missing) => None,
            Ok(Found::Symlink) => {
                self.unreadable(path, crate::files::NotUsable::Symlink);
                None
            }
            Err(e) => {
                self.unreadable(path, e);
                None
            }
        }
    }

    /// The names in a folder, sorted; a missing folder has none, an unreadable one is noted.
    fn names(&mut self, dir: &Path) -> Vec<std::ffi::OsString> {
        match std::fs::read_dir(dir) {
            Ok(read) => {
                let mut names: Vec<_> = read.flatten().map(|e| e.file_name()).collect();
                names.sort();
                names
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                self.unreadable(dir, e);
                Vec::new()
            }
        }
    }
}

/// Every entry of `scope`, each marked with whether `journal` holds its disabling.
pub fn find(scope: &Scope, journal: &Journal) -> Findings {
    let mut found = Findings::default();
    systemd::find(scope, &mut found);
    xdg::find(scope, &mut found);
    lines::find_cron(scope, &mut found);
    lines::find_rc_local(scope, &mut found);
    #[cfg(windows)]
    {
        runkey::find(scope, &mut found);
        runkey::from_journal(scope, journal, &mut found);
        runkey::find_services(scope, &mut found);
        task::find(scope, &mut found);
        lnk::find(scope, &mut found);
    }
    for entry in &mut found.entries {
        entry.disabled_by_portscope = journal.holds(&entry.id);
    }
    found
}

/// A path as text, losslessly.
pub fn text(path: &Path) -> String {
    crate::model::text::path_text(path).into_owned()
}

/// A short, stable id: FNV-1a over the parts, 10 hex digits.
fn id_of(kind: Kind, parts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in std::iter::once(kind.as_str().as_bytes()).chain(parts.iter().copied()) {
        for &b in part.iter().chain(&[0u8]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:010x}", hash >> 24)
}

/// Bytes shown as text (invalid UTF-8 as `\xNN`, like paths).
fn bytes_text(bytes: &[u8]) -> String {
    text(&exec::bytes_path(bytes))
}

/// The mode and owner of a file (not following a link).
pub fn perms_of(path: &Path) -> std::io::Result<Perms> {
    let meta = std::fs::symlink_metadata(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        Ok(Perms {
            mode: meta.mode() & 0o7777,
            uid: meta.uid(),
            gid: meta.gid(),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Ok(Perms {
            mode: 0o644,
            uid: 0,
            gid: 0,
        })
    }
}

/// Why listing, disabling or enabling failed. Unless it says otherwise, nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StartupError {
    /// Writing the entry's file or folder needs rights PortScope does not have.
    #[error("changing {0} needs administrator rights")]
    NeedsAdmin(String),
    /// No entry with this id.
    #[error("no autostart entry {0}")]
    NotFound(String),
    /// PortScope finds this kind of entry but does not change it (a scheduled task).
    #[error("PortScope does not disable {0} entries")]
    CannotDisable(String),
    /// The entry is inert already.
    #[error("{0} is not enabled")]
    AlreadyInert(String),
    /// The journal holds no disabling of this id.
    #[error("PortScope has not disabled {0}")]
    NotDisabledByUs(String),
    /// A file is no longer what was read (or recorded): someone else changed it.
    #[error("{0} changed meanwhile")]
    ChangedMeanwhile(String),
    /// After the change the entry still reads as enabled (the change was undone).
    #[error("{0} still starts the program")]
    NotInert(String),
    /// After restoring, a file does not read back as recorded; the record is kept.
    #[error("{0} does not read back as it was")]
    NotRestored(String),
    /// The journal can't be read or written.
    #[error("the undo journal {path}: {why}")]
    Journal {
        /// The journal's path.
        path: String,
        /// Why.
        why: String,
    },
    /// A file could not be written.
    #[error("{path}: {why}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        why: String,
    },
    /// `systemctl` failed.
    #[error("systemctl: {0}")]
    Systemctl(String),
}

impl StartupError {
    /// The failure in the UI language, saying what was (not) changed.
    pub fn message(&self, tr: &Tr) -> String {
        match self {
            StartupError::NeedsAdmin(p) => tr.f(Msg::StartupNeedsAdmin, &[p]),
            StartupError::NotFound(id) => tr.f(Msg::StartupNotFound, &[id]),
            StartupError::AlreadyInert(p) => tr.f(Msg::StartupAlreadyInert, &[p]),
            StartupError::CannotDisable(kind) => tr.f(Msg::StartupCannotDisable, &[kind]),
            StartupError::NotDisabledByUs(id) => tr.f(Msg::StartupNotDisabledByUs, &[id]),
            StartupError::ChangedMeanwhile(p) => tr.f(Msg::StartupChangedMeanwhile, &[p]),
            StartupError::NotInert(p) => tr.f(Msg::StartupNotInert, &[p]),
            StartupError::NotRestored(p) => tr.f(Msg::StartupNotRestored, &[p]),
            StartupError::Journal { path, why } => tr.f(Msg::StartupJournalFailed, &[path, why]),
            StartupError::Io { path, why } => tr.f(Msg::StartupWriteFailed, &[path, why]),
            StartupError::Systemctl(why) => tr.f(Msg::StartupSystemctlFailed, &[why]),
        }
    }

    fn io(path: &Path, e: &std::io::Error) -> StartupError {
        if e.kind() == std::io::ErrorKind::PermissionDenied {
            StartupError::NeedsAdmin(text(path))
        } else {
            StartupError::Io {
                path: text(path),
                why: e.to_string(),
            }
        }
    }
}

impl User {
    /// The user this PortScope runs as, with `$HOME` and `$XDG_CONFIG_HOME` as they are set.
    pub fn current() -> Option<User> {
        #[cfg(unix)]
        let (uid, gid, name, home) = {
            let uid = nix::unistd::geteuid();
            let user = nix::unistd::User::from_uid(uid).ok().flatten();
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .or_else(|| user.as_ref().map(|u| u.dir.clone()))?;
            let gid = user.as_ref().map_or(nix::unistd::getegid(), |u| u.gid);
            let name = user.map(|u| u.name).unwrap_or_default();
            (uid.as_raw(), gid.as_raw(), name, home)
        };
        #[cfg(not(unix))]
        let (uid, gid, name, home) = (0, 0, String::new(), dirs::home_dir()?);
        let config_home = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .unwrap_or_else(|| home.join(".config"));
        Some(User {
            uid,
            gid,
            name,
            home,
            config_home,
        })
    }

    /// User `uid`: the current user's environment when it is them, else the user database's
    /// home (their `$XDG_CONFIG_HOME` is not known: `~/.config`).
    pub fn of_uid(uid: u32) -> Option<User> {
        #[cfg(unix)]
        {
            if nix::unistd::geteuid().as_raw() == uid {
                return User::current();
            }
            let user = nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid))
                .ok()
                .flatten()?;
            Some(User {
                uid,
                gid: user.gid.as_raw(),
                name: user.name,
                config_home: user.dir.join(".config"),
                home: user.dir,
            })
        }
        #[cfg(not(unix))]
        {
            let _ = uid;
            User::current()
        }
    }
}
