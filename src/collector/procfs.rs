//! Linux process identity and details straight from procfs: `/proc/<pid>/stat` for the name,
//! parent, state and the clock-tick start time (field 22, precise to 1/CLK_TCK of a second, unlike
//! a start time in whole seconds), `/proc/<pid>/exe` for the executable, `/proc/<pid>/cmdline`
//! and `/proc/<pid>/status` for the rest. Every read tolerates a process that vanished or is
//! unreadable: the answer is then `None`, never a panic.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

/// The fields of `/proc/<pid>/stat` PortScope uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stat {
    /// The kernel's short name (`comm`, at most 15 bytes; set by the program itself).
    pub comm: String,
    /// One-letter state: R, S, D, Z (zombie), X (dead), …
    pub state: char,
    /// Parent PID.
    pub ppid: u32,
    /// Kernel flags (field 9); `PF_KTHREAD` marks kernel threads.
    pub flags: u64,
    /// Start time in clock ticks after boot (field 22).
    pub start_ticks: u64,
}

/// `PF_KTHREAD` from the kernel's `include/linux/sched.h`.
const PF_KTHREAD: u64 = 0x0020_0000;

impl Stat {
    /// True for a kernel thread.
    pub fn is_kernel_thread(&self) -> bool {
        self.flags & PF_KTHREAD != 0
    }

    /// True when the process has exited (zombie or dead) and only awaits reaping.
    pub fn has_exited(&self) -> bool {
        matches!(self.state, 'Z' | 'X')
    }
}

/// Parse the text of `/proc/<pid>/stat`. The name sits in parentheses and may itself contain
/// spaces and parentheses, so the fields are counted from the *last* `)`.
pub fn parse_stat(text: &str) -> Option<Stat> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text.get(open + 1..close)?.to_owned();
    let mut fields = text.get(close + 1..)?.split_ascii_whitespace();
    // Field 3 is the state; after it, field n is at index n - 4.
    let state = fields.next()?.chars().next()?;
    let rest: Vec<&str> = fields.take(19).collect();
    Some(Stat {
        comm,
        state,
        ppid: rest.first()?.parse().ok()?,
        flags: rest.get(5)?.parse().ok()?,
        start_ticks: rest.get(18)?.parse().ok()?,
    })
}

/// Read and parse `/proc/<pid>/stat` under `root`.
pub fn read_stat(root: &Path, pid: u32) -> Option<Stat> {
    let bytes = std::fs::read(root.join(pid.to_string()).join("stat")).ok()?;
    parse_stat(&String::from_utf8_lossy(&bytes))
}

/// The executable of `pid` (Linux appends " (deleted)" when the file was removed); `None` for
/// kernel threads and for processes PortScope may not inspect.
pub fn read_exe(root: &Path, pid: u32) -> Option<PathBuf> {
    std::fs::read_link(root.join(pid.to_string()).join("exe")).ok()
}

/// An open `/proc/<pid>` folder. It keeps naming the process it was opened for: reads through it
/// fail once that process has exited, even if its PID was reused, and whatever PID namespace
/// the mounted `/proc` belongs to, this folder is that very process (`pidfd_send_signal` accepts
/// it in place of a pidfd).
#[derive(Debug)]
pub struct ProcDir {
    fd: std::os::fd::OwnedFd,
    pid: u32,
}

impl ProcDir {
    /// Open `<root>/<pid>` as a folder, never through a symlink.
    pub fn open(root: &Path, pid: u32) -> std::io::Result<ProcDir> {
        use rustix::fs::{Mode, OFlags, openat};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC | OFlags::NOFOLLOW;
        let fd = openat(
            rustix::fs::CWD,
            root.join(pid.to_string()),
            flags,
            Mode::empty(),
        )?;
        Ok(ProcDir { fd, pid })
    }

    /// The PID this folder was opened by, as numbered by the mounted `/proc`.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Read a small file of this process (`stat`, `status`), relative to the folder.
    fn read(&self, name: &str) -> Option<Vec<u8>> {
        use rustix::fs::{Mode, OFlags, openat};
        let fd = openat(
            &self.fd,
            name,
            OFlags::RDONLY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .ok()?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::fs::File::from(fd), &mut bytes).ok()?;
        Some(bytes)
    }

    /// `stat` of this very process; `None` once it has exited.
    pub fn stat(&self) -> Option<Stat> {
        parse_stat(&String::from_utf8_lossy(&self.read("stat")?))
    }

    /// The `exe` link of this very process.
    pub fn exe(&self) -> Option<PathBuf> {
        use std::os::unix::ffi::OsStringExt as _;
        let link = rustix::fs::readlinkat(&self.fd, "exe", Vec::new()).ok()?;
        Some(PathBuf::from(std::ffi::OsString::from_vec(
            link.into_bytes(),
        )))
    }
}

