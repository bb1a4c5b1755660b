//! Linux: TCP and UDP sockets from our own netlink sock_diag dump. netstat2 reads the same kernel
//! records, but keeps no remote end for UDP (a `connect()`ed UDP socket, as DNS clients, QUIC
//! and games use, would show no peer) and cannot ask for `tcp_info`, the kernel's per-socket
//! byte counters. We ask for `INET_DIAG_INFO` on TCP and read each record in place: the
//! request is built with `netlink-packet-sock-diag` (the crate netstat2 dumps with), the answer
//! is parsed from the receive buffer without building a message per socket, which is what
//! keeps a 50,000-socket poll near the bare dump's cost (`benches/list_vs_ss.rs`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_packet_core::{NLM_F_DUMP, NLM_F_REQUEST, NetlinkHeader, NetlinkMessage};
use netlink_packet_sock_diag::SockDiagMessage;
use netlink_packet_sock_diag::constants::{AF_INET, AF_INET6, IPPROTO_TCP, IPPROTO_UDP};
use netlink_packet_sock_diag::inet::{ExtensionFlags, InetRequest, SocketId, StateFlags};
use netlink_sys::{Socket, SocketAddr, protocols::NETLINK_SOCK_DIAG};
use netstat2::{ProtocolSocketInfo, SocketInfo, TcpSocketInfo, UdpSocketInfo};

use crate::collector::os::OsSocket;
use crate::model::Traffic;

/// Room for one read of the dump; the kernel fills it with as many records as fit.
const RECEIVE_BUFFER: usize = 64 * 1024;

const NLMSG_HEADER: usize = 16;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const SOCK_DIAG_BY_FAMILY: u16 = 20;
/// `struct inet_diag_msg`.
const DIAG_MSG: usize = 72;
/// The `INET_DIAG_INFO` attribute: `struct tcp_info`.
const INET_DIAG_INFO: u16 = 2;
/// `tcpi_bytes_acked` and `tcpi_bytes_received` in `struct tcp_info` (Linux 4.1 and later; an
/// older kernel's shorter record gives no counters).
const BYTES_ACKED: std::ops::Range<usize> = 120..128;
const BYTES_RECEIVED: std::ops::Range<usize> = 128..136;
/// `tcpi_bytes_sent` and `tcpi_bytes_retrans` (Linux 4.19 and later): data sent, and the part of
/// it sent again. Their difference is the data this end sent; `bytes_acked` also counts the
/// connecting side's SYN (a connection that sent nothing reads "1 B"), so it is the fallback.
const BYTES_SENT: std::ops::Range<usize> = 200..208;
const BYTES_RETRANS: std::ops::Range<usize> = 208..216;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_in(b: &[u8], r: std::ops::Range<usize>) -> Option<u64> {
    Some(u64::from_ne_bytes(b.get(r)?.try_into().ok()?))
}

/// A sock_diag socket of the calling thread's network namespace (the kernel ties a socket to
/// the namespace it was opened in).
fn open() -> std::io::Result<Socket> {
    let mut socket = Socket::new(NETLINK_SOCK_DIAG)?;
    socket.bind_auto()?;
    socket.connect(&SocketAddr::new(0, 0))?;
    Ok(socket)
}

/// Send the dump request for `protocol` sockets of `family` on `socket`.
fn request(socket: &Socket, family: u8, protocol: u8) -> std::io::Result<()> {
    let mut header = NetlinkHeader::default();
    header.flags = NLM_F_REQUEST | NLM_F_DUMP;
    let socket_id = if family == AF_INET6 {
        SocketId::new_v6()
    } else {
        SocketId::new_v4()
    };
    let extensions = if protocol == IPPROTO_TCP {
        ExtensionFlags::INFO
    } else {
        ExtensionFlags::empty()
    };
    let mut message = NetlinkMessage::new(
        header,
        SockDiagMessage::InetRequest(InetRequest {
            family,
            protocol,
            extensions,
            states: StateFlags::all(),
            socket_id,
        })
        .into(),
    );
    message.finalize();
    let mut bytes = vec![0; message.buffer_len()];
    message.serialize(&mut bytes);
    socket.send(&bytes, 0)?;
    Ok(())
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("sock_diag: {what}"),
    )
}

