//! The one-shot elevated helper: without administrator rights, `block`, `unblock` and `blocks`
//! run PortScope once more as root through `pkexec`, with a fixed set of validated arguments
//! (a port, `--tcp`/`--udp`, a duration in seconds or `--until-restart`/`--always`, `--yes`).
//! No shell, and no text from a process name or anything else outside, reaches the command
//! line: it is built here from a [`Request`] or a [`BlockId`].
//!
//! pkexec is tried only when a password can be asked for: a terminal on stdin, or a graphical
//! session (polkit's agent), and the system bus that polkit listens on. The shipped polkit
//! actions (`packaging/linux/io.github.portscope.policy`) name `/usr/bin/portscope` with its
//! first argument, so the dialog says "block a port", not "run PortScope".

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::{BlockError, BlockId, Lifetime, Request};
use crate::model::Protocol;

fn protocol_flag(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Tcp => "--tcp",
        Protocol::Udp => "--udp",
    }
}

/// The helper's own arguments for a block: `block --port N --tcp|--udp --for Ns|--until-restart|--always --yes`.
pub fn block_args(request: &Request) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec!["block".into(), "--port".into()];
    args.push(request.id.port.to_string().into());
    args.push(protocol_flag(request.id.protocol).into());
    match request.lifetime {
        Lifetime::For(secs) => {
            args.push("--for".into());
            args.push(format!("{secs}s").into());
        }
        Lifetime::UntilRestart => args.push("--until-restart".into()),
        Lifetime::Always => args.push("--always".into()),
    }
    args.push("--yes".into());
    args
}

/// `unblock --port N --tcp|--udp --yes`.
pub fn unblock_args(id: BlockId) -> Vec<OsString> {
    vec![
        "unblock".into(),
        "--port".into(),
        id.port.to_string().into(),
        protocol_flag(id.protocol).into(),
        "--yes".into(),
    ]
}

/// `blocks --format json` (the window reads the list through it), or `blocks`.
pub fn list_args(json: bool) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec!["blocks".into()];
    if json {
        args.extend(["--format".into(), "json".into()]);
    }
    args
}

fn with_pkexec(pkexec: &Path, exe: &Path, args: Vec<OsString>) -> Vec<OsString> {
    let mut argv: Vec<OsString> = vec![pkexec.into(), exe.into()];
    argv.extend(args);
    argv
}

/// `pkexec <exe> block --port N --tcp|--udp --for Ns|--until-restart|--always --yes`.
pub fn block_argv(pkexec: &Path, exe: &Path, request: &Request) -> Vec<OsString> {
    with_pkexec(pkexec, exe, block_args(request))
}

/// `pkexec <exe> unblock --port N --tcp|--udp --yes`.
pub fn unblock_argv(pkexec: &Path, exe: &Path, id: BlockId) -> Vec<OsString> {
    with_pkexec(pkexec, exe, unblock_args(id))
}

/// `pkexec <exe> blocks --format json`.
pub fn list_argv(pkexec: &Path, exe: &Path) -> Vec<OsString> {
    with_pkexec(pkexec, exe, list_args(true))
}

/// The helper's arguments as one Windows command line (the `runas` verb takes a string), each
/// quoted as `CommandLineToArgvW` reads it back. The arguments are PortScope's fixed words and
/// numbers; the quoting makes even other text come back as the same arguments, never more.
pub fn windows_parameters(args: &[OsString]) -> String {
    args.iter()
        .map(|a| quote_windows(&a.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote_windows(arg: &str) -> String {
    if !arg.is_empty() && !arg.contains([' ', '\t', '\n', '\u{b}', '"']) {
        return arg.to_owned();
    }
    let mut out = String::from('"');
    let mut backslashes = 0;
    for c in arg.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                out.extend(std::iter::repeat_n('\\', backslashes * 2 + 1));
                out.push('"');
                backslashes = 0;
            }
            _ => {
                out.extend(std::iter::repeat_n('\\', backslashes));
                out.push(c);
                backslashes = 0;
            }
        }
    }
    out.extend(std::iter::repeat_n('\\', backslashes * 2));
    out.push('"');
    out
}

/// What the elevated helper did.
#[derive(Debug, Default)]
pub struct HelperRun {
    /// Its exit code (0: done).
    pub code: Option<i32>,
    /// What it printed, when collected (pkexec). A Windows helper runs in a console of its own:
    /// nothing is collected, and the caller reads the result back itself.
    pub stdout: String,
    /// Its error text, when collected.
    pub stderr: String,
}

