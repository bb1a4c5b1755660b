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

/// `pkexec <exe> block --port N --tcp|--udp --for Ns|--until-restart|--always --yes`.
pub fn block_argv(pkexec: &Path, exe: &Path, request: &Request) -> Vec<OsString> {
    let mut argv: Vec<OsString> = vec![pkexec.into(), exe.into(), "block".into()];
    argv.push("--port".into());
    argv.push(request.id.port.to_string().into());
    argv.push(protocol_flag(request.id.protocol).into());
    match request.lifetime {
        Lifetime::For(secs) => {
            argv.push("--for".into());
            argv.push(format!("{secs}s").into());
        }
        Lifetime::UntilRestart => argv.push("--until-restart".into()),
        Lifetime::Always => argv.push("--always".into()),
    }
    argv.push("--yes".into());
    argv
}

/// `pkexec <exe> unblock --port N --tcp|--udp --yes`.
pub fn unblock_argv(pkexec: &Path, exe: &Path, id: BlockId) -> Vec<OsString> {
    vec![
        pkexec.into(),
        exe.into(),
        "unblock".into(),
        "--port".into(),
        id.port.to_string().into(),
        protocol_flag(id.protocol).into(),
        "--yes".into(),
    ]
}

/// `pkexec <exe> blocks --format json` (the window reads the list through it).
pub fn list_argv(pkexec: &Path, exe: &Path) -> Vec<OsString> {
    vec![
        pkexec.into(),
        exe.into(),
        "blocks".into(),
        "--format".into(),
        "json".into(),
    ]
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