/// Every `protocol` socket of `family` (`AF_INET` or `AF_INET6`) into `out`, read to the end
/// of the dump (so `socket` can ask again), through `buffer`.
fn dump(
    socket: &Socket,
    buffer: &mut [u8],
    family: u8,
    protocol: u8,
    out: &mut Vec<OsSocket>,
) -> std::io::Result<()> {
    request(socket, family, protocol)?;
    loop {
        let size = socket.recv(&mut &mut buffer[..], 0)?;
        let size = size.min(buffer.len());
        if size == 0 {
            return Ok(());
        }
        let mut at = 0;
        while at + NLMSG_HEADER <= size {
            let bytes = &buffer[at..size];
            let length = u32_at(bytes, 0).ok_or_else(|| invalid("short header"))? as usize;
            let kind = u16_at(bytes, 4).ok_or_else(|| invalid("short header"))?;
            if length < NLMSG_HEADER || length > bytes.len() {
                return Err(invalid("a message longer than what was read"));
            }
            let body = &bytes[NLMSG_HEADER..length];
            match kind {
                NLMSG_DONE => return Ok(()),
                NLMSG_ERROR => {
                    return match u32_at(body, 0).map_or(0, |c| c as i32) {
                        0 => Ok(()),
                        code => Err(std::io::Error::from_raw_os_error(code.saturating_neg())),
                    };
                }
                SOCK_DIAG_BY_FAMILY => {
                    if let Some(socket) = parse(body, protocol) {
                        out.push(socket);
                    }
                }
                _ => {}
            }
            // Messages are 4-byte aligned.
            at += (length + 3) & !3;
        }
    }
}

/// One `inet_diag_msg` and its attributes as the record netstat2 would give, plus what it
/// cannot carry: a connected UDP socket's remote end, a TCP socket's byte counters.
fn parse(body: &[u8], protocol: u8) -> Option<OsSocket> {
    if body.len() < DIAG_MSG {
        return None;
    }
    let family = body[0];
    let state = body[1];
    // Ports are in network order; addresses are 16 bytes, of which IPv4 uses the first 4.
    let source_port = u16::from_be_bytes([body[4], body[5]]);
    let destination_port = u16::from_be_bytes([body[6], body[7]]);
    let address = |at: usize| -> Option<IpAddr> {
        let raw: [u8; 16] = body.get(at..at + 16)?.try_into().ok()?;
        Some(if family == AF_INET6 {
            IpAddr::V6(Ipv6Addr::from(raw))
        } else {
            IpAddr::V4(Ipv4Addr::new(raw[0], raw[1], raw[2], raw[3]))
        })
    };
    let (source, destination) = (address(8)?, address(24)?);
    let uid = u32_at(body, 64)?;
    let inode = u32_at(body, 68)?;
    let protocol_socket_info = if protocol == IPPROTO_TCP {
        ProtocolSocketInfo::Tcp(TcpSocketInfo {
            local_addr: source,
            local_port: source_port,
            remote_addr: destination,
            remote_port: destination_port,
            state: netstat2::TcpState::from(state),
        })
    } else {
        ProtocolSocketInfo::Udp(UdpSocketInfo {
            local_addr: source,
            local_port: source_port,
        })
    };
    let udp_remote = (protocol == IPPROTO_UDP
        && (!destination.is_unspecified() || destination_port != 0))
        .then_some((destination, destination_port));
    let traffic = (protocol == IPPROTO_TCP)
        .then(|| tcp_counters(&body[DIAG_MSG..]))
        .flatten();
    Some(OsSocket {
        info: SocketInfo {
            protocol_socket_info,
            associated_pids: vec![],
            inode,
            uid,
        },
        udp_remote,
        traffic,
    })
}

