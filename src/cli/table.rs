//! `list --format table`: aligned columns for a terminal, hostile text made visible.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::columns::{self, CLI_TABLE};
use crate::i18n::Tr;
use crate::model::SocketRow;

/// Write rows as an aligned table with a localized header: the registry's `CLI_TABLE`
/// columns, with the same text as the window.
pub fn write_table<W: Write>(out: &mut W, rows: &[SocketRow], tr: &Tr) -> io::Result<()> {
    let header: Vec<String> = CLI_TABLE
        .iter()
        .map(|&c| columns::title(c, tr).to_owned())
        .collect();
    let lines: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            CLI_TABLE
                .iter()
                .map(|&c| columns::text_or(r, c, tr, "-"))
                .collect()
        })
        .collect();
    // Align by display cells, not characters: a Chinese character takes two columns.
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
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
