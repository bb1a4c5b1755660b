//! One socket as PortScope shows it: its identity (`SocketKey`), its fields (`SocketRow`) and the small enums they use.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

use super::assessment::is_loopback_address;
use super::process::ProcessInfo;

/// Transport protocol of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// Transmission Control Protocol.
    Tcp,
    /// User Datagram Protocol.
    Udp,
}

impl Protocol {
    /// The contract name, e.g. `tcp` (as serde writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
        }
    }
}

/// IP address family of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// IPv4.
    Ipv4,
    /// IPv6.
    Ipv6,
}

impl Family {
    /// The contract name, e.g. `ipv4` (as serde writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Ipv4 => "ipv4",
            Family::Ipv6 => "ipv6",
        }
    }

    /// The family of an address.
    pub fn of(addr: &IpAddr) -> Self {
        match addr {
            IpAddr::V4(_) => Family::Ipv4,
            IpAddr::V6(_) => Family::Ipv6,
        }
    }
}

/// TCP connection state, named as netstat and RFC 793 name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TcpState {
    /// Waiting for incoming connections.
    Listen,
    /// Connection request sent, waiting for the answer.
    SynSent,
    /// Connection request received, answer sent.
    SynReceived,
    /// Open connection; data flows.
    Established,
    /// Closing: we sent FIN.
    #[serde(rename = "FIN_WAIT_1")]
    FinWait1,
    /// Closing: our FIN was acknowledged.
    #[serde(rename = "FIN_WAIT_2")]
    FinWait2,
    /// The peer closed; waiting for the local program to close.
    CloseWait,
    /// Both sides closing at once.
    Closing,
    /// Waiting for the final acknowledgement.
    LastAck,
    /// Closed; waiting so late packets are not mistaken for a new connection.
    TimeWait,
    /// Closed.
    Closed,
}

impl TcpState {
    /// The upper-case netstat name, e.g. `ESTABLISHED`.
    pub fn as_str(self) -> &'static str {
        match self {
            TcpState::Listen => "LISTEN",
            TcpState::SynSent => "SYN_SENT",
            TcpState::SynReceived => "SYN_RECEIVED",
            TcpState::Established => "ESTABLISHED",
            TcpState::FinWait1 => "FIN_WAIT_1",
            TcpState::FinWait2 => "FIN_WAIT_2",
            TcpState::CloseWait => "CLOSE_WAIT",
            TcpState::Closing => "CLOSING",
            TcpState::LastAck => "LAST_ACK",
            TcpState::TimeWait => "TIME_WAIT",
            TcpState::Closed => "CLOSED",
        }
    }
}

impl fmt::Display for TcpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The IANA range a port number falls in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PortClass {
    /// 0–1023: bound to long-established services.
    WellKnown,
    /// 1024–49151: registered to applications, loosely.
    Registered,
    /// 49152–65535: handed out temporarily by the system.
    Dynamic,
}

impl PortClass {
    /// Classify a port number.
    pub fn of(port: u16) -> Self {
        match port {
            0..=1023 => PortClass::WellKnown,
            1024..=49151 => PortClass::Registered,
            _ => PortClass::Dynamic,
        }
    }

    /// The contract name, e.g. `well-known`.
    pub fn as_str(self) -> &'static str {
        match self {
            PortClass::WellKnown => "well-known",
            PortClass::Registered => "registered",
            PortClass::Dynamic => "dynamic",
        }
    }
}

/// The name of a remote address from reverse DNS (`crate::resolve`), already checked to be a
/// host name (letters, digits, `-`, `_` and dots, at most 253 bytes): the reverse name is chosen
/// by whoever runs the address, so `verified` says whether the name resolves back to it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RemoteHost {
    /// The host name, lower-case, without a trailing dot.
    pub name: String,
    /// The name forward-confirms: looking it up gives the address back. An unverified name is
    /// only what the address's owner claims (anyone can set theirs to `login.microsoft.com`).
    pub verified: bool,
}

/// The PIDs holding a socket: almost always one or two, kept inline (no allocation per row).
pub type Pids = smallvec::SmallVec<[u32; 2]>;

