//! Administrator/root rights: whether PortScope has them, and starting it again with them.
//! Windows: the UAC prompt (`ShellExecuteW` with the `runas` verb). Linux: `pkexec`, passing the
//! display variables through `env` so the new window can open. macOS: the administrator
//! password dialog of `osascript … with administrator privileges`. When restarting fails,
//! `restart_command` is the exact command for the user to run by hand.
//!
//! The argument lists are built by pure functions (tested on every OS); the check and the
//! launching are per OS, one file each in `os/`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::i18n::{Msg, Tr};

mod os;

/// True when this process runs as root / an elevated administrator.
pub fn is_privileged() -> bool {
    os::is_privileged()
}

/// Why restarting with administrator rights failed.
#[derive(Debug, thiserror::Error)]
pub enum RestartError {
    /// PortScope's own executable could not be found.
    #[error("can't find PortScope's own program file: {0}")]
    NoExe(String),
    /// The helper (pkexec, osascript, the UAC prompt) could not be started or refused.
    #[error("{0}")]
    Launch(String),
}

impl RestartError {
    /// The failure and the command to run instead, as one sentence in the UI language.
    pub fn message(&self, tr: &Tr, command: &str) -> String {
        tr.f(Msg::RestartElevatedFailed, &[self, &command])
    }
}

fn current_exe() -> Result<PathBuf, RestartError> {
    std::env::current_exe().map_err(|e| RestartError::NoExe(e.to_string()))
}

/// Variables the elevated window needs to reach the user's display; passed through `env`
/// because pkexec clears the environment.
const DISPLAY_VARS: [&str; 5] = [
    "DISPLAY",
    "XAUTHORITY",
    "WAYLAND_DISPLAY",
    "XDG_RUNTIME_DIR",
    "LANG",
];

/// `pkexec env DISPLAY=… XAUTHORITY=… WAYLAND_DISPLAY=… XDG_RUNTIME_DIR=… LANG=… <exe>`, with
/// only the variables that are set and non-empty.
pub fn pkexec_argv(exe: &Path, var: &dyn Fn(&str) -> Option<String>) -> Vec<OsString> {
    let mut argv: Vec<OsString> = vec!["pkexec".into(), "env".into()];
    for name in DISPLAY_VARS {
        if let Some(value) = var(name).filter(|v| !v.is_empty()) {
            argv.push(format!("{name}={value}").into());
        }
    }
    argv.push(exe.as_os_str().to_owned());
    argv
}

/// `text` quoted for a POSIX shell (single quotes; inner ones as `'\''`).
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The AppleScript that starts `exe` as root in the background, for `osascript -e`.
pub fn osascript_script(exe: &Path) -> String {
    let shell = format!("{} > /dev/null 2>&1 &", shell_quote(&exe.to_string_lossy()));
    // Inside an AppleScript string literal, backslashes and double quotes are escaped.
    let literal = shell.replace('\\', "\\\\").replace('"', "\\\"");
    format!("do shell script \"{literal}\" with administrator privileges")
}

/// The command line that starts PortScope with administrator rights on this OS, for the user
/// to run by hand when `restart_elevated` fails.
pub fn restart_command() -> String {
    let exe = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "portscope".to_owned());
    command_for(std::env::consts::OS, &exe, &|name| std::env::var(name).ok())
}

/// `restart_command` for a given OS name (`std::env::consts::OS`), executable and environment.
pub fn command_for(os: &str, exe: &str, var: &dyn Fn(&str) -> Option<String>) -> String {
    match os {
        "windows" => format!(
            "powershell -Command \"Start-Process -Verb RunAs -FilePath '{}'\"",
            exe.replace('\'', "''")
        ),
        "macos" => format!("sudo {}", shell_quote(exe)),
        _ => pkexec_argv(Path::new(exe), var)
            .iter()
            .map(|a| {
                let a = a.to_string_lossy();
                let plain = a
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:".contains(c));
                if plain {
                    a.into_owned()
                } else {
                    shell_quote(&a)
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Start a second PortScope with administrator rights (the user confirms in the system's
/// dialog). On success the caller closes this one. Linux/macOS: the helper is started and not
/// waited for, so a password dialog the user cancels is not reported here.
pub fn restart_elevated() -> Result<(), RestartError> {
    let exe = current_exe()?;
    os::launch(&exe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn pkexec_passes_only_the_display_variables_that_are_set() {
        let var = env(&[
            ("DISPLAY", ":1"),
            ("XAUTHORITY", "/run/user/1000/gdm/Xauthority"),
            ("WAYLAND_DISPLAY", ""),
            ("HOME", "/home/ann"),
        ]);
        let argv = pkexec_argv(Path::new("/opt/port scope/portscope"), &var);
        let argv: Vec<String> = argv
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            argv,
            [
                "pkexec",
                "env",
                "DISPLAY=:1",
                "XAUTHORITY=/run/user/1000/gdm/Xauthority",
                "/opt/port scope/portscope"
            ]
        );
    }

    #[test]
    fn the_linux_command_to_show_is_quoted_for_a_shell() {
        let var = env(&[("DISPLAY", ":0"), ("LANG", "zh_CN.UTF-8")]);
        assert_eq!(
            command_for("linux", "/home/ann/it's here/portscope", &var),
            "pkexec env DISPLAY=:0 LANG=zh_CN.UTF-8 '/home/ann/it'\\''s here/portscope'"
        );
    }

    #[test]
    fn windows_and_macos_commands() {
        let none = env(&[]);
        assert_eq!(
            command_for("windows", r"C:\Users\O'Neil\portscope.exe", &none),
            r#"powershell -Command "Start-Process -Verb RunAs -FilePath 'C:\Users\O''Neil\portscope.exe'""#
        );
        assert_eq!(
            command_for(
                "macos",
                "/Applications/PortScope.app/Contents/MacOS/portscope",
                &none
            ),
            "sudo '/Applications/PortScope.app/Contents/MacOS/portscope'"
        );
    }

    #[test]
    fn osascript_escapes_quotes_for_both_shell_and_applescript() {
        let script = osascript_script(Path::new(r#"/Apps/a "b" \c/portscope"#));
        assert_eq!(
            script,
            r#"do shell script "'/Apps/a \"b\" \\c/portscope' > /dev/null 2>&1 &" with administrator privileges"#
        );
    }

    #[test]
    fn failure_message_names_the_reason_and_the_command() {
        let tr = Tr::new(crate::i18n::Lang::En);
        let text = RestartError::Launch("pkexec: not found".into()).message(&tr, "sudo x");
        assert!(text.contains("pkexec: not found"), "{text}");
        assert!(text.contains("sudo x"), "{text}");
    }
}