/// The byte counters in the `INET_DIAG_INFO` attribute among `attributes`, if the kernel sent
/// them (a listening socket's counters are zero, and so are they reported).
fn tcp_counters(mut attributes: &[u8]) -> Option<Traffic> {
    while attributes.len() >= 4 {
        let length = usize::from(u16_at(attributes, 0)?);
        let kind = u16_at(attributes, 2)?;
        if length < 4 || length > attributes.len() {
            return None;
        }
        if kind == INET_DIAG_INFO {
            let info = &attributes[4..length];
            let sent = match (u64_in(info, BYTES_SENT), u64_in(info, BYTES_RETRANS)) {
                (Some(sent), Some(again)) => sent.saturating_sub(again),
                _ => u64_in(info, BYTES_ACKED)?,
            };
            return Some(Traffic {
                sent,
                received: u64_in(info, BYTES_RECEIVED)?,
            });
        }
        attributes = attributes.get((length + 3) & !3..).unwrap_or_default();
    }
    None
}

/// Every socket of the protocols and address families asked for, in the calling thread's
/// network namespace, on one netlink socket.
pub fn sockets(
    af: netstat2::AddressFamilyFlags,
    proto: netstat2::ProtocolFlags,
) -> Result<Vec<OsSocket>, netstat2::error::Error> {
    Dumper::default().sockets(af, proto)
}

/// One sock_diag socket kept for dump after dump: opening and closing netlink sockets is what
/// a small dump costs most (a namespace's worker asks every poll). Opened on first use, in the
/// namespace of the thread that uses it; dropped after any error, so a dump cut short never
/// leaves its rest to be read as the next one's answer.
#[derive(Default)]
pub struct Dumper {
    socket: Option<Socket>,
    buffer: Vec<u8>,
}

impl Dumper {
    /// Every socket of the protocols and address families asked for.
    pub fn sockets(
        &mut self,
        af: netstat2::AddressFamilyFlags,
        proto: netstat2::ProtocolFlags,
    ) -> Result<Vec<OsSocket>, netstat2::error::Error> {
        self.sockets_where(|tcp, v6| {
            proto.contains(if tcp {
                netstat2::ProtocolFlags::TCP
            } else {
                netstat2::ProtocolFlags::UDP
            }) && af.contains(if v6 {
                netstat2::AddressFamilyFlags::IPV6
            } else {
                netstat2::AddressFamilyFlags::IPV4
            })
        })
    }

    /// The sockets of each kind `wanted(tcp, ipv6)` says yes to (TCP or UDP, IPv4 or IPv6).
    pub fn sockets_where(
        &mut self,
        wanted: impl Fn(bool, bool) -> bool,
    ) -> Result<Vec<OsSocket>, netstat2::error::Error> {
        let result = self.dump_all(wanted);
        if result.is_err() {
            self.socket = None;
        }
        Ok(result?)
    }

