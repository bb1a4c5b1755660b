//! PortScope's own files as an attacker or an unlucky user leaves them: the config folder of
//! another user under `sudo -E`, and the messages for failed saves.

#[cfg(target_os = "linux")]
use std::path::Path;
#[cfg(target_os = "linux")]
use std::process::Command;

use portscope::i18n::{Lang, Tr};
use portscope::model::Protocol;
use portscope::risk::{TrustEntry, TrustStore};

#[cfg(target_os = "linux")]
use crate::common::portscope_bin;

/// Run `args` as nobody (the planting user), failing the test if it fails.
#[cfg(target_os = "linux")]
fn as_nobody(args: &[&str]) {
    let status = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "as nobody: {args:?}");
}

#[cfg(target_os = "linux")]
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Issue 14, bug 2: run as root with an ordinary user's HOME (`sudo -E portscope`), PortScope
/// used wherever that user's `~/.config/portscope` link pointed, e.g. a folder only root may
/// write: it read the list there and moved its file aside. Now the folder is not used, and the
/// user is told so on stderr.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
fn as_root_a_users_config_link_is_not_followed() {
    use std::os::unix::fs::PermissionsExt as _;
    assert!(
        nix::unistd::geteuid().is_root(),
        "needs root to act as root with another user's home"
    );
    let top = tempfile::tempdir().unwrap();
    std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    // A folder only root may write, holding a (corrupt) list PortScope would move aside.
    let root_only = top.path().join("root-only");
    std::fs::create_dir(&root_only).unwrap();
    std::fs::set_permissions(&root_only, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(root_only.join("trusted.json"), "{ not a list").unwrap();
    // The user's home, and the link planted by the user.
    let home = top.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::os::unix::fs::chown(&home, Some(65534), Some(65534)).unwrap();
    let config = home.join(".config");
    let link = config.join("portscope");
    as_nobody(&["mkdir", config.to_str().unwrap()]);
    as_nobody(&[
        "ln",
        "-s",
        root_only.to_str().unwrap(),
        link.to_str().unwrap(),
    ]);

    let out = Command::new(portscope_bin())
        .args(["list", "--format", "json", "--listening"])
        .env("HOME", &home)
        .env("LC_ALL", "C")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("PORTSCOPE_CONFIG_DIR")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        names_in(&root_only),
        ["trusted.json"],
        "nothing moved or added"
    );
    assert_eq!(
        std::fs::read_to_string(root_only.join("trusted.json")).unwrap(),
        "{ not a list"
    );
    let told = stderr
        .lines()
        .filter(|l| l.contains("does not use the folder"))
        .collect::<Vec<_>>();
    assert_eq!(told.len(), 1, "told once: {stderr}");
    assert!(told[0].contains(&link.display().to_string()), "{stderr}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = doc["warnings"].to_string();
    assert!(
        !warnings.contains(&root_only.display().to_string()),
        "the link's list was not read: {warnings}"
    );
}

/// Issue 14, rough edge: a failed baseline save said "cannot save the trust list".
#[test]
fn a_failed_baseline_save_names_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config").join("baseline.json");
    let (mut store, _) = TrustStore::open(&path);
    // Then a file where the folder should be: the save cannot create its folder.
    std::fs::write(dir.path().join("config"), "").unwrap();
    let entry = TrustEntry {
        path: "/usr/bin/sshd".into(),
        port: 22,
        protocol: Protocol::Tcp,
    };
    let failed = store.add(entry).expect_err("the folder cannot be made");
    for lang in [Lang::En, Lang::Zh] {
        let text = portscope::app::list_problem_text(&failed, true, &Tr::new(lang));
        assert!(
            !text.contains("trust list") && !text.contains("信任"),
            "{text}"
        );
        assert!(text.contains(&path.display().to_string()), "{text}");
    }
    let text = portscope::app::list_problem_text(&failed, true, &Tr::new(Lang::En));
    assert!(text.contains("baseline"), "{text}");
}
