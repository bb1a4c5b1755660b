//! Lists the OS's TCP and UDP sockets (IPv4 and IPv6) through netstat2 and turns them into rows
//! without process details.

use netstat2::{AddressFamilyFlags, ProtocolFlags, ProtocolSocketInfo};

use crate::model::{Pids, Protocol, SocketRow, TcpState};

/// Sockets listed, and how many entries the OS returned as errors.
#[derive(Debug, Default)]
pub struct SocketList {
    /// The sockets, without process details; `pids` is filled only where the OS lists them (not Linux).
    pub rows: Vec<SocketRow>,
    /// Entries that could not be decoded.
    pub skipped: usize,
}

fn map_state(s: netstat2::TcpState) -> TcpState {
    use netstat2::TcpState as N;
    match s {
        N::Listen => TcpState::Listen,
        N::SynSent => TcpState::SynSent,
        N::SynReceived => TcpState::SynReceived,
        N::Established => TcpState::Established,
        N::FinWait1 => TcpState::FinWait1,
        N::FinWait2 => TcpState::FinWait2,
        N::CloseWait => TcpState::CloseWait,
        N::Closing => TcpState::Closing,
        N::LastAck => TcpState::LastAck,
        N::TimeWait => TcpState::TimeWait,
        N::Closed | N::DeleteTcb | N::Unknown => TcpState::Closed,
    }
}

pub(crate) fn to_row(socket: super::os::OsSocket) -> SocketRow {
    let super::os::OsSocket {
        info,
        udp_remote,
        traffic,
    } = socket;
    let (uid, inode) = super::os::socket_uid_and_inode(&info);
    let pids = owner_pids(info.associated_pids);
    let mut row = match info.protocol_socket_info {
        ProtocolSocketInfo::Tcp(t) => {
            let state = map_state(t.state);
            let has_peer = !matches!(state, TcpState::Listen) && !t.remote_addr.is_unspecified();
            let mut row = SocketRow::new(Protocol::Tcp, t.local_addr, t.local_port);
            row.remote_address = has_peer.then_some(t.remote_addr);
            row.remote_port = has_peer.then_some(t.remote_port);
            row.state = Some(state);
            row
        }
        ProtocolSocketInfo::Udp(u) => {
            let mut row = SocketRow::new(Protocol::Udp, u.local_addr, u.local_port);
            row.remote_address = udp_remote.map(|(address, _)| address);
            row.remote_port = udp_remote.map(|(_, port)| port);
            row
        }
    };
    row.owner = crate::model::Owner::known(pids, None);
    row.uid = uid;
    row.inode = inode;
    row.traffic = traffic;
    row
}

/// The OS's owner PIDs, less PID 0: Windows reports 0 for a socket whose owner it does not
/// name (and wine for every socket). It means "no owner", never the System Idle Process.
pub(crate) fn owner_pids(pids: Vec<u32>) -> Pids {
    pids.into_iter().filter(|&pid| pid != 0).collect()
}

/// List every TCP/UDP socket. On Linux this is only the netlink dump; owners come from `owners`.
pub fn list_sockets() -> Result<SocketList, netstat2::error::Error> {
    let af = AddressFamilyFlags::IPV4 | AddressFamilyFlags::IPV6;
    let proto = ProtocolFlags::TCP | ProtocolFlags::UDP;
    let iter = super::os::socket_infos(af, proto)?;
    let mut list = SocketList::default();
    for item in iter {
        match item {
            Ok(info) => list.rows.push(to_row(info)),
            Err(_) => list.skipped += 1,
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::{Pids, owner_pids};

    #[test]
    fn pid_zero_is_no_owner() {
        assert_eq!(owner_pids(vec![0]), Pids::new());
        assert_eq!(owner_pids(vec![0, 4, 1234]), Pids::from_slice(&[4, 1234]));
    }
}
