//! The one definition of every table column: its title, starting width, whether it is
//! monospace, whether a new user sees it, and its text. The window's table and "Copy row", the
//! CLI table and the HTML report all iterate this registry, so a column reads the same
//! everywhere (in the style of bottom's `process_columns.rs`). The sort key is `model::sort`'s
//! (pure data, tested without a window); JSON and CSV are versioned data contracts with their
//! own golden files and keep their field lists.
//!
//! Adding a column: a `Column` variant (in `Column::ALL`, and `DEFAULT_SHOWN` if new users should
//! see it) with its arm in `model::sort::compare_by`, one entry in [`REGISTRY`], and its title in
//! the two catalogues (`Msg::Col…`). `every_column_has_one_entry` and the outputs' tests fail
//! until all are there.

use crate::i18n::{Msg, Tr};
use crate::model::text::show_invisible;
use crate::model::{Column, RiskLevel, SocketRow};
use crate::risk::text::{
    exposure_text, level_text, port_class_text, remote_text, service_text, state_text,
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
    /// Its text for `row`, safe to show (hostile text escaped); `None` when there is no value
    /// (each output shows its own dash).
    pub text: fn(&SocketRow, &Tr) -> Option<String>,
}

fn escaped(s: &str) -> String {
    show_invisible(s).into_owned()
}

fn process(row: &SocketRow, tr: &Tr) -> Option<String> {
    match &row.process {
        Some(p) => Some(escaped(&p.name)),
        None if row.owner_hidden => Some(tr.t(Msg::OwnerHiddenLabel).to_owned()),
        None => None,
    }
}

/// Trusted, the level (with "?" when only the port could be judged), or nothing.
fn risk(row: &SocketRow, tr: &Tr) -> Option<String> {
    let a = &row.assessment;
    let unsure = if row.owner_hidden { " ?" } else { "" };
    match a.level() {
        _ if a.trusted => Some(tr.t(Msg::TrustedBadge).to_owned()),
        RiskLevel::None if row.owner_hidden => Some("?".to_owned()),
        RiskLevel::None => None,
        level => Some(format!("{}{unsure}", level_text(level, tr))),
    }
}

/// Every column, in `Column::ALL` order.
pub const REGISTRY: [ColumnDef; 14] = [
    ColumnDef {
        column: Column::Process,
        title: Msg::ColProcess,
        width: 120.0,
        mono: false,
        text: process,
    },
    ColumnDef {
        column: Column::Risk,
        title: Msg::ColRisk,
        width: 72.0,
        mono: false,
        text: risk,
    },
    ColumnDef {
        column: Column::Pid,
        title: Msg::ColPid,
        width: 60.0,
        mono: true,
        text: |row, _| row.pid().map(|p| p.to_string()),
    },
    ColumnDef {
        column: Column::Protocol,
        title: Msg::ColProtocol,
        width: 52.0,
        mono: false,
        text: |row, _| Some(row.protocol_label().to_owned()),
    },
    ColumnDef {
        column: Column::LocalAddress,
        title: Msg::ColLocalAddress,
        width: 120.0,
        mono: true,
        text: |row, _| Some(row.local_address.to_string()),
    },
    ColumnDef {
        column: Column::LocalPort,
        title: Msg::ColLocalPort,
        width: 76.0,
        mono: true,
        text: |row, _| Some(row.local_port.to_string()),
    },
    ColumnDef {
        column: Column::Service,
        title: Msg::ColService,
        width: 110.0,
        mono: false,
        text: |row, tr| service_text(&row.assessment, tr).map(|s| escaped(&s)),
    },
    ColumnDef {
        column: Column::PortClass,
        title: Msg::ColPortClass,
        width: 84.0,
        mono: false,
        text: |row, tr| Some(port_class_text(row.port_class(), tr).to_owned()),
    },
    ColumnDef {
        column: Column::Exposure,
        title: Msg::ColExposure,
        width: 100.0,
        mono: false,
        text: |row, tr| Some(exposure_text(row.assessment.exposure, tr).to_owned()),
    },
    ColumnDef {
        column: Column::RemoteAddress,
        title: Msg::ColRemoteAddress,
        // Address and port together, with the network behind a public peer.
        width: 230.0,
        mono: true,
        text: |row, _| remote_text(row),
    },
    ColumnDef {
        column: Column::RemotePort,
        title: Msg::ColRemotePort,
        width: 80.0,
        mono: true,
        text: |row, _| row.remote_port.map(|p| p.to_string()),
    },
    ColumnDef {
        column: Column::State,
        title: Msg::ColState,
        width: 84.0,
        mono: false,
        text: |row, tr| row.state.map(|s| state_text(s, tr).to_owned()),
    },
    ColumnDef {
        column: Column::User,
        title: Msg::ColUser,
        width: 72.0,
        mono: false,
        text: |row, _| row.user().map(escaped),
    },
    ColumnDef {
        column: Column::Path,
        title: Msg::ColPath,
        width: 120.0,
        mono: false,
        // With " (deleted)" where the file is gone, as every output shows it.
        text: |row, _| row.shown_path().map(|p| escaped(&p)),
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
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::TcpState;
    use crate::model::fixtures::tcp;

    #[test]
    fn every_column_has_one_entry_in_table_order() {
        assert_eq!(REGISTRY.len(), Column::ALL.len());
        for (d, c) in REGISTRY.iter().zip(Column::ALL) {
            assert_eq!(d.column, c);
            assert_eq!(def(c).column, c);
        }
    }

    #[test]
    fn copy_row_holds_every_column_and_a_deleted_path_says_so() {
        let tr = Tr::new(Lang::En);
        let mut row = tcp("0.0.0.0", 4444, TcpState::Listen, 77, "nc");
        let p = std::sync::Arc::make_mut(row.process.as_mut().unwrap());
        p.path = Some("/tmp/nc".into());
        p.exe_deleted = true;
        let line = row_as_text(&row, &tr);
        assert_eq!(line.split('\t').count(), REGISTRY.len(), "{line}");
        assert!(line.ends_with("/tmp/nc (deleted)"), "{line}");
        assert_eq!(text_or(&row, Column::Path, &tr, "-"), "/tmp/nc (deleted)");
    }
}
