//! The one definition of every table column: its title, starting width, whether it is
//! monospace, whether a new user sees it, its text, its sort key and what search finds it by.
//! The window's table, its sorting, search and "Copy row", the CLI table and the HTML report
//! all iterate this registry, so a column reads, sorts and searches the same everywhere (in the
//! style of bottom's `process_columns.rs`). JSON and CSV are versioned data contracts with their
//! own golden files and keep their field lists.
//!
//! Adding a column: a `Column` variant (in `Column::ALL`), one entry in [`REGISTRY`] (title,
//! width, default visibility, text, sort key, search text), and its title in the two catalogues
//! (`Msg::Col…`). The compiler asks for the entry (`REGISTRY`'s length is `Column::ALL`'s), and
//! `every_column_has_one_entry_in_table_order` and the outputs' tests fail until all are there.

use std::cmp::Ordering;
use std::fmt::Display;
use std::sync::Arc;

use crate::i18n::{Lang, Msg, Tr};
use crate::model::sort::ordered;
use crate::model::text::{show_invisible, skeleton};
use crate::model::{Column, RiskLevel, RowFilter, SocketRow, SortSpec};
use crate::risk::text::{
    bytes_text, country_text, exposure_text, level_text, origin_text, port_class_text, rate_text,
    remote_network_text, remote_text, service_text, state_text,
};

/// Everything about one column.
pub struct ColumnDef {
    /// Which column.
    pub column: Column,
    /// Its title.
    pub title: Msg,
    /// Starting width in the window, in points: the default columns fit a 1280 px window beside
    /// the details panel.
    pub width: f32,
    /// Numbers and addresses: monospace in the window, `mono` in HTML.
    pub mono: bool,
    /// Whether a new user sees it: enough to look and judge at 1280 px, with the path visible.
    pub shown: bool,
    /// Its text for `row`, safe to show (hostile text escaped); `None` when there is no value
    /// (each output shows its own dash).
    pub text: fn(&SocketRow, &Tr) -> Option<String>,
    /// Its sort key: how two rows compare by this column, ascending (ties are broken by
    /// [`compare`], the same for every column).
    pub sort: fn(&SocketRow, &SocketRow) -> Ordering,
    /// What the search box finds it by, written into the row's search text.
    pub search: fn(&SocketRow, &mut SearchText),
}

fn escaped(s: &str) -> String {
    show_invisible(s).into_owned()
}

fn process(row: &SocketRow, tr: &Tr) -> Option<String> {
    match row.process() {
        Some(p) => Some(escaped(&p.name)),
        None if row.owner_hidden() => Some(tr.t(Msg::OwnerHiddenLabel).to_owned()),
        None => None,
    }
}

/// Trusted, the level (with "?" when only the port could be judged), or nothing.
fn risk(row: &SocketRow, tr: &Tr) -> Option<String> {
    let a = &row.assessment;
    let unsure = if row.owner_hidden() { " ?" } else { "" };
    match a.level() {
        _ if a.trusted => Some(tr.t(Msg::TrustedBadge).to_owned()),
        RiskLevel::None if row.owner_hidden() => Some("?".to_owned()),
        RiskLevel::None => None,
        level => Some(format!("{}{unsure}", level_text(level, tr))),
    }
}

/// The Service column's key: the backdoor's name where there is one, else the service's.
fn service_key(row: &SocketRow) -> Option<&str> {
    let a = &row.assessment;
    a.backdoor.as_deref().or(a.service.as_deref())
}

/// A row's search text being written: every part lower-cased (as the search words are) and
/// ended by a separator no word can contain, so a word never spans two columns.
pub struct SearchText<'a>(&'a mut String);

impl SearchText<'_> {
    /// Words: lower-cased.
    pub fn text(&mut self, part: &str) {
        let s = &mut *self.0;
        if part.is_ascii() {
            let start = s.len();
            s.push_str(part);
            s[start..].make_ascii_lowercase();
        } else {
            // `str::to_lowercase`, as the search words get: it knows a word-final Σ is ς, which
            // lower-casing one char at a time does not.
            s.push_str(&part.to_lowercase());
        }
        s.push(SEPARATOR);
    }

    /// Numbers and addresses: nothing to lower-case (IPv6 prints its hex in lower case).
    pub fn plain(&mut self, part: impl Display) {
        use std::fmt::Write;
        let _ = write!(self.0, "{part}{SEPARATOR}");
    }
}

const SEPARATOR: char = '\u{1f}';

