//! What Windows and macOS share: netstat2's listing already names each socket's owners, and
//! process details come from one long-lived `sysinfo::System`. `windows.rs` and `macos.rs` add
//! what differs (who we are, and the precise start marker).

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{CollectorWarning, ProcessInfo, SocketRow};
use chrono::{DateTime, Utc};
use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind};

/// netstat2's listing came with the owners' PIDs already: nothing to add.
#[derive(Debug)]
pub struct OwnerSource;

impl OwnerSource {
    /// Nothing to set up.
    pub fn new() -> Self {
        OwnerSource
    }

    /// The rows already carry their PIDs.
    pub fn attach(&mut self, _rows: &mut [SocketRow], _warnings: &mut Vec<CollectorWarning>) {}
}

/// Every TCP/UDP socket with the PIDs that hold it, as the OS lists them.
pub fn socket_infos(
    af: netstat2::AddressFamilyFlags,
    proto: netstat2::ProtocolFlags,
) -> Result<
    impl Iterator<Item = Result<super::OsSocket, netstat2::error::Error>>,
    netstat2::error::Error,
> {
    Ok(netstat2::iterate_sockets_info(af, proto)?.map(|info| info.map(super::OsSocket::from)))
}

/// No socket uid or inode here.
pub fn socket_uid_and_inode(_info: &netstat2::SocketInfo) -> (Option<u32>, u64) {
    (None, 0)
}

/// Drop cached processes when the cache grows this far beyond what is needed.
const CACHE_SLACK: usize = 1024;

/// Process details through sysinfo.
pub struct SysinfoDetails {
    /// `None` where sysinfo does not support this OS; rows then have no process details.
    system: Option<System>,
    /// This OS's precise start marker of a PID, if it has one.
    start_token: fn(u32) -> Option<u64>,
}

impl SysinfoDetails {
    /// Details with `start_token` as this OS's start marker.
    pub fn new(start_token: fn(u32) -> Option<u64>) -> Self {
        SysinfoDetails {
            system: System::new().ok(),
            start_token,
        }
    }

    /// The details of each of `pids` that still runs.
    pub fn read(
        &mut self,
        pids: &[u32],
        user_of: &dyn Fn(u32) -> Option<String>,
    ) -> HashMap<u32, Arc<ProcessInfo>> {
        let _ = user_of;
        let wanted: Vec<Pid> = pids.iter().map(|&p| Pid::from_u32(p)).collect();
        let Some(system) = self.system.as_mut() else {
            return HashMap::new();
        };
        if system.processes().len() > wanted.len() + CACHE_SLACK {
            // Processes that stopped owning sockets stay cached otherwise; start afresh.
            if let Ok(fresh) = System::new() {
                *system = fresh;
            }
        }
        // sysinfo replaces an entry whose start time changed (PID reuse); there is no exec()
        // on Windows, so details that are set stay right.
        let kind = ProcessRefreshKind::nothing()
            .with_exe(UpdateKind::OnlyIfNotSet)
            .with_cmd(UpdateKind::OnlyIfNotSet)
            .with_user(UpdateKind::OnlyIfNotSet);
        system.refresh_processes_specifics(ProcessesToUpdate::Some(&wanted), true, kind);
        let users = sysinfo::Users::new_with_refreshed_list().ok();
        let mut out = HashMap::with_capacity(pids.len());
        for pid in &wanted {
            let Some(p) = system.process(*pid) else {
                continue;
            };
            let user = p
                .user_id()
                .and_then(|uid| users.as_ref()?.get_user_by_id(uid))
                .map(|u| u.name().to_owned());
            let started_at = match p.start_time() {
                0 => None,
                secs => DateTime::<Utc>::from_timestamp(secs as i64, 0),
            };
            let info = ProcessInfo {
                pid: pid.as_u32(),
                name: p.name().to_string_lossy().into_owned(),
                path: p.exe().map(std::path::Path::to_path_buf),
                cmdline: p
                    .cmd()
                    .iter()
                    .map(|a| a.to_string_lossy().into_owned())
                    .collect(),
                user,
                started_at,
                parent_pid: p.parent().map(|pp| pp.as_u32()),
                exe_deleted: false,
                exe_replaced: false,
                start_token: (self.start_token)(pid.as_u32()),
                origin: Default::default(),
            };
            out.insert(pid.as_u32(), Arc::new(info));
        }
        out
    }
}
