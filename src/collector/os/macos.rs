//! macOS (and any other Unix netstat2 lists sockets on): netstat2 names each socket's owners
//! and sysinfo the processes (`listed.rs`); PortScope's own effective uid tells its sockets from
//! other users', and there is no precise start marker.

use std::collections::HashMap;
use std::sync::Arc;

pub use super::listed::{OwnerSource, socket_infos, socket_uid_and_inode};
use crate::model::ProcessInfo;

/// The effective user id.
pub fn current_uid() -> Option<u32> {
    Some(nix::unistd::geteuid().as_raw())
}

/// Process details, without a start marker: kill compares the start time sysinfo reads.
pub struct ProcessDetails(super::listed::SysinfoDetails);

impl ProcessDetails {
    pub fn new() -> Self {
        ProcessDetails(super::listed::SysinfoDetails::new(|_| None))
    }

    pub fn read(
        &mut self,
        pids: &[u32],
        user_of: &dyn Fn(u32) -> Option<String>,
    ) -> HashMap<u32, Arc<ProcessInfo>> {
        self.0.read(pids, user_of)
    }
}
