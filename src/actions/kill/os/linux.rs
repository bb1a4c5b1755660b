//! Linux: the process is opened once as its `/proc/<pid>` folder; its identity is read through
//! that folder and the signal is sent through the same folder (`pidfd_send_signal` accepts a
//! `/proc/<pid>` folder in place of a pidfd). So the process that is checked is the process that
//! is signalled, also when the mounted `/proc` belongs to another PID namespace than PortScope
//! (a pidfd opened by number would then name a different process). A process the kernel won't
//! let PortScope signal from its own namespace is refused, never approximated.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use rustix::io::Errno;
use rustix::process::{Pid, Signal, pidfd_send_signal};

use super::{LiveProcess, SignalError, StopSignal, same_process};
use crate::collector::procfs::{self, ProcDir};
use crate::model::ProcessIdentity;

/// Open `/proc/<pid>` folders of pinned processes, keyed by PID and clock-tick start.
pub type Pins = Mutex<HashMap<(u32, Option<u64>), ProcDir>>;

fn proc_root() -> &'static Path {
    Path::new("/proc")
}

/// The process behind an open `/proc/<pid>` folder, read through that folder.
fn read_live(dir: &ProcDir) -> Option<LiveProcess> {
    let pid = dir.pid();
    let stat = dir.stat()?;
    let exe = dir.exe();
    let started_at = procfs::boot_time(proc_root())
        .and_then(|b| procfs::start_time(b, stat.start_ticks, procfs::ticks_per_second()));
    Some(LiveProcess {
        identity: ProcessIdentity {
            pid,
            name: procfs::display_name(&stat.comm, exe.as_deref()),
            path: exe,
            started_at,
            start_token: Some(stat.start_ticks),
        },
        kernel_thread: stat.is_kernel_thread() || pid == 2 || stat.ppid == 2,
        zombie: stat.has_exited(),
    })
}

/// Check `target` on this very folder.
fn verify_at(dir: &ProcDir, target: &ProcessIdentity) -> Result<(), SignalError> {
    match read_live(dir) {
        None => Err(SignalError::NoSuchProcess),
        Some(live) if same_process(target, &live.identity) => Ok(()),
        Some(_) => Err(SignalError::NotTheSameProcess),
    }
}

fn open(pid: u32) -> Result<ProcDir, SignalError> {
    ProcDir::open(proc_root(), pid).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => SignalError::NoSuchProcess,
        std::io::ErrorKind::PermissionDenied => SignalError::PermissionDenied,
        _ => SignalError::Other(e.to_string()),
    })
}

pub fn pin(pins: &Pins, target: &ProcessIdentity) -> bool {
    let Ok(dir) = open(target.pid) else {
        return false;
    };
    if verify_at(&dir, target).is_err() {
        return false;
    }
    if let Ok(mut map) = pins.lock() {
        map.insert((target.pid, target.start_token), dir);
    }
    true
}

pub fn lookup(pid: u32) -> Option<LiveProcess> {
    read_live(&ProcDir::open(proc_root(), pid).ok()?)
}

/// PortScope's own PID as the mounted `/proc` numbers it, so "that is PortScope itself" holds in
/// the numbers the user sees.
pub fn own_pid() -> u32 {
    procfs::own_pid(proc_root()).unwrap_or_else(std::process::id)
}

fn errno(e: Errno) -> SignalError {
    match e {
        Errno::SRCH => SignalError::NoSuchProcess,
        Errno::PERM | Errno::ACCESS => SignalError::PermissionDenied,
        // The folder names a process outside PortScope's PID namespace (the mounted /proc is
        // another namespace's): the kernel refuses rather than signal it.
        Errno::INVAL => SignalError::OtherPidNamespace,
        other => SignalError::Other(other.to_string()),
    }
}

/// True when the mounted `/proc` numbers processes as PortScope's own PID namespace does.
fn proc_is_own_namespace() -> bool {
    procfs::own_pid(proc_root()) == Some(std::process::id())
}

pub fn signal(
    pins: &Pins,
    target: &ProcessIdentity,
    signal: StopSignal,
) -> Result<(), SignalError> {
    let sig = match signal {
        StopSignal::Graceful => Signal::TERM,
        StopSignal::Force => Signal::KILL,
    };
    let send = |dir: &ProcDir| -> Result<(), SignalError> {
        verify_at(dir, target)?;
        match pidfd_send_signal(dir, sig) {
            // Kernels before 5.1 have no pidfd_send_signal. A signal by number reaches the
            // process checked only if /proc numbers PIDs as PortScope's namespace does.
            Err(Errno::NOSYS) if proc_is_own_namespace() => {
                let raw = i32::try_from(target.pid).map_err(|_| SignalError::NoSuchProcess)?;
                let pid = Pid::from_raw(raw).ok_or(SignalError::NoSuchProcess)?;
                rustix::process::kill_process(pid, sig).map_err(errno)
            }
            Err(Errno::NOSYS) => Err(SignalError::OtherPidNamespace),
            other => other.map_err(errno),
        }
    };
    // A pinned process was opened when the user saw it: signal exactly that one. If it has
    // exited, the reads through its folder fail, whoever holds the PID now.
    if let Ok(map) = pins.lock()
        && let Some(dir) = map.get(&(target.pid, target.start_token))
    {
        return send(dir);
    }
    // Otherwise open the folder first, then check and signal through it. If the PID changes
    // hands after the open, the folder still names the old process: the check fails, or the
    // signal finds the old process gone (ESRCH). Either way the newcomer is untouched.
    send(&open(target.pid)?)
}
