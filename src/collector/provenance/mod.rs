//! Where a program comes from (issue 16): the package that installed its file and whether the
//! running image still is that file, its service unit and container (from the cgroup), and the
//! chain of processes that started it.
//!
//! The text work (cgroup paths, launch chains, bundle paths, `rpm`'s answers, dpkg's files) is
//! pure and shared with the recorded systems. On Linux, [`system::ProvenanceTracker`] reads the
//! facts for each new process identity on the poll thread (a few small files), and hands package
//! lookups and the hashing of `/proc/<pid>/exe` to one worker thread ([`worker`]): a poll never
//! waits for a hash. Until the worker answers, the row says "checking…"; a later poll fills it in.

pub mod cgroup;
pub mod rpm;
pub mod signature;

#[cfg(any(target_os = "linux", target_os = "android"))]
pub mod dpkg;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub mod system;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub mod worker;

use std::collections::HashSet;

use crate::model::{Ancestor, Package, PackageManager};

/// The longest launch chain kept: a fork bomb's depth is not worth a row's memory.
pub const MAX_ANCESTRY: usize = 24;

/// Programs that start and supervise services: a launch chain ends at one.
const SERVICE_MANAGERS: &[&str] = &[
    "systemd",
    "init",
    "launchd",
    "runit",
    "runsvdir",
    "s6-svscan",
    "supervisord",
    "services.exe",
    "wininit.exe",
];

/// The processes that started `parent` and on, nearest first: each one's name and parent from
/// `lookup(pid) -> (name, parent)`. It ends at PID 1, at a service manager (kept, as the last
/// entry), at a process that can't be read, after [`MAX_ANCESTRY`] entries, or where the chain
/// loops (a PID seen before).
pub fn ancestry(
    parent: Option<u32>,
    mut lookup: impl FnMut(u32) -> Option<(String, Option<u32>)>,
) -> Vec<Ancestor> {
    let mut chain = Vec::new();
    let mut seen = HashSet::new();
    let mut next = parent.filter(|&p| p != 0);
    while let Some(pid) = next {
        if chain.len() >= MAX_ANCESTRY || !seen.insert(pid) {
            break;
        }
        let Some((name, parent)) = lookup(pid) else {
            break;
        };
        let manager = SERVICE_MANAGERS.contains(&name.as_str());
        chain.push(Ancestor { pid, name });
        if pid == 1 || manager {
            break;
        }
        next = parent.filter(|&p| p != 0);
    }
    chain
}

/// A package named by where the program runs from, without any database: a Snap
/// (`/snap/<name>/<revision>/…`) or an AppImage (mounted at `/tmp/.mount_<name>…/`). The
/// `appimage` argument is the image's own file (`$APPIMAGE`), where known. Neither can be
/// verified here (a Snap's squashfs is checked by snapd, an AppImage by nobody): `verified` is
/// `None`.
pub fn bundle_of_path(path: &str, appimage: Option<&str>) -> Option<Package> {
    if let Some(rest) = path.strip_prefix("/snap/") {
        let mut parts = rest.split('/');
        let name = parts.next().filter(|n| !n.is_empty() && *n != "bin")?;
        let revision = parts.next().filter(|r| !r.is_empty());
        return Some(unverified(PackageManager::Snap, name, revision));
    }
    if let Some(rest) = path.strip_prefix("/tmp/.mount_") {
        let mount = rest.split('/').next().filter(|m| !m.is_empty())?;
        let name = appimage
            .and_then(|a| a.rsplit('/').next())
            .filter(|n| !n.is_empty())
            .unwrap_or(mount);
        return Some(unverified(PackageManager::AppImage, name, None));
    }
    None
}

fn unverified(manager: PackageManager, name: &str, version: Option<&str>) -> Package {
    Package {
        manager,
        name: crate::model::text::show_invisible(name).into_owned(),
        version: version.map(|v| crate::model::text::show_invisible(v).into_owned()),
        verified: None,
        expected_digest: None,
        actual_digest: None,
        update_verified: None,
    }
}

/// The Flatpak a process runs in, from its sandbox's `/.flatpak-info` (an ini file:
/// `[Application] name=…`, `[Instance] branch=…`).
pub fn flatpak_of_info(text: &str) -> Option<Package> {
    let mut section = "";
    let (mut name, mut branch) = (None, None);
    for line in text.lines().take(200).map(str::trim) {
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s;
        } else if let Some((key, value)) = line.split_once('=') {
            match (section, key.trim()) {
                ("Application" | "Runtime", "name") if name.is_none() => name = Some(value.trim()),
                ("Instance", "branch") => branch = Some(value.trim()),
                _ => {}
            }
        }
    }
    let name = name.filter(|n| !n.is_empty() && n.len() <= 255)?;
    Some(unverified(PackageManager::Flatpak, name, branch))
}

