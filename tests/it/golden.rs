//! Golden files: the output formats users and scripts read (`list` as JSON, CSV, HTML and a table
//! in English and Chinese, `watch --format json`, the event log's CSV and JSON), rendered from
//! fixed rows with insta. A change to any of them shows up as a snapshot diff to review
//! (CONTRIBUTING.md, "Golden files"). The rows include a hostile process name, so the escaping
//! of each format is pinned too. Nothing here reads the live system.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use portscope::actions::export::{ExportFormat, ExportMeta, write_export};
use portscope::i18n::{Lang, Tr};
use portscope::model::{
    CollectorWarning, ProcessInfo, Protocol, SocketRow, SortSpec, TcpState, diff,
};
use portscope::risk::{KnowledgeBase, RuleContext, TrustStore, assess};
use portscope::watch::journal::{EventRecord, write_events_csv, write_events_json};
use portscope::watch::{ChangeEvent, events_from_diff};

/// A process name with a control character (BEL), a right-to-left override, markup, a
/// spreadsheet formula and a message placeholder.
const HOSTILE: &str = "=cmd|' /C calc'!A0\u{7}\u{202e}gpj.exe<script>alert(1)</script>{3}";

/// 2023-11-14T22:13:20Z, the time of every snapshot here.
fn taken_at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap()
}

fn process(pid: u32, name: &str, path: &str, cmdline: &[&str], user: &str) -> Arc<ProcessInfo> {
    Arc::new(ProcessInfo {
        pid,
        name: name.into(),
        path: Some(path.into()),
        cmdline: cmdline.iter().map(|s| (*s).to_owned()).collect(),
        user: Some(user.into()),
        started_at: DateTime::from_timestamp(1_699_990_000, 0),
        parent_pid: Some(1),
        exe_deleted: false,
        exe_replaced: false,
        start_token: None,
        origin: Default::default(),
    })
}

/// A socket on `local`:`port`, owned by `owner` (`None`: no owner known).
fn socket(
    protocol: Protocol,
    local: &str,
    port: u16,
    state: Option<TcpState>,
    owner: Option<(Arc<ProcessInfo>, u32)>,
) -> SocketRow {
    let (pids, process, uid, socket_user) = match owner {
        Some((p, uid)) => (
            vec![p.pid],
            Some(p.clone()),
            Some(uid),
            p.user.as_deref().map(Into::into),
        ),
        None => (vec![], None, None, None),
    };
    SocketRow {
        state,
        owner: portscope::model::Owner::known(pids.into(), process),
        uid,
        socket_user,
        inode: 0,
        ..SocketRow::new(protocol, local.parse().unwrap(), port)
    }
}

fn connected(mut row: SocketRow, remote: &str, port: u16) -> SocketRow {
    row.remote_address = Some(remote.parse().unwrap());
    row.remote_port = Some(port);
    row
}

/// Judge `rows` with the built-in knowledge base only (not this computer's /etc/services),
/// without administrator rights (one owner is hidden), trusting nothing.
fn assessed(mut rows: Vec<SocketRow>) -> Vec<SocketRow> {
    let kb = KnowledgeBase::parse(include_str!("../../assets/ports.toml")).unwrap();
    let ctx = RuleContext {
        kb: &kb,
        privileged: false,
    };
    let trust = TrustStore::in_memory();
    for row in &mut rows {
        row.assessment = std::sync::Arc::new(assess(row, &ctx, &trust));
    }
    rows
}

/// The fixed rows, judged and in `list`'s order: listeners and connections over both families
/// and protocols, a hostile program on a backdoor port, a trusted one, an ownerless TIME_WAIT
/// and an owner hidden for lack of rights.
/// The programs behind the fixture's rows, one of them with a hostile name.
fn programs() -> [Arc<ProcessInfo>; 5] {
    let sshd = process(
        812,
        "sshd",
        "/usr/sbin/sshd",
        &["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"],
        "root",
    );
    let firefox = process(
        2301,
        "firefox",
        "/usr/lib/firefox/firefox",
        &["/usr/lib/firefox/firefox", "-new-window"],
        "alice",
    );
    let avahi = process(
        640,
        "avahi-daemon",
        "/usr/sbin/avahi-daemon",
        &["avahi-daemon: running [golden.local]"],
        "avahi",
    );
    let node = process(
        3100,
        "node",
        "/usr/bin/node",
        &["node", "server.js"],
        "alice",
    );
    let hostile = process(
        4242,
        HOSTILE,
        "/tmp/.cache/\u{202e}fdp.exe",
        &[HOSTILE, "--port", "7626", "<b>\u{1b}[31m"],
        "alice",
    );
    [sshd, firefox, avahi, node, hostile]
}

