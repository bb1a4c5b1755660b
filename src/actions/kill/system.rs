//! The real process table: sysinfo for fresh reads, signals through the OS.

use chrono::{DateTime, Utc};
use sysinfo::{Pid, ProcessRefreshKind, ProcessStatus, ProcessesToUpdate, System, UpdateKind};

use super::{LiveProcess, ProcessTable, SignalError, StopSignal};
use crate::model::ProcessIdentity;

/// Reads processes and sends signals on this computer.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemProcessTable;

impl ProcessTable for SystemProcessTable {
    fn lookup(&self, pid: u32) -> Option<LiveProcess> {
        let mut system = System::new().ok()?;
        let spid = Pid::from_u32(pid);
        let kind = ProcessRefreshKind::nothing().with_exe(UpdateKind::Always);
        system.refresh_processes_specifics(ProcessesToUpdate::Some(&[spid]), true, kind);
        let p = system.process(spid)?;
        let started_at = match p.start_time() {
            0 => None,
            secs => DateTime::<Utc>::from_timestamp(secs as i64, 0),
        };
        let parent = p.parent().map(|pp| pp.as_u32());
        Some(LiveProcess {
            identity: ProcessIdentity {
                pid,
                name: p.name().to_string_lossy().into_owned(),
                path: p.exe().map(|e| e.to_string_lossy().into_owned()),
                started_at,
            },
            kernel_thread: p.thread_kind() == Some(sysinfo::ThreadKind::Kernel)
                || (cfg!(target_os = "linux") && (pid == 2 || parent == Some(2))),
            zombie: matches!(p.status(), ProcessStatus::Zombie | ProcessStatus::Dead),
        })
    }

    #[cfg(unix)]
    fn signal(&self, pid: u32, signal: StopSignal) -> Result<(), SignalError> {
        use nix::errno::Errno;
        use nix::sys::signal::{Signal, kill};
        let raw = i32::try_from(pid).map_err(|_| SignalError::NoSuchProcess)?;
        let sig = match signal {
            StopSignal::Graceful => Signal::SIGTERM,
            StopSignal::Force => Signal::SIGKILL,
        };
        match kill(nix::unistd::Pid::from_raw(raw), sig) {
            Ok(()) => Ok(()),
            Err(Errno::ESRCH) => Err(SignalError::NoSuchProcess),
            Err(Errno::EPERM) => Err(SignalError::PermissionDenied),
            Err(e) => Err(SignalError::Other(e.desc().to_owned())),
        }
    }

    #[cfg(not(unix))]
    fn signal(&self, pid: u32, _signal: StopSignal) -> Result<(), SignalError> {
        // Windows has no graceful signal for arbitrary processes: both levels terminate.
        let mut system = System::new().map_err(|e| SignalError::Other(e.to_string()))?;
        let spid = Pid::from_u32(pid);
        system.refresh_processes(ProcessesToUpdate::Some(&[spid]), true);
        let p = system.process(spid).ok_or(SignalError::NoSuchProcess)?;
        match p.kill_with(sysinfo::Signal::Kill) {
            Some(true) => Ok(()),
            // TerminateProcess failing on a live process is almost always access denied.
            Some(false) => Err(SignalError::PermissionDenied),
            None => Err(SignalError::Other("not supported on this system".into())),
        }
    }

    fn own_pid(&self) -> u32 {
        std::process::id()
    }
}
