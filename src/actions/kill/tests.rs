//! Kill decisions against a fake process table.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::*;

#[derive(Default)]
struct FakeTable {
    procs: RefCell<HashMap<u32, LiveProcess>>,
    signals: RefCell<Vec<(u32, StopSignal)>>,
    /// What `signal` does: exit the process, ignore it, or fail.
    behaviour: Behaviour,
    /// When set, this process takes the target's PID just before the signal.
    replace_before_signal: RefCell<Option<LiveProcess>>,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum Behaviour {
    #[default]
    Exits,
    IgnoresGraceful,
    Denied,
}

const OWN_PID: u32 = 4242;

impl ProcessTable for FakeTable {
    fn lookup(&self, pid: u32) -> Option<LiveProcess> {
        self.procs.borrow().get(&pid).cloned()
    }
    fn signal(&self, target: &ProcessIdentity, signal: StopSignal) -> Result<(), SignalError> {
        let pid = target.pid;
        if let Some(newcomer) = self.replace_before_signal.borrow_mut().take() {
            // The target exits and another process takes its PID between check and signal.
            self.procs.borrow_mut().insert(pid, newcomer);
        }
        // Like the real table: verify on the process that would receive the signal.
        match self.procs.borrow().get(&pid) {
            None => return Err(SignalError::NoSuchProcess),
            Some(live) if !same_process(target, &live.identity) => {
                return Err(SignalError::NotTheSameProcess);
            }
            Some(_) => {}
        }
        self.signals.borrow_mut().push((pid, signal));
        match self.behaviour {
            Behaviour::Denied => Err(SignalError::PermissionDenied),
            Behaviour::IgnoresGraceful if signal == StopSignal::Graceful => Ok(()),
            _ => {
                self.procs.borrow_mut().remove(&pid);
                Ok(())
            }
        }
    }
    fn own_pid(&self) -> u32 {
        OWN_PID
    }
}

fn at(secs: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0)
}

fn ident(pid: u32, name: &str, path: &str, start: i64) -> ProcessIdentity {
    ProcessIdentity {
        pid,
        name: name.into(),
        path: Some(path.into()),
        started_at: at(start),
        start_token: Some(start as u64 * 100),
    }
}

fn table_with(procs: &[(ProcessIdentity, bool)], behaviour: Behaviour) -> FakeTable {
    let t = FakeTable {
        behaviour,
        ..Default::default()
    };
    for (id, kernel) in procs {
        t.procs.borrow_mut().insert(
            id.pid,
            LiveProcess {
                identity: id.clone(),
                kernel_thread: *kernel,
                zombie: false,
            },
        );
    }
    t
}

fn request(target: ProcessIdentity) -> KillRequest {
    KillRequest {
        target,
        signal: StopSignal::Graceful,
    }
}

const WAIT: Duration = Duration::from_millis(100);