/// Who holds a socket, as far as PortScope can tell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Owner {
    /// These processes hold it, primary owner first (never empty), with the primary's details
    /// where they could be read (`None`: it exited before they were).
    Known {
        /// The holders, primary first.
        pids: Pids,
        /// The primary's details.
        process: Option<Arc<ProcessInfo>>,
    },
    /// No owner was found in this poll, but the previous poll didn't see the socket ownerless:
    /// it may be closing or just opened. It counts as ownerless only after a second poll.
    Pending,
    /// The owner exists but PortScope may not see it: it runs without administrator rights and
    /// the socket belongs to another user. Judgements then rest on the port alone.
    Hidden,
    /// No process holds it (or none could be told).
    #[default]
    None,
}

impl Owner {
    /// `pids` (primary first) with the primary's details; no pids is `Owner::None`.
    pub fn known(pids: Pids, process: Option<Arc<ProcessInfo>>) -> Owner {
        if pids.is_empty() {
            Owner::None
        } else {
            Owner::Known { pids, process }
        }
    }

    /// The holders, primary first; empty unless known.
    pub fn pids(&self) -> &[u32] {
        match self {
            Owner::Known { pids, .. } => pids,
            _ => &[],
        }
    }

    /// The primary's details, where known.
    pub fn process(&self) -> Option<&Arc<ProcessInfo>> {
        match self {
            Owner::Known { process, .. } => process.as_ref(),
            _ => None,
        }
    }
}

/// What identifies a socket across snapshots: the same key in two snapshots is the same socket.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SocketKey {
    /// TCP or UDP.
    pub protocol: Protocol,
    /// Local address.
    pub local_address: IpAddr,
    /// Local port.
    pub local_port: u16,
    /// Remote address, where there is a peer.
    pub remote_address: Option<IpAddr>,
    /// Remote port, where there is a peer.
    pub remote_port: Option<u16>,
    /// Kernel inode (Linux); tells apart two sockets with the same endpoints (e.g. SO_REUSEPORT). 0 elsewhere.
    pub inode: u64,
    /// The network namespace's id (`NetNs::id`), 0 for the host's own: two namespaces can hold
    /// sockets on the same endpoints, and a `TIME_WAIT` leftover has no inode to tell them apart.
    pub netns: u64,
}

/// A network namespace other than the host's (Linux): the one PortScope's polling thread runs
/// in is the host's, and its sockets carry none.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NetNs {
    /// The namespace's inode (`net:[4026532281]` in `/proc/<pid>/ns/net`), unique while it exists.
    pub id: u64,
    /// Its name where `ip netns` named it (a file in `/run/netns`); `None` for an unnamed one
    /// (a container's, `unshare --net`).
    pub name: Option<String>,
}

impl NetNs {
    /// How the namespace is shown: its name, or `net:[inode]` as the kernel writes it.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => name.clone(),
            None => format!("net:[{}]", self.id),
        }
    }
}

/// What the kernel counted for one TCP socket since it opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Traffic {
    /// Data bytes sent (`tcpi_bytes_sent` less `tcpi_bytes_retrans`; before Linux 4.19
    /// `tcpi_bytes_acked`).
    pub sent: u64,
    /// Bytes received (`tcpi_bytes_received`).
    pub received: u64,
}

/// Bytes per second over the last interval between two polls.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// Sent per second.
    pub sent: f64,
    /// Received per second.
    pub received: f64,
}

impl Rate {
    /// The rate between two readings of the same socket's counters `seconds` apart; `None` for
    /// no time (the first poll, or a clock that did not move). Counters never go back on one
    /// socket; if they do, that interval counts as nothing sent.
    pub fn between(before: Traffic, after: Traffic, seconds: f64) -> Option<Rate> {
        (seconds > 0.0).then(|| Rate {
            sent: after.sent.saturating_sub(before.sent) as f64 / seconds,
            received: after.received.saturating_sub(before.received) as f64 / seconds,
        })
    }
}