impl std::os::fd::AsFd for ProcDir {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// The first bytes of an executable that tell its kind: an ELF image's magic, class, byte
/// order and machine, or a script's `#!`.
fn executable_kind(head: &[u8]) -> Option<Vec<u8>> {
    if head.starts_with(b"\x7fELF") && head.len() >= 20 {
        // e_ident[0..6] (magic, class, data) and e_machine (bytes 18..20).
        return Some([&head[..6], &head[18..20]].concat());
    }
    head.starts_with(b"#!").then(|| b"#!".to_vec())
}

fn read_head(file: &mut std::fs::File) -> Option<Vec<u8>> {
    let mut head = vec![0u8; 64];
    let mut filled = 0;
    while filled < head.len() {
        match std::io::Read::read(file, &mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    head.truncate(filled);
    Some(head)
}

/// Of a process whose executable was deleted: true only when a genuine executable replaced it
/// at `path`, as a package update does. That is a regular file (not a link, FIFO or device),
/// non-empty, marked executable, of the same kind as the running image (read through
/// `<root>/<pid>/exe`, which still opens the deleted file), owned by root or by the process's
/// user, in a folder that only root or that user may write. Anything else (an empty file left
/// by a program that deleted itself, a text file, a file anyone could have put there) is not
/// an update.
pub fn genuine_replacement(root: &Path, pid: u32, path: &Path) -> bool {
    use std::os::unix::fs::{MetadataExt as _, OpenOptionsExt as _};
    let Some(uid) = read_uid(root, pid) else {
        return false;
    };
    let trusted_owner = |owner: u32| owner == 0 || owner == uid;
    let Some(folder) = path.parent().and_then(|p| std::fs::metadata(p).ok()) else {
        return false;
    };
    if !trusted_owner(folder.uid()) || folder.mode() & 0o022 != 0 {
        return false;
    }
    // Opened without following a link and without blocking on a FIFO, then checked on the fd.
    let Ok(mut file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(
            rustix::fs::OFlags::NOFOLLOW.bits() as i32 | rustix::fs::OFlags::NONBLOCK.bits() as i32,
        )
        .open(path)
    else {
        return false;
    };
    let Ok(meta) = file.metadata() else {
        return false;
    };
    if !meta.is_file() || meta.len() == 0 || meta.mode() & 0o111 == 0 || !trusted_owner(meta.uid())
    {
        return false;
    }
    let Ok(mut running) = std::fs::File::open(root.join(pid.to_string()).join("exe")) else {
        return false;
    };
    match (read_head(&mut file), read_head(&mut running)) {
        (Some(new), Some(old)) => {
            executable_kind(&new).is_some() && executable_kind(&new) == executable_kind(&old)
        }
        _ => false,
    }
}

/// The PID of this process as the `/proc` under `root` numbers it (`<root>/self`). It differs
/// from `getpid()` when that `/proc` belongs to another PID namespace.
pub fn own_pid(root: &Path) -> Option<u32> {
    std::fs::read_link(root.join("self"))
        .ok()?
        .to_str()?
        .parse()
        .ok()
}

/// The command line of `pid`, one argument per entry (empty for kernel threads or when unreadable).
pub fn read_cmdline(root: &Path, pid: u32) -> Vec<String> {
    let Ok(bytes) = std::fs::read(root.join(pid.to_string()).join("cmdline")) else {
        return Vec::new();
    };
    let trimmed = bytes.strip_suffix(b"\0").unwrap_or(&bytes);
    if trimmed.is_empty() {
        return Vec::new();
    }
    trimmed
        .split(|b| *b == 0)
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect()
}

/// The real user id of `pid` (first number of the `Uid:` line of `/proc/<pid>/status`).
pub fn read_uid(root: &Path, pid: u32) -> Option<u32> {
    let text = std::fs::read_to_string(root.join(pid.to_string()).join("status")).ok()?;
    parse_status_uid(&text)
}

/// The real uid from the text of `/proc/<pid>/status`.
pub fn parse_status_uid(text: &str) -> Option<u32> {
    text.lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_ascii_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Boot time in seconds since the epoch (`btime` in `/proc/stat`).
pub fn boot_time(root: &Path) -> Option<i64> {
    let text = std::fs::read_to_string(root.join("stat")).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()
}

/// Clock ticks per second (`CLK_TCK`), the unit of `Stat::start_ticks`.
pub fn ticks_per_second() -> u64 {
    rustix::param::clock_ticks_per_second().max(1)
}

/// The wall-clock start time, in whole seconds like other tools show it.
pub fn start_time(
    boot_time: i64,
    start_ticks: u64,
    ticks_per_second: u64,
) -> Option<DateTime<Utc>> {
    let secs = i64::try_from(start_ticks / ticks_per_second.max(1)).ok()?;
    DateTime::<Utc>::from_timestamp(boot_time.checked_add(secs)?, 0)
}

/// The name to show: `comm`, or the executable's file name when `comm` is that name cut to the
/// kernel's 15 bytes.
pub fn display_name(comm: &str, exe: Option<&Path>) -> String {
    let file = exe
        .and_then(|e| e.file_name())
        .map(|f| f.to_string_lossy().into_owned());
    match file {
        Some(f) if comm.len() == 15 && f.len() > 15 => {
            let f = f.strip_suffix(" (deleted)").unwrap_or(&f).to_owned();
            if f.starts_with(comm) {
                f
            } else {
                comm.to_owned()
            }
        }
        _ => comm.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLEEP: &str = "4242 (sleep) S 4200 4242 4200 34816 4242 4194304 100 0 0 0 0 0 0 0 20 0 1 0 987654 8486912 250 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    #[test]
    fn parses_the_fields_we_use() {
        let s = parse_stat(SLEEP).unwrap();
        assert_eq!(s.comm, "sleep");
        assert_eq!(s.state, 'S');
        assert_eq!(s.ppid, 4200);
        assert_eq!(s.start_ticks, 987_654);
        assert!(!s.is_kernel_thread());
        assert!(!s.has_exited());
    }

    #[test]
    fn hostile_names_with_parens_and_spaces_do_not_shift_fields() {
        let text = SLEEP.replace("(sleep)", "(a) Z 1 (b c)");
        let s = parse_stat(&text).unwrap();
        assert_eq!(s.comm, "a) Z 1 (b c");
        assert_eq!(s.state, 'S');
        assert_eq!(s.start_ticks, 987_654);
    }

    #[test]
    fn kernel_threads_and_zombies_are_recognised() {
        let kthread = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 3 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 0 1 0 0 0 0 0";
        assert!(parse_stat(kthread).unwrap().is_kernel_thread());
        let zombie = SLEEP.replace(") S ", ") Z ");
        assert!(parse_stat(&zombie).unwrap().has_exited());
    }

    #[test]
    fn truncated_text_is_none_not_a_panic() {
        for cut in 0..SLEEP.len() {
            if let Some(prefix) = SLEEP.get(..cut) {
                let _ = parse_stat(prefix);
            }
        }
        assert_eq!(parse_stat("1 (x) S 0"), None);
        assert_eq!(parse_stat(""), None);
    }

    #[test]
    fn reads_this_process() {
        let root = Path::new("/proc");
        let me = std::process::id();
        let stat = read_stat(root, me).expect("own stat");
        assert!(stat.start_ticks > 0);
        assert_eq!(read_exe(root, me), std::env::current_exe().ok());
        assert!(!read_cmdline(root, me).is_empty());
        assert_eq!(read_uid(root, me), Some(rustix::process::getuid().as_raw()));
        let boot = boot_time(root).expect("btime");
        let started = start_time(boot, stat.start_ticks, ticks_per_second()).unwrap();
        let age = Utc::now() - started;
        assert!(age.num_seconds() >= 0 && age.num_hours() < 24, "{started}");
        assert_eq!(read_stat(root, u32::MAX - 3), None);
    }

    #[test]
    fn an_open_proc_folder_keeps_naming_its_process_after_it_exits() {
        let root = Path::new("/proc");
        let mut child = std::process::Command::new("sleep")
            .arg("600")
            .spawn()
            .unwrap();
        let dir = ProcDir::open(root, child.id()).expect("open /proc/<child>");
        assert_eq!(dir.pid(), child.id());
        assert_eq!(dir.stat().map(|s| s.comm), Some("sleep".to_owned()));
        assert_eq!(dir.exe(), read_exe(root, child.id()));
        child.kill().unwrap();
        child.wait().unwrap();
        // Reaped: whoever gets the number next, this folder reads nothing.
        assert_eq!(dir.stat(), None);
        assert_eq!(dir.exe(), None);
        assert_eq!(own_pid(root), Some(std::process::id()));
    }

    #[test]
    fn executable_kinds_tell_elf_machines_and_scripts_apart() {
        let own = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        let elf = executable_kind(&own).expect("this test binary is ELF");
        let mut other_machine = own[..64].to_vec();
        other_machine[18] ^= 0xff;
        assert_ne!(executable_kind(&other_machine), Some(elf.clone()));
        assert_eq!(executable_kind(b"#!/bin/sh\n"), Some(b"#!".to_vec()));
        assert_eq!(executable_kind(b""), None);
        assert_eq!(
            executable_kind(b"\x7fELF"),
            None,
            "too short to be an image"
        );
        assert_eq!(executable_kind(b"MZ\x90\x00"), None);
    }

    #[test]
    fn long_names_come_from_the_executable() {
        let exe = Path::new("/usr/lib/x/systemd-timesyncd");
        assert_eq!(
            display_name("systemd-timesyn", Some(exe)),
            "systemd-timesyncd"
        );
        assert_eq!(display_name("nginx", Some(exe)), "nginx");
        let other = Path::new("/usr/bin/a-completely-different-name");
        assert_eq!(
            display_name("systemd-timesyn", Some(other)),
            "systemd-timesyn"
        );
    }
}
