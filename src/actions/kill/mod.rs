//! Ending the program that owns a socket, safely: refuse protected processes, re-check the
//! process's identity right before signalling (PID reuse), ask gracefully first, force only on
//! request, and report the outcome in plain words.

mod os;
mod system;

use std::time::{Duration, Instant};

pub use system::SystemProcessTable;

use crate::i18n::{Msg, Tr};
use crate::model::ProcessIdentity;

/// How long a graceful stop may take before the window offers Force and `kill` gives up.
pub const GRACEFUL_WAIT: Duration = Duration::from_secs(5);
/// How long a forced stop may take before it is reported as failed.
pub const FORCE_WAIT: Duration = Duration::from_secs(3);

impl StopSignal {
    /// How long to wait for the process to end after this signal.
    pub fn wait(self) -> Duration {
        match self {
            StopSignal::Graceful => GRACEFUL_WAIT,
            StopSignal::Force => FORCE_WAIT,
        }
    }
}

/// How firmly to ask a process to end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopSignal {
    /// SIGTERM; on Windows `WM_CLOSE` to its windows: the program may save and close.
    Graceful,
    /// SIGKILL / TerminateProcess: ends it at once.
    Force,
}

/// A process as the OS reports it right now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveProcess {
    /// Identity read just now.
    pub identity: ProcessIdentity,
    /// Part of the kernel (Linux kernel threads); never signalled.
    pub kernel_thread: bool,
    /// Exited but not yet reaped by its parent: as good as gone.
    pub zombie: bool,
}

/// Why sending a signal failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignalError {
    /// The process no longer exists.
    #[error("no such process")]
    NoSuchProcess,
    /// The OS refused: PortScope lacks the rights.
    #[error("permission denied")]
    PermissionDenied,
    /// The PID now belongs to another process than the target: nothing was sent.
    #[error("the process is not the one that was asked for")]
    NotTheSameProcess,
    /// The process lives outside PortScope's PID namespace (the mounted `/proc` is another
    /// namespace's), so no signal can be bound to the process that was checked: nothing was sent.
    #[error("the process is in another PID namespace")]
    OtherPidNamespace,
    /// Anything else, as the OS put it.
    #[error("{0}")]
    Other(String),
}

/// The OS seam for killing: the real one reads the OS, tests use a fake table.
pub trait ProcessTable {
    /// The process with this PID now, or `None` if there is none.
    fn lookup(&self, pid: u32) -> Option<LiveProcess>;
    /// Send `signal` to `target`, but only if the process with its PID is still `target`
    /// (`same_process`). The check and the signal must refer to one process, so no PID reuse can
    /// slip in between: on Linux through a pidfd, on Windows through one process handle.
    fn signal(&self, target: &ProcessIdentity, signal: StopSignal) -> Result<(), SignalError>;
    /// PortScope's own PID.
    fn own_pid(&self) -> u32;
    /// Hold on to `target` from now on, so that a later `signal` reaches this very process or
    /// nothing, even if it exits and its PID is reused within the same clock tick (Linux: a
    /// pidfd kept open). Call it when the process is shown to the user. Returns false when the
    /// PID no longer holds `target`. Tables that cannot pin rely on `signal`'s own check.
    fn pin(&self, target: &ProcessIdentity) -> bool {
        self.lookup(target.pid)
            .is_some_and(|live| same_process(target, &live.identity))
    }
}

/// Why PortScope will not end a process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// PID 0, 1 (init) or Windows' System (4).
    ProtectedPid(u32),
    /// PortScope itself.
    OwnProcess,
    /// A kernel thread.
    KernelThread(u32),
    /// The PID now belongs to another program than the one the user saw.
    PidReused(u32),
    /// The process is outside PortScope's PID namespace: it can't be signalled for certain.
    OtherPidNamespace(u32),
}

/// What happened when asked to end a process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KillOutcome {
    /// The process exited.
    Ended,
    /// It had already exited before the signal.
    AlreadyGone,
    /// The OS refused for lack of rights.
    PermissionDenied,
    /// Asked gracefully, but it is still running after the wait.
    StillRunning,
    /// PortScope refused to try.
    Refused(Refusal),
    /// Something else went wrong.
    Failed(String),
}

/// A request to end one process, carrying what the user saw so PID reuse can be caught.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KillRequest {
    /// The process as the user saw it.
    pub target: ProcessIdentity,
    /// Graceful or forced.
    pub signal: StopSignal,
}

/// The outcome of a request, for display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KillReport {
    /// The request this answers.
    pub request: KillRequest,
    /// What happened.
    pub outcome: KillOutcome,
}

/// Programs whose end may log the user out or break the system: the UI warns strongly.
const SESSION_CRITICAL: &[&str] = &[
    "systemd",
    "init",
    "launchd",
    "dbus-daemon",
    "dbus-broker",
    "Xorg",
    "Xwayland",
    "gnome-shell",
    "gnome-session-binary",
    "kwin_x11",
    "kwin_wayland",
    "plasmashell",
    "gdm",
    "gdm3",
    "sddm",
    "lightdm",
    "sshd",
    "NetworkManager",
    "systemd-resolved",
    "systemd-networkd",
    "wpa_supplicant",
    "pipewire",
    "WindowServer",
    "loginwindow",
    "csrss.exe",
    "wininit.exe",
    "winlogon.exe",
    "services.exe",
    "lsass.exe",
    "smss.exe",
    "svchost.exe",
    "explorer.exe",
    "dwm.exe",
    "System",
];

/// True when ending a program with this name may log the user out or break the system.
pub fn is_session_critical(name: &str) -> bool {
    SESSION_CRITICAL
        .iter()
        .any(|c| c.eq_ignore_ascii_case(name))
}