/// One socket with everything PortScope knows about it.
#[derive(Clone, Debug, PartialEq)]
pub struct SocketRow {
    /// TCP or UDP.
    pub protocol: Protocol,
    /// Local address.
    pub local_address: IpAddr,
    /// Local port.
    pub local_port: u16,
    /// Remote address; `None` where there is no peer (UDP, LISTEN).
    pub remote_address: Option<IpAddr>,
    /// Remote port; `None` where there is no peer.
    pub remote_port: Option<u16>,
    /// TCP state; `None` for UDP.
    pub state: Option<TcpState>,
    /// Who holds it: processes (with the primary's details), or why none is shown.
    pub owner: Owner,
    /// The socket's owning user id, where the OS reports it.
    pub uid: Option<u32>,
    /// The socket owner's user name, resolved from `uid` (shared: thousands of rows name a
    /// handful of users, and a row is copied every poll).
    pub socket_user: Option<Arc<str>>,
    /// Kernel inode (Linux), 0 elsewhere.
    pub inode: u64,
    /// Bytes sent and received, where the OS counts them per socket (Linux TCP); `None` for UDP,
    /// which has no per-socket counters, and where the OS gives none.
    pub traffic: Option<Traffic>,
    /// Bytes per second since the previous poll, set by the engine when both polls counted.
    pub rate: Option<Rate>,
    /// The risk judgement, filled by `risk::assess` (default: none yet). Shared: the engine
    /// hands an unchanged socket the same judgement poll after poll.
    pub assessment: Arc<super::assessment::Assessment>,
    /// The remote address's host name by reverse DNS, when PortScope resolves names and the
    /// answer has come (filled by the engine from `resolve`'s cache; never waited for).
    pub remote_host: Option<Arc<RemoteHost>>,
    /// The network namespace the socket lives in, where it is not the host's own (Linux, as
    /// root): it is reachable through that namespace's interfaces, not the host's. Shared: every
    /// socket of a namespace names the same one.
    pub netns: Option<Arc<NetNs>>,
}

impl SocketRow {
    /// A socket bound to `local_address`:`local_port`, with nothing else known yet: no peer, no
    /// state, no owner, not judged. The collector and the fixtures fill in the rest.
    pub fn new(protocol: Protocol, local_address: IpAddr, local_port: u16) -> SocketRow {
        SocketRow {
            protocol,
            local_address,
            local_port,
            remote_address: None,
            remote_port: None,
            state: None,
            owner: Owner::None,
            uid: None,
            socket_user: None,
            inode: 0,
            traffic: None,
            rate: None,
            assessment: Default::default(),
            remote_host: None,
            netns: None,
        }
    }

    /// The identity of this socket across snapshots.
    pub fn key(&self) -> SocketKey {
        SocketKey {
            protocol: self.protocol,
            local_address: self.local_address,
            local_port: self.local_port,
            remote_address: self.remote_address,
            remote_port: self.remote_port,
            inode: self.inode,
            netns: self.netns.as_ref().map_or(0, |n| n.id),
        }
    }

    /// IPv4 or IPv6.
    pub fn family(&self) -> Family {
        Family::of(&self.local_address)
    }

    /// The primary owner's PID.
    pub fn pid(&self) -> Option<u32> {
        self.pids().first().copied()
    }

    /// Every process that holds the socket, primary owner first (none unless `Owner::Known`).
    pub fn pids(&self) -> &[u32] {
        self.owner.pids()
    }

    /// The primary owner's details, where they could be read.
    pub fn process(&self) -> Option<&Arc<ProcessInfo>> {
        self.owner.process()
    }

    /// The primary owner's details, to change them (fixtures, tests, marking).
    pub fn process_mut(&mut self) -> Option<&mut Arc<ProcessInfo>> {
        match &mut self.owner {
            Owner::Known { process, .. } => process.as_mut(),
            _ => None,
        }
    }

    /// The owner exists but can't be seen without administrator rights (`Owner::Hidden`).
    pub fn owner_hidden(&self) -> bool {
        self.owner == Owner::Hidden
    }

    /// No owner this poll, but one may yet show (`Owner::Pending`).
    pub fn owner_pending(&self) -> bool {
        self.owner == Owner::Pending
    }

    /// The IANA class of the local port.
    pub fn port_class(&self) -> PortClass {
        PortClass::of(self.local_port)
    }