/// Every column, in `Column::ALL` order.
pub const REGISTRY: [ColumnDef; 19] = [
    ColumnDef {
        column: Column::Process,
        title: Msg::ColProcess,
        width: 112.0,
        mono: false,
        shown: true,
        text: process,
        sort: |a, b| {
            a.process_name()
                .to_lowercase()
                .cmp(&b.process_name().to_lowercase())
        },
        search: |row, s| {
            s.text(row.process_name());
            // What a reader sees of the name too: "sshd" finds a program named `ss\u{200b}hd`,
            // the way name-spoofing sees it.
            let seen = skeleton(row.process_name());
            if seen != row.process_name() {
                s.text(&seen);
            }
        },
    },
    ColumnDef {
        column: Column::Risk,
        title: Msg::ColRisk,
        width: 72.0,
        mono: false,
        shown: true,
        text: risk,
        sort: |a, b| a.assessment.level().cmp(&b.assessment.level()),
        search: |row, s| s.text(row.assessment.level().as_str()),
    },
    ColumnDef {
        column: Column::Pid,
        title: Msg::ColPid,
        width: 60.0,
        mono: true,
        shown: false,
        text: |row, _| row.pid().map(|p| p.to_string()),
        sort: |a, b| a.pid().cmp(&b.pid()),
        search: |row, s| {
            for pid in row.pids() {
                s.plain(pid);
            }
        },
    },
    ColumnDef {
        column: Column::Protocol,
        title: Msg::ColProtocol,
        width: 52.0,
        mono: false,
        shown: true,
        text: |row, _| Some(row.protocol_label().to_owned()),
        sort: |a, b| (a.protocol, a.family()).cmp(&(b.protocol, b.family())),
        search: |row, s| s.text(row.protocol_label()),
    },
    ColumnDef {
        column: Column::LocalAddress,
        title: Msg::ColLocalAddress,
        width: 120.0,
        mono: true,
        shown: false,
        text: |row, _| Some(row.local_address.to_string()),
        sort: |a, b| a.local_address.cmp(&b.local_address),
        search: |row, s| s.plain(row.local_address),
    },
    ColumnDef {
        column: Column::LocalPort,
        title: Msg::ColLocalPort,
        width: 76.0,
        mono: true,
        shown: true,
        text: |row, _| Some(row.local_port.to_string()),
        sort: |a, b| a.local_port.cmp(&b.local_port),
        search: |row, s| s.plain(row.local_port),
    },
    ColumnDef {
        column: Column::Service,
        title: Msg::ColService,
        width: 100.0,
        mono: false,
        shown: true,
        text: |row, tr| service_text(&row.assessment, tr).map(|s| escaped(&s)),
        sort: |a, b| service_key(a).cmp(&service_key(b)),
        search: |row, s| {
            s.text(row.assessment.service.as_deref().unwrap_or(""));
            s.text(row.assessment.backdoor.as_deref().unwrap_or(""));
        },
    },
    ColumnDef {
        column: Column::PortClass,
        title: Msg::ColPortClass,
        width: 84.0,
        mono: false,
        shown: false,
        text: |row, tr| Some(port_class_text(row.port_class(), tr).to_owned()),
        sort: |a, b| a.port_class().cmp(&b.port_class()),
        search: |row, s| s.text(row.port_class().as_str()),
    },
    ColumnDef {
        column: Column::Exposure,
        title: Msg::ColExposure,
        width: 92.0,
        mono: false,
        shown: true,
        text: |row, tr| Some(exposure_text(row.assessment.exposure, tr).to_owned()),
        sort: |a, b| a.assessment.exposure.cmp(&b.assessment.exposure),
        search: |row, s| s.text(row.assessment.exposure.as_str()),
    },
    ColumnDef {
        column: Column::RemoteAddress,
        title: Msg::ColRemoteAddress,
        // Address and port together, with the network behind a public peer.
        width: 168.0,
        mono: true,
        shown: true,
        text: |row, tr| remote_text(row, tr),
        sort: |a, b| a.remote_address.cmp(&b.remote_address),
        search: |row, s| {
            if let Some(host) = &row.remote_host {
                s.text(&host.name);
            }
            if let Some(a) = row.remote_address {
                s.plain(a);
                // The network behind a public peer: "google" finds a connection to 8.8.8.8.
                // In both languages: "美国" finds a connection to the United States too.
                if let Some(net) = remote_network_text(a, Lang::En) {
                    s.text(&net);
                }
                if let Some(cc) = crate::ipinfo::remote(a).network.country {
                    let zh = country_text(cc, Lang::Zh);
                    if zh != cc {
                        s.text(zh);
                    }
                }
            }
        },
    },
    ColumnDef {
        column: Column::RemotePort,
        title: Msg::ColRemotePort,
        width: 80.0,
        mono: true,
        shown: false,
        text: |row, _| row.remote_port.map(|p| p.to_string()),
        sort: |a, b| a.remote_port.cmp(&b.remote_port),
        search: |row, s| {
            if let Some(p) = row.remote_port {
                s.plain(p);
            }
        },
    },
    ColumnDef {
        column: Column::State,
        title: Msg::ColState,
        width: 78.0,
        mono: false,
        shown: true,
        text: |row, tr| row.state.map(|s| state_text(s, tr).to_owned()),
        sort: |a, b| a.state.cmp(&b.state),
        search: |row, s| {
            if let Some(st) = row.state {
                s.text(st.as_str());
            }
        },
    },
    ColumnDef {
        column: Column::User,
        title: Msg::ColUser,
        width: 72.0,
        mono: false,
        shown: false,
        text: |row, _| row.user().map(escaped),
        sort: |a, b| a.user().cmp(&b.user()),
        search: |row, s| s.text(row.user().unwrap_or("")),
    },
    ColumnDef {
        column: Column::Origin,
        title: Msg::ColOrigin,
        width: 132.0,
        mono: false,
        shown: true,
        text: |row, tr| row.process().map(|p| &**p).and_then(|p| origin_text(p, tr)),
        // Package, else signer, else container, else unit: what the text names first.
        sort: |a, b| {
            let key = |r: &SocketRow| {
                let o = &r.process()?.origin;
                o.package
                    .as_ref()
                    .map(|p| p.name.clone())
                    .or_else(|| o.signature.as_ref().and_then(|s| s.publisher.clone()))
                    .or_else(|| o.container.as_ref().map(|c| c.id.clone()))
                    .or_else(|| o.services.first().cloned())
            };
            key(a).cmp(&key(b))
        },
        // Every fact of the details' "Where it comes from": "openssh", "dpkg", "ssh.service",
        // "docker", a container id, a signer ("Microsoft") and its verdict ("invalid"), and the
        // programs that started it ("sshd" finds a shell started over SSH).
        search: |row, s| {
            let Some(p) = row.process() else { return };
            let o = &p.origin;
            if let Some(package) = &o.package {
                s.text(&package.name);
                s.text(package.manager.as_str());
                s.text(package.version.as_deref().unwrap_or(""));
            }
            if let Some(signature) = &o.signature {
                s.text(signature.publisher.as_deref().unwrap_or(""));
                s.text(signature.status.as_str());
            }
            for unit in &o.services {
                s.text(unit);
            }
            if let Some(c) = &o.container {
                s.text(c.runtime.as_str());
                s.text(&c.id);
                s.text(c.name.as_deref().unwrap_or(""));
            }
            for a in &o.ancestry {
                s.text(&a.name);
            }
        },
    },
    ColumnDef {
        column: Column::Netns,
        title: Msg::ColNetns,
        width: 110.0,
        mono: false,
        // Hidden by default: on most computers every socket is the host's.
        shown: false,
        // The namespace's name (chosen by whoever named it: escaped), or `net:[inode]`.
        text: |row, _| row.netns.as_ref().map(|n| escaped(&n.label())),
        sort: |a, b| a.netns.cmp(&b.netns),
        search: |row, s| {
            if let Some(n) = &row.netns {
                s.text(&n.label());
                s.text(&format!("net:[{}]", n.id));
            }
        },
    },
    ColumnDef {
        column: Column::Path,
        title: Msg::ColPath,
        width: 120.0,
        mono: false,
        shown: true,
        // With " (deleted)" where the file is gone, as every output shows it.
        text: |row, _| row.shown_path().map(|p| escaped(&p)),
        sort: |a, b| a.path().cmp(&b.path()),
        search: |row, s| s.text(row.shown_path().as_deref().unwrap_or("")),
    },
    // Traffic: hidden until chosen (the default columns fill a 1280 px window); a socket the
    // OS does not count (UDP, Windows) shows a dash, never 0.
    ColumnDef {
        column: Column::Sent,
        title: Msg::ColSent,
        width: 76.0,
        mono: true,
        shown: false,
        text: |row, _| row.traffic.map(|t| bytes_text(t.sent)),
        sort: |a, b| a.traffic.map(|t| t.sent).cmp(&b.traffic.map(|t| t.sent)),
        search: |_, _| {},
    },
    ColumnDef {
        column: Column::Received,
        title: Msg::ColReceived,
        width: 76.0,
        mono: true,
        shown: false,
        text: |row, _| row.traffic.map(|t| bytes_text(t.received)),
        sort: |a, b| {
            let received = |r: &SocketRow| r.traffic.map(|t| t.received);
            received(a).cmp(&received(b))
        },
        search: |_, _| {},
    },
    ColumnDef {
        column: Column::Rate,
        title: Msg::ColRate,
        width: 150.0,
        mono: true,
        shown: false,
        text: |row, _| row.rate.map(rate_text),
        // Busiest first when sorted descending: by the sum of both directions.
        sort: |a, b| {
            let total = |r: &SocketRow| r.rate.map(|r| r.sent + r.received);
            match (total(a), total(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (x, y) => x.is_some().cmp(&y.is_some()),
            }
        },
        search: |_, _| {},
    },
];

/// The definition of `column`.
pub fn def(column: Column) -> &'static ColumnDef {
    // REGISTRY is in `Column::ALL` order (tested), so the position is the variant's.
    let i = Column::ALL.iter().position(|&c| c == column).unwrap_or(0);
    &REGISTRY[i]
}

