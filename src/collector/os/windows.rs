//! Windows: netstat2 names each socket's owners and sysinfo the processes (`listed.rs`);
//! sockets have no uid, and a process's creation time is its precise start marker.

use std::collections::HashMap;
use std::sync::Arc;

pub use super::listed::{OwnerSource, socket_infos, socket_uid_and_inode};
use crate::model::ProcessInfo;

/// Sockets on Windows belong to no uid, so there is none to compare with.
pub fn current_uid() -> Option<u32> {
    None
}

/// Process details, each with its creation FILETIME: what kill checks on the handle it ends
/// the process through.
pub struct ProcessDetails(super::listed::SysinfoDetails);

impl ProcessDetails {
    pub fn new() -> Self {
        ProcessDetails(super::listed::SysinfoDetails::new(
            crate::win32::creation_time,
        ))
    }

    pub fn read(
        &mut self,
        pids: &[u32],
        user_of: &dyn Fn(u32) -> Option<String>,
    ) -> HashMap<u32, Arc<ProcessInfo>> {
        self.0.read(pids, user_of)
    }
}
