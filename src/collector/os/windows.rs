//! Windows: netstat2 names each socket's owners and sysinfo the processes (`listed.rs`);
//! sockets have no uid, and a process's creation time is its precise start marker.

use std::collections::HashMap;
use std::sync::Arc;

pub use super::listed::{OwnerSource, socket_uid_and_inode};
use crate::model::ProcessInfo;

/// Every TCP/UDP socket with the PIDs that hold it, as netstat2 lists them, and, when
/// PortScope runs as administrator, each connected IPv4 TCP socket's data bytes from Windows'
/// extended TCP statistics (without rights Windows gives none: the window says so). IPv6 and
/// UDP have no counts.
pub fn socket_infos(
    af: netstat2::AddressFamilyFlags,
    proto: netstat2::ProtocolFlags,
) -> Result<
    impl Iterator<Item = Result<super::OsSocket, netstat2::error::Error>>,
    netstat2::error::Error,
> {
    let counted = crate::win32::is_elevated();
    Ok(super::listed::socket_infos(af, proto)?.map(move |socket| {
        socket.map(|mut s| {
            if counted {
                s.traffic = connection_traffic(&s.info);
            }
            s
        })
    }))
}

// The statistics' size as windows-sys declares it is the one `estats.rs` reads.
const _: () = assert!(crate::win32::ESTATS_DATA_ROD_LEN == super::estats::ROD_LEN);

/// The data bytes of a connected IPv4 TCP socket, where Windows counts them.
fn connection_traffic(info: &netstat2::SocketInfo) -> Option<crate::model::Traffic> {
    let netstat2::ProtocolSocketInfo::Tcp(t) = &info.protocol_socket_info else {
        return None;
    };
    if t.state != netstat2::TcpState::Established {
        return None;
    }
    let (std::net::IpAddr::V4(local), std::net::IpAddr::V4(remote)) = (t.local_addr, t.remote_addr)
    else {
        return None;
    };
    let rod = crate::win32::tcp_connection_estats(
        std::net::SocketAddrV4::new(local, t.local_port),
        std::net::SocketAddrV4::new(remote, t.remote_port),
    )?;
    super::estats::traffic_from_rod(&rod)
}

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

/// The Windows services each process hosts, put into `Origin::services` (svchost.exe names
/// its services). Read again every poll; a process whose services did not change keeps the
/// same details.
#[derive(Default)]
pub struct ServiceTable {
    /// Per PID: the details as given, and the same with the services filled in.
    last: HashMap<u32, (Arc<ProcessInfo>, Arc<ProcessInfo>)>,
}

impl ServiceTable {
    /// Fill in each process's services. Windows refusing the list leaves them empty.
    pub fn attach(&mut self, details: &mut HashMap<u32, Arc<ProcessInfo>>) {
        let running = crate::win32::running_services().unwrap_or_else(|e| {
            log::debug!("services: {}", crate::win32::error_text(e));
            Vec::new()
        });
        let hosted = super::services::by_process(&running);
        let mut next = HashMap::with_capacity(details.len());
        for (pid, info) in details.iter_mut() {
            let services = hosted.get(pid).cloned().unwrap_or_default();
            let output = match self.last.remove(pid) {
                Some((input, output))
                    if Arc::ptr_eq(&input, info) && output.origin.services == services =>
                {
                    output
                }
                _ if info.origin.services == services => Arc::clone(info),
                _ => {
                    let mut filled = (**info).clone();
                    filled.origin.services = services;
                    Arc::new(filled)
                }
            };
            next.insert(*pid, (Arc::clone(info), Arc::clone(&output)));
            *info = output;
        }
        self.last = next;
    }
}