/// The text of `$APPIMAGE` in a process environment block (`/proc/<pid>/environ`).
pub fn appimage_of_environ(environ: &[u8]) -> Option<String> {
    environ
        .split(|b| *b == 0)
        .find_map(|v| v.strip_prefix(b"APPIMAGE="))
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn table(entries: &[(u32, &str, u32)]) -> HashMap<u32, (String, Option<u32>)> {
        entries
            .iter()
            .map(|&(pid, name, parent)| (pid, (name.to_owned(), Some(parent))))
            .collect()
    }

    #[test]
    fn ancestry_runs_nearest_first_to_pid_1_or_a_service_manager() {
        let t = table(&[(30, "bash", 20), (20, "sshd", 1), (1, "systemd", 0)]);
        let chain = ancestry(Some(30), |p| t.get(&p).cloned());
        let names: Vec<_> = chain.iter().map(|a| (a.pid, a.name.as_str())).collect();
        assert_eq!(names, [(30, "bash"), (20, "sshd"), (1, "systemd")]);
        // The user's own systemd ends the chain too.
        let t = table(&[(900, "systemd", 1), (1, "systemd", 0)]);
        assert_eq!(ancestry(Some(900), |p| t.get(&p).cloned()).len(), 1);
        assert!(ancestry(None, |p| t.get(&p).cloned()).is_empty());
        assert!(ancestry(Some(0), |p| t.get(&p).cloned()).is_empty());
    }

    #[test]
    fn ancestry_is_bounded_and_loop_safe() {
        let t = table(&[(5, "a", 6), (6, "b", 5)]);
        assert_eq!(ancestry(Some(5), |p| t.get(&p).cloned()).len(), 2);
        let t = table(&[(7, "self", 7)]);
        assert_eq!(ancestry(Some(7), |p| t.get(&p).cloned()).len(), 1);
        let deep: HashMap<u32, (String, Option<u32>)> = (2..10_000)
            .map(|p| (p, ("sh".to_owned(), Some(p + 1))))
            .collect();
        assert_eq!(
            ancestry(Some(2), |p| deep.get(&p).cloned()).len(),
            MAX_ANCESTRY
        );
        // A vanished parent ends the chain where it is.
        let t = table(&[(30, "bash", 20)]);
        assert_eq!(ancestry(Some(30), |p| t.get(&p).cloned()).len(), 1);
    }

    #[test]
    fn snaps_and_appimages_are_named_by_their_paths() {
        let snap = bundle_of_path("/snap/firefox/4848/usr/lib/firefox/firefox", None).unwrap();
        assert_eq!(
            (snap.manager, snap.name.as_str()),
            (PackageManager::Snap, "firefox")
        );
        assert_eq!(snap.version.as_deref(), Some("4848"));
        assert_eq!(snap.verified, None);
        assert_eq!(bundle_of_path("/snap/bin/x", None), None);
        let app = bundle_of_path(
            "/tmp/.mount_KritaXb3c9/usr/bin/krita",
            Some("/home/a/krita-5.2.AppImage"),
        )
        .unwrap();
        assert_eq!(
            (app.manager, app.name.as_str()),
            (PackageManager::AppImage, "krita-5.2.AppImage")
        );
        let bare = bundle_of_path("/tmp/.mount_KritaXb3c9/AppRun", None).unwrap();
        assert_eq!(bare.name, "KritaXb3c9");
        assert_eq!(bundle_of_path("/usr/bin/python3.11", None), None);
        assert_eq!(bundle_of_path("/tmp/.mount_", None), None);
    }

    #[test]
    fn flatpak_info_names_the_application() {
        let info = "[Application]\nname=org.mozilla.firefox\nruntime=runtime/org.freedesktop.Platform/x86_64/23.08\n\n[Instance]\ninstance-id=123\nbranch=stable\n";
        let p = flatpak_of_info(info).unwrap();
        assert_eq!(
            (p.manager, p.name.as_str()),
            (PackageManager::Flatpak, "org.mozilla.firefox")
        );
        assert_eq!(p.version.as_deref(), Some("stable"));
        assert_eq!(flatpak_of_info("[Application]\nname=\n"), None);
        assert_eq!(flatpak_of_info("\u{0}\u{1}garbage"), None);
        let hostile = flatpak_of_info("[Application]\nname=evil\u{202e}app\n").unwrap();
        assert!(!hostile.name.contains('\u{202e}'), "{}", hostile.name);
    }

    #[test]
    fn appimage_variable_from_an_environment_block() {
        let env = b"HOME=/home/a\0APPIMAGE=/home/a/x.AppImage\0PATH=/bin\0";
        assert_eq!(
            appimage_of_environ(env).as_deref(),
            Some("/home/a/x.AppImage")
        );
        assert_eq!(appimage_of_environ(b"HOME=/\0"), None);
    }
}
