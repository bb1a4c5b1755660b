//! The HTML report: one self-contained page (inline CSS, no scripts, no outside resources).
//! Every field is made visible (`visible`) and escaped: process names are attacker-controlled.

use std::io::Write;

use super::{ExportError, ExportMeta};
use crate::columns;
use crate::i18n::{Msg, Tr};
use crate::model::text::show_invisible;
use crate::model::{Column, SocketRow};
use crate::risk::text::{advice, detail, level_icon, level_text, title};

/// Escape `& < > " '` for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Make hostile characters visible, then escape.
fn cell(s: &str) -> String {
    escape_html(&show_invisible(s))
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans',sans-serif;margin:24px;color:#1d2330}\
h1{font-size:22px;margin:0 0 8px}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin:0 0 16px}\
dt{color:#5b6475}dd{margin:0}.warn{background:#fff4e0;border-left:4px solid #d08a00;padding:6px 10px;margin:4px 0}\
table{border-collapse:collapse;width:100%;font-size:13px}th{position:sticky;top:0;background:#eef1f6;text-align:left}\
th,td{padding:4px 8px;border-bottom:1px solid #e1e5ec;vertical-align:top}tr:nth-child(even) td{background:#f8f9fb}\
td.num{font-family:ui-monospace,monospace;text-align:right}td.mono{font-family:ui-monospace,monospace}\
.high{color:#b71c1c;font-weight:bold}.medium{color:#c25e00;font-weight:bold}.low{color:#8a6d00}.info{color:#2e5d9f}\
section.flag{border:1px solid #e1e5ec;border-radius:6px;padding:8px 12px;margin:8px 0}.advice{color:#1b5e20}";

/// Write the report.
pub fn write_html<W: Write>(
    mut w: W,
    meta: &ExportMeta,
    rows: &[SocketRow],
    tr: Tr,
) -> Result<(), ExportError> {
    let title = cell(tr.t(Msg::ReportTitle));
    write_head(&mut w, &title, meta, &tr)?;
    write_summary(&mut w, &title, meta, rows.len(), &tr)?;
    write_flagged(&mut w, rows, &tr)?;
    write_table(&mut w, rows, &tr)?;
    writeln!(w, "</body>\n</html>")?;
    Ok(())
}

/// The doctype and `<head>`: language, a CSP that allows only the inline style, the title.
fn write_head<W: Write>(
    w: &mut W,
    title: &str,
    meta: &ExportMeta,
    tr: &Tr,
) -> Result<(), ExportError> {
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
        lang_tag(*tr)
    )?;
    writeln!(
        w,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    )?;
    writeln!(
        w,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        w,
        "<title>{title} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        cell(&meta.host)
    )?;
    Ok(())
}

/// The heading, when/where/which version and how many rows, the filter and the warnings.
fn write_summary<W: Write>(
    w: &mut W,
    title: &str,
    meta: &ExportMeta,
    row_count: usize,
    tr: &Tr,
) -> Result<(), ExportError> {
    writeln!(w, "<h1>{title}</h1>\n<dl>")?;
    let local = meta.taken_at.with_timezone(&chrono::Local);
    for (label, value) in [
        (
            Msg::ReportGenerated,
            local.format("%Y-%m-%d %H:%M:%S %:z").to_string(),
        ),
        (Msg::ReportHost, meta.host.clone()),
        (Msg::ReportVersion, meta.version.clone()),
        (Msg::ReportRows, row_count.to_string()),
    ] {
        writeln!(w, "<dt>{}</dt><dd>{}</dd>", cell(tr.t(label)), cell(&value))?;
    }
    writeln!(w, "</dl>")?;
    let filter = meta
        .filter
        .clone()
        .unwrap_or_else(|| tr.t(Msg::ReportFilterNone).to_owned());
    writeln!(
        w,
        "<p><strong>{}:</strong> {}</p>",
        cell(tr.t(Msg::ReportFilter)),
        cell(&filter)
    )?;
    if !meta.warnings.is_empty() {
        writeln!(w, "<h2>{}</h2>", cell(tr.t(Msg::ReportWarnings)))?;
        for warning in &meta.warnings {
            writeln!(w, "<p class=\"warn\">{}</p>", cell(warning))?;
        }
    }
    Ok(())
}

