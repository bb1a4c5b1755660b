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
    write_aligned(out, &header, &lines)
}

/// Write a header and lines as columns aligned by display cells, not characters (a Chinese
/// character takes two), two spaces apart, without trailing blanks.
pub fn write_aligned(
    out: &mut dyn Write,
    header: &[String],
    lines: &[Vec<String>],
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for line in lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.width());
        }
    }
    for line in std::iter::once(header).chain(lines.iter().map(Vec::as_slice)) {
        let mut text = String::new();
        for (cell, w) in line.iter().zip(&widths) {
            text.push_str(cell);
            text.push_str(&" ".repeat(w.saturating_sub(cell.width()) + 2));
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}
