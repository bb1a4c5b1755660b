//! The event log: a bounded timeline of change events (oldest dropped first, with a counter),
//! CSV/JSON export, and an optional append-only file with one JSON line per event.

use std::collections::VecDeque;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::events::{ChangeEvent, EventKind};
use crate::actions::export::{ExportError, RowRecord, csv_writer, safe_cell};
use crate::i18n::Tr;
use crate::model::TcpState;

/// The default bound: enough for a long session, small enough for memory (~50 MB worst case).
pub const DEFAULT_CAPACITY: usize = 50_000;

/// One event as JSON: `{"time", "event", "row", "previous_state"?}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// RFC 3339 time.
    pub time: String,
    /// `opened`, `closed` or `changed`.
    pub event: EventKind,
    /// The row, in the `list` contract.
    pub row: RowRecord,
    /// The state before a change.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub previous_state: Option<TcpState>,
}

impl EventRecord {
    /// The record of an event (finding texts in `tr`'s language).
    pub fn new(e: &ChangeEvent, tr: &Tr) -> Self {
        EventRecord {
            time: e.time.to_rfc3339(),
            event: e.kind,
            row: RowRecord::from_row(&e.row, tr),
            previous_state: e.previous_state,
        }
    }
}

/// The formats the event log exports to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventFormat {
    /// One row per event.
    Csv,
    /// An array of event records (the `watch --format json` lines).
    Json,
}

impl EventFormat {
    /// The export format whose file name (extension) it uses.
    pub fn file_format(self) -> crate::actions::export::ExportFormat {
        match self {
            EventFormat::Csv => crate::actions::export::ExportFormat::Csv,
            EventFormat::Json => crate::actions::export::ExportFormat::Json,
        }
    }
}

/// The bounded in-memory timeline.
#[derive(Debug)]
pub struct EventLog {
    events: VecDeque<ChangeEvent>,
    capacity: usize,
    dropped: u64,
    /// Events pushed out at the front: `events[i]` is event number `popped + i` of the session.
    popped: u64,
}

impl Default for EventLog {
    fn default() -> Self {
        EventLog::with_capacity(DEFAULT_CAPACITY)
    }
}

impl EventLog {
    /// A log keeping at most `capacity` events.
    pub fn with_capacity(capacity: usize) -> Self {
        EventLog {
            events: VecDeque::new(),
            capacity: capacity.max(1),
            dropped: 0,
            popped: 0,
        }
    }

    /// Append events, dropping the oldest beyond the bound.
    pub fn extend(&mut self, events: impl IntoIterator<Item = ChangeEvent>) {
        for e in events {
            if self.events.len() == self.capacity {
                self.events.pop_front();
                self.dropped += 1;
                self.popped += 1;
            }
            self.events.push_back(e);
        }
    }

    /// The events kept, oldest first.
    pub fn events(&self) -> &VecDeque<ChangeEvent> {
        &self.events
    }

    /// How many events were dropped to stay within the bound.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The session-wide number of the oldest event kept (numbers never repeat, so a view can
    /// remember which events it has already looked at).
    pub fn first_number(&self) -> u64 {
        self.popped
    }

    /// Count `n` events dropped before they reached the log (the engine's mailbox overflowed).
    pub fn count_dropped(&mut self, n: usize) {
        self.dropped += n as u64;
    }
}

/// Write events as CSV (hostile text neutralised).
pub fn write_events_csv<'a, W: Write>(
    w: W,
    events: impl IntoIterator<Item = &'a ChangeEvent>,
) -> Result<(), ExportError> {
    let mut out = csv_writer(w);
    out.write_record([
        "time",
        "event",
        "protocol",
        "local_address",
        "local_port",
        "remote_address",
        "remote_port",
        "previous_state",
        "state",
        "pid",
        "process",
        "path",
        "risk_level",
        // Issue 16: where the program comes from (appended).
        "package",
        "verified",
        "services",
        "container",
    ])?;
    for e in events {
        let r = &e.row;
        let origin = r.process().map(|p| &p.origin);
        let opt = |v: Option<String>| v.unwrap_or_default();
        let cells = [
            e.time.to_rfc3339(),
            e.kind.as_str().to_owned(),
            r.protocol_label().to_owned(),
            r.local_address.to_string(),
            r.local_port.to_string(),
            opt(r.remote_address.map(|a| a.to_string())),
            opt(r.remote_port.map(|p| p.to_string())),
            opt(e.previous_state.map(|s| s.as_str().to_owned())),
            opt(r.state.map(|s| s.as_str().to_owned())),
            opt(r.pid().map(|p| p.to_string())),
            r.process_name().to_owned(),
            opt(r.shown_path().map(|p| p.into_owned())),
            r.assessment.level().as_str().to_owned(),
            opt(origin
                .and_then(|o| o.package.as_ref())
                .map(|p| p.name.clone())),
            opt(origin
                .and_then(|o| o.package.as_ref()?.verified)
                .map(|v| v.to_string())),
            origin.map(|o| o.services.join(" ")).unwrap_or_default(),
            opt(origin
                .and_then(|o| o.container.as_ref())
                .map(|c| format!("{}:{}", c.runtime.as_str(), c.id))),
        ];
        out.write_record(cells.iter().map(|c| safe_cell(c)))?;
    }
    out.flush()?;
    Ok(())
}

