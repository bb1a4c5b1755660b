//! Everything a poll needs from the OS beyond netstat2's socket list, one file per platform
//! with the same small set, so `poll.rs` and `processes.rs` have no `cfg`:
//! - `OwnerSource`: who holds each socket (Linux: our incremental `/proc` scan; elsewhere
//!   netstat2's listing already carries the PIDs);
//! - `ProcessDetails`: name, path, command line, user and start of each owner;
//! - `current_uid`: who we are, to tell our own sockets from other users';
//! - `socket_infos`, `socket_uid_and_inode`: netstat2's listing as this OS gives it.

#[cfg(any(target_os = "linux", target_os = "android"))]
mod linux;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use linux::{OwnerSource, ProcessDetails, current_uid, socket_infos, socket_uid_and_inode};

#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod other;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub use other::{OwnerSource, ProcessDetails, current_uid, socket_infos, socket_uid_and_inode};