fn is_protected_pid(pid: u32) -> bool {
    pid == 0 || pid == 1 || (cfg!(windows) && pid == 4)
}

/// Linux marks a running-but-deleted executable with this suffix. Paths compare as the bytes the
/// OS gave, so two files that differ only in bytes that are not UTF-8 stay two files.
fn strip_deleted(path: &std::path::Path) -> &[u8] {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.strip_suffix(b" (deleted)").unwrap_or(bytes)
}

/// True when `now` is the same process as `seen`: same precise start marker, start time and
/// executable where the user saw them; with none of those known, the same name.
pub fn same_process(seen: &ProcessIdentity, now: &ProcessIdentity) -> bool {
    if seen.pid != now.pid {
        return false;
    }
    // The precise marker (clock ticks on Linux) catches a PID reused within the same second.
    let token_ok = seen.start_token.is_none() || seen.start_token == now.start_token;
    let start_ok = seen.started_at.is_none() || seen.started_at == now.started_at;
    let path_ok = match (&seen.path, &now.path) {
        (None, _) => true,
        (Some(a), Some(b)) => strip_deleted(a) == strip_deleted(b),
        (Some(_), None) => false,
    };
    let name_ok = seen.started_at.is_some() || seen.path.is_some() || seen.name == now.name;
    token_ok && start_ok && path_ok && name_ok
}

/// Decide whether `target` may be signalled, reading the live process now. `Ok(None)` means it
/// is already gone.
pub fn check(
    table: &dyn ProcessTable,
    target: &ProcessIdentity,
) -> Result<Option<LiveProcess>, Refusal> {
    let pid = target.pid;
    if is_protected_pid(pid) {
        return Err(Refusal::ProtectedPid(pid));
    }
    if pid == table.own_pid() {
        return Err(Refusal::OwnProcess);
    }
    let Some(live) = table.lookup(pid) else {
        return Ok(None);
    };
    if live.kernel_thread {
        return Err(Refusal::KernelThread(pid));
    }
    if !same_process(target, &live.identity) {
        return Err(Refusal::PidReused(pid));
    }
    Ok(if live.zombie { None } else { Some(live) })
}

/// True once `target` has exited. A process in the middle of exiting has already lost its
/// executable link (its memory goes before its files), so while the precise start is known only
/// that is compared: otherwise an exiting program would count as gone while it still holds its
/// sockets.
fn gone(table: &dyn ProcessTable, target: &ProcessIdentity) -> bool {
    match table.lookup(target.pid) {
        None => true,
        Some(live) if live.zombie => true,
        Some(live) => match (target.start_token, live.identity.start_token) {
            (Some(seen), Some(now)) => seen != now,
            _ => !same_process(target, &live.identity),
        },
    }
}

/// Check, signal, and wait up to `wait` for the process to exit.
pub fn end_process(table: &dyn ProcessTable, request: &KillRequest, wait: Duration) -> KillOutcome {
    match check(table, &request.target) {
        Err(refusal) => return KillOutcome::Refused(refusal),
        Ok(None) => return KillOutcome::AlreadyGone,
        Ok(Some(_)) => {}
    }
    match table.signal(&request.target, request.signal) {
        Ok(()) => {}
        Err(SignalError::NoSuchProcess) => return KillOutcome::AlreadyGone,
        Err(SignalError::NotTheSameProcess) => {
            return KillOutcome::Refused(Refusal::PidReused(request.target.pid));
        }
        Err(SignalError::OtherPidNamespace) => {
            return KillOutcome::Refused(Refusal::OtherPidNamespace(request.target.pid));
        }
        Err(SignalError::PermissionDenied) => return KillOutcome::PermissionDenied,
        Err(SignalError::Other(e)) => return KillOutcome::Failed(e),
    }
    let deadline = Instant::now() + wait;
    loop {
        if gone(table, &request.target) {
            return KillOutcome::Ended;
        }
        if Instant::now() >= deadline {
            return KillOutcome::StillRunning;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

impl KillReport {
    /// The outcome as one plain sentence.
    pub fn message(&self, tr: &Tr) -> String {
        let t = &self.request.target;
        let name = crate::model::text::show_invisible(&t.name);
        match &self.outcome {
            KillOutcome::Ended => tr.f(Msg::KillEnded, &[&name, &t.pid]),
            KillOutcome::AlreadyGone => tr.f(Msg::KillAlreadyGone, &[&name, &t.pid]),
            KillOutcome::PermissionDenied => tr.f(Msg::KillPermissionDenied, &[&name, &t.pid]),
            KillOutcome::StillRunning => tr.f(Msg::KillStillRunning, &[&name, &t.pid]),
            KillOutcome::Failed(e) => tr.f(Msg::KillFailed, &[&name, &t.pid, e]),
            KillOutcome::Refused(r) => refusal_message(r, tr),
        }
    }

    /// True when the process is no longer running.
    pub fn succeeded(&self) -> bool {
        matches!(self.outcome, KillOutcome::Ended | KillOutcome::AlreadyGone)
    }
}

/// A refusal as one plain sentence.
pub fn refusal_message(refusal: &Refusal, tr: &Tr) -> String {
    match refusal {
        Refusal::ProtectedPid(pid) => tr.f(Msg::RefuseProtectedPid, &[pid]),
        Refusal::OwnProcess => tr.t(Msg::RefuseSelf).to_owned(),
        Refusal::KernelThread(pid) => tr.f(Msg::RefuseKernelThread, &[pid]),
        Refusal::PidReused(pid) => tr.f(Msg::RefusePidReused, &[pid]),
        Refusal::OtherPidNamespace(pid) => tr.f(Msg::RefuseOtherPidNamespace, &[pid]),
    }
}

#[cfg(test)]
mod tests;