fn rows() -> Vec<SocketRow> {
    let [sshd, firefox, avahi, node, hostile] = programs();
    let listen = Some(TcpState::Listen);
    let mut hidden = socket(Protocol::Tcp, "127.0.0.1", 631, listen, None);
    hidden.owner = portscope::model::Owner::Hidden;
    hidden.uid = Some(0);
    let mut rows = assessed(vec![
        socket(
            Protocol::Tcp,
            "0.0.0.0",
            22,
            listen,
            Some((sshd.clone(), 0)),
        ),
        socket(Protocol::Tcp, "::", 22, listen, Some((sshd, 0))),
        portscope::model::SocketRow {
            traffic: Some(portscope::model::Traffic {
                sent: 18_211,
                received: 1_204_398,
            }),
            rate: Some(portscope::model::Rate {
                sent: 120.4,
                received: 52_000.0,
            }),
            ..connected(
                socket(
                    Protocol::Tcp,
                    "192.168.1.20",
                    51544,
                    Some(TcpState::Established),
                    Some((firefox, 1000)),
                ),
                "2606:4700::6810:84e5",
                443,
            )
        },
        socket(Protocol::Udp, "0.0.0.0", 5353, None, Some((avahi, 108))),
        socket(
            Protocol::Tcp,
            "0.0.0.0",
            7626,
            listen,
            Some((hostile, 1000)),
        ),
        socket(Protocol::Tcp, "0.0.0.0", 8080, listen, Some((node, 1000))),
        connected(
            socket(
                Protocol::Tcp,
                "127.0.0.1",
                40000,
                Some(TcpState::TimeWait),
                None,
            ),
            "127.0.0.1",
            8080,
        ),
        hidden,
    ]);
    for (i, row) in rows.iter_mut().enumerate() {
        row.inode = 40_100 + i as u64;
        if row.local_port == 8080 && row.is_listening() {
            std::sync::Arc::make_mut(&mut row.assessment).trusted = true;
        }
        // A reverse name that does not lead back to the address: shown, marked unverified.
        if row.remote_port == Some(443) {
            row.remote_host = Some(std::sync::Arc::new(portscope::model::RemoteHost {
                name: "edge.example.net".into(),
                verified: false,
            }));
        }
    }
    portscope::columns::sort_rows(&mut rows, SortSpec::default());
    rows
}

fn english() -> Tr {
    Tr::new(Lang::En)
}

fn meta(filter: Option<&str>) -> ExportMeta {
    ExportMeta {
        taken_at: taken_at(),
        host: "golden-host".into(),
        version: "0.0.0-golden".into(),
        warnings: portscope::engine::warning_texts(
            &[CollectorWarning::OwnersHidden(1)],
            &english(),
        ),
        filter: filter.map(str::to_owned),
    }
}

/// `rows` exported as `format`, as text.
fn export(format: ExportFormat, filter: Option<&str>) -> String {
    let mut out = Vec::new();
    write_export(&mut out, format, &meta(filter), &rows(), english()).unwrap();
    String::from_utf8(out).unwrap()
}

/// What insta does not compare (it trims trailing white space and reads CRLF as LF), checked
/// here: the line ends and the final newline.
fn line_ends(text: &str, crlf: bool) {
    assert!(text.ends_with('\n'), "ends with a newline");
    let lines = text.matches('\n').count();
    let crlfs = text.matches("\r\n").count();
    assert_eq!(crlfs, if crlf { lines } else { 0 }, "line ends");
}

#[test]
fn list_json_rows() {
    let json = export(ExportFormat::Json, None);
    line_ends(&json, false);
    insta::assert_snapshot!(json);
}

#[test]
fn csv_export() {
    let csv = export(ExportFormat::Csv, Some("Listening · TCP · \"ssh\""));
    line_ends(&csv, false);
    insta::assert_snapshot!(csv);
}

