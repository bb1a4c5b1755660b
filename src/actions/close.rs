//! Closing one TCP connection without ending its program (TCPView's "Close Connection").
//! Linux: `SOCK_DESTROY` over sock_diag netlink, the mechanism behind `ss -K` (needs root and a
//! kernel built with `CONFIG_INET_DIAG_DESTROY`). Windows: `SetTcpEntry` with
//! `MIB_TCP_STATE_DELETE_TCB`, IPv4 only. macOS has no way to do it.

use std::net::SocketAddr;

use crate::i18n::{Msg, Tr};

/// Why a connection could not be closed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CloseError {
    /// PortScope lacks the rights (root / administrator).
    #[error("needs administrator rights")]
    NeedsAdministrator,
    /// The kernel or OS cannot close single connections.
    #[error("this system can't close single connections")]
    Unsupported,
    /// Windows can only close IPv4 connections this way.
    #[error("only IPv4 connections can be closed on this system")]
    Ipv6Unsupported,
    /// No such connection (it may have closed already).
    #[error("no such connection")]
    NotFound,
    /// Anything else, as the OS put it.
    #[error("{0}")]
    Other(String),
}

impl CloseError {
    /// The reason as a plain sentence in the UI language.
    pub fn message(&self, tr: &Tr) -> String {
        match self {
            CloseError::NeedsAdministrator => tr.t(Msg::CloseNeedsAdmin).to_owned(),
            CloseError::Unsupported => tr.t(Msg::CloseUnsupported).to_owned(),
            CloseError::Ipv6Unsupported => tr.t(Msg::CloseIpv6Unsupported).to_owned(),
            CloseError::NotFound => tr.t(Msg::CloseNotFound).to_owned(),
            CloseError::Other(e) => e.clone(),
        }
    }
}

