//! Change events: what opened, closed or changed between two snapshots, stamped with a time.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{SnapshotDiff, SocketRow, TcpState};

/// What happened to a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// The socket appeared.
    Opened,
    /// The socket went away.
    Closed,
    /// Its state or owners changed.
    Changed,
}

impl EventKind {
    /// The contract name, e.g. `opened`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Opened => "opened",
            EventKind::Closed => "closed",
            EventKind::Changed => "changed",
        }
    }
}

/// One change, as the event log and `portscope watch` report it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeEvent {
    /// When the snapshot that saw it was taken.
    pub time: DateTime<Utc>,
    /// Opened, closed or changed.
    pub kind: EventKind,
    /// The socket (as it is now; as it was last seen for `Closed`).
    pub row: SocketRow,
    /// The TCP state before a change.
    pub previous_state: Option<TcpState>,
}

/// Turn a diff into events at `time`: closed, then changed, then opened, so a socket replaced on
/// the same endpoint within one poll reads as the old one closing before the new one opens.
pub fn events_from_diff(diff: &SnapshotDiff, time: DateTime<Utc>) -> Vec<ChangeEvent> {
    let opened = diff.opened.iter().map(|row| ChangeEvent {
        time,
        kind: EventKind::Opened,
        row: row.clone(),
        previous_state: None,
    });
    let changed = diff.changed.iter().map(|c| ChangeEvent {
        time,
        kind: EventKind::Changed,
        row: c.row.clone(),
        previous_state: c.previous_state,
    });
    let closed = diff.closed.iter().map(|row| ChangeEvent {
        time,
        kind: EventKind::Closed,
        row: row.clone(),
        previous_state: None,
    });
    closed.chain(changed).chain(opened).collect()
}

/// True when an event matches a text filter (already lower-cased): every word is in its kind or
/// in the row's searchable text.
pub fn matches(e: &ChangeEvent, filter_lower: &str) -> bool {
    filter_lower.is_empty()
        || filter_lower
            .split_whitespace()
            .all(|w| e.kind.as_str().contains(w) || crate::columns::search_text(&e.row).contains(w))
}
