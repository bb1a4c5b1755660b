//! What the user can do about a socket: end its program, close one connection, export what they
//! see.

pub mod close;
pub mod export;
pub mod firewall;
pub mod kill;
pub mod open;
