//! The real process table. On Linux: identity from procfs (clock-tick start time) and signals
//! through a pidfd, so the process that is checked is the process that is signalled. Windows:
//! one process handle, checked by its creation time and then asked to close (`WM_CLOSE`) or
//! ended (`TerminateProcess`). Elsewhere (macOS): sysinfo for reads and its kill.

use super::{LiveProcess, ProcessTable, SignalError, StopSignal, same_process};
use crate::model::ProcessIdentity;

/// Reads processes and sends signals on this computer.
#[derive(Debug, Default)]
pub struct SystemProcessTable {
    /// Processes pinned with `pin`, by PID and precise start.
    pins: os::Pins,
}

impl ProcessTable for SystemProcessTable {
    fn lookup(&self, pid: u32) -> Option<LiveProcess> {
        os::lookup(pid)
    }

    fn signal(&self, target: &ProcessIdentity, signal: StopSignal) -> Result<(), SignalError> {
        os::signal(&self.pins, target, signal)
    }

    fn own_pid(&self) -> u32 {
        std::process::id()
    }

    fn pin(&self, target: &ProcessIdentity) -> bool {
        os::pin(&self.pins, target)
    }
}

/// Verify, right before acting, that the PID still holds `target`.
fn verify(target: &ProcessIdentity) -> Result<(), SignalError> {
    match os::lookup(target.pid) {
        None => Err(SignalError::NoSuchProcess),
        Some(live) if same_process(target, &live.identity) => Ok(()),
        Some(_) => Err(SignalError::NotTheSameProcess),
    }
}

/// A process read through sysinfo (Windows and macOS); no precise start marker.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn sysinfo_lookup(pid: u32) -> Option<LiveProcess> {
    use chrono::{DateTime, Utc};
    use sysinfo::{Pid, ProcessRefreshKind, ProcessStatus, ProcessesToUpdate, System, UpdateKind};
    let mut system = System::new().ok()?;
    let spid = Pid::from_u32(pid);
    let kind = ProcessRefreshKind::nothing().with_exe(UpdateKind::Always);
    system.refresh_processes_specifics(ProcessesToUpdate::Some(&[spid]), true, kind);
    let p = system.process(spid)?;
    let started_at = match p.start_time() {
        0 => None,
        secs => DateTime::<Utc>::from_timestamp(secs as i64, 0),
    };
    Some(LiveProcess {
        identity: ProcessIdentity {
            pid,
            name: p.name().to_string_lossy().into_owned(),
            path: p.exe().map(|e| e.to_string_lossy().into_owned()),
            started_at,
            start_token: None,
        },
        kernel_thread: p.thread_kind() == Some(sysinfo::ThreadKind::Kernel),
        zombie: matches!(p.status(), ProcessStatus::Zombie | ProcessStatus::Dead),
    })
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod os {
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
}

#[cfg(windows)]
mod os {
    use super::{LiveProcess, SignalError, StopSignal, verify};
    use crate::model::ProcessIdentity;
    use crate::win32::{self, Process};

    /// Nothing to pin here: `signal` checks the identity on the handle it acts through.
    pub type Pins = ();

    pub fn pin(_pins: &Pins, target: &ProcessIdentity) -> bool {
        verify(target).is_ok()
    }

    pub fn lookup(pid: u32) -> Option<LiveProcess> {
        let mut live = super::sysinfo_lookup(pid)?;
        live.identity.start_token = win32::creation_time(pid);
        Some(live)
    }

    fn open_error(code: win32::Win32Error) -> SignalError {
        match code {
            // ERROR_ACCESS_DENIED
            5 => SignalError::PermissionDenied,
            // ERROR_INVALID_PARAMETER: no process has this PID.
            87 => SignalError::NoSuchProcess,
            other => SignalError::Other(win32::error_text(other)),
        }
    }

    pub fn signal(
        _pins: &Pins,
        target: &ProcessIdentity,
        signal: StopSignal,
    ) -> Result<(), SignalError> {
        // Open first, then check the identity on this very handle: a handle keeps naming the
        // process it was opened for, so a PID reused after this point cannot be hit.
        let process = Process::open(target.pid, true).map_err(open_error)?;
        match (target.start_token, process.creation_time()) {
            (Some(seen), Some(now)) if seen != now => return Err(SignalError::NotTheSameProcess),
            (Some(_), Some(_)) => {}
            // Without creation times, fall back to name/path/start-second (the handle is open,
            // so the process checked is still the one behind it).
            _ => verify(target)?,
        }
        if process.has_exited() {
            return Err(SignalError::NoSuchProcess);
        }
        match signal {
            // Close as a user would: WM_CLOSE to its windows. A program without windows cannot
            // be asked; the caller's wait then reports it still running, and Force ends it.
            StopSignal::Graceful => {
                win32::ask_windows_to_close(target.pid);
                Ok(())
            }
            StopSignal::Force => process.terminate().map_err(|code| {
                if process.has_exited() {
                    SignalError::NoSuchProcess
                } else {
                    open_error(code)
                }
            }),
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", windows)))]
mod os {
    use sysinfo::{Pid, ProcessesToUpdate, System};

    use super::{LiveProcess, SignalError, StopSignal, verify};
    use crate::model::ProcessIdentity;

    /// Nothing to pin here: `signal` verifies just before it acts.
    pub type Pins = ();

    pub fn pin(_pins: &Pins, target: &ProcessIdentity) -> bool {
        verify(target).is_ok()
    }

    pub fn lookup(pid: u32) -> Option<LiveProcess> {
        super::sysinfo_lookup(pid)
    }

    pub fn signal(
        _pins: &Pins,
        target: &ProcessIdentity,
        signal: StopSignal,
    ) -> Result<(), SignalError> {
        verify(target)?;
        let mut system = System::new().map_err(|e| SignalError::Other(e.to_string()))?;
        let spid = Pid::from_u32(target.pid);
        system.refresh_processes(ProcessesToUpdate::Some(&[spid]), true);
        let p = system.process(spid).ok_or(SignalError::NoSuchProcess)?;
        let sig = match signal {
            StopSignal::Graceful => sysinfo::Signal::Term,
            StopSignal::Force => sysinfo::Signal::Kill,
        };
        match p
            .kill_with(sig)
            .or_else(|| p.kill_with(sysinfo::Signal::Kill))
        {
            Some(true) => Ok(()),
            // TerminateProcess failing on a live process is almost always access denied.
            Some(false) => Err(SignalError::PermissionDenied),
            None => Err(SignalError::Other("not supported on this system".into())),
        }
    }
}
