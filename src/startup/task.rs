//! Windows scheduled tasks that run at logon or at boot: the task files under
//! `%WINDIR%\System32\Tasks` (Task Scheduler's XML, UTF-16 or UTF-8), read purely from their
//! text (unit-tested everywhere). Listed, not disabled: Task Scheduler keeps its own copy of a
//! task, so editing the file would not disable it, and PortScope says so.

/// The file's text: UTF-16LE after its byte-order mark, else UTF-8 (lossy).
pub fn decode(bytes: &[u8]) -> String {
    match bytes {
        [0xff, 0xfe, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        [0xef, 0xbb, 0xbf, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The text of the first `<tag>…</tag>` (entities decoded).
fn element(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</{tag}>"))? + start;
    Some(unescape(xml[start..end].trim()))
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// What a task runs at logon or boot: its first `Exec` action's command and arguments, or
/// `None` when it has no such trigger or action.
pub fn at_logon_or_boot(xml: &str) -> Option<(String, String)> {
    let triggers = ["<LogonTrigger", "<BootTrigger"];
    if !triggers.iter().any(|t| xml.contains(t)) {
        return None;
    }
    let exec_at = xml.find("<Exec>")?;
    let exec = &xml[exec_at..];
    let command = element(exec, "Command")?;
    let arguments = element(exec, "Arguments").unwrap_or_default();
    Some((command, arguments))
}

/// The task is enabled: no `<Enabled>false</Enabled>` in its settings.
pub fn enabled(xml: &str) -> bool {
    let settings = xml.find("<Settings>").map_or("", |at| &xml[at..]);
    element(settings, "Enabled").is_none_or(|v| v != "false")
}

#[cfg(windows)]
mod os {
    use std::path::{Path, PathBuf};

    use crate::startup::{Entry, Findings, Kind, Scope, id_of, journal, text};

    /// The task files below `dir`, at most 8 folders deep.
    fn files(dir: &Path, depth: u8, found: &mut Findings, out: &mut Vec<PathBuf>) {
        for name in found.names(dir) {
            let path = dir.join(name);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() && depth < 8 => files(&path, depth + 1, found, out),
                Ok(m) if m.is_file() => out.push(path),
                _ => {}
            }
        }
    }

    /// The tasks that run the program at logon or boot.
    pub fn find(scope: &Scope, found: &mut Findings) {
        let Some(windir) = std::env::var_os("WINDIR") else {
            return;
        };
        let mut paths = Vec::new();
        files(
            &PathBuf::from(windir).join(r"System32\Tasks"),
            0,
            found,
            &mut paths,
        );
        for path in paths {
            let Some(saved) = found.read(&path) else {
                continue;
            };
            let xml = super::decode(&saved.bytes);
            let Some((command, arguments)) = super::at_logon_or_boot(&xml) else {
                continue;
            };
            let expanded = super::super::runkey::expand_env(&command, &|n| std::env::var(n).ok());
            let runs = scope.exe.as_ref().is_none_or(|exe| {
                super::super::runkey::same_path(&expanded, &exe.to_string_lossy())
                    || crate::startup::exec::runs(expanded.as_bytes(), exe, &scope.roots.path_dirs)
            });
            if !runs {
                continue;
            }
            found.entries.push(Entry {
                id: id_of(Kind::ScheduledTask, &[&journal::path_bytes(&path)]),
                kind: Kind::ScheduledTask,
                path: text(&path),
                command: format!("{command} {arguments}").trim_end().to_owned(),
                enabled: super::enabled(&xml),
                disabled_by_portscope: false,
                wanted_by: Vec::new(),
                // Not disabled by PortScope (see the module's note).
                plan: Vec::new(),
                unit: None,
            });
        }
    }
}

#[cfg(windows)]
pub use os::find;

#[cfg(test)]
mod tests {
    use super::*;

    const TASK: &str = r#"<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <Triggers><LogonTrigger><Enabled>true</Enabled></LogonTrigger></Triggers>
  <Settings><Enabled>true</Enabled></Settings>
  <Actions Context="Author"><Exec><Command>"C:\Program Files\A&amp;B\a.exe"</Command>
  <Arguments>--tray &quot;x&quot;</Arguments></Exec></Actions>
</Task>"#;

    #[test]
    fn a_logon_task_names_its_command() {
        let (command, args) = at_logon_or_boot(TASK).unwrap();
        assert_eq!(command, r#""C:\Program Files\A&B\a.exe""#);
        assert_eq!(args, r#"--tray "x""#);
        assert!(enabled(TASK));
        let off = TASK.replace("<Settings><Enabled>true", "<Settings><Enabled>false");
        assert!(!enabled(&off));
        let daily = TASK.replace("LogonTrigger", "CalendarTrigger");
        assert_eq!(at_logon_or_boot(&daily), None, "not at logon or boot");
        assert!(at_logon_or_boot(&TASK.replace("LogonTrigger", "BootTrigger")).is_some());
        assert_eq!(
            at_logon_or_boot("<LogonTrigger/><Exec><Command>x"),
            None,
            "unclosed"
        );
    }

    #[test]
    fn task_files_are_utf16_or_utf8() {
        let wide: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("<Task>é</Task>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&wide), "<Task>é</Task>");
        assert_eq!(decode(b"\xef\xbb\xbf<Task/>"), "<Task/>");
        assert_eq!(decode(b"<T>\xff</T>"), "<T>\u{fffd}</T>");
        assert_eq!(decode(&[0xff, 0xfe, 0x41]), "", "an odd last byte");
    }
}
