//! Linux: identity from procfs (clock-tick start time); signals through a pidfd, so the process
//! that is checked is the process that is signalled.

use std::collections::HashMap;
use std::os::fd::OwnedFd;
use std::path::Path;
use std::sync::Mutex;

use rustix::io::Errno;
use rustix::process::{Pid, PidfdFlags, Signal, pidfd_open, pidfd_send_signal};

use super::{LiveProcess, SignalError, StopSignal, verify};
use crate::collector::procfs;
use crate::model::ProcessIdentity;

/// Open pidfds of pinned processes, keyed by PID and clock-tick start.
pub type Pins = Mutex<HashMap<(u32, Option<u64>), OwnedFd>>;

fn open(pid: u32) -> Result<OwnedFd, Errno> {
    let raw = i32::try_from(pid).map_err(|_| Errno::SRCH)?;
    let pid = Pid::from_raw(raw).ok_or(Errno::SRCH)?;
    pidfd_open(pid, PidfdFlags::empty())
}

pub fn pin(pins: &Pins, target: &ProcessIdentity) -> bool {
    let Ok(fd) = open(target.pid) else {
        return false;
    };
    // Verified after the open: the pidfd names `target`, or the check fails.
    if verify(target).is_err() {
        return false;
    }
    if let Ok(mut map) = pins.lock() {
        map.insert((target.pid, target.start_token), fd);
    }
    true
}

pub fn lookup(pid: u32) -> Option<LiveProcess> {
    let root = Path::new("/proc");
    let stat = procfs::read_stat(root, pid)?;
    let exe = procfs::read_exe(root, pid);
    let started_at = procfs::boot_time(root)
        .and_then(|b| procfs::start_time(b, stat.start_ticks, procfs::ticks_per_second()));
    Some(LiveProcess {
        identity: ProcessIdentity {
            pid,
            name: procfs::display_name(&stat.comm, exe.as_deref()),
            path: exe.map(|e| e.to_string_lossy().into_owned()),
            started_at,
            start_token: Some(stat.start_ticks),
        },
        kernel_thread: stat.is_kernel_thread() || pid == 2 || stat.ppid == 2,
        zombie: stat.has_exited(),
    })
}

fn errno(e: Errno) -> SignalError {
    match e {
        Errno::SRCH => SignalError::NoSuchProcess,
        Errno::PERM | Errno::ACCESS => SignalError::PermissionDenied,
        other => SignalError::Other(other.to_string()),
    }
}

pub fn signal(
    pins: &Pins,
    target: &ProcessIdentity,
    signal: StopSignal,
) -> Result<(), SignalError> {
    let raw = i32::try_from(target.pid).map_err(|_| SignalError::NoSuchProcess)?;
    let pid = Pid::from_raw(raw).ok_or(SignalError::NoSuchProcess)?;
    let sig = match signal {
        StopSignal::Graceful => Signal::TERM,
        StopSignal::Force => Signal::KILL,
    };
    // A pinned process was opened when the user saw it: signal exactly that one. If it has
    // exited, the kernel answers ESRCH, whoever holds the PID now.
    if let Ok(map) = pins.lock()
        && let Some(fd) = map.get(&(target.pid, target.start_token))
    {
        verify(target)?;
        return pidfd_send_signal(fd, sig).map_err(errno);
    }
    // Otherwise open the process first, then verify, then signal through the pidfd. If the
    // PID changed hands after the open, the pidfd still names the old process: the
    // verification fails, or the signal finds the old process gone (ESRCH). Either way the
    // newcomer is untouched.
    match pidfd_open(pid, PidfdFlags::empty()) {
        Ok(fd) => {
            verify(target)?;
            pidfd_send_signal(&fd, sig).map_err(errno)
        }
        // Kernels before 5.3 have no pidfd: verify and signal as closely as possible.
        Err(Errno::NOSYS) => {
            verify(target)?;
            rustix::process::kill_process(pid, sig).map_err(errno)
        }
        Err(e) => Err(errno(e)),
    }
}