/// A kill case: name, the process table, the target, the expected outcome.
type Decision = (&'static str, FakeTable, ProcessIdentity, KillOutcome);

/// Targets refused before any signal: protected, own, kernel thread, PID reused.
fn refusal_cases(nginx: &ProcessIdentity) -> Vec<Decision> {
    vec![
        (
            "pid 1 refused",
            table_with(
                &[(ident(1, "systemd", "/sbin/init", 5), false)],
                Behaviour::Exits,
            ),
            ident(1, "systemd", "/sbin/init", 5),
            KillOutcome::Refused(Refusal::ProtectedPid(1)),
        ),
        (
            "pid 0 refused",
            table_with(&[], Behaviour::Exits),
            ident(0, "swapper", "", 0),
            KillOutcome::Refused(Refusal::ProtectedPid(0)),
        ),
        (
            "own process refused",
            table_with(
                &[(ident(OWN_PID, "portscope", "/x", 9), false)],
                Behaviour::Exits,
            ),
            ident(OWN_PID, "portscope", "/x", 9),
            KillOutcome::Refused(Refusal::OwnProcess),
        ),
        (
            "kernel thread refused",
            table_with(&[(ident(77, "kworker/0:1", "", 3), true)], Behaviour::Exits),
            ident(77, "kworker/0:1", "", 3),
            KillOutcome::Refused(Refusal::KernelThread(77)),
        ),
        (
            "pid reused by a later process (start time differs)",
            table_with(
                &[(ident(900, "nginx", "/usr/sbin/nginx", 2000), false)],
                Behaviour::Exits,
            ),
            nginx.clone(),
            KillOutcome::Refused(Refusal::PidReused(900)),
        ),
        (
            "pid reused by another program (exe differs)",
            table_with(
                &[(ident(900, "nginx", "/tmp/nginx", 1000), false)],
                Behaviour::Exits,
            ),
            nginx.clone(),
            KillOutcome::Refused(Refusal::PidReused(900)),
        ),
    ]
}

/// Targets that are signalled (or already gone): ended, gone, denied, ignoring the stop.
fn outcome_cases(nginx: &ProcessIdentity) -> Vec<Decision> {
    vec![
        (
            "normal process ends",
            table_with(&[(nginx.clone(), false)], Behaviour::Exits),
            nginx.clone(),
            KillOutcome::Ended,
        ),
        (
            "already gone",
            table_with(&[], Behaviour::Exits),
            nginx.clone(),
            KillOutcome::AlreadyGone,
        ),
        (
            "permission denied",
            table_with(&[(nginx.clone(), false)], Behaviour::Denied),
            nginx.clone(),
            KillOutcome::PermissionDenied,
        ),
        (
            "ignores graceful stop",
            table_with(&[(nginx.clone(), false)], Behaviour::IgnoresGraceful),
            nginx.clone(),
            KillOutcome::StillRunning,
        ),
    ]
}

#[test]
fn decisions_table() {
    let nginx = ident(900, "nginx", "/usr/sbin/nginx", 1000);
    let cases = refusal_cases(&nginx)
        .into_iter()
        .chain(outcome_cases(&nginx));
    for (name, table, target, expected) in cases {
        let outcome = end_process(&table, &request(target.clone()), WAIT);
        assert_eq!(outcome, expected, "{name}");
        let signalled = !table.signals.borrow().is_empty();
        let should_signal = matches!(
            expected,
            KillOutcome::Ended | KillOutcome::PermissionDenied | KillOutcome::StillRunning
        );
        assert_eq!(signalled, should_signal, "{name}: signalled={signalled}");
    }
}

#[test]
fn force_follows_a_graceful_stop_that_was_ignored() {
    let app = ident(900, "stubborn", "/opt/stubborn", 1000);
    let table = table_with(&[(app.clone(), false)], Behaviour::IgnoresGraceful);
    assert_eq!(
        end_process(&table, &request(app.clone()), WAIT),
        KillOutcome::StillRunning
    );
    let forced = KillRequest {
        target: app,
        signal: StopSignal::Force,
    };
    assert_eq!(end_process(&table, &forced, WAIT), KillOutcome::Ended);
    assert_eq!(
        *table.signals.borrow(),
        vec![(900, StopSignal::Graceful), (900, StopSignal::Force)]
    );
}

#[test]
fn zombie_counts_as_gone() {
    let app = ident(901, "child", "/bin/child", 1000);
    let table = table_with(&[(app.clone(), false)], Behaviour::Exits);
    table.procs.borrow_mut().get_mut(&901).unwrap().zombie = true;
    assert_eq!(
        end_process(&table, &request(app), WAIT),
        KillOutcome::AlreadyGone
    );
    assert!(table.signals.borrow().is_empty());
}

#[test]
fn deleted_executable_is_still_the_same_process() {
    let seen = ident(5, "x", "/tmp/x", 10);
    let mut now = seen.clone();
    now.path = Some("/tmp/x (deleted)".into());
    assert!(same_process(&seen, &now));
}

#[cfg(unix)]
#[test]
fn executables_that_differ_in_a_byte_that_is_not_utf8_are_different_processes() {
    use std::os::unix::ffi::OsStrExt;
    let path = |b: &[u8]| Some(std::ffi::OsStr::from_bytes(b).into());
    let mut seen = ident(5, "bad", "/", 10);
    seen.path = path(b"/tmp/bad\xff");
    let mut now = seen.clone();
    now.path = path(b"/tmp/bad\xfe");
    assert!(!same_process(&seen, &now));
    now.path = path(b"/tmp/bad\xff (deleted)");
    assert!(same_process(&seen, &now));
}

#[test]
fn unknown_identity_falls_back_to_name() {
    let seen = ProcessIdentity {
        pid: 5,
        name: "a".into(),
        path: None,
        started_at: None,
        start_token: None,
    };
    let mut now = seen.clone();
    assert!(same_process(&seen, &now));
    now.name = "b".into();
    assert!(!same_process(&seen, &now));
}

#[test]
fn session_critical_names() {
    for name in [
        "systemd",
        "Xorg",
        "gnome-shell",
        "LSASS.EXE",
        "explorer.exe",
    ] {
        assert!(is_session_critical(name), "{name}");
    }
    for name in ["python3", "nginx", "node"] {
        assert!(!is_session_critical(name), "{name}");
    }
}

#[test]
fn messages_name_program_and_pid_and_neutralise_hostile_names() {
    let tr = Tr::default();
    let report = KillReport {
        request: request(ident(900, "bad\u{202e}name", "/x", 1)),
        outcome: KillOutcome::PermissionDenied,
    };
    let text = report.message(&tr);
    assert!(
        text.contains("900") && text.contains("administrator"),
        "{text}"
    );
    assert!(!text.contains('\u{202e}'), "{text}");
}

#[test]
fn pid_reused_within_the_same_second_is_caught_by_the_precise_start() {
    let seen = ident(700, "sleep", "/usr/bin/sleep", 1000);
    let mut impostor = seen.clone();
    // Same name, same path, same second; started 3 clock ticks later.
    impostor.start_token = seen.start_token.map(|t| t + 3);
    assert!(!same_process(&seen, &impostor));
    let table = table_with(&[(impostor, false)], Behaviour::Exits);
    assert_eq!(
        end_process(&table, &request(seen), WAIT),
        KillOutcome::Refused(Refusal::PidReused(700))
    );
    assert!(table.signals.borrow().is_empty());
}

#[test]
fn a_pid_that_changes_hands_between_check_and_signal_is_not_signalled() {
    let seen = ident(701, "sleep", "/usr/bin/sleep", 1000);
    let table = table_with(&[(seen.clone(), false)], Behaviour::Exits);
    let mut newcomer = seen.clone();
    newcomer.start_token = seen.start_token.map(|t| t + 1);
    *table.replace_before_signal.borrow_mut() = Some(LiveProcess {
        identity: newcomer,
        kernel_thread: false,
        zombie: false,
    });
    assert_eq!(
        end_process(&table, &request(seen), WAIT),
        KillOutcome::Refused(Refusal::PidReused(701))
    );
    assert!(table.signals.borrow().is_empty(), "nothing may be sent");
    assert!(
        table.procs.borrow().contains_key(&701),
        "newcomer untouched"
    );
}

#[test]
fn an_exiting_process_without_its_exe_link_is_not_gone_yet() {
    // Exiting: memory (and with it the exe link) goes first, files (sockets) later.
    let seen = ident(702, "srv", "/usr/bin/srv", 1000);
    let table = table_with(&[(seen.clone(), false)], Behaviour::IgnoresGraceful);
    table
        .procs
        .borrow_mut()
        .get_mut(&702)
        .unwrap()
        .identity
        .path = None;
    assert!(!gone(&table, &seen), "still exiting: not gone");
    table.procs.borrow_mut().get_mut(&702).unwrap().zombie = true;
    assert!(gone(&table, &seen));
}
