//! What the user can do about a socket: end its program, export what they see.

pub mod export;
pub mod firewall;
pub mod kill;