/// The table of every row, with every column of the registry.
fn write_table<W: Write>(w: &mut W, rows: &[SocketRow], tr: &Tr) -> Result<(), ExportError> {
    write!(w, "<table>\n<thead><tr>")?;
    for def in &columns::REGISTRY {
        write!(w, "<th>{}</th>", cell(tr.t(def.title)))?;
    }
    writeln!(w, "</tr></thead>\n<tbody>")?;
    for row in rows {
        write_row(w, row, tr)?;
    }
    writeln!(w, "</tbody>\n</table>")?;
    Ok(())
}

/// One `<tr>` of the table: the registry's text of each column; the Risk cell with its icon
/// and the level as its class.
fn write_row<W: Write>(w: &mut W, row: &SocketRow, tr: &Tr) -> Result<(), ExportError> {
    let dash = tr.t(Msg::EmptyValue);
    write!(w, "<tr>")?;
    for def in &columns::REGISTRY {
        let class = match def.column {
            Column::Risk => row.assessment.level().as_str(),
            Column::Pid | Column::LocalPort | Column::RemotePort => "num",
            _ if def.mono => "mono",
            _ => "",
        };
        let text = match def.column {
            Column::Risk => risk_cell(row, tr),
            _ => (def.text)(row, tr).unwrap_or_else(|| dash.to_owned()),
        };
        if class.is_empty() {
            write!(w, "<td>{}</td>", cell(&text))?;
        } else {
            write!(w, "<td class=\"{class}\">{}</td>", cell(&text))?;
        }
    }
    writeln!(w, "</tr>")?;
    Ok(())
}

/// The Risk cell: trusted, or the level with its icon, or empty.
fn risk_cell(row: &SocketRow, tr: &Tr) -> String {
    let text = (columns::def(Column::Risk).text)(row, tr).unwrap_or_default();
    match row.assessment.level() {
        _ if row.assessment.trusted => text,
        crate::model::RiskLevel::None => text,
        level => format!("{} {text}", level_icon(level)),
    }
}

/// One section per flagged row: what it is, why it was flagged, what to do.
fn write_flagged<W: Write>(w: &mut W, rows: &[SocketRow], tr: &Tr) -> Result<(), ExportError> {
    writeln!(w, "<h2>{}</h2>", cell(tr.t(Msg::ReportFlaggedTitle)))?;
    let flagged: Vec<&SocketRow> = rows.iter().filter(|r| r.assessment.is_flagged()).collect();
    if flagged.is_empty() {
        writeln!(w, "<p>{}</p>", cell(tr.t(Msg::ReportNoFlagged)))?;
    }
    for row in flagged {
        let name = row
            .process()
            .as_ref()
            .map_or(tr.t(Msg::DetailsUnknown), |p| p.name.as_str());
        writeln!(
            w,
            "<section class=\"flag\"><h3>{} — {} {}</h3>",
            cell(name),
            cell(row.protocol_label()),
            cell(&row.local_endpoint().to_string())
        )?;
        for f in row
            .assessment
            .findings
            .iter()
            .filter(|f| f.level.is_flagged())
        {
            writeln!(
                w,
                "<p><span class=\"{}\">{} {}</span> — {}<br>{}<br><span class=\"advice\">{}</span></p>",
                f.level.as_str(),
                level_icon(f.level),
                cell(level_text(f.level, tr)),
                cell(title(f, tr)),
                cell(&detail(f, tr)),
                cell(advice(f, tr))
            )?;
        }
        writeln!(w, "</section>")?;
    }
    Ok(())
}

fn lang_tag(tr: Tr) -> &'static str {
    match tr.lang {
        crate::i18n::Lang::En => "en",
        crate::i18n::Lang::Zh => "zh-CN",
    }
}