/// Run PortScope once more with administrator rights and `args` (built above, never from
/// text): through pkexec on Linux, the `runas` verb (UAC prompt) on Windows. With `collect`,
/// its output is kept (else it goes to ours). A refused or unavailable elevation is an error,
/// and nothing changed.
pub fn run_helper(args: Vec<OsString>, collect: bool) -> Result<HelperRun, BlockError> {
    let exe = std::env::current_exe().map_err(|e| BlockError::Elevation(e.to_string()))?;
    #[cfg(windows)]
    {
        let _ = collect;
        match crate::win32::run_elevated_and_wait(&exe, &windows_parameters(&args)) {
            Ok(crate::win32::Elevated::Exited(code)) => Ok(HelperRun {
                code: Some(i32::try_from(code).unwrap_or(1)),
                ..HelperRun::default()
            }),
            Ok(crate::win32::Elevated::Declined) => Err(BlockError::Elevation(
                "the administrator prompt was declined".into(),
            )),
            Err(code) => Err(BlockError::Elevation(crate::win32::error_text(code))),
        }
    }
    #[cfg(not(windows))]
    {
        let pkexec = with_this_session(|s| s.helper().map(Path::to_path_buf))?;
        let mut command = std::process::Command::new(&pkexec);
        command.arg(&exe).args(args);
        let (code, stdout, stderr) = if collect {
            let out = command
                .stdin(std::process::Stdio::null())
                .output()
                .map_err(|e| BlockError::Elevation(format!("pkexec: {e}")))?;
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).trim().to_owned(),
                String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            )
        } else {
            let status = command
                .status()
                .map_err(|e| BlockError::Elevation(format!("pkexec: {e}")))?;
            (status.code(), String::new(), String::new())
        };
        if refused_by_pkexec(code) {
            return Err(BlockError::Elevation(format!(
                "pkexec: {}",
                code.map_or_else(|| "stopped by a signal".into(), |c| format!("exit {c}"))
            )));
        }
        Ok(HelperRun {
            code,
            stdout,
            stderr,
        })
    }
}

/// Whether reading the list of blocks needs the helper: on Linux nftables can't be read
/// without rights; on Windows the firewall's rules and PortScope's state file can (expiry is
/// then enforced the next time PortScope runs as administrator).
pub fn listing_needs_helper() -> bool {
    !cfg!(windows)
}

/// What decides whether pkexec may be tried.
pub struct Session<'a> {
    /// Where pkexec is, if anywhere.
    pub pkexec: Option<PathBuf>,
    /// stdin is a terminal (pkexec's own text agent can ask there).
    pub terminal: bool,
    /// An environment variable.
    pub var: &'a dyn Fn(&str) -> Option<String>,
    /// polkit's system bus socket exists.
    pub system_bus: bool,
}

impl Session<'_> {
    /// pkexec, when it is there and can ask for a password here; else why not.
    pub fn helper(&self) -> Result<&Path, BlockError> {
        let graphical = ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|v| (self.var)(v).is_some_and(|s| !s.is_empty()));
        match &self.pkexec {
            Some(p) if (self.terminal || graphical) && self.system_bus => Ok(p),
            _ => Err(BlockError::NeedsAdmin),
        }
    }
}

