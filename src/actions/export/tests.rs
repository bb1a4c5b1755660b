//! Export writers against hostile process names, and atomic saving.

use super::*;
use crate::model::TcpState;
use crate::model::fixtures::{tcp, udp};

const HOSTILE: [&str; 9] = [
    "=cmd|' /C calc'!A0",
    "+SUM(1)",
    "-2+3",
    "@x",
    "\tTAB",
    "\rCR",
    "<script>alert(1)</script>",
    "evil\u{202e}gpj.exe",
    "new\nline, \"quoted\"",
];

fn meta() -> ExportMeta {
    ExportMeta {
        taken_at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        host: "testhost".into(),
        version: "9.9.9".into(),
        warnings: vec!["Owners of 3 sockets are hidden".into()],
        filter: None,
    }
}

fn hostile_rows() -> Vec<SocketRow> {
    HOSTILE
        .iter()
        .enumerate()
        .map(|(i, name)| {
            tcp(
                "0.0.0.0",
                4000 + i as u16,
                TcpState::Listen,
                100 + i as u32,
                name,
            )
        })
        .collect()
}

#[test]
fn neutralise_prefixes_formula_starters_only() {
    let cases = [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("nginx", "nginx"),
        ("a=b", "a=b"),
        ("", ""),
    ];
    for (input, expected) in cases {
        assert_eq!(neutralise_cell(input), expected, "{input:?}");
    }
}

#[test]
fn csv_round_trip_neutralises_hostile_names() {
    let mut buf = Vec::new();
    write_csv(&mut buf, &meta(), &hostile_rows(), Tr::default()).unwrap();
    let text = String::from_utf8(buf).unwrap();
    assert!(text.starts_with(
        "# PortScope 9.9.9\n# host: testhost\n# taken_at: 2023-11-14T22:13:20+00:00\n"
    ));
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    // Re-read the CSV body properly (quoted cells may span lines).
    let data: String = text
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("# "))
        .collect();
    let mut reader = csv::Reader::from_reader(data.as_bytes());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[10].to_owned())
        .collect();
    assert_eq!(
        names,
        vec![
            "'=cmd|' /C calc'!A0",
            "'+SUM(1)",
            "'-2+3",
            "'@x",
            "\\u{9}TAB",
            "\\u{d}CR",
            "<script>alert(1)</script>",
            "evil\\u{202e}gpj.exe",
            "new\\u{a}line, \"quoted\"",
        ]
    );
    assert!(body.contains("\"protocol\",\"family\",\"local_address\""));
}

#[test]
fn csv_carries_no_raw_control_characters_and_quotes_semicolon_formulas() {
    // Issue 9, bug 8: ESC, BEL, an OSC title sequence, newline and U+202E from a name, a path
    // and a command line must not reach a terminal that prints the file.
    let mut row = tcp("0.0.0.0", 4100, TcpState::Listen, 100, "a\u{1b}[2J\u{7}b");
    let p = std::sync::Arc::make_mut(row.process_mut().unwrap());
    p.path = Some("/tmp/\u{1b}]0;pwned\u{7}/x\u{202e}".into());
    p.cmdline = vec![
        "x".into(),
        "line\nbreak".into(),
        "ok;=cmd|' /C calc'!A0".into(),
    ];
    let mut buf = Vec::new();
    write_csv(&mut buf, &meta(), &[row], Tr::default()).unwrap();
    let text = String::from_utf8(buf).unwrap();
    for c in text.chars() {
        assert!(
            c == '\n' || !crate::model::text::is_hostile_char(c),
            "raw {c:?} in {text:?}"
        );
    }
    assert!(text.contains("a\\u{1b}[2J\\u{7}b"), "{text}");
    // Every line ends a record: no raw newline inside a cell.
    assert_eq!(
        text.lines().filter(|l| !l.starts_with('#')).count(),
        2,
        "{text}"
    );
    // A semicolon-separated reader sees one quoted cell, never a cell starting with '='.
    let cmdline_cell = "\"x line\\u{a}break ok;=cmd|' /C calc'!A0\"";
    assert!(text.contains(cmdline_cell), "{text}");
}