#[test]
fn html_report() {
    let html = export(ExportFormat::Html, Some("<i>ssh</i>"));
    line_ends(&html, false);
    insta::assert_snapshot!(html);
}

fn table(tr: &Tr) -> String {
    let mut out = Vec::new();
    portscope::cli::table::write_table(&mut out, &rows(), tr).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn cli_table_english() {
    let text = table(&english());
    line_ends(&text, false);
    insta::assert_snapshot!(text);
}

#[test]
fn cli_table_chinese() {
    let text = table(&Tr::new(Lang::from_locale("zh_CN.UTF-8")));
    line_ends(&text, false);
    insta::assert_snapshot!(text);
}

/// Two snapshots of the fixed rows, 5 s apart: the firefox connection closed, the hostile
/// listener opened, the TIME_WAIT leftover went and a new connection's handshake completed.
fn events() -> Vec<ChangeEvent> {
    let all = rows();
    let handshake = |state| {
        let mut row = connected(
            socket(Protocol::Tcp, "10.0.0.5", 50000, Some(state), None),
            "10.0.0.1",
            22,
        );
        row.inode = 40_200;
        row.owner = all[0].owner.clone();
        row
    };
    let before: Vec<SocketRow> = all
        .iter()
        .filter(|r| r.local_port != 7626)
        .cloned()
        .chain([handshake(TcpState::SynSent)])
        .collect();
    let after: Vec<SocketRow> = all
        .iter()
        .filter(|r| r.local_port != 51544 && r.local_port != 40000)
        .cloned()
        .chain([handshake(TcpState::Established)])
        .collect();
    let later = taken_at() + chrono::Duration::seconds(5);
    events_from_diff(&diff(&before, &after), later)
}

/// What `portscope watch --format json` prints: one event record per line (src/cli/watch.rs).
#[test]
fn watch_json_lines() {
    let tr = english();
    let lines: String = events()
        .iter()
        .map(|e| serde_json::to_string(&EventRecord::new(e, &tr)).unwrap() + "\n")
        .collect();
    line_ends(&lines, false);
    insta::assert_snapshot!(lines);
}

#[test]
fn event_log_csv() {
    let mut out = Vec::new();
    write_events_csv(&mut out, &events()).unwrap();
    let csv = String::from_utf8(out).unwrap();
    line_ends(&csv, false);
    insta::assert_snapshot!(csv);
}

#[test]
fn event_log_json() {
    let mut out = Vec::new();
    write_events_json(&mut out, &events(), &english()).unwrap();
    let json = String::from_utf8(out).unwrap();
    line_ends(&json, false);
    insta::assert_snapshot!(json);
}

/// The outputs that iterate the column registry carry every column they promise: the HTML
/// report and "Copy row" every registry column, the CLI table each of `CLI_TABLE`, in order,
/// with the same text as the window's cells.
#[test]
fn every_registry_column_reaches_every_output_that_iterates_it() {
    use portscope::columns::{self, CLI_TABLE, REGISTRY};
    let tr = english();
    let html = export(ExportFormat::Html, None);
    let header = html.lines().find(|l| l.starts_with("<thead>")).unwrap();
    let titles: Vec<String> = REGISTRY
        .iter()
        .map(|d| format!("<th>{}</th>", tr.t(d.title)))
        .collect();
    assert_eq!(
        header,
        format!("<thead><tr>{}</tr></thead>", titles.concat())
    );
    let cli = table(&tr);
    let mut at = 0;
    let first = cli.lines().next().unwrap();
    for &c in &CLI_TABLE {
        let found = first[at..].find(columns::title(c, &tr));
        at += found.unwrap_or_else(|| panic!("{c:?} missing from the CLI header: {first}"));
    }
    for row in rows() {
        let copied = columns::row_as_text(&row, &tr);
        let cells: Vec<&str> = copied.split('\t').collect();
        assert_eq!(cells.len(), REGISTRY.len(), "{copied}");
        for (def, cell) in REGISTRY.iter().zip(cells) {
            assert_eq!(
                (def.text)(&row, &tr).unwrap_or_default(),
                cell,
                "{:?}",
                def.column
            );
        }
    }
}
