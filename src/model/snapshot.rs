//! A `Snapshot`: every socket seen in one poll, with when, how long it took and what could not be read.

use chrono::{DateTime, Utc};
use std::time::Duration;

use super::socket::SocketRow;

/// Something the collector could not read, in a form the UI can translate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CollectorWarning {
    /// Owners of this many sockets are hidden because PortScope lacks rights.
    OwnersHidden(usize),
    /// Listing sockets failed; the text is the OS error.
    SocketsUnavailable(String),
    /// /proc (or the OS equivalent) could not be read; owners are unknown.
    ProcessTableUnavailable(String),
    /// The mounted `/proc` belongs to another PID namespace than PortScope (it numbers
    /// PortScope as the first PID, `getpid()` gives the second): owners and PIDs shown are that
    /// namespace's, and ending them is refused.
    ForeignProc(u32, u32),
    /// The host names of this many addresses were not looked up in this poll: the reverse-DNS
    /// queue was full (the engine adds it, not the collector).
    LookupsSkipped(u64),
    /// This many other network namespaces were found but could not be entered for lack of
    /// rights (Linux, without root): their sockets are not listed.
    NamespacesDenied(usize),
    /// The network namespace of this many processes could not be read (another user's
    /// `/proc/<pid>/ns/net`): sockets in a namespace only they use are not listed.
    NamespacesUnseen(usize),
    /// One network namespace's sockets could not be read in this poll: the namespace (its
    /// `NetNs::label`) and why.
    NamespaceUnread(String, NetnsFault),
}

/// Why one network namespace's sockets were not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetnsFault {
    /// It was gone (every process in it ended, its name deleted) before it could be entered.
    Vanished,
    /// Its reader did not answer within this many seconds; the poll went on without it.
    NoAnswer(u64),
    /// Its reader was still busy with the previous poll's dump.
    Busy,
    /// The OS refused: the error as the OS gave it.
    Failed(String),
}

/// All sockets seen in one poll.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Increases by one per poll; lets the UI drop stale messages.
    pub sequence: u64,
    /// When the poll finished.
    pub taken_at: DateTime<Utc>,
    /// How long the poll took.
    pub poll_duration: Duration,
    /// Every socket seen.
    pub rows: Vec<SocketRow>,
    /// What could not be read.
    pub warnings: Vec<CollectorWarning>,
    /// True when PortScope runs with administrator/root rights.
    pub privileged: bool,
}

impl Snapshot {
    /// Number of listening sockets.
    pub fn listening_count(&self) -> usize {
        self.rows.iter().filter(|r| r.is_listening()).count()
    }

    /// Number of established TCP connections.
    pub fn established_count(&self) -> usize {
        self.rows.iter().filter(|r| r.is_established()).count()
    }
}