/// Close the TCP connection from `local` to `remote`. The owning program keeps running; its
/// socket reports the connection as reset.
pub fn close_tcp_connection(local: SocketAddr, remote: SocketAddr) -> Result<(), CloseError> {
    if local.is_ipv4() != remote.is_ipv4() {
        return Err(CloseError::NotFound);
    }
    os::close(local, remote)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod os {
    //! `SOCK_DESTROY` request: a netlink header, then `struct inet_diag_req_v2` naming the socket.

    use std::net::{IpAddr, SocketAddr};

    use rustix::io::Errno;
    use rustix::net::netlink::{self, SocketAddrNetlink};
    use rustix::net::{AddressFamily, RecvFlags, SendFlags, SocketType};

    use super::CloseError;

    const SOCK_DESTROY: u16 = 21;
    const NLM_F_REQUEST: u16 = 0x1;
    const NLM_F_ACK: u16 = 0x4;
    const NLMSG_ERROR: u16 = 0x2;
    const IPPROTO_TCP: u8 = 6;
    const AF_INET: u8 = 2;
    const AF_INET6: u8 = 10;
    /// Match any cookie (`INET_DIAG_NOCOOKIE`).
    const NO_COOKIE: u32 = !0;

    /// The request bytes (native-endian header, network-order ports, addresses as on the wire).
    pub fn request(local: SocketAddr, remote: SocketAddr, seq: u32) -> Vec<u8> {
        let mut msg = Vec::with_capacity(72);
        let family = if local.is_ipv4() { AF_INET } else { AF_INET6 };
        // struct nlmsghdr (16 bytes); the length is filled in at the end.
        msg.extend_from_slice(&0u32.to_ne_bytes());
        msg.extend_from_slice(&SOCK_DESTROY.to_ne_bytes());
        msg.extend_from_slice(&(NLM_F_REQUEST | NLM_F_ACK).to_ne_bytes());
        msg.extend_from_slice(&seq.to_ne_bytes());
        msg.extend_from_slice(&0u32.to_ne_bytes());
        // struct inet_diag_req_v2: family, protocol, ext, pad, states.
        msg.extend_from_slice(&[family, IPPROTO_TCP, 0, 0]);
        msg.extend_from_slice(&u32::MAX.to_ne_bytes());
        // struct inet_diag_sockid: sport, dport (big endian), src[4], dst[4], if, cookie[2].
        msg.extend_from_slice(&local.port().to_be_bytes());
        msg.extend_from_slice(&remote.port().to_be_bytes());
        msg.extend_from_slice(&address_bytes(local.ip()));
        msg.extend_from_slice(&address_bytes(remote.ip()));
        msg.extend_from_slice(&0u32.to_ne_bytes());
        msg.extend_from_slice(&NO_COOKIE.to_ne_bytes());
        msg.extend_from_slice(&NO_COOKIE.to_ne_bytes());
        let len = u32::try_from(msg.len()).unwrap_or(u32::MAX);
        msg[..4].copy_from_slice(&len.to_ne_bytes());
        msg
    }

    /// An address in the 16 bytes of `inet_diag_sockid` (IPv4 in the first four).
    fn address_bytes(ip: IpAddr) -> [u8; 16] {
        let mut out = [0u8; 16];
        match ip {
            IpAddr::V4(a) => out[..4].copy_from_slice(&a.octets()),
            IpAddr::V6(a) => out.copy_from_slice(&a.octets()),
        }
        out
    }

    /// The errno of the kernel's acknowledgement (0 = done), where the answer is one.
    pub fn ack_errno(answer: &[u8]) -> Option<i32> {
        let kind = u16::from_ne_bytes(answer.get(4..6)?.try_into().ok()?);
        if kind != NLMSG_ERROR {
            return None;
        }
        Some(-i32::from_ne_bytes(answer.get(16..20)?.try_into().ok()?))
    }

    fn os_error(e: Errno) -> CloseError {
        match e {
            Errno::PERM | Errno::ACCESS => CloseError::NeedsAdministrator,
            Errno::OPNOTSUPP | Errno::NOSYS | Errno::INVAL => CloseError::Unsupported,
            Errno::NOENT | Errno::SRCH => CloseError::NotFound,
            other => CloseError::Other(other.to_string()),
        }
    }

    pub fn close(local: SocketAddr, remote: SocketAddr) -> Result<(), CloseError> {
        let fd = rustix::net::socket(
            AddressFamily::NETLINK,
            SocketType::DGRAM,
            Some(netlink::SOCK_DIAG),
        )
        .map_err(os_error)?;
        let kernel = SocketAddrNetlink::new(0, 0);
        rustix::net::sendto(&fd, &request(local, remote, 1), SendFlags::empty(), &kernel)
            .map_err(os_error)?;
        let mut answer = [0u8; 512];
        let (_, len) =
            rustix::net::recv(&fd, &mut answer[..], RecvFlags::empty()).map_err(os_error)?;
        match ack_errno(&answer[..len.min(answer.len())]) {
            Some(0) => Ok(()),
            Some(errno) => Err(os_error(Errno::from_raw_os_error(errno))),
            None => Err(CloseError::Other(
                "unexpected answer from the kernel".into(),
            )),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn request_layout_matches_inet_diag_req_v2() {
            let local: SocketAddr = "127.0.0.1:40000".parse().unwrap();
            let remote: SocketAddr = "127.0.0.2:80".parse().unwrap();
            let msg = request(local, remote, 7);
            assert_eq!(msg.len(), 16 + 8 + 48);
            assert_eq!(u32::from_ne_bytes(msg[..4].try_into().unwrap()), 72);
            assert_eq!(
                u16::from_ne_bytes(msg[4..6].try_into().unwrap()),
                SOCK_DESTROY
            );
            assert_eq!(&msg[16..20], &[AF_INET, IPPROTO_TCP, 0, 0]);
            assert_eq!(&msg[24..26], &40000u16.to_be_bytes());
            assert_eq!(&msg[26..28], &80u16.to_be_bytes());
            assert_eq!(&msg[28..32], &[127, 0, 0, 1]);
            assert_eq!(&msg[44..48], &[127, 0, 0, 2]);
        }

        #[test]
        fn acknowledgements_are_read_and_garbage_is_not_an_answer() {
            let mut ack = vec![0u8; 36];
            ack[4..6].copy_from_slice(&NLMSG_ERROR.to_ne_bytes());
            ack[16..20].copy_from_slice(&(-1i32).to_ne_bytes());
            assert_eq!(ack_errno(&ack), Some(1));
            assert_eq!(ack_errno(&ack[..10]), None);
            assert_eq!(ack_errno(&[]), None);
        }
    }
}

#[cfg(windows)]
mod os {
    use std::net::SocketAddr;

    use super::CloseError;
    use crate::win32::{self, TcpDeleteError};

    pub fn close(local: SocketAddr, remote: SocketAddr) -> Result<(), CloseError> {
        let (SocketAddr::V4(local), SocketAddr::V4(remote)) = (local, remote) else {
            return Err(CloseError::Ipv6Unsupported);
        };
        win32::delete_tcp_connection(local, remote).map_err(|e| match e {
            TcpDeleteError::AccessDenied => CloseError::NeedsAdministrator,
            TcpDeleteError::NotFound => CloseError::NotFound,
            TcpDeleteError::Other(code) => CloseError::Other(win32::error_text(code)),
        })
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", windows)))]
mod os {
    use std::net::SocketAddr;

    use super::CloseError;

    pub fn close(_local: SocketAddr, _remote: SocketAddr) -> Result<(), CloseError> {
        // macOS has no way to close another program's connection.
        Err(CloseError::Unsupported)
    }
}
