//! Pure parsing of what an autostart entry runs: a Desktop Entry file's keys and its `Exec`
//! (quoting, escapes, field codes), the first word of a shell line (cron, rc.local), and
//! naming a program through `PATH`. Everything works on bytes: a hostile file's non-UTF-8 bytes
//! are kept as they are, never a panic.

use std::path::{Path, PathBuf};

/// The longest line that is looked at; longer ones (a 1 MB line) are skipped, not parsed.
pub const MAX_LINE: usize = 64 * 1024;

/// The value of `key` in the `[Desktop Entry]` group of a desktop file, unescaped per the
/// Desktop Entry spec (`\s`, `\n`, `\t`, `\r`, `\\`). The first occurrence counts; lines longer
/// than [`MAX_LINE`] are skipped.
pub fn desktop_value(file: &[u8], key: &str) -> Option<Vec<u8>> {
    let mut in_main = false;
    for line in file.split(|b| *b == b'\n') {
        if line.len() > MAX_LINE {
            continue;
        }
        let line = trim(line);
        if line.starts_with(b"[") {
            in_main = line == b"[Desktop Entry]";
            continue;
        }
        if !in_main || line.starts_with(b"#") {
            continue;
        }
        let Some(eq) = line.iter().position(|b| *b == b'=') else {
            continue;
        };
        if trim(&line[..eq]) == key.as_bytes() {
            return Some(unescape_value(trim(&line[eq + 1..])));
        }
    }
    None
}

/// A desktop file's boolean `key` is `true` (the spec's spelling; `1` too, as GLib reads it).
pub fn desktop_true(file: &[u8], key: &str) -> bool {
    desktop_value(file, key).is_some_and(|v| v == b"true" || v == b"1")
}

/// A desktop file's boolean `key` is `false`.
pub fn desktop_false(file: &[u8], key: &str) -> bool {
    desktop_value(file, key).is_some_and(|v| v == b"false" || v == b"0")
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s
        && first.is_ascii_whitespace()
    {
        s = rest;
    }
    while let [rest @ .., last] = s
        && last.is_ascii_whitespace()
    {
        s = rest;
    }
    s
}

/// The string-level escapes of a desktop file value.
fn unescape_value(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    let mut bytes = value.iter();
    while let Some(&b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b's') => out.push(b' '),
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(b'r') => out.push(b'\r'),
            Some(b'\\') => out.push(b'\\'),
            Some(&other) => {
                // Anything else (`\"` inside an Exec quote) stays for the Exec level.
                out.push(b'\\');
                out.push(other);
            }
            None => out.push(b'\\'),
        }
    }
    out
}

/// Split an (already unescaped) `Exec` value into its arguments per the Desktop Entry spec:
/// separated by spaces, `"…"` quoting inside which `\"`, `` \` ``, `\$` and `\\` are escapes;
/// field codes (`%f`, `%U`, …) dropped, `%%` kept as `%`. `None`: unbalanced quotes.
pub fn exec_args(exec: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut args = Vec::new();
    let mut current: Option<Vec<u8>> = None;
    let mut quoted = false;
    let mut bytes = exec.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        match b {
            b'"' => {
                quoted = !quoted;
                current.get_or_insert_with(Vec::new);
            }
            b'\\' if quoted => {
                let escaped = bytes.next()?;
                current.get_or_insert_with(Vec::new).push(escaped);
            }
            b' ' | b'\t' | b'\n' if !quoted => args.extend(current.take()),
            _ => current.get_or_insert_with(Vec::new).push(b),
        }
    }
    if quoted {
        return None;
    }
    args.extend(current);
    Some(args.into_iter().filter_map(drop_field_codes).collect())
}

/// An argument without its field codes: one that is only a field code goes; `%%` is `%`.
fn drop_field_codes(arg: Vec<u8>) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(arg.len());
    let mut had_code = false;
    let mut bytes = arg.iter().copied();
    while let Some(b) = bytes.next() {
        if b != b'%' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'%') => out.push(b'%'),
            Some(_) | None => had_code = true,
        }
    }
    (!(had_code && out.is_empty())).then_some(out)
}

/// The program a shell line (a cron command, a line of rc.local) starts: its first word after
/// `NAME=value` assignments and the wrappers `exec`, `nohup`, `setsid` and `nice`, with simple
/// quotes removed. `None` for a comment, an empty line, or a line that starts with shell syntax.
pub fn shell_program(line: &[u8]) -> Option<Vec<u8>> {
    let words = shell_words(line);
    let mut words = words.into_iter().skip_while(|w| {
        is_assignment(w) || matches!(w.as_slice(), b"exec" | b"nohup" | b"setsid" | b"nice")
    });
    let first = words.next()?;
    let syntax = first
        .first()
        .is_none_or(|b| b"#({[;&|<>!".contains(b) || *b == b'$');
    (!syntax).then_some(first)
}

fn is_assignment(word: &[u8]) -> bool {
    match word.iter().position(|b| *b == b'=') {
        Some(at) if at > 0 => word[..at]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_'),
        _ => false,
    }
}