#[test]
fn json_round_trip_keeps_the_contract() {
    let mut listen6 = tcp("::1", 631, TcpState::Listen, 7, "cupsd");
    std::sync::Arc::make_mut(listen6.process_mut().unwrap()).path = None;
    let mut conn = tcp("10.0.0.2", 50000, TcpState::Established, 8, "curl");
    conn.remote_address = Some("10.0.0.9".parse().unwrap());
    conn.remote_port = Some(443);
    let mut hidden = udp("0.0.0.0", 5353, 9, "avahi");
    hidden.owner = crate::model::Owner::None;
    let rows = vec![listen6, conn, hidden];
    let mut buf = Vec::new();
    write_json(&mut buf, &meta(), &rows, Tr::default()).unwrap();
    let back: SnapshotRecord = serde_json::from_slice(&buf).unwrap();
    assert_eq!(back, SnapshotRecord::new(&meta(), &rows, &Tr::default()));
    let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
    let r = &v["rows"];
    assert_eq!(r[0]["family"], "ipv6");
    assert_eq!(r[0]["port_class"], "well-known");
    assert!(r[0]["remote_address"].is_null() && r[0]["remote_port"].is_null());
    assert!(r[0]["process"]["path"].is_null());
    assert_eq!(r[1]["state"], "ESTABLISHED");
    assert_eq!(r[1]["remote_port"], 443);
    assert_eq!(r[1]["port_class"], "dynamic");
    assert!(r[2]["state"].is_null());
    assert!(r[2]["pid"].is_null() && r[2]["process"].is_null());
    assert_eq!(r[2]["pids"], serde_json::json!([]));
    assert_eq!(v["taken_at"], "2023-11-14T22:13:20+00:00");
}

#[test]
fn html_escapes_and_reveals_hostile_text() {
    let mut buf = Vec::new();
    write_html(&mut buf, &meta(), &hostile_rows(), Tr::default()).unwrap();
    let html = String::from_utf8(buf).unwrap();
    assert!(!html.contains("<script>"), "raw script tag leaked");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains('\u{202e}'), "raw bidi override leaked");
    assert!(html.contains("evil\\u{202e}gpj.exe"));
    assert!(html.contains("testhost") && html.contains("9.9.9"));
    assert!(html.contains("Owners of 3 sockets are hidden"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "must be self-contained"
    );
}

#[test]
fn save_atomic_writes_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    for format in ExportFormat::ALL {
        let path = dir.path().join(format!("out.{}", format.extension()));
        save_atomic(&path, format, &meta(), &hostile_rows(), Tr::default()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("4008"), "{format:?}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".portscope-export-")
        })
        .collect();
    assert!(leftovers.is_empty(), "temp files left behind");
}

#[test]
fn save_atomic_fails_clearly_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir").join("x.csv");
    let err = save_atomic(&missing, ExportFormat::Csv, &meta(), &[], Tr::default()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("no-such-dir/x.csv") && text.contains("cannot write"),
        "{text}"
    );
    assert!(!missing.exists());

    let err = save_atomic(dir.path(), ExportFormat::Csv, &meta(), &[], Tr::default()).unwrap_err();
    assert!(err.to_string().contains("folder"), "{err}");
}

/// The name of the test below, for re-running it as another user.
#[cfg(unix)]
const READ_ONLY_TEST: &str = "save_atomic_into_read_only_dir_fails_and_keeps_old_file";
/// Set for the child that runs that test as `nobody`: the read-only folder root prepared.
#[cfg(unix)]
const READ_ONLY_DIR_VAR: &str = "PORTSCOPE_TEST_READ_ONLY_DIR";

/// Saving over a file in a folder we may not write to fails clearly and keeps the old file.
/// Root ignores folder permissions, so as root (CI) the check runs in a child: this test
/// binary again, this test only, as `nobody`.
#[cfg(unix)]
#[test]
fn save_atomic_into_read_only_dir_fails_and_keeps_old_file() {
    if let Some(dir) = std::env::var_os(READ_ONLY_DIR_VAR) {
        return check_read_only_save(Path::new(&dir));
    }
    if crate::collector::is_privileged() {
        #[cfg(target_os = "linux")]
        {
            read_only_save_as_nobody();
            return;
        }
        #[cfg(not(target_os = "linux"))]
        panic!("as root this check needs setpriv (Linux) to run as nobody: run it as a user");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.csv"), "old").unwrap();
    set_mode(dir.path(), 0o555);
    // Writable again however the check ends, so the folder can be removed.
    let _restore = RestoreMode(dir.path().to_path_buf(), 0o755);
    check_read_only_save(dir.path());
}

/// Save over `dir/keep.csv` (holding "old") in the read-only `dir`: a clear error naming the
/// file, the old content kept, no temporary file left.
#[cfg(unix)]
fn check_read_only_save(dir: &Path) {
    assert!(
        !crate::collector::is_privileged(),
        "root ignores folder permissions: this check means nothing as root"
    );
    let path = dir.join("keep.csv");
    let err = save_atomic(
        &path,
        ExportFormat::Csv,
        &meta(),
        &hostile_rows(),
        Tr::default(),
    )
    .expect_err("saving into a read-only folder must fail");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("cannot write {}: ", path.display())),
        "{text}"
    );
    assert_eq!(
        err.io_kind(),
        Some(std::io::ErrorKind::PermissionDenied),
        "{text}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    let names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["keep.csv"], "nothing added to the folder");
}

