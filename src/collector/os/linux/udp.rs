//! Linux: UDP sockets from our own sock_diag dump. netstat2's dump reads the same kernel record
//! but keeps no remote end for UDP, so a connected UDP socket (`connect()`ed, as DNS clients,
//! QUIC and games do) would show no peer.

use netlink_packet_core::{
    NLM_F_DUMP, NLM_F_REQUEST, NetlinkHeader, NetlinkMessage, NetlinkPayload,
};
use netlink_packet_sock_diag::SockDiagMessage;
use netlink_packet_sock_diag::constants::{AF_INET, AF_INET6, IPPROTO_UDP};
use netlink_packet_sock_diag::inet::{
    ExtensionFlags, InetRequest, InetResponse, SocketId, StateFlags,
};
use netlink_sys::{Socket, SocketAddr, protocols::NETLINK_SOCK_DIAG};
use netstat2::{ProtocolSocketInfo, SocketInfo, UdpSocketInfo};

use crate::collector::os::OsSocket;

/// Room for one read of the dump; the kernel fills it with as many records as fit.
const RECEIVE_BUFFER: usize = 32 * 1024;

/// Every UDP socket of `family` (`AF_INET` or `AF_INET6`), with its remote end when connected.
fn dump(family: u8) -> Result<Vec<OsSocket>, netstat2::error::Error> {
    let mut socket = Socket::new(NETLINK_SOCK_DIAG)?;
    socket.bind_auto()?;
    socket.connect(&SocketAddr::new(0, 0))?;
    let mut header = NetlinkHeader::default();
    header.flags = NLM_F_REQUEST | NLM_F_DUMP;
    let socket_id = if family == AF_INET6 {
        SocketId::new_v6()
    } else {
        SocketId::new_v4()
    };
    let mut request = NetlinkMessage::new(
        header,
        SockDiagMessage::InetRequest(InetRequest {
            family,
            protocol: IPPROTO_UDP,
            extensions: ExtensionFlags::empty(),
            states: StateFlags::all(),
            socket_id,
        })
        .into(),
    );
    request.finalize();
    let mut bytes = vec![0; request.buffer_len()];
    request.serialize(&mut bytes);
    socket.send(&bytes, 0)?;

    let mut sockets = Vec::new();
    let mut buffer = vec![0u8; RECEIVE_BUFFER];
    loop {
        let size = socket.recv(&mut &mut buffer[..], 0)?;
        let mut offset = 0;
        while offset < size {
            let message = NetlinkMessage::<SockDiagMessage>::deserialize(&buffer[offset..size])
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            let length = message.header.length as usize;
            match message.payload {
                NetlinkPayload::InnerMessage(SockDiagMessage::InetResponse(response)) => {
                    sockets.push(to_os_socket(&response));
                }
                NetlinkPayload::Done(_) => return Ok(sockets),
                NetlinkPayload::Error(e) => return Err(e.to_io().into()),
                _ => {}
            }
            if length == 0 {
                break; // a malformed header: never loop on it
            }
            offset += length;
        }
        if size == 0 {
            return Ok(sockets);
        }
    }
}

/// The record as netstat2 would give it, plus the remote end a connected socket has.
fn to_os_socket(response: &InetResponse) -> OsSocket {
    let id = &response.header.socket_id;
    let remote = (!id.destination_address.is_unspecified() || id.destination_port != 0)
        .then_some((id.destination_address, id.destination_port));
    OsSocket {
        info: SocketInfo {
            protocol_socket_info: ProtocolSocketInfo::Udp(UdpSocketInfo {
                local_addr: id.source_address,
                local_port: id.source_port,
            }),
            associated_pids: vec![],
            inode: response.header.inode,
            uid: response.header.uid,
        },
        udp_remote: remote,
    }
}

/// Every UDP socket of the address families asked for.
pub fn sockets(af: netstat2::AddressFamilyFlags) -> Result<Vec<OsSocket>, netstat2::error::Error> {
    let mut all = Vec::new();
    for (flag, family) in [
        (netstat2::AddressFamilyFlags::IPV4, AF_INET),
        (netstat2::AddressFamilyFlags::IPV6, AF_INET6),
    ] {
        if af.contains(flag) {
            all.extend(dump(family)?);
        }
    }
    Ok(all)
}
