//! Everything a poll needs from the OS beyond netstat2's socket list, one file per platform
//! with the same small set (`linux.rs`, `windows.rs`, `macos.rs`; the last two share
//! `listed.rs`), so `poll.rs` and `processes.rs` have no `cfg`:
//! - `OwnerSource`: who holds each socket (Linux: our incremental `/proc` scan; elsewhere
//!   netstat2's listing already carries the PIDs);
//! - `ProcessDetails`: name, path, command line, user and start of each owner;
//! - `current_uid`: who we are, to tell our own sockets from other users';
//! - `socket_infos`, `socket_uid_and_inode`: the socket listing as this OS gives it
//!   (netstat2's; on Linux our own sock_diag dump, which keeps a connected UDP socket's remote
//!   end and a TCP socket's byte counters).

#[cfg(any(target_os = "linux", target_os = "android"))]
mod linux;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use linux::netns::Namespaces;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use linux::{OwnerSource, ProcessDetails, current_uid, socket_infos, socket_uid_and_inode};

#[cfg(any(windows, test))]
mod estats;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod listed;
#[cfg(any(windows, test))]
mod services;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::{
    OwnerSource, ProcessDetails, ServiceTable, current_uid, socket_infos, socket_uid_and_inode,
};

#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
mod macos;
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
pub use macos::{OwnerSource, ProcessDetails, current_uid, socket_infos, socket_uid_and_inode};

/// One socket as the OS lists it: netstat2's record, and the remote end of a connected UDP
/// socket, which netstat2's record has no field for (`None` where the OS does not say).
#[derive(Clone, Debug)]
pub struct OsSocket {
    /// The record.
    pub info: netstat2::SocketInfo,
    /// A connected UDP socket's remote address and port.
    pub udp_remote: Option<(std::net::IpAddr, u16)>,
    /// A TCP socket's byte counters, where the OS gives them (Linux's `tcp_info`).
    pub traffic: Option<crate::model::Traffic>,
}

impl From<netstat2::SocketInfo> for OsSocket {
    fn from(info: netstat2::SocketInfo) -> Self {
        OsSocket {
            info,
            udp_remote: None,
            traffic: None,
        }
    }
}
