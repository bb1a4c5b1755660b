//! The per-OS half of the process table, one file per system, each with the same small set:
//! `Pins` (processes held open between the question and the answer), `lookup`, `signal` and
//! `pin`. `system.rs` puts them behind the `ProcessTable` trait.

// What every implementation uses, named once here for them.
use super::{LiveProcess, SignalError, StopSignal, same_process};
#[cfg(not(any(target_os = "linux", target_os = "android")))]
use crate::model::ProcessIdentity;

#[cfg(any(target_os = "linux", target_os = "android"))]
mod linux;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(super) use linux::{Pins, lookup, own_pid, pin, signal};

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub(super) use windows::{Pins, lookup, pin, signal};
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(super) fn own_pid() -> u32 {
    std::process::id()
}

#[cfg(not(any(target_os = "linux", target_os = "android", windows)))]
mod other;
#[cfg(not(any(target_os = "linux", target_os = "android", windows)))]
pub(super) use other::{Pins, lookup, pin, signal};

/// A process read through sysinfo (Windows and macOS); no precise start marker.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(super) fn sysinfo_lookup(pid: u32) -> Option<LiveProcess> {
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
            path: p.exe().map(std::path::Path::to_path_buf),
            started_at,
            start_token: None,
        },
        kernel_thread: p.thread_kind() == Some(sysinfo::ThreadKind::Kernel),
        zombie: matches!(p.status(), ProcessStatus::Zombie | ProcessStatus::Dead),
    })
}

/// Verify, right before acting, that the PID still holds `target` (Linux checks on the open
/// `/proc/<pid>` folder instead, `linux::verify_at`).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn verify(target: &ProcessIdentity) -> Result<(), SignalError> {
    match lookup(target.pid) {
        None => Err(SignalError::NoSuchProcess),
        Some(live) if same_process(target, &live.identity) => Ok(()),
        Some(_) => Err(SignalError::NotTheSameProcess),
    }
}
