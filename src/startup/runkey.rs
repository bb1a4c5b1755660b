//! Windows Run and RunOnce values (HKCU and HKLM, and HKLM's WOW6432Node): a value whose
//! command runs the program is an entry. Disabling deletes the value after its type and bytes
//! are in the journal; enabling writes them back exactly. The parsing (UTF-16 data, `%VAR%`
//! expansion, the program of a command line) is pure and tested everywhere; the registry is
//! read and written through `crate::win32` on Windows only.

use serde::{Deserialize, Serialize};

/// The Run keys read under each hive.
pub const RUN_KEYS: [&str; 4] = [
    r"Software\Microsoft\Windows\CurrentVersion\Run",
    r"Software\Microsoft\Windows\CurrentVersion\RunOnce",
    r"Software\WOW6432Node\Microsoft\Windows\CurrentVersion\Run",
    r"Software\WOW6432Node\Microsoft\Windows\CurrentVersion\RunOnce",
];

/// `REG_SZ`.
pub const REG_SZ: u32 = 1;
/// `REG_EXPAND_SZ`.
pub const REG_EXPAND_SZ: u32 = 2;

/// A value's type and data, as the journal records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegData {
    /// `REG_SZ`, `REG_DWORD`, …
    pub kind: u32,
    /// The raw data.
    pub bytes: Vec<u8>,
}

/// A hive, as the journal records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Hive {
    /// `HKEY_CURRENT_USER`.
    Hkcu,
    /// `HKEY_LOCAL_MACHINE`.
    Hklm,
}

impl Hive {
    /// `HKCU` / `HKLM`.
    pub fn as_str(self) -> &'static str {
        match self {
            Hive::Hkcu => "HKCU",
            Hive::Hklm => "HKLM",
        }
    }
}

/// The name of a registry type, for a value that is not a command.
pub fn type_name(kind: u32) -> String {
    match kind {
        0 => "REG_NONE".into(),
        3 => "REG_BINARY".into(),
        4 => "REG_DWORD".into(),
        5 => "REG_DWORD_BIG_ENDIAN".into(),
        6 => "REG_LINK".into(),
        7 => "REG_MULTI_SZ".into(),
        11 => "REG_QWORD".into(),
        other => format!("type {other}"),
    }
}