/// As root: prepare a folder of root's, mode 0555, under /tmp (reachable by everyone, unlike a
/// private $TMPDIR), holding `keep.csv` owned by `nobody`, so that only the folder's
/// permissions stop a write: a save that wrote in place would succeed. Then run this test as
/// `nobody` in it.
#[cfg(target_os = "linux")]
fn read_only_save_as_nobody() {
    let nobody = nix::unistd::User::from_name("nobody")
        .unwrap()
        .expect("a user named nobody");
    let top = tempfile::Builder::new()
        .prefix("portscope-read-only-")
        .tempdir_in("/tmp")
        .unwrap();
    set_mode(top.path(), 0o755);
    let dir = top.path().join("read-only");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("keep.csv");
    std::fs::write(&path, "old").unwrap();
    let (uid, gid) = (nobody.uid.as_raw(), nobody.gid.as_raw());
    std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
    set_mode(&dir, 0o555);

    let module = module_path!().split_once("::").map_or("", |(_, m)| m);
    let name = format!("{module}::{READ_ONLY_TEST}");
    let out = std::process::Command::new("setpriv")
        .args([
            &format!("--reuid={uid}"),
            &format!("--regid={gid}"),
            "--clear-groups",
        ])
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", &name, "--nocapture", "--test-threads=1"])
        .env(READ_ONLY_DIR_VAR, &dir)
        .current_dir(top.path())
        .output()
        .expect("run setpriv (util-linux)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // "1 passed": the filter found the test (a filter that matches nothing also exits 0).
    let hint = if stdout.contains("running 1 test") {
        ""
    } else {
        " (it did not start: can nobody reach the test binary?)"
    };
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{name}, run as nobody, failed{hint}: {}\n{stdout}\n{stderr}",
        out.status
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Sets a folder's mode when dropped.
#[cfg(unix)]
struct RestoreMode(std::path::PathBuf, u32);

#[cfg(unix)]
impl Drop for RestoreMode {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::Permissions::from_mode(self.1);
        let _ = std::fs::set_permissions(&self.0, mode);
    }
}

#[test]
fn format_from_extension() {
    assert_eq!(
        ExportFormat::from_extension(Path::new("a/b.CSV")),
        Some(ExportFormat::Csv)
    );
    assert_eq!(
        ExportFormat::from_extension(Path::new("r.htm")),
        Some(ExportFormat::Html)
    );
    assert_eq!(ExportFormat::from_extension(Path::new("r.txt")), None);
    let p = default_export_path(ExportFormat::Json, chrono::Local::now());
    assert!(
        p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("portscope-")
    );
    assert_eq!(p.extension().unwrap(), "json");
}

#[test]
fn json_signature_is_status_and_publisher_in_both_writers() {
    use crate::model::{Signature, SignatureStatus};
    let signed = |status, publisher: Option<&str>, pending| {
        let mut row = tcp("0.0.0.0", 5000, TcpState::Listen, 30, "app.exe");
        let p = std::sync::Arc::make_mut(row.process_mut().unwrap());
        p.origin.signature = publisher.map(|name| Signature {
            status,
            publisher: Some(name.to_owned()).filter(|n| !n.is_empty()),
            reason: None,
            catalog: false,
        });
        p.origin.signature_pending = pending;
        row
    };
    let rows = vec![
        signed(SignatureStatus::Valid, Some("Microsoft Windows"), false),
        signed(SignatureStatus::Invalid, Some("evil\u{202e}gpj"), false),
        signed(SignatureStatus::Unsigned, Some(""), false),
        signed(SignatureStatus::Unknown, None, true),
        signed(SignatureStatus::Unknown, None, false),
    ];
    let mut buf = Vec::new();
    write_json(&mut buf, &meta(), &rows, Tr::default()).unwrap();
    let back: SnapshotRecord = serde_json::from_slice(&buf).unwrap();
    assert_eq!(back, SnapshotRecord::new(&meta(), &rows, &Tr::default()));
    let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
    let sig = |i: usize| v["rows"][i]["process"]["signature"].clone();
    assert_eq!(
        sig(0),
        serde_json::json!({"status": "valid", "publisher": "Microsoft Windows"})
    );
    assert_eq!(
        sig(1),
        serde_json::json!({"status": "invalid", "publisher": "evil\u{202e}gpj"})
    );
    assert_eq!(
        sig(2),
        serde_json::json!({"status": "unsigned", "publisher": null})
    );
    // Still being checked: unknown, not null (null means "not checked on this system").
    assert_eq!(
        sig(3),
        serde_json::json!({"status": "unknown", "publisher": null})
    );
    assert!(sig(4).is_null());
}
