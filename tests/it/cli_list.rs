//! `portscope list` output against the JSON contract, and the other formats.

use std::process::Command;

use crate::common::{list, portscope_bin, spawn_listener};
use serde_json::Value;

fn is_rfc3339(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok())
}

fn check_row(row: &Value) {
    let o = row.as_object().expect("row object");
    for key in [
        "protocol",
        "family",
        "local_address",
        "local_port",
        "remote_address",
        "remote_port",
        "state",
        "port_class",
        "pid",
        "pids",
        "process",
        "uid",
    ] {
        assert!(o.contains_key(key), "row lacks {key}: {row}");
    }
    let protocol = o["protocol"].as_str().unwrap();
    assert!(["tcp", "udp"].contains(&protocol));
    assert!(["ipv4", "ipv6"].contains(&o["family"].as_str().unwrap()));
    assert!(
        o["local_address"]
            .as_str()
            .unwrap()
            .parse::<std::net::IpAddr>()
            .is_ok()
    );
    assert!(o["local_port"].as_u64().unwrap() <= 65535);
    assert!(["well-known", "registered", "dynamic"].contains(&o["port_class"].as_str().unwrap()));
    let states = [
        "LISTEN",
        "SYN_SENT",
        "SYN_RECEIVED",
        "ESTABLISHED",
        "FIN_WAIT_1",
        "FIN_WAIT_2",
        "CLOSE_WAIT",
        "CLOSING",
        "LAST_ACK",
        "TIME_WAIT",
        "CLOSED",
    ];
    match protocol {
        "udp" => assert!(o["state"].is_null(), "udp state must be null: {row}"),
        _ => assert!(states.contains(&o["state"].as_str().unwrap()), "{row}"),
    }
    if o["state"] == "LISTEN" || protocol == "udp" {
        assert!(
            o["remote_address"].is_null() && o["remote_port"].is_null(),
            "{row}"
        );
    }
    let pids = o["pids"].as_array().unwrap();
    match o["pid"].as_u64() {
        Some(pid) => assert_eq!(pids[0].as_u64(), Some(pid)),
        None => assert!(o["pid"].is_null() && pids.is_empty()),
    }
    if let Some(p) = o["process"].as_object() {
        assert!(p["name"].is_string());
        assert!(p["path"].is_string() || p["path"].is_null());
        assert!(p["cmdline"].is_array());
        assert!(p["user"].is_string() || p["user"].is_null());
        assert!(p["started_at"].is_null() || is_rfc3339(&p["started_at"]));
        assert!(p["parent_pid"].is_u64() || p["parent_pid"].is_null());
    } else {
        assert!(o["process"].is_null());
    }
    assert!(o["uid"].is_u64() || o["uid"].is_null());
}

#[test]
fn json_matches_the_contract_and_shows_our_listener() {
    let listener = spawn_listener("127.0.0.1", false);
    let (stdout, _) = list(&["--format", "json"]);
    let doc: Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert!(is_rfc3339(&doc["taken_at"]));
    assert!(doc["host"].is_string());
    assert_eq!(doc["version"], env!("CARGO_PKG_VERSION"));
    assert!(doc["warnings"].is_array());
    let rows = doc["rows"].as_array().unwrap();
    rows.iter().for_each(check_row);
    let mine = rows
        .iter()
        .find(|r| r["local_port"] == listener.port && r["protocol"] == "tcp")
        .expect("listener in output");
    assert_eq!(mine["state"], "LISTEN");
    assert_eq!(mine["pid"], listener.child.id());
    assert_eq!(mine["local_address"], "127.0.0.1");
    assert!(
        mine["process"]["name"]
            .as_str()
            .unwrap()
            .starts_with("python")
    );
}

#[test]
fn listening_and_protocol_filters_apply() {
    let _tcp = spawn_listener("127.0.0.1", false);
    let udp = spawn_listener("127.0.0.1", true);
    let (stdout, _) = list(&["--format", "json", "--udp"]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let rows = doc["rows"].as_array().unwrap();
    assert!(rows.iter().all(|r| r["protocol"] == "udp"));
    assert!(rows.iter().any(|r| r["local_port"] == udp.port));
    let (stdout, _) = list(&["--format", "json", "--listening", "--tcp"]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        doc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["state"] == "LISTEN")
    );
}

