//! CSV export. Every text cell is neutralised against spreadsheet formula injection (OWASP) and
//! its control and bidi characters are shown as visible escapes (a terminal that `cat`s the file
//! must not act on ESC, BEL or OSC sequences): process names, paths and command lines are chosen
//! by whoever started the process. Text cells are always quoted, so a spreadsheet that splits on
//! semicolons can't turn `a;=cmd|' /C calc'!A0` into a formula cell.

use std::borrow::Cow;
use std::io::Write;

use super::{ExportError, ExportMeta};
use crate::i18n::Tr;
use crate::model::SocketRow;
use crate::model::text::show_invisible;
use crate::risk::text::{detail, service_text, title};

/// Prefix a cell that a spreadsheet would run as a formula (`= + - @`, tab, CR) with `'`.
pub fn neutralise_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// A cell as PortScope writes it: control/bidi characters escaped visibly, formulas neutralised.
pub fn safe_cell(s: &str) -> String {
    neutralise_cell(&show_invisible(s)).into_owned()
}

/// The CSV writer every export uses: text cells always quoted (see the module notes).
pub fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::NonNumeric)
        .from_writer(w)
}

const HEADER: [&str; 42] = [
    "protocol",
    "family",
    "local_address",
    "local_port",
    "port_class",
    "remote_address",
    "remote_port",
    "state",
    "pid",
    "pids",
    "process",
    "path",
    "user",
    "started_at",
    "cmdline",
    "uid",
    "service",
    "exposure",
    "risk_level",
    "trusted",
    "risk_reasons",
    // Added after the first release: new columns go at the end, so a script that reads by
    // position keeps working.
    "remote_scope",
    "remote_org",
    "remote_country",
    "bytes_sent",
    "bytes_received",
    "remote_host",
    "remote_host_verified",
    "remote_asn",
    "rate_sent",
    "rate_received",
    // Issue 16: where the program comes from (appended: existing columns keep their places).
    "package",
    "package_manager",
    "package_version",
    "verified",
    "services",
    "container",
    "ancestry",
    // Issue 16 item 2: the Windows signature (empty elsewhere).
    "signature",
    "signature_publisher",
    // Issue 16: the network namespace (empty for the host's own): its name or `net:[inode]`,
    // and its inode.
    "netns",
    "netns_id",
];

/// Write a `#` comment header (version, host, time), a header row and one line per socket.
pub fn write_csv<W: Write>(
    mut w: W,
    meta: &ExportMeta,
    rows: &[SocketRow],
    tr: Tr,
) -> Result<(), ExportError> {
    let one_line = |s: &str| show_invisible(s).into_owned();
    writeln!(w, "# PortScope {}", one_line(&meta.version))?;
    writeln!(w, "# host: {}", one_line(&meta.host))?;
    writeln!(w, "# taken_at: {}", meta.taken_at.to_rfc3339())?;
    for warning in &meta.warnings {
        writeln!(w, "# warning: {}", one_line(warning))?;
    }
    if let Some(filter) = &meta.filter {
        writeln!(w, "# filter: {}", one_line(filter))?;
    }
    let mut out = csv_writer(w);
    out.write_record(HEADER)?;
    for row in rows {
        out.write_record(row_cells(row, &tr).iter().map(|c| safe_cell(c)))?;
    }
    out.flush()?;
    Ok(())
}

/// One row's cells, in [`HEADER`]'s order (not yet made safe for spreadsheets).
fn row_cells(row: &SocketRow, tr: &Tr) -> [String; 42] {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let process = row.process();
    let a = &row.assessment;
    let reasons: Vec<String> = a
        .findings
        .iter()
        .map(|f| format!("{}: {}", title(f, tr), detail(f, tr)))
        .collect();
    let remote = row.remote_address.map(crate::ipinfo::remote);
    let host = row.remote_host.as_deref();
    let origin = process.map(|p| &p.origin);
    let package = origin.and_then(|o| o.package.as_ref());
    let signature = origin.and_then(|o| o.signature.as_ref());
    [
        row.protocol.as_str().to_owned(),
        row.family().as_str().to_owned(),
        row.local_address.to_string(),
        row.local_port.to_string(),
        row.port_class().as_str().into(),
        opt(row.remote_address.map(|a| a.to_string())),
        opt(row.remote_port.map(|p| p.to_string())),
        opt(row.state.map(|s| s.as_str().into())),
        opt(row.pid().map(|p| p.to_string())),
        row.pids()
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        row.process_name().into(),
        opt(row.shown_path().map(|p| p.into_owned())),
        opt(row.user().map(str::to_owned)),
        opt(process.and_then(|p| p.started_at).map(|t| t.to_rfc3339())),
        process.map(|p| p.cmdline.join(" ")).unwrap_or_default(),
        opt(row.uid.map(|u| u.to_string())),
        opt(service_text(a, tr)),
        a.exposure.as_str().into(),
        a.level().as_str().into(),
        a.trusted.to_string(),
        reasons.join(" | "),
        opt(remote.map(|r| r.scope.as_str().to_owned())),
        opt(remote.and_then(|r| r.network.org.map(str::to_owned))),
        opt(remote.and_then(|r| r.network.country.map(str::to_owned))),
        opt(row.traffic.map(|t| t.sent.to_string())),
        opt(row.traffic.map(|t| t.received.to_string())),
        opt(host.map(|h| h.name.clone())),
        opt(host.map(|h| h.verified.to_string())),
        opt(remote.and_then(|r| r.network.asn).map(|n| n.to_string())),
        opt(row.rate.map(|r| (r.sent.round() as u64).to_string())),
        opt(row.rate.map(|r| (r.received.round() as u64).to_string())),
        opt(package.map(|p| p.name.clone())),
        opt(package.map(|p| p.manager.as_str().to_owned())),
        opt(package.and_then(|p| p.version.clone())),
        opt(package.and_then(|p| p.verified).map(|v| v.to_string())),
        origin.map(|o| o.services.join(" ")).unwrap_or_default(),
        opt(origin
            .and_then(|o| o.container.as_ref())
            .map(|c| format!("{}:{}", c.runtime.as_str(), c.id))),
        origin
            .map(|o| {
                o.ancestry
                    .iter()
                    .map(|a| format!("{} ({})", a.name, a.pid))
                    .collect::<Vec<_>>()
                    .join(" ← ")
            })
            .unwrap_or_default(),
        opt(signature.map(|s| s.status.as_str().to_owned())),
        opt(signature.and_then(|s| s.publisher.clone())),
        opt(row.netns.as_ref().map(|n| n.label())),
        opt(row.netns.as_ref().map(|n| n.id.to_string())),
    ]
}
