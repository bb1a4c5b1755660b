//! The real process table: the `ProcessTable` trait over the per-OS code in `os/`. On Linux:
//! identity from procfs (clock-tick start time) and signals through a pidfd, so the process that
//! is checked is the process that is signalled. Windows: one process handle, checked by its
//! creation time and then asked to close (`WM_CLOSE`) or ended (`TerminateProcess`). Elsewhere
//! (macOS): sysinfo for reads and its kill.

use super::os;
use super::{LiveProcess, ProcessTable, SignalError, StopSignal};
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
        os::own_pid()
    }

    fn pin(&self, target: &ProcessIdentity) -> bool {
        os::pin(&self.pins, target)
    }
}
