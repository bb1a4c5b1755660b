//! `list --format table`: aligned columns for a terminal, hostile text made visible.

use std::io::{self, Write};

use crate::i18n::{Msg, Tr};
use crate::model::text::show_invisible;
use crate::model::{RiskLevel, SocketRow};
use unicode_width::UnicodeWidthStr;

use crate::risk::text::{level_text, service_text, state_text};

/// Write rows as an aligned table with a localized header.
pub fn write_table<W: Write>(out: &mut W, rows: &[SocketRow], tr: &Tr) -> io::Result<()> {
    let header = [
        tr.t(Msg::ColRisk).to_owned(),
        tr.t(Msg::ColProtocol).to_owned(),
        tr.t(Msg::ColLocalAddress).to_owned(),
        tr.t(Msg::ColRemoteAddress).to_owned(),
        tr.t(Msg::ColState).to_owned(),
        tr.t(Msg::ColPid).to_owned(),
        tr.t(Msg::ColProcess).to_owned(),
        tr.t(Msg::ColService).to_owned(),
        tr.t(Msg::ColUser).to_owned(),
        tr.t(Msg::ColPath).to_owned(),
    ];
    let lines: Vec<[String; 10]> = rows
        .iter()
        .map(|r| {
            let a = &r.assessment;
            let unsure = if r.owner_hidden { "?" } else { "" };
            let risk = if a.trusted {
                tr.t(Msg::TrustedBadge).to_owned()
            } else if a.level() == RiskLevel::None {
                if r.owner_hidden { "?" } else { "-" }.to_owned()
            } else {
                format!("{}{unsure}", level_text(a.level(), tr))
            };
            [
                risk,
                r.protocol_label().to_owned(),
                r.local_endpoint().to_string(),
                crate::risk::text::remote_text(r).unwrap_or_else(|| "-".into()),
                r.state.map_or("-".into(), |s| state_text(s, tr).to_owned()),
                r.pid().map_or("-".into(), |p| p.to_string()),
                if r.process.is_some() {
                    show_invisible(r.process_name()).into_owned()
                } else if r.owner_hidden {
                    tr.t(Msg::OwnerHiddenLabel).to_owned()
                } else {
                    "-".into()
                },
                show_invisible(&service_text(a, tr).unwrap_or_else(|| "-".into())).into_owned(),
                show_invisible(r.user().unwrap_or("-")).into_owned(),
                show_invisible(r.path_text().as_deref().unwrap_or("-")).into_owned(),
            ]
        })
        .collect();
    // Align by display cells, not characters: a Chinese character takes two columns.
    let mut widths = header.clone().map(|h| h.width());
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.width());
        }
    }
    for line in std::iter::once(&header).chain(lines.iter()) {
        let mut text = String::new();
        for (i, cell) in line.iter().enumerate() {
            if i + 1 == line.len() {
                text.push_str(cell);
            } else {
                let pad = widths[i].saturating_sub(cell.width());
                text.push_str(cell);
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}