/// The text of `REG_SZ`/`REG_EXPAND_SZ` data: UTF-16LE up to the first NUL (an odd last byte
/// ignored; unpaired surrogates as U+FFFD).
pub fn decode_sz(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|u| *u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// `%NAME%` replaced by `var(NAME)`; unknown names and a lone `%` stay as written.
pub fn expand_env(text: &str, var: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('%') {
            Some(end) if end > 0 => match var(&after[..end]) {
                Some(value) => {
                    out.push_str(&value);
                    rest = &after[end + 1..];
                }
                None => {
                    out.push('%');
                    rest = after;
                }
            },
            _ => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The program a Run command starts: the quoted path, or, unquoted, the text up to the end of
/// the first `.exe`/`.com`/`.bat`/`.cmd` that ends a word (a path with spaces, as Windows
/// itself tries), else the first word.
pub fn program_of(command: &str) -> Option<String> {
    let command = command.trim_start();
    if let Some(quoted) = command.strip_prefix('"') {
        let end = quoted.find('"')?;
        return Some(quoted[..end].to_owned()).filter(|p| !p.is_empty());
    }
    let lower = command.to_ascii_lowercase();
    for ext in [".exe", ".com", ".bat", ".cmd"] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(ext) {
            let end = from + at + ext.len();
            if lower[end..].chars().next().is_none_or(char::is_whitespace) {
                return Some(command[..end].to_owned());
            }
            from = end;
        }
    }
    command.split_whitespace().next().map(str::to_owned)
}

/// A service's `ImagePath` as a path to compare: NT's `\??\` prefix dropped.
pub fn image_path(text: &str) -> &str {
    text.strip_prefix(r"\??\").unwrap_or(text)
}

/// A service's `Start` value: 0 boot, 1 system, 2 automatic start it without anyone asking;
/// 3 (on demand) and 4 (disabled) do not.
pub fn starts_by_itself(start: &[u8]) -> bool {
    matches!(start, [0..=2, 0, 0, 0])
}

/// `Start` = 4, Disabled, as `REG_DWORD` bytes.
pub const START_DISABLED: [u8; 4] = [4, 0, 0, 0];

/// The services key.
pub const SERVICES: &str = r"SYSTEM\CurrentControlSet\Services";

/// Two Windows paths name the same file: case-insensitive, `/` as `\`.
pub fn same_path(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.replace('/', "\\").to_lowercase();
    norm(a) == norm(b)
}

/// The text a value's path is shown as: `HKCU\Software\…\Run\Name`.
pub fn shown(hive: Hive, key: &str, name: &[u16]) -> String {
    format!(
        "{}\\{key}\\{}",
        hive.as_str(),
        String::from_utf16_lossy(name)
    )
}

#[cfg(windows)]
mod os {
    use super::{
        Hive, REG_EXPAND_SZ, REG_SZ, RUN_KEYS, RegData, decode_sz, expand_env, program_of,
        same_path, shown, type_name,
    };
    use crate::startup::{Change, Entry, Findings, Kind, Scope, id_of};
    use crate::win32;

    fn hive(h: Hive) -> win32::Hive {
        match h {
            Hive::Hkcu => win32::Hive::CurrentUser,
            Hive::Hklm => win32::Hive::LocalMachine,
        }
    }

    fn io(e: win32::Win32Error) -> std::io::Error {
        std::io::Error::from_raw_os_error(i32::try_from(e).unwrap_or(i32::MAX))
    }

    fn runs(scope: &Scope, program: &str) -> bool {
        match &scope.exe {
            None => true,
            Some(exe) => {
                same_path(program, &exe.to_string_lossy())
                    || crate::startup::exec::runs(program.as_bytes(), exe, &scope.roots.path_dirs)
            }
        }
    }

    /// The Run/RunOnce values that run the program; other types are noted, not parsed.
    pub fn find(scope: &Scope, found: &mut Findings) {
        for h in [Hive::Hkcu, Hive::Hklm] {
            for key in RUN_KEYS {
                let values = match win32::reg_values(hive(h), key) {
                    Ok(v) => v,
                    Err(e) => {
                        found.unreadable.push(crate::startup::Unreadable {
                            path: format!("{}\\{key}", h.as_str()),
                            why: win32::error_text(e),
                        });
                        continue;
                    }
                };
                for v in values {
                    let path = shown(h, key, &v.name);
                    if v.kind != REG_SZ && v.kind != REG_EXPAND_SZ {
                        found.unreadable.push(crate::startup::Unreadable {
                            path,
                            why: format!("a {} value, not a command", type_name(v.kind)),
                        });
                        continue;
                    }
                    let command = decode_sz(&v.bytes);
                    let expanded = if v.kind == REG_EXPAND_SZ {
                        expand_env(&command, &|n| std::env::var(n).ok())
                    } else {
                        command.clone()
                    };
                    if !program_of(&expanded).is_some_and(|p| runs(scope, &p)) {
                        continue;
                    }
                    let name_bytes: Vec<u8> = v.name.iter().flat_map(|u| u.to_le_bytes()).collect();
                    found.entries.push(Entry {
                        id: id_of(
                            Kind::RunKey,
                            &[h.as_str().as_bytes(), key.as_bytes(), &name_bytes],
                        ),
                        kind: Kind::RunKey,
                        path,
                        command,
                        enabled: true,
                        disabled_by_portscope: false,
                        wanted_by: Vec::new(),
                        plan: vec![Change::RegValue {
                            hive: h,
                            key: key.to_owned(),
                            name: v.name,
                            before: Some(RegData {
                                kind: v.kind,
                                bytes: v.bytes,
                            }),
                            after: None,
                        }],
                        unit: None,
                    });
                }
            }
        }
    }

    fn value(h: Hive, key: &str, name: &str) -> Option<win32::RegValue> {
        let units: Vec<u16> = name.encode_utf16().collect();
        win32::reg_value(hive(h), key, &units).ok().flatten()
    }

    /// The services whose `ImagePath` runs the program; disabling sets `Start` to 4.
    pub fn find_services(scope: &Scope, found: &mut Findings) {
        use super::{SERVICES, START_DISABLED, image_path, starts_by_itself};
        let names = match win32::reg_subkeys(hive(Hive::Hklm), SERVICES) {
            Ok(n) => n,
            Err(e) => {
                found.unreadable.push(crate::startup::Unreadable {
                    path: format!("HKLM\\{SERVICES}"),
                    why: win32::error_text(e),
                });
                return;
            }
        };
        for service in names {
            let key = format!("{SERVICES}\\{service}");
            let Some(image) = value(Hive::Hklm, &key, "ImagePath") else {
                continue;
            };
            if image.kind != REG_SZ && image.kind != REG_EXPAND_SZ {
                continue;
            }
            let command = decode_sz(&image.bytes);
            let expanded = expand_env(&command, &|n| std::env::var(n).ok());
            if !program_of(image_path(&expanded)).is_some_and(|p| runs(scope, &p)) {
                continue;
            }
            let start = value(Hive::Hklm, &key, "Start").filter(|v| v.kind == 4);
            let enabled = start.as_ref().is_some_and(|v| starts_by_itself(&v.bytes));
            let plan = start
                .filter(|_| enabled)
                .map(|v| Change::RegValue {
                    hive: Hive::Hklm,
                    key: key.clone(),
                    name: "Start".encode_utf16().collect(),
                    before: Some(RegData {
                        kind: v.kind,
                        bytes: v.bytes,
                    }),
                    after: Some(RegData {
                        kind: 4,
                        bytes: START_DISABLED.to_vec(),
                    }),
                })
                .into_iter()
                .collect();
            found.entries.push(Entry {
                id: id_of(Kind::Service, &[key.as_bytes()]),
                kind: Kind::Service,
                path: format!("HKLM\\{key}"),
                command,
                enabled,
                disabled_by_portscope: false,
                wanted_by: Vec::new(),
                plan,
                unit: None,
            });
        }
    }

    /// The Run values PortScope deleted (journal records done) that run the program: listed as
    /// disabled, since the registry no longer holds them.
    pub fn from_journal(scope: &Scope, journal: &crate::startup::Journal, found: &mut Findings) {
        use crate::startup::journal::State;
        for r in &journal.records {
            let listed = found.entries.iter().any(|e| e.id == r.id);
            if r.kind != Kind::RunKey || r.state != State::Done || listed {
                continue;
            }
            if !program_of(&expand_env(&r.command, &|n| std::env::var(n).ok()))
                .is_some_and(|p| runs(scope, &p))
            {
                continue;
            }
            found.entries.push(Entry {
                id: r.id.clone(),
                kind: Kind::RunKey,
                path: r.path.clone(),
                command: r.command.clone(),
                enabled: false,
                disabled_by_portscope: true,
                wanted_by: Vec::new(),
                plan: Vec::new(),
                unit: None,
            });
        }
    }

    /// The value now, or `None` when it (or its key) is missing.
    pub fn read(h: Hive, key: &str, name: &[u16]) -> std::io::Result<Option<RegData>> {
        let now = win32::reg_value(hive(h), key, name).map_err(io)?;
        Ok(now.map(|v| RegData {
            kind: v.kind,
            bytes: v.bytes,
        }))
    }

    /// Make the value `to` exactly (`None`: delete it).
    pub fn put(h: Hive, key: &str, name: &[u16], to: Option<&RegData>) -> std::io::Result<()> {
        match to {
            None => win32::reg_delete(hive(h), key, name).map_err(io),
            Some(d) => {
                let value = win32::RegValue {
                    name: name.to_vec(),
                    kind: d.kind,
                    bytes: d.bytes.clone(),
                };
                win32::reg_set(hive(h), key, &value).map_err(io)
            }
        }
    }
}

#[cfg(not(windows))]
mod os {
    use super::{Hive, RegData};

    fn unsupported() -> std::io::Error {
        std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "the registry exists on Windows only",
        )
    }

    /// No registry here.
    pub fn read(_: Hive, _: &str, _: &[u16]) -> std::io::Result<Option<RegData>> {
        Err(unsupported())
    }

    /// No registry here.
    pub fn put(_: Hive, _: &str, _: &[u16], _: Option<&RegData>) -> std::io::Result<()> {
        Err(unsupported())
    }
}

pub use os::*;

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect()
    }

    #[test]
    fn string_data_is_utf16_up_to_the_nul() {
        assert_eq!(decode_sz(&utf16(r"C:\x\a.exe -q")), r"C:\x\a.exe -q");
        let mut odd = utf16("ab");
        odd.push(0x41);
        assert_eq!(decode_sz(&odd), "ab");
        assert_eq!(
            decode_sz(&[0x00, 0xd8, 0x41, 0x00]),
            "\u{fffd}A",
            "a lone surrogate"
        );
        assert_eq!(decode_sz(&[]), "");
    }

    #[test]
    fn percent_names_expand_and_the_rest_stays() {
        let var = |n: &str| (n == "ProgramFiles").then(|| r"C:\Program Files".to_owned());
        assert_eq!(
            expand_env(r"%ProgramFiles%\x\x.exe %Unknown% 100%", &var),
            r"C:\Program Files\x\x.exe %Unknown% 100%"
        );
        assert_eq!(expand_env("%%", &var), "%%");
    }

    #[test]
    fn the_program_of_a_command_line() {
        let p = |c: &str| program_of(c);
        assert_eq!(
            p(r#""C:\Program Files\A B\a.exe" /min"#).as_deref(),
            Some(r"C:\Program Files\A B\a.exe")
        );
        assert_eq!(
            p(r"C:\Program Files\A B\a.exe /min").as_deref(),
            Some(r"C:\Program Files\A B\a.exe")
        );
        assert_eq!(
            p(r"C:\x\a.exe.bak.exe").as_deref(),
            Some(r"C:\x\a.exe.bak.exe")
        );
        assert_eq!(
            p(r"rundll32.exe shell32.dll,Control_RunDLL").as_deref(),
            Some("rundll32.exe")
        );
        assert_eq!(p("C:/tools/run -x").as_deref(), Some("C:/tools/run"));
        assert_eq!(p(r#""unclosed"#), None);
        assert_eq!(p(r#""""#), None);
        assert_eq!(p("   "), None);
        assert!(same_path(
            r"c:\PROGRAM FILES\a.EXE",
            "C:/Program Files/a.exe"
        ));
        assert!(!same_path(r"C:\a.exe", r"C:\b.exe"));
    }

    #[test]
    fn wrong_types_are_named() {
        assert_eq!(type_name(4), "REG_DWORD");
        assert_eq!(type_name(99), "type 99");
        assert_eq!(
            shown(
                Hive::Hkcu,
                RUN_KEYS[0],
                &"X".encode_utf16().collect::<Vec<_>>()
            ),
            r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run\X"
        );
    }
}
