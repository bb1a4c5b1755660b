//! Elsewhere (macOS): sysinfo for reads and for its kill.

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