#[test]
fn table_csv_and_html_formats_show_the_listener() {
    let listener = spawn_listener("::1", false);
    let port = listener.port.to_string();
    let (table, _) = list(&[]);
    assert!(table.lines().next().unwrap().contains("Local address"));
    // Address and port are columns of their own, as in the window (the column registry).
    assert!(
        table.lines().any(|l| l
            .split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w == ["::1", port.as_str()])),
        "{table}"
    );
    let (csv, _) = list(&["--format", "csv"]);
    assert!(csv.starts_with("# PortScope"));
    assert!(csv.lines().any(|l| l.contains(&port) && l.contains("tcp")));
    let (html, _) = list(&["--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"));
    assert!(html.contains(&port));
}

/// Run portscope with `args` and its stdout closed before it writes (as `| head` or `| true`
/// leave it): it must neither panic nor complain.
fn run_with_closed_stdout(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(portscope_bin())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_list_quietly() {
    for format in ["table", "json", "csv", "html"] {
        let out = run_with_closed_stdout(&["list", "--format", format]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "list --format {format}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "list --format {format}");
    }
}

#[test]
fn kill_with_a_closed_stdout_still_checks_the_port() {
    let mut listener = spawn_listener("127.0.0.1", false);
    let port = listener.port.to_string();
    let out = run_with_closed_stdout(&["kill", "--port", &port, "--yes"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(listener.child.wait().is_ok());
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_not_a_panic() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("Linux has /dev/full");
    let out = Command::new(portscope_bin())
        .args(["explain", "22"])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn errors_reach_the_logger_and_the_window_log_file() {
    let config = tempfile::tempdir().unwrap();
    let out = Command::new(portscope_bin())
        .env("PORTSCOPE_CONFIG_DIR", config.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ERROR"), "{stderr}");
    assert!(stderr.contains("could not open the window"), "{stderr}");
    let log = std::fs::read_to_string(config.path().join("portscope.log")).unwrap_or_default();
    assert!(
        log.contains("could not open the window"),
        "log file: {log:?}"
    );
}

/// Display width as a terminal shows it, written out here independently of the code under test:
/// East Asian wide and fullwidth characters take two columns.
fn cells(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// Where each field of a table line starts, in display columns (fields are separated by two or
/// more spaces).
fn field_starts(line: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut col = 0;
    let mut spaces = 2; // the line start counts as a separator
    for c in line.chars() {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 {
                starts.push(col);
            }
            spaces = 0;
        }
        col += cells(&c.to_string());
    }
    starts
}

#[test]
fn the_chinese_table_aligns_by_display_width_and_names_states_in_chinese() {
    let listener = spawn_listener("127.0.0.1", false);
    let out = Command::new(portscope_bin())
        .args(["list", "--listening", "--tcp"])
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_ALL", "zh_CN.UTF-8")
        .env("LANGUAGE", "")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    assert!(header.contains("协议"), "Chinese header: {header}");
    let columns = field_starts(header);
    let mine = text
        .lines()
        .find(|l| l.split_whitespace().any(|f| f == listener.port.to_string()))
        .expect("our listener");
    assert!(mine.contains("监听"), "LISTEN in Chinese: {mine}");
    for line in text.lines().skip(1) {
        let starts = field_starts(line);
        // Risk, protocol, local address and port, remote, state, PID: the fixed columns line up
        // with the header.
        assert_eq!(starts[..7], columns[..7], "misaligned:\n{header}\n{line}");
    }
}

/// Issue 7: run as `nobody`, a listener of root's shows `owner_hidden: true` and no process.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_an_ordinary_user_sees_hidden_owners_marked_as_such() {
    assert!(
        nix::unistd::geteuid().is_root(),
        "needs root to start a child as nobody"
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(portscope_bin())
        .args(["list", "--format", "json", "--listening", "--tcp"])
        .env("PORTSCOPE_CONFIG_DIR", "/nonexistent-portscope-config")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["local_port"] == port)
        .expect("our listener");
    assert_eq!(row["owner_hidden"], true, "{row:#}");
    assert!(row["process"].is_null() && row["pid"].is_null(), "{row:#}");
    assert!(
        doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap_or("").contains("hidden")),
        "{doc:#}"
    );
    // As root, the same socket is ours and not hidden.
    let (json, _) = list(&["--format", "json", "--listening", "--tcp"]);
    let doc: Value = serde_json::from_str(&json).unwrap();
    let row = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["local_port"] == port)
        .unwrap();
    assert_eq!(row["owner_hidden"], false);
    assert_eq!(row["pid"], std::process::id());
}
