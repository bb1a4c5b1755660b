//! Watching over time: change events between snapshots, highlighting, alerts, the event log,
//! and desktop notifications. Pure except for `notify` and the event file.

pub mod alerts;
pub mod events;
pub mod highlight;
pub mod journal;
pub mod notify;

pub use alerts::{Alert, AlertReason, AlertSettings, alerts_for, alerts_for_flagged_later};
pub use events::{ChangeEvent, EventKind, events_from_diff};
pub use highlight::{Decoration, HighlightSettings, Highlighter};
pub use journal::{EventFile, EventLog};