    /// True for a TCP socket in LISTEN, and for an unconnected UDP socket (it waits for datagrams).
    pub fn is_listening(&self) -> bool {
        match self.protocol {
            Protocol::Tcp => self.state == Some(TcpState::Listen),
            Protocol::Udp => self.remote_address.is_none(),
        }
    }

    /// True for an established TCP connection.
    pub fn is_established(&self) -> bool {
        self.state == Some(TcpState::Established)
    }

    /// True when only this computer can reach the socket (127.0.0.0/8, ::1).
    pub fn is_loopback(&self) -> bool {
        is_loopback_address(&self.local_address)
            && self.remote_address.is_none_or(|a| is_loopback_address(&a))
    }

    /// The local address and port, written `127.0.0.1:80` or `[::1]:80` by `Display`.
    pub fn local_endpoint(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::new(self.local_address, self.local_port)
    }

    /// The remote address and port, where there is a peer.
    pub fn remote_endpoint(&self) -> Option<std::net::SocketAddr> {
        Some(std::net::SocketAddr::new(
            self.remote_address?,
            self.remote_port?,
        ))
    }

    /// The process name, or an empty string where the owner is unknown.
    pub fn process_name(&self) -> &str {
        self.process().map_or("", |p| p.name.as_str())
    }

    /// The user shown for this row: the process's user, or the socket's user where the owner is hidden.
    pub fn user(&self) -> Option<&str> {
        self.process()
            .as_ref()
            .and_then(|p| p.user.as_deref())
            .or(self.socket_user.as_deref())
    }

    /// The owner's executable path, where known (without a " (deleted)" mark).
    pub fn path(&self) -> Option<&std::path::Path> {
        self.process().and_then(|p| p.path.as_deref())
    }

    /// The owner's executable path as lossless text (`ProcessInfo::path_text`).
    pub fn path_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.process().and_then(|p| p.path_text())
    }

    /// The owner's executable path as shown: with " (deleted)" when the file is gone.
    pub fn shown_path(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.process().and_then(|p| p.shown_path())
    }

    /// "TCP", "UDP6" and so on, as netstat prints it.
    pub fn protocol_label(&self) -> &'static str {
        match (self.protocol, self.family()) {
            (Protocol::Tcp, Family::Ipv4) => "TCP",
            (Protocol::Tcp, Family::Ipv6) => "TCP6",
            (Protocol::Udp, Family::Ipv4) => "UDP",
            (Protocol::Udp, Family::Ipv6) => "UDP6",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_class_boundaries() {
        let cases = [
            (0, PortClass::WellKnown),
            (1023, PortClass::WellKnown),
            (1024, PortClass::Registered),
            (49151, PortClass::Registered),
            (49152, PortClass::Dynamic),
            (65535, PortClass::Dynamic),
        ];
        for (port, class) in cases {
            assert_eq!(PortClass::of(port), class, "port {port}");
        }
    }

    #[test]
    fn tcp_state_names_follow_netstat() {
        assert_eq!(TcpState::SynReceived.as_str(), "SYN_RECEIVED");
        assert_eq!(
            serde_json::to_string(&TcpState::FinWait1).unwrap(),
            "\"FIN_WAIT_1\""
        );
        assert_eq!(
            serde_json::to_string(&TcpState::CloseWait).unwrap(),
            "\"CLOSE_WAIT\""
        );
    }

    #[test]
    fn loopback_detection() {
        let mut row = crate::model::fixtures::tcp("::1", 22, TcpState::Established, 1, "ssh");
        row.remote_address = Some("fe80::1".parse().unwrap());
        row.remote_port = Some(5000);
        assert_eq!(row.local_endpoint().to_string(), "[::1]:22");
        assert_eq!(row.remote_endpoint().unwrap().to_string(), "[fe80::1]:5000");
        row.remote_port = None;
        assert_eq!(row.remote_endpoint(), None);
        assert!(is_loopback_address(&"127.0.0.5".parse().unwrap()));
        assert!(is_loopback_address(&"::1".parse().unwrap()));
        assert!(is_loopback_address(&"::ffff:127.0.0.1".parse().unwrap()));
        assert!(!is_loopback_address(&"0.0.0.0".parse().unwrap()));
        assert!(!is_loopback_address(&"::".parse().unwrap()));
    }
}
