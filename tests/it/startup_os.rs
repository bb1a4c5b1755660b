//! "It will start again" (issue 18) on this very Debian: real autostart entries whose program
//! is a listener the test started (a copy of python3 with a name of its own): an XDG autostart
//! file in a temporary HOME, cron `@reboot` lines in /etc/cron.d and a user's crontab, and a
//! systemd unit found through a real cgroup with a wants link under /etc/systemd/system.
//! `startup --pid` lists each, `disable` makes it inert (the files are checked), `enable` puts
//! the bytes, mode and owner back. Everything the tests write is removed by Drop guards.
#![cfg(target_os = "linux")]

use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::{self, Listener};

/// A temporary HOME, XDG folders, config folder and a uniquely named copy of python3 that
/// listens on loopback.
struct World {
    dir: tempfile::TempDir,
    exe: PathBuf,
    listener: Listener,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        // Others (nobody, in the rights test) may walk into it.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let exe = bin.join(format!("portscope-autostart-{}", std::process::id()));
        std::fs::copy("/usr/bin/python3", &exe).unwrap();
        let listener = common::spawn_listener_with("127.0.0.1", 0, false, exe.to_str().unwrap());
        for d in ["home/.config/autostart", "xdg/autostart", "config"] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        World { dir, exe, listener }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    fn pid(&self) -> String {
        self.listener.child.id().to_string()
    }