/// Words of a shell line, split on blanks, with `'…'` and `"…"` quotes removed (no expansion).
fn shell_words(line: &[u8]) -> Vec<Vec<u8>> {
    let mut words = Vec::new();
    let mut current: Option<Vec<u8>> = None;
    let mut quote: Option<u8> = None;
    for &b in line {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => current.get_or_insert_with(Vec::new).push(b),
            (None, b'\'' | b'"') => {
                quote = Some(b);
                current.get_or_insert_with(Vec::new);
            }
            (None, b' ' | b'\t') => words.extend(current.take()),
            (None, _) => current.get_or_insert_with(Vec::new).push(b),
        }
    }
    words.extend(current);
    words
}

/// Bytes as a path (Unix keeps them exactly; elsewhere as text, lossy).
pub fn bytes_path(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Whether `program` (as written in an entry: a path, or a bare name looked up in `path_dirs`)
/// names the executable `exe`, after following symbolic links on both sides.
pub fn runs(program: &[u8], exe: &Path, path_dirs: &[PathBuf]) -> bool {
    if program.is_empty() {
        return false;
    }
    let named = bytes_path(program);
    let candidates: Vec<PathBuf> = if program.contains(&b'/') {
        vec![named]
    } else {
        path_dirs
            .iter()
            .map(|d| d.join(&named))
            .filter(|p| p.is_file())
            .take(1)
            .collect()
    };
    let real_exe = std::fs::canonicalize(exe).unwrap_or_else(|_| exe.to_owned());
    candidates.iter().any(|c| {
        c == exe || std::fs::canonicalize(c).is_ok_and(|real| real == real_exe || real == exe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(exec: &str) -> Vec<String> {
        exec_args(&unescape_value(exec.as_bytes()))
            .unwrap()
            .into_iter()
            .map(|a| String::from_utf8(a).unwrap())
            .collect()
    }

    #[test]
    fn exec_quotes_escapes_and_field_codes() {
        assert_eq!(args("/usr/bin/app --flag %U"), ["/usr/bin/app", "--flag"]);
        assert_eq!(
            args(r#""/opt/My App/run" "a b" %f"#),
            ["/opt/My App/run", "a b"]
        );
        // File level `\\` is one backslash; inside quotes `\"` and `\$` are escapes.
        assert_eq!(args(r#""/x/sa\\"id" "\\$HOME""#), [r#"/x/sa"id"#, "$HOME"]);
        // `\s` is a space at the file level: it separates arguments unless quoted.
        assert_eq!(args(r"/x/a\sb"), ["/x/a", "b"]);
        assert_eq!(args(r#""/x/a\sb""#), ["/x/a b"]);
        assert_eq!(args("app 100%% --name=%c"), ["app", "100%", "--name="]);
        assert_eq!(args("\"\" x"), ["", "x"]);
        assert_eq!(exec_args(b"\"/unbalanced"), None);
    }

    #[test]
    fn hostile_bytes_are_kept_not_a_panic() {
        let exec = b"/tmp/\xff\xfe\x1b[31m %u";
        assert_eq!(
            exec_args(exec).unwrap(),
            [b"/tmp/\xff\xfe\x1b[31m".to_vec()]
        );
        let file = b"[Desktop Entry]\nExec=/a/\xc3\x28 %F\nName=\xff\n";
        assert_eq!(desktop_value(file, "Exec").unwrap(), b"/a/\xc3\x28 %F");
        let long = [
            b"[Desktop Entry]\nExec=".as_slice(),
            &vec![b'x'; 1 << 20],
            b"\n",
        ]
        .concat();
        assert_eq!(desktop_value(&long, "Exec"), None, "a 1 MB line is skipped");
        assert_eq!(exec_args(b"\\"), Some(vec![b"\\".to_vec()]));
        assert_eq!(exec_args(b"\"\\"), None);
    }

    #[test]
    fn keys_come_from_the_main_group_only() {
        let file = b"# c\n[Desktop Action x]\nExec=/other\n[Desktop Entry]\n Exec = /main %f \n\
                     Hidden=true\nX-GNOME-Autostart-enabled=false\n[Other]\nHidden=false\n";
        assert_eq!(desktop_value(file, "Exec").unwrap(), b"/main %f");
        assert!(desktop_true(file, "Hidden"));
        assert!(desktop_false(file, "X-GNOME-Autostart-enabled"));
        assert!(!desktop_true(b"[Desktop Entry]\nHidden=yes\n", "Hidden"));
    }

    #[test]
    fn shell_lines_name_their_program() {
        let p = |l: &str| shell_program(l.as_bytes()).map(|p| String::from_utf8(p).unwrap());
        assert_eq!(p("/usr/bin/x --y &").as_deref(), Some("/usr/bin/x"));
        assert_eq!(
            p("  A=1 B_2=x nohup '/opt/my x' -q").as_deref(),
            Some("/opt/my x")
        );
        assert_eq!(p("exec python3 /srv/a.py").as_deref(), Some("python3"));
        assert_eq!(p("# /usr/bin/x"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("$HOME/x"), None);
        assert_eq!(p("=x y").as_deref(), Some("=x"));
    }

    #[test]
    fn bare_names_are_found_through_path_and_links_followed() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real-prog");
        std::fs::write(&real, "#!/bin/sh\n").unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&real, bin.join("prog")).unwrap();
        let dirs = [bin.clone()];
        assert!(runs(real.as_os_str().as_encoded_bytes(), &real, &dirs));
        #[cfg(unix)]
        assert!(runs(b"prog", &real, &dirs));
        assert!(!runs(b"other", &real, &dirs));
        assert!(!runs(b"", &real, &dirs));
    }
}
