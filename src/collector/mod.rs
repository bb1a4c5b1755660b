//! The only code that touches the OS for sockets and processes: [`Poller::poll`] lists every
//! socket with its owners and returns a `Snapshot`. The engine (`crate::engine`) calls it.

mod os;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub mod owners;
pub mod poll;
pub mod processes;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub mod procfs;
pub mod provenance;
pub mod recorded;
pub mod sockets;
pub mod source;

use std::time::Duration;

pub use os::OsSocket;
pub use poll::{Poller, is_privileged};

/// Every TCP and UDP socket (IPv4 and IPv6) as this OS lists it, before it becomes a row: the
/// first phase of a poll, for comparing our reader with others (tests, benchmarks).
pub fn os_sockets() -> Result<Vec<OsSocket>, netstat2::error::Error> {
    use netstat2::{AddressFamilyFlags as A, ProtocolFlags as P};
    os::socket_infos(A::IPV4 | A::IPV6, P::TCP | P::UDP)?.collect()
}

/// The default time between polls.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(1);

/// The shortest time between polls anyone may ask for.
pub const MIN_INTERVAL: Duration = Duration::from_millis(100);

/// The times between polls the window offers.
pub const INTERVAL_CHOICES: [Duration; 4] = [
    Duration::from_millis(500),
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(5),
];