    fn portscope(&self, args: &[&str]) -> Command {
        let mut c = Command::new(common::portscope_bin());
        let path = format!(
            "{}:{}",
            self.path("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        c.args(args)
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("home/.config"))
            .env("XDG_CONFIG_DIRS", self.path("xdg"))
            .env("PORTSCOPE_CONFIG_DIR", self.path("config"))
            .env("PATH", path)
            .env("LANG", "C");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.portscope(args).output().unwrap()
    }

    /// `startup --pid <listener> --format json`'s entries.
    fn entries(&self) -> Vec<Value> {
        let out = self.run(&["startup", "--pid", &self.pid(), "--format", "json"]);
        let doc: Value = common::json_stdout(&out);
        doc["entries"].as_array().unwrap().clone()
    }

    fn entry(&self, path: &Path) -> Value {
        let text = path.to_str().unwrap();
        let all = self.entries();
        all.iter()
            .find(|e| e["path"] == text)
            .unwrap_or_else(|| panic!("no entry for {text}: {all:#?}"))
            .clone()
    }

    fn change(&self, verb: &str, id: &str) -> Output {
        let out = self.run(&["startup", verb, id, "--pid", &self.pid(), "--yes"]);
        assert!(
            out.status.success(),
            "startup {verb} {id}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

/// A file's bytes, mode and owner.
fn state(path: &Path) -> (Vec<u8>, u32, u32, u32) {
    let m = std::fs::symlink_metadata(path).unwrap();
    (std::fs::read(path).unwrap(), m.mode(), m.uid(), m.gid())
}

fn put(path: &Path, bytes: &[u8], mode: u32) {
    std::fs::write(path, bytes).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn an_xdg_autostart_file_that_runs_a_listener_is_listed_disabled_and_restored() {
    let w = World::new();
    let name = w.exe.file_name().unwrap().to_str().unwrap().to_owned();
    // The user's own file runs it by its bare name, found through PATH.
    let own = w.path("home/.config/autostart/own.desktop");
    let own_bytes = format!(
        "[Desktop Entry]\nType=Application\nName=\u{202e}x\nExec=\"{name}\" -m http.server %U\n"
    );
    put(&own, own_bytes.as_bytes(), 0o640);
    // A system file runs it by its path.
    let sys = w.path("xdg/autostart/sys.desktop");
    let sys_bytes = format!("[Desktop Entry]\nExec={} --serve\n", w.exe.display());
    put(&sys, sys_bytes.as_bytes(), 0o644);
    let before = state(&own);

    let e = w.entry(&own);
    assert_eq!(e["kind"], "xdg-autostart");
    assert_eq!(e["enabled"], true);
    assert_eq!(e["disabled_by_portscope"], false);
    assert_eq!(e["command"], format!("\"{name}\" -m http.server %U"));
    let own_id = e["id"].as_str().unwrap().to_owned();
    let sys_id = w.entry(&sys)["id"].as_str().unwrap().to_owned();

    w.change("disable", &own_id);
    let hidden = std::fs::read_to_string(&own).unwrap();
    assert!(
        hidden.starts_with("[Desktop Entry]\nHidden=true\n"),
        "{hidden}"
    );
    assert_eq!(state(&own).1, before.1, "mode kept");
    let e = w.entry(&own);
    assert_eq!(
        (e["enabled"].clone(), e["disabled_by_portscope"].clone()),
        (false.into(), true.into())
    );
    assert_eq!(e["id"], own_id.as_str(), "the id is stable");

    // The system file: a user override hides it, the system file stays as it was.
    w.change("disable", &sys_id);
    let over = w.path("home/.config/autostart/sys.desktop");
    assert!(
        std::fs::read_to_string(&over)
            .unwrap()
            .contains("Hidden=true")
    );
    assert_eq!(std::fs::read(&sys).unwrap(), sys_bytes.as_bytes());
    assert_eq!(w.entry(&over)["enabled"], false);

    w.change("enable", &own_id);
    w.change("enable", &sys_id);
    assert_eq!(state(&own), before, "bytes and mode back");
    assert!(!over.exists(), "the override is gone");
    assert_eq!(w.entry(&sys)["enabled"], true);
    // Nothing left to enable.
    let again = w.run(&["startup", "enable", &own_id, "--yes"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("has not disabled"));
}

/// Files the test put in system folders, removed on drop (also when it fails).
struct Planted(Vec<PathBuf>);

impl Drop for Planted {
    fn drop(&mut self) {
        for p in self.0.iter().rev() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// `startup disable ID` as nobody exits 1 with "needs administrator rights".
fn assert_nobody_may_not_disable(w: &World, id: &str) {
    let nobody_config = w.path("nobody-config");
    std::fs::create_dir(&nobody_config).unwrap();
    std::fs::set_permissions(&nobody_config, std::fs::Permissions::from_mode(0o777)).unwrap();
    let nobody = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(common::portscope_bin())
        .args(["startup", "disable", id, "--exe"])
        .arg(&w.exe)
        .arg("--yes")
        .env("PORTSCOPE_CONFIG_DIR", &nobody_config)
        .env("HOME", w.path("home"))
        .output()
        .unwrap();
    assert_eq!(nobody.status.code(), Some(1), "{nobody:?}");
    assert!(
        String::from_utf8_lossy(&nobody.stderr).contains("needs administrator rights"),
        "{}",
        String::from_utf8_lossy(&nobody.stderr)
    );
}

#[test]
#[ignore = "needs root: writes /etc/cron.d and /var/spool/cron/crontabs"]
fn as_root_cron_reboot_lines_are_commented_out_and_restored_and_nobody_may_not() {
    let w = World::new();
    let spool = Path::new("/var/spool/cron/crontabs");
    assert!(
        spool.is_dir(),
        "cron is not installed (.ci/run installs it)"
    );
    let unique = format!("portscope-test-{}", std::process::id());
    let system = PathBuf::from("/etc/cron.d").join(&unique);
    let user_tab = spool.join("nobody");
    assert!(
        !user_tab.exists(),
        "nobody has a crontab already: not ours to touch"
    );
    let mut planted = Planted(vec![system.clone()]);
    let system_bytes = format!(
        "# test\nSHELL=/bin/sh\n@reboot root {} --serve >/dev/null 2>&1\n",
        w.exe.display()
    );
    put(&system, system_bytes.as_bytes(), 0o644);
    planted.0.push(user_tab.clone());
    put(
        &user_tab,
        format!("@reboot {} -q\n", w.exe.display()).as_bytes(),
        0o600,
    );
    std::os::unix::fs::chown(&user_tab, Some(65534), None).unwrap();
    let system_before = state(&system);
    let user_before = state(&user_tab);

    let sys_id = w.entry(&system)["id"].as_str().unwrap().to_owned();
    let user = w.entry(&user_tab);
    assert_eq!(
        (user["kind"].as_str(), user["enabled"].as_bool()),
        (Some("cron"), Some(true))
    );
    let user_id = user["id"].as_str().unwrap().to_owned();

    // As nobody: the system crontab is not theirs to write.
    assert_nobody_may_not_disable(&w, &sys_id);
    assert_eq!(state(&system), system_before, "nothing changed");

    let spool_mtime = std::fs::metadata(spool).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    w.change("disable", &sys_id);
    w.change("disable", &user_id);
    let commented = std::fs::read_to_string(&system).unwrap();
    assert!(
        commented.contains(&format!("\n#portscope-disabled {sys_id}: @reboot root ")),
        "{commented}"
    );
    let (_, mode, uid, gid) = state(&system);
    assert_eq!(
        (mode, uid, gid),
        (system_before.1, system_before.2, system_before.3)
    );
    let (_, mode, uid, _) = state(&user_tab);
    assert_eq!(
        (mode, uid),
        (user_before.1, user_before.2),
        "mode and owner kept"
    );
    assert!(
        std::fs::metadata(spool).unwrap().modified().unwrap() > spool_mtime,
        "the spool folder's mtime moved, so cron reads it again"
    );
    assert_eq!(w.entry(&system)["enabled"], false);
    assert_eq!(w.entry(&user_tab)["disabled_by_portscope"], true);

    w.change("enable", &sys_id);
    w.change("enable", &user_id);
    assert_eq!(state(&system), system_before);
    assert_eq!(state(&user_tab), user_before);
}

#[test]
#[ignore = "needs root: creates a cgroup and a unit under /etc/systemd/system"]
fn as_root_a_unit_found_through_the_cgroup_is_unlinked_and_linked_again() {
    let w = World::new();
    let hierarchy = common::cgroup::hierarchies()
        .into_iter()
        .next()
        .expect("a writable cgroup hierarchy under /sys/fs/cgroup");
    let unit = format!("portscope-test-{}.service", std::process::id());
    let unit_file = PathBuf::from("/etc/systemd/system").join(&unit);
    let wants = Path::new("/etc/systemd/system/multi-user.target.wants");
    let link = wants.join(&unit);
    let mut planted = Planted(vec![unit_file.clone()]);
    // It does not run the program: only the cgroup ties the unit to it.
    put(
        &unit_file,
        b"[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n",
        0o644,
    );
    let made_wants = !wants.exists();
    std::fs::create_dir_all(wants).unwrap();
    planted.0.push(link.clone());
    std::os::unix::fs::symlink(&unit_file, &link).unwrap();
    let _cgroup = common::cgroup::CgroupGuard::place(&hierarchy, &unit, w.listener.child.id());

    let e = w.entry(&unit_file);
    assert_eq!(e["kind"], "systemd");
    assert_eq!(e["enabled"], true);
    assert_eq!(e["wanted_by"], serde_json::json!(["multi-user.target"]));
    let id = e["id"].as_str().unwrap().to_owned();
    assert!(
        !Path::new("/run/systemd/system").exists(),
        "this test runs where systemd is not PID 1"
    );
    w.change("disable", &id);
    assert!(
        std::fs::symlink_metadata(&link).is_err(),
        "the wants link is gone"
    );
    let e = w.entry(&unit_file);
    assert_eq!(
        (e["enabled"].as_bool(), e["disabled_by_portscope"].as_bool()),
        (Some(false), Some(true))
    );
    w.change("enable", &id);
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        unit_file,
        "the same link is back"
    );
    drop(planted);
    if made_wants {
        let _ = std::fs::remove_dir(wants);
    }
}

#[test]
#[ignore = "needs root: runs portscope as nobody"]
fn as_root_nobody_disables_and_enables_their_own_autostart_file_without_rights() {
    let w = World::new();
    // nobody's own HOME and config folder, inside the test's folder.
    for d in ["home", "home/.config", "home/.config/autostart", "config"] {
        std::os::unix::fs::chown(w.path(d), Some(65534), Some(65534)).unwrap();
    }
    let own = w.path("home/.config/autostart/own.desktop");
    put(
        &own,
        format!("[Desktop Entry]\nExec={} -q\n", w.exe.display()).as_bytes(),
        0o644,
    );
    std::os::unix::fs::chown(&own, Some(65534), Some(65534)).unwrap();
    let before = state(&own);
    let as_nobody = |args: &[&str]| {
        let c = w.portscope(args);
        let program = c.get_program().to_owned();
        let mut n = Command::new("setpriv");
        n.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(program)
            .args(c.get_args());
        for (k, v) in c.get_envs() {
            if let Some(v) = v {
                n.env(k, v);
            }
        }
        n.output().unwrap()
    };
    let exe = w.exe.to_str().unwrap();
    let listed: Value =
        common::json_stdout(&as_nobody(&["startup", "--exe", exe, "--format", "json"]));
    let entry = listed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == own.to_str().unwrap())
        .cloned();
    let id = entry.unwrap_or_else(|| panic!("{listed:#}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let off = as_nobody(&["startup", "disable", &id, "--exe", exe, "--yes"]);
    assert!(
        off.status.success(),
        "{}",
        String::from_utf8_lossy(&off.stderr)
    );
    assert!(
        std::fs::read_to_string(&own)
            .unwrap()
            .contains("Hidden=true")
    );
    let on = as_nobody(&["startup", "enable", &id, "--yes"]);
    assert!(
        on.status.success(),
        "{}",
        String::from_utf8_lossy(&on.stderr)
    );
    assert_eq!(state(&own), before, "bytes, mode and owner back");
}