    fn dump_all(&mut self, wanted: impl Fn(bool, bool) -> bool) -> std::io::Result<Vec<OsSocket>> {
        let socket = match self.socket.take() {
            Some(socket) => socket,
            None => open()?,
        };
        self.buffer.resize(RECEIVE_BUFFER, 0);
        let mut all = Vec::new();
        for protocol in [IPPROTO_TCP, IPPROTO_UDP] {
            for family in [AF_INET, AF_INET6] {
                if wanted(protocol == IPPROTO_TCP, family == AF_INET6) {
                    dump(&socket, &mut self.buffer, family, protocol, &mut all)?;
                }
            }
        }
        self.socket = Some(socket);
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kernel record: `inet_diag_msg` of `family`, then the attributes.
    fn record(family: u8, state: u8, attributes: &[u8]) -> Vec<u8> {
        let mut b = vec![0u8; DIAG_MSG];
        b[0] = family;
        b[1] = state;
        b[4..6].copy_from_slice(&8080u16.to_be_bytes());
        b[6..8].copy_from_slice(&443u16.to_be_bytes());
        b[8..12].copy_from_slice(&[127, 0, 0, 1]);
        b[24..28].copy_from_slice(&[8, 8, 8, 8]);
        b[64..68].copy_from_slice(&1000u32.to_ne_bytes());
        b[68..72].copy_from_slice(&4242u32.to_ne_bytes());
        b.extend_from_slice(attributes);
        b
    }

    fn info_attribute(acked: u64, received: u64, len: usize) -> Vec<u8> {
        let mut info = vec![0u8; len];
        if len >= 136 {
            info[BYTES_ACKED].copy_from_slice(&acked.to_ne_bytes());
            info[BYTES_RECEIVED].copy_from_slice(&received.to_ne_bytes());
        }
        if len >= 216 {
            // The SYN in the acknowledged count; 1,000 bytes sent again.
            info[BYTES_ACKED].copy_from_slice(&(acked + 1).to_ne_bytes());
            info[BYTES_SENT].copy_from_slice(&(acked + 1_000).to_ne_bytes());
            info[BYTES_RETRANS].copy_from_slice(&1_000u64.to_ne_bytes());
        }
        let mut a = Vec::new();
        a.extend_from_slice(&((len + 4) as u16).to_ne_bytes());
        a.extend_from_slice(&INET_DIAG_INFO.to_ne_bytes());
        a.extend_from_slice(&info);
        a
    }

    #[test]
    fn a_tcp_record_gives_endpoints_state_owner_and_counters() {
        // Another attribute first (INET_DIAG_CONG, "cubic\0" padded to 8), as kernels send.
        let mut attrs = vec![10, 0, 4, 0, b'c', b'u', b'b', b'i', b'c', 0, 0, 0];
        attrs.extend(info_attribute(1_500, 70_000, 232));
        let s = parse(&record(AF_INET, 1, &attrs), IPPROTO_TCP).unwrap();
        let ProtocolSocketInfo::Tcp(t) = &s.info.protocol_socket_info else {
            panic!("not tcp")
        };
        assert_eq!((t.local_port, t.remote_port), (8080, 443));
        assert_eq!(t.local_addr, "127.0.0.1".parse::<IpAddr>().unwrap());
        assert_eq!(t.remote_addr, "8.8.8.8".parse::<IpAddr>().unwrap());
        assert_eq!(t.state, netstat2::TcpState::Established);
        assert_eq!((s.info.uid, s.info.inode), (1000, 4242));
        assert_eq!(
            s.traffic,
            Some(Traffic {
                sent: 1_500,
                received: 70_000
            })
        );
        assert_eq!(s.udp_remote, None);
    }

    #[test]
    fn short_or_broken_records_give_no_counters_and_never_panic() {
        // An old kernel's short tcp_info: no counters, the socket still listed.
        let s = parse(
            &record(AF_INET, 10, &info_attribute(1, 2, 104)),
            IPPROTO_TCP,
        )
        .unwrap();
        assert_eq!(s.traffic, None);
        // Linux 4.1 to 4.18: the acknowledged count.
        let s = parse(&record(AF_INET, 1, &info_attribute(7, 9, 160)), IPPROTO_TCP).unwrap();
        assert_eq!(
            s.traffic,
            Some(Traffic {
                sent: 7,
                received: 9
            })
        );
        // An attribute claiming more than there is.
        let s = parse(&record(AF_INET, 10, &[200, 0, 2, 0, 1, 2]), IPPROTO_TCP).unwrap();
        assert_eq!(s.traffic, None);
        // A zero-length attribute must not loop.
        let s = parse(&record(AF_INET, 10, &[0, 0, 2, 0, 0, 0, 0, 0]), IPPROTO_TCP).unwrap();
        assert_eq!(s.traffic, None);
        // Truncated records are skipped.
        for n in 0..DIAG_MSG {
            assert!(parse(&record(AF_INET, 1, &[])[..n], IPPROTO_TCP).is_none());
        }
    }

    #[test]
    fn udp_has_no_counters_and_keeps_a_connected_peer() {
        let s = parse(&record(AF_INET, 7, &info_attribute(5, 5, 232)), IPPROTO_UDP).unwrap();
        assert_eq!(s.traffic, None);
        assert_eq!(s.udp_remote, Some(("8.8.8.8".parse().unwrap(), 443)));
    }
}
