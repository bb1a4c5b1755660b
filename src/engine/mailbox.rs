//! Where the engine thread leaves updates for the UI: one slot. A new update replaces the
//! snapshot waiting there but keeps its events, so a UI that falls behind (a minimised window
//! that doesn't repaint) loses no events and holds one snapshot, not a queue of them.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use super::Update;

/// At most this many events wait in the slot; older ones are counted as dropped.
pub const MAX_WAITING_EVENTS: usize = 50_000;

/// A one-slot mailbox from the engine thread to its reader.
#[derive(Debug, Default)]
pub struct Mailbox {
    slot: Mutex<Option<Update>>,
    arrived: Condvar,
}

impl Mailbox {
    /// Leave `update`, merged with any update still waiting.
    pub fn put(&self, update: Update) {
        let mut slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
        *slot = Some(match slot.take() {
            None => update,
            Some(waiting) => merge(waiting, update),
        });
        self.arrived.notify_all();
    }

    /// The update waiting, if any.
    pub fn take(&self) -> Option<Update> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// Wait up to `timeout` for an update.
    pub fn take_timeout(&self, timeout: Duration) -> Option<Update> {
        let slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut slot, _) = self
            .arrived
            .wait_timeout_while(slot, timeout, |s| s.is_none())
            .unwrap_or_else(PoisonError::into_inner);
        slot.take()
    }
}

/// `newer`'s snapshot with the events of both, oldest first, capped at [`MAX_WAITING_EVENTS`].
/// A first update not yet taken stays the starting state: the newer snapshot replaces it, and
/// what changed in between is part of that state, not events.
fn merge(older: Update, newer: Update) -> Update {
    if older.first {
        return Update {
            events: Vec::new(),
            first: true,
            ..newer
        };
    }
    let mut events = older.events;
    events.extend(newer.events);
    let mut flagged_later = older.flagged_later;
    flagged_later.extend(newer.flagged_later);
    let mut dropped_events = older.dropped_events + newer.dropped_events;
    if events.len() > MAX_WAITING_EVENTS {
        let excess = events.len() - MAX_WAITING_EVENTS;
        events.drain(..excess);
        dropped_events += excess;
    }
    Update {
        snapshot: newer.snapshot,
        search_texts: newer.search_texts,
        events,
        first: newer.first,
        dropped_events,
        flagged_later,
    }
}