/// The column's title in `tr`'s language.
pub fn title(column: Column, tr: &Tr) -> &'static str {
    tr.t(def(column).title)
}

/// The column's text for `row`, or `dash` when it has none.
pub fn text_or(row: &SocketRow, column: Column, tr: &Tr, dash: &str) -> String {
    (def(column).text)(row, tr).unwrap_or_else(|| dash.to_owned())
}

/// The columns a new user sees, in table order.
pub fn default_shown() -> Vec<Column> {
    REGISTRY
        .iter()
        .filter(|d| d.shown)
        .map(|d| d.column)
        .collect()
}

/// Compare two rows by `spec`: the column's key in its direction, then the same ascending
/// tie-break for every column, so equal rows never jump around.
pub fn compare(a: &SocketRow, b: &SocketRow, spec: SortSpec) -> Ordering {
    ordered((def(spec.column).sort)(a, b), spec.order, a, b)
}

/// Sort `rows` in place by `spec`.
pub fn sort_rows(rows: &mut [SocketRow], spec: SortSpec) {
    rows.sort_by(|a, b| compare(a, b, spec));
}

/// Sort a list of indices into `rows` instead of the rows themselves (the window keeps rows in
/// place).
pub fn sort_indices(rows: &[SocketRow], indices: &mut [usize], spec: SortSpec) {
    indices.sort_by(|&i, &j| compare(&rows[i], &rows[j], spec));
}

