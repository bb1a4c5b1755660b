//! Windows: one process handle, checked by its creation time, then asked to close (`WM_CLOSE`)
//! or ended (`TerminateProcess`) through that same handle.

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