/// Write events as a JSON array of event records.
pub fn write_events_json<'a, W: Write>(
    mut w: W,
    events: impl IntoIterator<Item = &'a ChangeEvent>,
    tr: &Tr,
) -> Result<(), ExportError> {
    let records: Vec<EventRecord> = events
        .into_iter()
        .map(|e| EventRecord::new(e, tr))
        .collect();
    serde_json::to_writer_pretty(&mut w, &records)?;
    writeln!(w)?;
    Ok(())
}

/// Continuous logging to a file the user chose: append-only, one JSON line per event, flushed
/// per event. A crash can at most cut the last line short; earlier lines stay intact.
#[derive(Debug)]
pub struct EventFile {
    path: PathBuf,
    file: File,
}

impl EventFile {
    /// Open (or create, readable by its owner only: it holds every command line) `path` for
    /// appending; never through a symlink, and only a regular file (a FIFO never blocks).
    pub fn open(path: &Path) -> Result<Self, ExportError> {
        let file = crate::files::open_append(path).map_err(|source| ExportError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(EventFile {
            path: path.to_path_buf(),
            file,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append one line per event; each line is written in one call and flushed.
    pub fn append(&mut self, events: &[ChangeEvent], tr: &Tr) -> Result<(), ExportError> {
        for e in events {
            let mut line = serde_json::to_string(&EventRecord::new(e, tr))?;
            line.push('\n');
            self.file
                .write_all(line.as_bytes())
                .and_then(|()| self.file.flush())
                .map_err(|source| ExportError::Io {
                    path: self.path.clone(),
                    source,
                })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::tcp;
    use crate::watch::events::events_from_diff;

    fn events(n: u16) -> Vec<ChangeEvent> {
        let rows: Vec<_> = (0..n)
            .map(|i| tcp("127.0.0.1", 1000 + i, TcpState::Listen, 1, "=evil"))
            .collect();
        events_from_diff(&crate::model::diff(&[], &rows), chrono::Utc::now())
    }

    #[test]
    fn log_is_bounded_and_counts_drops() {
        let mut log = EventLog::with_capacity(10);
        log.extend(events(25));
        assert_eq!(log.events().len(), 10);
        assert_eq!(log.dropped(), 15);
        assert_eq!(
            log.events().front().unwrap().row.local_port,
            1015,
            "oldest dropped first"
        );
    }

    #[test]
    fn csv_and_json_exports_round_trip() {
        let evs = events(3);
        let mut csv = Vec::new();
        write_events_csv(&mut csv, &evs).unwrap();
        let mut reader = ::csv::Reader::from_reader(csv.as_slice());
        let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][1], "opened");
        assert_eq!(&rows[0][10], "'=evil", "formula neutralised");
        let mut json = Vec::new();
        write_events_json(&mut json, &evs, &Tr::default()).unwrap();
        let back: Vec<EventRecord> = serde_json::from_slice(&json).unwrap();
        assert_eq!(back.len(), 3);
        assert_eq!(back[2].row.local_port, 1002);
        assert!(
            !String::from_utf8(json).unwrap().contains("previous_state"),
            "omitted when absent"
        );
    }

    #[test]
    fn event_file_appends_whole_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        std::fs::write(&path, "{\"earlier\":true}\n").unwrap();
        let mut file = EventFile::open(&path).unwrap();
        file.append(&events(2), &Tr::default()).unwrap();
        drop(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "appended, not overwritten");
        let rec: EventRecord = serde_json::from_str(lines[2]).unwrap();
        assert_eq!(rec.event, EventKind::Opened);
        assert!(EventFile::open(&dir.path().join("missing/dir/x.jsonl")).is_err());
    }

    /// Issue 14, bug 12: the event file followed symlinks and was created world-readable,
    /// although it holds every command line.
    #[cfg(unix)]
    #[test]
    fn event_file_is_private_and_never_written_through_a_link_or_a_fifo() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let mut file = EventFile::open(&path).unwrap();
        file.append(&events(1), &Tr::default()).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "created for its owner only: {mode:o}");

        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious\n").unwrap();
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert!(EventFile::open(&link).is_err(), "a link is not followed");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");

        let fifo = dir.path().join("fifo.jsonl");
        crate::files::make_fifo(&fifo);
        let at = fifo.clone();
        let opened = crate::files::without_blocking(&fifo, move || EventFile::open(&at));
        assert!(opened.is_err(), "a FIFO is refused, not waited on");
    }
}
