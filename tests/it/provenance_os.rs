//! Where a program comes from, on this very Debian (issue 16): the package of a real listener
//! and its verdict from dpkg's own database, a program copied elsewhere belonging to no
//! package, a running image that differs from its package's file (built for real in a private
//! mount namespace, the host's file untouched), and units and containers from real cgroups.
#![cfg(target_os = "linux")]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use portscope::collector::Poller;
use portscope::model::{ContainerRuntime, PackageManager, RiskLevel, RuleId, SocketRow};
use portscope::risk::{TrustStore, assess_all};

use crate::common;
use crate::common::cgroup::{CgroupGuard, hierarchies};

/// Poll until the row of `port` satisfies `done` (the package check runs off the poll thread,
/// so a fresh start shows "checking…" first), or panic with what it last showed.
fn row_when(port: u16, done: impl Fn(&SocketRow) -> bool) -> SocketRow {
    row_when_with(&mut Poller::new(), port, done)
}

/// [`row_when`] with a poller that lives on (its caches, as in the window).
fn row_when_with(poller: &mut Poller, port: u16, done: impl Fn(&SocketRow) -> bool) -> SocketRow {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = None;
    while Instant::now() < deadline {
        let mut snap = poller.poll();
        assess_all(&mut snap.rows, snap.privileged, &TrustStore::in_memory());
        if let Some(row) = snap
            .rows
            .into_iter()
            .find(|r| r.local_port == port && r.process().is_some())
        {
            if done(&row) {
                return row;
            }
            last = Some(row);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("port {port} never settled: {:#?}", last.map(|r| r.owner));
}

fn settled(row: &SocketRow) -> bool {
    let o = &row.process().expect("owner").origin;
    !o.package_pending
}

#[test]
fn python3_listener_names_its_debian_package_verified() {
    // This very path: `python3` on PATH may be another one (pyenv).
    let listener = common::spawn_listener_with("127.0.0.1", 0, false, "/usr/bin/python3");
    let row = row_when(listener.port, settled);
    let p = row.process().unwrap();
    let package = p
        .origin
        .package
        .as_ref()
        .unwrap_or_else(|| panic!("no package: {p:#?}"));
    assert_eq!(package.manager, PackageManager::Dpkg);
    // /usr/bin/python3 is a link; what runs is python3.X from python3.X-minimal.
    assert!(
        package.name.starts_with("python3.") && package.name.contains("-minimal"),
        "{package:?}"
    );
    assert!(package.version.is_some(), "{package:?}");
    assert_eq!(package.verified, Some(true), "{package:?}");
    assert_eq!(package.expected_digest, package.actual_digest);
    assert!(!p.origin.ancestry.is_empty(), "started by this test");
    assert_eq!(p.origin.ancestry[0].pid, std::process::id());
    // The JSON contract, through the CLI.
    let (out, _) = common::list(&["--format", "json", "--listening", "--tcp"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = json["rows"].as_array().unwrap();
    let ours = rows.iter().find(|r| r["local_port"] == listener.port);
    let process = &ours.unwrap_or_else(|| panic!("port {} not listed", listener.port))["process"];
    assert_eq!(process["package"]["manager"], "dpkg", "{process}");
    assert_eq!(process["package"]["verified"], true, "{process}");
    assert_eq!(process["signature"], serde_json::Value::Null);
    assert!(
        process["services"].is_array() && process["ancestry"].is_array(),
        "{process}"
    );
}

#[test]
fn a_program_copied_elsewhere_belongs_to_no_package() {
    let dir = tempfile::tempdir().unwrap();
    let python = dir.path().join("python3");
    std::fs::copy(std::fs::canonicalize("/usr/bin/python3").unwrap(), &python).unwrap();
    let listener = common::spawn_listener_with("127.0.0.1", 0, false, python.to_str().unwrap());
    let row = row_when(listener.port, settled);
    let origin = &row.process().unwrap().origin;
    assert_eq!(origin.package, None, "{origin:?}");
    assert!(
        !origin.package_unknown,
        "known to be no package's: {origin:?}"
    );
    assert!(
        row.assessment
            .findings
            .iter()
            .all(|f| f.rule != RuleId::PackageFileModified)
    );
}

/// A listener that runs a modified copy of `/usr/bin/python3.X` bind-mounted over the real path
/// in its own private mount namespace: its `/proc/<pid>/exe` names the package's path but reads
/// the modified image, and the host's file is never touched.
struct ModifiedPython {
    listener: common::Listener,
    _copy: tempfile::TempDir,
}

fn modified_python() -> ModifiedPython {
    let real = std::fs::canonicalize("/usr/bin/python3").unwrap();
    let copy = tempfile::tempdir().unwrap();
    let image = copy.path().join("python");
    let mut bytes = std::fs::read(&real).unwrap();
    bytes.extend_from_slice(b"\0portscope test: not the packaged file\0");
    std::fs::write(&image, &bytes).unwrap();
    std::fs::set_permissions(&image, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let script = "import socket,time\n\
        s=socket.socket();s.bind(('127.0.0.1',0));s.listen(8)\n\
        print(s.getsockname()[1],flush=True)\n\
        time.sleep(600)\n";
    // A fixed script, the paths as its arguments: nothing is built from text. The copy was just
    // written: another test's child forked meanwhile may hold it open for writing a moment, and
    // the exec inside the namespace then fails ("Text file busy"); try again.
    for _ in 0..20 {
        let mut child = common::spawn_fresh_copy(
            Command::new("unshare")
                .args(["--mount", "--propagation", "private", "sh", "-c"])
                .arg("mount --bind \"$1\" \"$2\" && exec \"$2\" -c \"$3\"")
                .arg("sh")
                .arg(&image)
                .arg(&real)
                .arg(script)
                .stdout(Stdio::piped()),
        );
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        );
        if let Ok(port) = line.trim().parse() {
            return ModifiedPython {
                listener: common::Listener { child, port },
                _copy: copy,
            };
        }
        let _ = child.kill();
        let _ = child.wait();
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the modified python never started in its namespace");
}

#[test]
#[ignore = "needs root: a private mount namespace with a bind mount"]
fn as_root_a_running_image_that_differs_from_its_package_is_high() {
    let real = std::fs::canonicalize("/usr/bin/python3").unwrap();
    let before = std::fs::read(&real).unwrap();
    let modified = modified_python();
    let row = row_when(modified.listener.port, settled);
    let p = row.process().unwrap();
    assert_eq!(
        p.path.as_deref(),
        Some(real.as_path()),
        "the package's path"
    );
    let package = p
        .origin
        .package
        .as_ref()
        .unwrap_or_else(|| panic!("{p:#?}"));
    assert_eq!(package.verified, Some(false), "{package:?}");
    assert_ne!(package.expected_digest, package.actual_digest);
    let finding = row
        .assessment
        .findings
        .iter()
        .find(|f| f.rule == RuleId::PackageFileModified)
        .unwrap_or_else(|| panic!("{:?}", row.assessment));
    assert_eq!(finding.level, RiskLevel::High);
    let portscope::model::Evidence::ModifiedPackageFile {
        package: named,
        expected,
        actual,
        ..
    } = &finding.evidence
    else {
        panic!("{finding:?}");
    };
    assert!(named.starts_with(&package.name), "{finding:?}");
    assert_eq!(*expected, package.expected_digest.clone().unwrap());
    assert_eq!(*actual, package.actual_digest.clone().unwrap());
    assert_eq!(
        std::fs::read(&real).unwrap(),
        before,
        "the host's file is untouched"
    );
}

#[test]
#[ignore = "needs root: creates cgroups under /sys/fs/cgroup"]
fn as_root_a_process_in_a_unit_cgroup_shows_the_unit_and_in_a_docker_scope_the_container() {
    let found = hierarchies();
    assert!(
        !found.is_empty(),
        "no writable cgroup hierarchy under /sys/fs/cgroup"
    );
    let first = &found[0];
    let last = found.last().unwrap();
    let unit = format!("portscope-test-{}.service", std::process::id());
    let service = common::spawn_listener_with("127.0.0.1", 0, false, "/usr/bin/python3");
    let _unit = CgroupGuard::place(first, &unit, service.child.id());
    let id = format!("{:064x}", u128::from(std::process::id()) << 64 | 0x3f2a);
    let container = common::spawn_listener_with("127.0.0.1", 0, false, "/usr/bin/python3");
    let _scope = CgroupGuard::place(last, &format!("docker-{id}.scope"), container.child.id());
    let mut poller = Poller::new();
    let row = row_when_with(&mut poller, service.port, |r| {
        !r.process().unwrap().origin.services.is_empty()
    });
    assert_eq!(
        row.process().unwrap().origin.services,
        std::slice::from_ref(&unit)
    );
    let row = row_when(container.port, |r| {
        r.process().unwrap().origin.container.is_some()
    });
    let c = row
        .process()
        .as_ref()
        .unwrap()
        .origin
        .container
        .clone()
        .unwrap();
    assert_eq!(
        (c.runtime, c.id.as_str()),
        (ContainerRuntime::Docker, id.as_str()),
        "{found:?}"
    );
    // Moved to another unit while the poller runs on: it is read again within REREAD_EVERY polls.
    let moved = format!("portscope-test-{}-moved.service", std::process::id());
    let _moved = CgroupGuard::place(first, &moved, service.child.id());
    let row = row_when_with(&mut poller, service.port, |r| {
        r.process().unwrap().origin.services == [moved.clone()]
    });
    assert_eq!(
        row.process().unwrap().origin.services,
        std::slice::from_ref(&moved)
    );
    let (out, _) = common::list(&["--format", "json", "--listening", "--tcp"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = json["rows"].as_array().unwrap();
    let of = |port: u16| &rows.iter().find(|r| r["local_port"] == port).unwrap()["process"];
    assert_eq!(of(service.port)["services"][0], moved.as_str());
    assert_eq!(of(container.port)["container"]["runtime"], "docker");
    assert_eq!(of(container.port)["container"]["id"], id.as_str());
}

/// An ordinary machine: whatever holds a socket here, no packaged program is reported as
/// modified (the clean-Debian promise, with the real database and real hashes). Processes this
/// test binary started are left out: another test runs a modified image on purpose.
#[test]
fn this_machine_shows_no_modified_package_file() {
    let listener = common::spawn_listener_with("127.0.0.1", 0, false, "/usr/bin/python3");
    let mut poller = Poller::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut snap = poller.poll();
    while poller.origins_pending() > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        snap = poller.poll();
    }
    assess_all(&mut snap.rows, snap.privileged, &TrustStore::in_memory());
    let me = std::process::id();
    let ours = |r: &SocketRow| {
        r.process()
            .as_ref()
            .is_some_and(|p| p.pid == me || p.origin.ancestry.iter().any(|a| a.pid == me))
    };
    let verified = snap
        .rows
        .iter()
        .filter_map(|r| r.process()?.origin.package.as_ref()?.verified)
        .filter(|v| *v)
        .count();
    assert!(verified >= 1, "at least our own python3 is checked");
    assert!(snap.rows.iter().any(|r| r.local_port == listener.port));
    for row in snap.rows.iter().filter(|r| !ours(r)) {
        assert!(
            row.assessment
                .findings
                .iter()
                .all(|f| f.rule != RuleId::PackageFileModified),
            "{:?}",
            row.process()
        );
    }
}
