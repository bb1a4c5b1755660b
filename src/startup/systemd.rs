//! systemd units: the unit the process runs in (its cgroup, `Origin::services`) and every
//! `.service` file whose `ExecStart` runs the program, in the system folders (first wins) and
//! the user's `~/.config/systemd/user`. A unit is enabled when a `*.wants/` or `*.requires/`
//! folder beside it holds a link named after it; what wants it is that folder's unit.
//! Disabling removes those links (recorded first), or asks `systemctl disable --now` where
//! systemd is the service manager.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::exec::{MAX_LINE, shell_program};
use super::{Change, Entry, Findings, Kind, Scope, bytes_text, id_of, journal, text};

/// The programs a unit file's `ExecStart=` lines run (prefixes `-@:+!` dropped), with the
/// line's command as written.
fn exec_starts(file: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for line in file.split(|b| *b == b'\n') {
        if line.len() > MAX_LINE {
            continue;
        }
        let Some(value) = line.trim_ascii().strip_prefix(b"ExecStart") else {
            continue;
        };
        let Some(value) = value.trim_ascii_start().strip_prefix(b"=") else {
            continue;
        };
        let command = value.trim_ascii();
        let bare = {
            let mut c = command;
            while let [b'-' | b'@' | b':' | b'+' | b'!', rest @ ..] = c {
                c = rest;
            }
            c
        };
        if let Some(program) = shell_program(bare) {
            out.push((program, command.to_vec()));
        }
    }
    out
}

/// The `.wants`/`.requires` links to `unit` in the folders `dirs`, and the units that want it.
fn links_to(unit: &str, dirs: &[PathBuf], found: &mut Findings) -> (Vec<Change>, Vec<String>) {
    let mut changes = Vec::new();
    let mut wanted_by = Vec::new();
    for dir in dirs {
        for sub in found.names(dir) {
            let sub_text = sub.to_string_lossy();
            let Some(wanter) = sub_text
                .strip_suffix(".wants")
                .or_else(|| sub_text.strip_suffix(".requires"))
            else {
                continue;
            };
            let link = dir.join(&sub).join(unit);
            if let Ok(target) = std::fs::read_link(&link) {
                changes.push(Change::Link {
                    path: journal::path_bytes(&link),
                    target: journal::path_bytes(&target),
                });
                wanted_by.push(wanter.to_owned());
            }
        }
    }
    (changes, wanted_by)
}

/// The unit files in `dirs` that run the program or are named in `units` (first folder wins).
fn unit_files(
    scope: &Scope,
    dirs: &[PathBuf],
    found: &mut Findings,
) -> Vec<(String, PathBuf, Vec<u8>)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for dir in dirs {
        for name in found.names(dir) {
            let Some(unit) = name.to_str().filter(|n| n.ends_with(".service")) else {
                continue;
            };
            if !seen.insert(unit.to_owned()) {
                continue;
            }
            let path = dir.join(unit);
            // Only regular files: a link (an alias, a mask to /dev/null) is not followed.
            if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                continue;
            }
            let Some(saved) = found.read(&path) else {
                continue;
            };
            let starts = exec_starts(&saved.bytes);
            let runs = starts.iter().find(|(p, _)| scope.runs(p));
            let named = scope.units.iter().any(|u| u == unit);
            if runs.is_some() || named {
                let command = runs
                    .or(starts.first())
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default();
                out.push((unit.to_owned(), path, command));
            }
        }
    }
    out
}

/// The systemd units that start the program.
pub fn find(scope: &Scope, found: &mut Findings) {
    let user_dirs = vec![scope.user.config_home.join("systemd").join("user")];
    for (dirs, system) in [(scope.roots.systemd.clone(), true), (user_dirs, false)] {
        for (unit, path, command) in unit_files(scope, &dirs, found) {
            let (plan, wanted_by) = links_to(&unit, &dirs, found);
            found.entries.push(Entry {
                id: id_of(Kind::Systemd, &[&journal::path_bytes(&path)]),
                kind: Kind::Systemd,
                path: text(&path),
                command: bytes_text(&command),
                enabled: !plan.is_empty(),
                disabled_by_portscope: false,
                wanted_by,
                plan,
                // systemctl is asked only for system units; a user's are unlinked here.
                unit: system.then_some(unit),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_start_lines_name_their_program() {
        let file = b"[Service]\nExecStartPre=/bin/true\nExecStart=-/usr/bin/x --y\nExecStart = @/opt/z z\n";
        let got = exec_starts(file);
        assert_eq!(got[0].0, b"/usr/bin/x");
        assert_eq!(got[0].1, b"-/usr/bin/x --y");
        assert_eq!(got[1].0, b"/opt/z");
        assert_eq!(got.len(), 2);
    }
}