/// pkexec in its fixed places (never from PATH).
pub fn find_pkexec() -> Option<PathBuf> {
    ["/usr/bin/pkexec", "/bin/pkexec"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// This process's session: pkexec, the terminal, the environment, the system bus.
pub fn with_this_session<T>(f: impl FnOnce(&Session<'_>) -> T) -> T {
    use std::io::IsTerminal as _;
    let var = |name: &str| std::env::var(name).ok();
    let session = Session {
        pkexec: find_pkexec(),
        terminal: std::io::stdin().is_terminal(),
        var: &var,
        system_bus: Path::new("/run/dbus/system_bus_socket").exists()
            || Path::new("/var/run/dbus/system_bus_socket").exists(),
    };
    f(&session)
}

/// How pkexec ended: 126 means the user dismissed the dialog or was not allowed, 127 that
/// authentication failed; anything else is the helper's own exit code.
pub fn refused_by_pkexec(code: Option<i32>) -> bool {
    matches!(code, Some(126 | 127) | None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(argv: &[OsString]) -> Vec<String> {
        argv.iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn the_helper_gets_only_numbers_and_fixed_flags() {
        let (pk, exe) = (
            Path::new("/usr/bin/pkexec"),
            Path::new("/usr/bin/portscope"),
        );
        let tcp = BlockId {
            protocol: Protocol::Tcp,
            port: 7626,
        };
        let timed = Request {
            id: tcp,
            lifetime: Lifetime::For(3600),
        };
        assert_eq!(
            strings(&block_argv(pk, exe, &timed)),
            [
                "/usr/bin/pkexec",
                "/usr/bin/portscope",
                "block",
                "--port",
                "7626",
                "--tcp",
                "--for",
                "3600s",
                "--yes"
            ]
        );
        let udp = BlockId {
            protocol: Protocol::Udp,
            port: 53,
        };
        let always = Request {
            id: udp,
            lifetime: Lifetime::Always,
        };
        assert_eq!(
            strings(&block_argv(pk, exe, &always))[2..],
            ["block", "--port", "53", "--udp", "--always", "--yes"]
        );
        let restart = Request {
            id: udp,
            lifetime: Lifetime::UntilRestart,
        };
        assert!(strings(&block_argv(pk, exe, &restart)).contains(&"--until-restart".to_owned()));
        assert_eq!(
            strings(&unblock_argv(pk, exe, udp))[2..],
            ["unblock", "--port", "53", "--udp", "--yes"]
        );
        assert_eq!(
            strings(&list_argv(pk, exe))[2..],
            ["blocks", "--format", "json"]
        );
    }

    /// `CommandLineToArgvW`'s reading of a command line (the documented rules), to check that
    /// what `windows_parameters` writes comes back as the same arguments.
    fn split_windows(line: &str) -> Vec<String> {
        let mut args = Vec::new();
        let mut chars = line.chars().peekable();
        loop {
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            if chars.peek().is_none() {
                return args;
            }
            let (mut arg, mut quoted) = (String::new(), false);
            while let Some(&c) = chars.peek() {
                if !quoted && (c == ' ' || c == '\t') {
                    break;
                }
                chars.next();
                match c {
                    '\\' => {
                        let mut n = 1;
                        while chars.peek() == Some(&'\\') {
                            chars.next();
                            n += 1;
                        }
                        if chars.peek() == Some(&'"') {
                            arg.extend(std::iter::repeat_n('\\', n / 2));
                            if n % 2 == 1 {
                                chars.next();
                                arg.push('"');
                            }
                        } else {
                            arg.extend(std::iter::repeat_n('\\', n));
                        }
                    }
                    '"' => quoted = !quoted,
                    _ => arg.push(c),
                }
            }
            args.push(arg);
        }
    }

    #[test]
    fn the_windows_helper_line_reads_back_as_the_same_arguments() {
        let request = Request {
            id: BlockId {
                protocol: Protocol::Udp,
                port: 5353,
            },
            lifetime: Lifetime::For(90),
        };
        let line = windows_parameters(&block_args(&request));
        assert_eq!(line, "block --port 5353 --udp --for 90s --yes");
        for hostile in [
            "a b",
            "say \"hi\"",
            "C:\\dir with space\\",
            "\\\"",
            "",
            "x\ty",
            "& calc.exe",
            "--yes\" --port \"1",
        ] {
            let args: Vec<OsString> = vec!["block".into(), hostile.into(), "--yes".into()];
            assert_eq!(
                split_windows(&windows_parameters(&args)),
                ["block", hostile, "--yes"],
                "{hostile:?}"
            );
        }
        assert_eq!(strings(&list_args(false)), ["blocks"]);
    }

    #[test]
    fn each_helper_command_has_its_polkit_action() {
        let policy = include_str!("../../packaging/linux/io.github.portscope.policy");
        let (pk, exe) = (
            Path::new("/usr/bin/pkexec"),
            Path::new("/usr/bin/portscope"),
        );
        let id = BlockId {
            protocol: Protocol::Tcp,
            port: 1,
        };
        let request = Request {
            id,
            lifetime: Lifetime::Always,
        };
        for argv in [
            block_argv(pk, exe, &request),
            unblock_argv(pk, exe, id),
            list_argv(pk, exe),
        ] {
            let argv1 = argv[2].to_string_lossy();
            let annotation = format!(
                r#"<annotate key="org.freedesktop.policykit.exec.argv1">{argv1}</annotate>"#
            );
            assert!(policy.contains(&annotation), "no polkit action for {argv1}");
        }
    }

    fn session<'a>(
        pkexec: Option<PathBuf>,
        terminal: bool,
        var: &'a dyn Fn(&str) -> Option<String>,
        system_bus: bool,
    ) -> Session<'a> {
        Session {
            pkexec,
            terminal,
            var,
            system_bus,
        }
    }

    #[test]
    fn pkexec_is_tried_only_where_a_password_can_be_asked() {
        let none = |_: &str| None;
        let x11 = |v: &str| (v == "DISPLAY").then(|| ":0".to_owned());
        let empty = |_: &str| Some(String::new());
        let pk = Some(PathBuf::from("/usr/bin/pkexec"));
        assert!(session(pk.clone(), true, &none, true).helper().is_ok());
        assert!(session(pk.clone(), false, &x11, true).helper().is_ok());
        assert_eq!(
            session(pk.clone(), false, &none, true).helper(),
            Err(BlockError::NeedsAdmin)
        );
        assert!(session(pk.clone(), false, &empty, true).helper().is_err());
        assert!(
            session(pk, true, &x11, false).helper().is_err(),
            "no polkit"
        );
        assert!(
            session(None, true, &x11, true).helper().is_err(),
            "no pkexec"
        );
        assert!(refused_by_pkexec(Some(126)) && refused_by_pkexec(Some(127)));
        assert!(!refused_by_pkexec(Some(1)) && !refused_by_pkexec(Some(0)));
    }
}
