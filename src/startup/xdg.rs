//! XDG autostart (the Desktop Application Autostart spec): `.desktop` files in the user's
//! `$XDG_CONFIG_HOME/autostart` and in each `$XDG_CONFIG_DIRS/autostart`. A user's file of the
//! same name replaces the system's; the first system folder wins among them. An entry is inert
//! with `Hidden=true` or `X-GNOME-Autostart-enabled=false`. Disabling writes `Hidden=true`: into
//! the user's own file, or into a new user file that overrides the system's (a copy of it).

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::PathBuf;

use super::exec::{desktop_false, desktop_true, desktop_value, exec_args};
use super::{Change, Entry, Findings, Kind, Saved, Scope, bytes_text, id_of, journal, text};
use crate::files::Perms;

/// The largest autostart file looked at; a real one is a few hundred bytes.
const MAX_FILE: usize = 4 * 1024 * 1024;

/// `bytes` with `Hidden=true` as the main group's `Hidden` key (replacing one there, else right
/// after the `[Desktop Entry]` line). `None` without a main group.
pub fn with_hidden(bytes: &[u8]) -> Option<Vec<u8>> {
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let header = lines
        .iter()
        .position(|l| l.trim_ascii() == b"[Desktop Entry]")?;
    let end = lines[header + 1..]
        .iter()
        .position(|l| l.trim_ascii_start().starts_with(b"["))
        .map_or(lines.len(), |p| header + 1 + p);
    let hidden = (header + 1..end).find(|&i| {
        let l = lines[i].trim_ascii_start();
        l.strip_prefix(b"Hidden")
            .is_some_and(|r| r.trim_ascii_start().starts_with(b"="))
    });
    let mut out: Vec<&[u8]> = lines.clone();
    match hidden {
        Some(i) => out[i] = b"Hidden=true",
        None => out.insert(header + 1, b"Hidden=true"),
    }
    Some(out.join(&b'\n'))
}

/// Whether a desktop file starts nothing.
fn inert(bytes: &[u8]) -> bool {
    desktop_true(bytes, "Hidden") || desktop_false(bytes, "X-GNOME-Autostart-enabled")
}

/// The XDG autostart entries that run the program.
pub fn find(scope: &Scope, found: &mut Findings) {
    let user_dir = scope.user.config_home.join("autostart");
    let mut names = BTreeSet::new();
    for dir in std::iter::once(&user_dir).chain(&scope.roots.xdg_system) {
        names.extend(
            found
                .names(dir)
                .into_iter()
                .filter(|n| n.as_encoded_bytes().ends_with(b".desktop")),
        );
    }
    for name in names {
        entry(scope, &user_dir, &name, found);
    }
}

/// Read an autostart file if it is usable (bounded size), noting why not.
fn read(path: &std::path::Path, found: &mut Findings) -> Option<Saved> {
    let saved = found.read(path)?;
    if saved.bytes.len() > MAX_FILE {
        found.unreadable(path, format!("larger than {} MiB", MAX_FILE >> 20));
        return None;
    }
    Some(saved)
}

fn entry(scope: &Scope, user_dir: &std::path::Path, name: &OsString, found: &mut Findings) {
    let user_path = user_dir.join(name);
    let user = read(&user_path, found);
    let system: Option<(PathBuf, Saved)> = scope.roots.xdg_system.iter().find_map(|d| {
        let p = d.join(name);
        read(&p, found).map(|s| (p, s))
    });
    let (path, effective) = match (&user, &system) {
        (Some(u), _) => (user_path.clone(), u),
        (None, Some((p, s))) => (p.clone(), s),
        (None, None) => return,
    };
    // An override may carry only `Hidden=true`: then what it hides is the system file's Exec.
    let exec = desktop_value(&effective.bytes, "Exec").or_else(|| {
        system
            .as_ref()
            .and_then(|(_, s)| desktop_value(&s.bytes, "Exec"))
    });
    let Some(exec) = exec else {
        return;
    };
    let Some(program) = exec_args(&exec).and_then(|a| a.into_iter().next()) else {
        return;
    };
    if !scope.runs(&program) {
        return;
    }
    let enabled = !inert(&effective.bytes);
    let plan = if enabled {
        plan(
            scope,
            &user_path,
            user.as_ref(),
            system.as_ref().map(|(_, s)| s),
        )
    } else {
        Vec::new()
    };
    found.entries.push(Entry {
        id: id_of(
            Kind::XdgAutostart,
            &[&journal::path_bytes(user_dir), name.as_encoded_bytes()],
        ),
        kind: Kind::XdgAutostart,
        path: text(&path),
        command: bytes_text(&exec),
        enabled,
        disabled_by_portscope: false,
        wanted_by: Vec::new(),
        plan,
        unit: None,
    });
}

/// The one file change that hides the entry: the user's file gets `Hidden=true`, or a new user
/// file (the system file with `Hidden=true`, owned by the user) overrides the system's.
fn plan(
    scope: &Scope,
    user_path: &std::path::Path,
    user: Option<&Saved>,
    system: Option<&Saved>,
) -> Vec<Change> {
    let path = journal::path_bytes(user_path);
    let change = match (user, system) {
        (Some(u), _) => with_hidden(&u.bytes).map(|bytes| Change::File {
            path,
            before: Some(u.clone()),
            after: Some(Saved {
                bytes,
                perms: u.perms,
            }),
        }),
        (None, Some(s)) => with_hidden(&s.bytes).map(|bytes| Change::File {
            path,
            before: None,
            after: Some(Saved {
                bytes,
                perms: Perms {
                    mode: 0o644,
                    uid: scope.user.uid,
                    gid: scope.user.gid,
                },
            }),
        }),
        (None, None) => None,
    };
    change.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_is_added_after_the_header_or_replaces_the_old_key() {
        let plain = b"[Desktop Entry]\nExec=/x\n";
        assert_eq!(
            with_hidden(plain).unwrap(),
            b"[Desktop Entry]\nHidden=true\nExec=/x\n"
        );
        let shown =
            b"# c\n[Desktop Entry]\nHidden = false\nExec=/x\n[Desktop Action a]\nHidden=false\n";
        let hidden = with_hidden(shown).unwrap();
        assert_eq!(
            hidden,
            b"# c\n[Desktop Entry]\nHidden=true\nExec=/x\n[Desktop Action a]\nHidden=false\n"
        );
        assert!(inert(&hidden));
        assert_eq!(with_hidden(b"Exec=/x\n"), None);
    }
}
