//! Entries that are one line of a file: cron `@reboot` lines (users' crontabs, `/etc/crontab`,
//! `/etc/cron.d/*`) and lines of `/etc/rc.local`. Disabling comments the line out with a marker
//! that names the entry; the rest of the file, its mode and its owner stay as they were.

use std::path::Path;

use super::exec::{MAX_LINE, shell_program};
use super::{Change, Entry, Findings, Kind, Saved, Scope, bytes_text, id_of, journal, text};

/// The start of a line PortScope commented out: `#portscope-disabled <id>: <the old line>`.
pub const MARKER: &str = "#portscope-disabled ";

/// Cuts an entry's command out of its line (`None`: not an entry's line).
type CommandOf = fn(&[u8]) -> Option<&[u8]>;

/// Where in its file an entry is, and how its command is cut from the line.
struct LineFile<'a> {
    kind: Kind,
    path: &'a Path,
    saved: Saved,
    /// The file itself lets its lines run (rc.local must be executable).
    active: bool,
    /// The command of a line, if it is an entry's line at all.
    command: CommandOf,
}

/// The old line behind PortScope's marker, or the line itself; and whether it was commented.
fn unmarked(line: &[u8]) -> (&[u8], bool) {
    let start = line
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(line.len());
    let rest = &line[start..];
    if let Some(after) = rest.strip_prefix(MARKER.as_bytes())
        && let Some(colon) = after.windows(2).position(|w| w == b": ")
    {
        return (&after[colon + 2..], true);
    }
    (line, false)
}

fn scan(file: &LineFile, scope: &Scope, found: &mut Findings) {
    let lines: Vec<&[u8]> = file.saved.bytes.split(|b| *b == b'\n').collect();
    let mut seen: Vec<&[u8]> = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if line.len() > MAX_LINE {
            continue;
        }
        let (original, disabled) = unmarked(line);
        if original.trim_ascii_start().starts_with(b"#") {
            continue;
        }
        let Some(command) = (file.command)(original) else {
            continue;
        };
        if !shell_program(command).is_some_and(|p| scope.runs(&p)) {
            continue;
        }
        let occurrence = seen.iter().filter(|s| **s == original).count().to_string();
        seen.push(original);
        let path = journal::path_bytes(file.path);
        let id = id_of(file.kind, &[&path, original, occurrence.as_bytes()]);
        let plan = if disabled {
            Vec::new()
        } else {
            let mut after = Vec::with_capacity(file.saved.bytes.len() + 40);
            for (i, l) in lines.iter().enumerate() {
                if i > 0 {
                    after.push(b'\n');
                }
                if i == at {
                    after.extend_from_slice(format!("{MARKER}{id}: ").as_bytes());
                }
                after.extend_from_slice(l);
            }
            vec![Change::File {
                path,
                before: Some(file.saved.clone()),
                after: Some(Saved {
                    bytes: after,
                    perms: file.saved.perms,
                }),
            }]
        };
        found.entries.push(Entry {
            id,
            kind: file.kind,
            path: text(file.path),
            command: bytes_text(command.trim_ascii()),
            enabled: !disabled && file.active,
            disabled_by_portscope: false,
            wanted_by: Vec::new(),
            plan,
            unit: None,
        });
    }
}

/// `@reboot COMMAND` (a user's crontab).
fn user_reboot(line: &[u8]) -> Option<&[u8]> {
    let rest = line.trim_ascii_start().strip_prefix(b"@reboot")?;
    rest.first()
        .is_some_and(u8::is_ascii_whitespace)
        .then(|| rest.trim_ascii_start())
}

/// `@reboot USER COMMAND` (`/etc/crontab`, `/etc/cron.d`).
fn system_reboot(line: &[u8]) -> Option<&[u8]> {
    let rest = user_reboot(line)?;
    let user_end = rest.iter().position(u8::is_ascii_whitespace)?;
    Some(rest[user_end..].trim_ascii_start())
}

/// A file cron reads in `/etc/cron.d`: names of letters, digits, `-` and `_` only (Debian's
/// cron skips the rest, such as `x.dpkg-old` or `.placeholder`).
fn cron_reads(name: &std::ffi::OsStr) -> bool {
    let name = name.as_encoded_bytes();
    !name.is_empty()
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
}

/// The `@reboot` lines of every crontab that run the program.
pub fn find_cron(scope: &Scope, found: &mut Findings) {
    let roots = &scope.roots;
    let mut files: Vec<(std::path::PathBuf, CommandOf)> = Vec::new();
    for name in found.names(&roots.cron_spool) {
        files.push((roots.cron_spool.join(name), user_reboot));
    }
    files.extend(
        roots
            .cron_files
            .iter()
            .map(|f| (f.clone(), system_reboot as _)),
    );
    for dir in &roots.cron_dirs {
        for name in found.names(dir).into_iter().filter(|n| cron_reads(n)) {
            files.push((dir.join(name), system_reboot));
        }
    }
    for (path, command) in files {
        if let Some(saved) = found.read(&path) {
            let file = LineFile {
                kind: Kind::Cron,
                path: &path,
                saved,
                active: true,
                command,
            };
            scan(&file, scope, found);
        }
    }
}

/// The lines of `/etc/rc.local` that run the program (it runs at boot only when executable).
pub fn find_rc_local(scope: &Scope, found: &mut Findings) {
    let path = &scope.roots.rc_local;
    let Some(saved) = found.read(path) else {
        return;
    };
    let file = LineFile {
        kind: Kind::RcLocal,
        path,
        active: saved.perms.mode & 0o111 != 0,
        saved,
        command: |line| Some(line),
    };
    scan(&file, scope, found);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reboot_lines_cut_their_command() {
        assert_eq!(user_reboot(b"@reboot /x -y"), Some(b"/x -y".as_slice()));
        assert_eq!(user_reboot(b"  @reboot\t/x"), Some(b"/x".as_slice()));
        assert_eq!(user_reboot(b"@rebootx /x"), None);
        assert_eq!(user_reboot(b"* * * * * /x"), None);
        assert_eq!(
            system_reboot(b"@reboot root /x -y"),
            Some(b"/x -y".as_slice())
        );
        assert_eq!(system_reboot(b"@reboot root"), None);
    }

    #[test]
    fn the_marker_gives_back_the_old_line() {
        assert_eq!(
            unmarked(b"#portscope-disabled 0a1b: @reboot /x"),
            (b"@reboot /x".as_slice(), true)
        );
        assert_eq!(unmarked(b"# other"), (b"# other".as_slice(), false));
        assert_eq!(
            unmarked(b"#portscope-disabled broken"),
            (b"#portscope-disabled broken".as_slice(), false)
        );
    }

    #[test]
    fn cron_d_names_cron_skips() {
        assert!(cron_reads(std::ffi::OsStr::new("e2scrub_all")));
        assert!(!cron_reads(std::ffi::OsStr::new(".placeholder")));
        assert!(!cron_reads(std::ffi::OsStr::new("x.dpkg-old")));
    }
}