/// Write `row`'s search text into `s` (cleared first): every column's search parts, in table
/// order. It allocates nothing once `s` is big enough: the window searches 100,000 rows per
/// keystroke.
pub fn write_search_text(row: &SocketRow, s: &mut String) {
    s.clear();
    let mut out = SearchText(s);
    for d in &REGISTRY {
        (d.search)(row, &mut out);
    }
}

/// `row`'s search text (see [`write_search_text`]).
pub fn search_text(row: &SocketRow) -> String {
    let mut s = String::with_capacity(160);
    write_search_text(row, &mut s);
    s
}

/// True when `row` passes `filter`: its quick filters, and every search word in the row's search
/// text.
pub fn matches(filter: &RowFilter, row: &SocketRow) -> bool {
    filter.quick.matches(row) && {
        let words = filter.words();
        words.is_empty() || RowFilter::all_in(&words, &search_text(row))
    }
}

/// The indices of `rows` that pass `filter`, in order: what [`matches`] says for each, with the
/// search words lower-cased once. `texts` are the rows' search texts where the engine made them
/// (`Update::search_texts`, same order); a row without one gets it made here, in one buffer.
pub fn matching_indices(filter: &RowFilter, rows: &[SocketRow], texts: &[Arc<str>]) -> Vec<usize> {
    let words = filter.words();
    let mut buffer = String::with_capacity(256);
    let mut text_ok = |i: usize, row: &SocketRow| {
        words.is_empty() || {
            let hay = match texts.get(i) {
                Some(text) => text,
                None => {
                    write_search_text(row, &mut buffer);
                    buffer.as_str()
                }
            };
            RowFilter::all_in(&words, hay)
        }
    };
    (0..rows.len())
        .filter(|&i| filter.quick.matches(&rows[i]) && text_ok(i, &rows[i]))
        .collect()
}

/// The columns of `portscope list`'s table, in its order: what a terminal has room for.
pub const CLI_TABLE: [Column; 11] = [
    Column::Risk,
    Column::Protocol,
    Column::LocalAddress,
    Column::LocalPort,
    Column::RemoteAddress,
    Column::State,
    Column::Pid,
    Column::Process,
    Column::Service,
    Column::User,
    Column::Path,
];

/// A row as one tab-separated line of every column, for "Copy row".
pub fn row_as_text(row: &SocketRow, tr: &Tr) -> String {
    REGISTRY
        .iter()
        .map(|d| (d.text)(row, tr).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\t")
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
