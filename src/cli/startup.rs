//! `portscope startup`: the autostart entries that start a program (`--pid N`, `--exe PATH`,
//! or every entry), and `startup disable ID` / `startup enable ID`, which change them through
//! the undo journal (`crate::startup::journal`). Exit codes as `block`: 0 done, 1 failed with a
//! reason, 2 usage.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{CliError, output_error};
use crate::i18n::{Msg, Tr};
use crate::startup::journal::{self, Open, Recovery};
use crate::startup::{Entry, Findings, Journal, Roots, Scope, StartupError, User};

/// Output format of `startup`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StartupFormat {
    /// Aligned columns for people.
    Text,
    /// JSON: `{"exe", "user", "entries": [...], "unreadable": [...], "notices": [...]}`.
    Json,
}

/// Whose entries: a running process, an executable, or (neither) every entry.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// The process whose program is looked for (its image, its user, its systemd unit).
    #[arg(long, conflicts_with = "exe")]
    pub pid: Option<u32>,
    /// The executable looked for (with the current user's files).
    #[arg(long)]
    pub exe: Option<PathBuf>,
}

/// Arguments of `startup`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct StartupArgs {
    /// Disable or enable an entry; without one, list them.
    #[command(subcommand)]
    pub action: Option<StartupAction>,
    /// Whose entries.
    #[command(flatten)]
    pub target: TargetArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StartupFormat::Text)]
    pub format: StartupFormat,
}

/// `startup disable` / `startup enable`.
#[derive(Debug, Subcommand)]
pub enum StartupAction {
    /// Make an entry inert (recorded first in the undo journal), then read it back.
    Disable(ChangeArgs),
    /// Put back, byte for byte, an entry PortScope disabled.
    Enable(ChangeArgs),
}

/// Arguments of `startup disable|enable`.
#[derive(Debug, Args)]
pub struct ChangeArgs {
    /// The entry's ID, as `portscope startup` lists it.
    pub id: String,
    /// Whose entries (as for listing; the default is every entry of the current user).
    #[command(flatten)]
    pub target: TargetArgs,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

fn failed(e: &StartupError, tr: &Tr) -> CliError {
    CliError::Failed(e.message(tr))
}

/// Print to stdout; a closed stdout does not undo what was done.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// The scope a target names.
fn scope(target: &TargetArgs, tr: &Tr) -> Result<Scope, CliError> {
    let no_user = || CliError::Failed(tr.f(Msg::StartupPidUnreadable, &[&"-", &"no user"]));
    let roots = Roots::system();
    if let Some(pid) = target.pid {
        return process_scope(pid, roots, tr);
    }
    let exe =
        match &target.exe {
            Some(p) => Some(std::fs::canonicalize(p).map_err(|e| {
                CliError::Failed(tr.f(Msg::StartupPidUnreadable, &[&p.display(), &e]))
            })?),
            None => None,
        };
    Ok(Scope {
        exe,
        units: Vec::new(),
        user: User::current().ok_or_else(no_user)?,
        roots,
    })
}

/// The scope of a running process: its image, its user, the units of its cgroup.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn process_scope(pid: u32, roots: Roots, tr: &Tr) -> Result<Scope, CliError> {
    use crate::collector::procfs;
    let proc = std::path::Path::new("/proc");
    let unreadable = |why: &dyn std::fmt::Display| {
        CliError::Failed(tr.f(Msg::StartupPidUnreadable, &[&pid, why]))
    };
    let exe = procfs::read_exe(proc, pid).ok_or_else(|| unreadable(&"/proc/PID/exe"))?;
    // A removed image: the kernel's " (deleted)" mark is not part of the path.
    let exe = exe
        .to_str()
        .and_then(|t| t.strip_suffix(" (deleted)"))
        .map_or(exe.clone(), PathBuf::from);
    let uid = procfs::read_uid(proc, pid).ok_or_else(|| unreadable(&"/proc/PID/status"))?;
    let user = User::of_uid(uid).ok_or_else(|| unreadable(&format!("uid {uid}")))?;
    let cgroup =
        std::fs::read_to_string(proc.join(pid.to_string()).join("cgroup")).unwrap_or_default();
    let units = crate::collector::provenance::cgroup::parse(&cgroup).services;
    Ok(Scope {
        exe: Some(exe),
        units,
        user,
        roots,
    })
}

/// Windows and macOS: the process's image as the process table names it (the entries read are
/// the current user's and the machine's: HKCU is this user's).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn process_scope(pid: u32, roots: Roots, tr: &Tr) -> Result<Scope, CliError> {
    use crate::actions::kill::ProcessTable as _;
    let unreadable = |why: &dyn std::fmt::Display| {
        CliError::Failed(tr.f(Msg::StartupPidUnreadable, &[&pid, why]))
    };
    let live = crate::actions::kill::SystemProcessTable::default()
        .lookup(pid)
        .ok_or_else(|| unreadable(&"no such process"))?;
    let exe = live
        .identity
        .path
        .ok_or_else(|| unreadable(&"its program file can't be read"))?;
    Ok(Scope {
        exe: Some(exe),
        units: Vec::new(),
        user: User::current().ok_or_else(|| unreadable(&"no user"))?,
        roots,
    })
}

/// The journal's path, or why there is none.
fn journal_path(tr: &Tr) -> Result<PathBuf, CliError> {
    journal::default_path().ok_or_else(|| CliError::Failed(tr.t(Msg::StartupNoJournal).to_owned()))
}

fn tell(recovered: &[Recovery], tr: &Tr) {
    for r in recovered {
        eprintln!("portscope: {}", r.message(tr));
    }
}

/// Run `portscope startup`.
pub fn run(args: &StartupArgs, tr: &Tr) -> Result<(), CliError> {
    match &args.action {
        Some(StartupAction::Disable(change)) => disable(change, tr),
        Some(StartupAction::Enable(change)) => enable(change, tr),
        None => list(args, tr),
    }
}

/// The journal for reading: opened (pending records settled) where it can be written, else
/// only read; what went wrong becomes a notice.
fn journal_for_listing(tr: &Tr, notices: &mut Vec<String>) -> Journal {
    // No journal yet: nothing to settle, and listing leaves no file behind.
    let Some(path) = journal::default_path().filter(|p| p.exists()) else {
        return Journal::default();
    };
    match Open::at(&path) {
        Ok(open) => {
            notices.extend(open.recovered.iter().map(|r| r.message(tr)));
            open.journal
        }
        Err(_) => Journal::load(&path).unwrap_or_else(|e| {
            notices.push(e.message(tr));
            Journal::default()
        }),
    }
}

fn list(args: &StartupArgs, tr: &Tr) -> Result<(), CliError> {
    let scope = scope(&args.target, tr)?;
    let mut notices = Vec::new();
    let journal = journal_for_listing(tr, &mut notices);
    let found = crate::startup::find(&scope, &journal);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        StartupFormat::Json => write_json(&mut out, &scope, &found, &notices),
        StartupFormat::Text => write_text(&mut out, &scope, &found, &notices, tr),
    }
    .and_then(|()| out.flush())
    .map_err(output_error)
}

fn enabled_text(e: &Entry, tr: &Tr) -> &'static str {
    tr.t(match (e.enabled, e.disabled_by_portscope) {
        (true, _) => Msg::StartupYes,
        (false, true) => Msg::StartupNoByPortScope,
        (false, false) => Msg::StartupNo,
    })
}

fn shown(text: &str) -> String {
    crate::model::text::show_invisible(text).into_owned()
}

/// The entries as aligned columns; notices and unreadable files on stderr.
fn write_text(
    out: &mut dyn Write,
    scope: &Scope,
    found: &Findings,
    notices: &[String],
    tr: &Tr,
) -> std::io::Result<()> {
    for n in notices {
        eprintln!("portscope: {n}");
    }
    for u in &found.unreadable {
        eprintln!(
            "{}",
            tr.f(Msg::StartupUnreadable, &[&shown(&u.path), &u.why])
        );
    }
    if found.entries.is_empty() {
        let exe = scope
            .exe
            .as_deref()
            .map_or_else(|| "-".to_owned(), |p| shown(&crate::startup::text(p)));
        return writeln!(out, "{}", tr.f(Msg::StartupNone, &[&exe]));
    }
    let header = [
        Msg::StartupColId,
        Msg::StartupColKind,
        Msg::StartupColEnabled,
        Msg::StartupColPath,
        Msg::StartupColCommand,
    ]
    .map(|m| tr.t(m).to_owned());
    let lines: Vec<Vec<String>> = found
        .entries
        .iter()
        .map(|e| {
            vec![
                e.id.clone(),
                e.kind.as_str().to_owned(),
                enabled_text(e, tr).to_owned(),
                shown(&e.path),
                shown(&e.command),
            ]
        })
        .collect();
    super::table::write_aligned(out, &header, &lines)
}

/// `{"exe", "user", "entries": [...], "unreadable": [...], "notices": [...]}`.
fn write_json(
    out: &mut dyn Write,
    scope: &Scope,
    found: &Findings,
    notices: &[String],
) -> std::io::Result<()> {
    let doc = serde_json::json!({
        "exe": scope.exe.as_deref().map(crate::startup::text),
        "user": scope.user.name,
        "entries": found.entries,
        "unreadable": found.unreadable,
        "notices": notices,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn ask(prompt: String, confirm: Msg, tr: &Tr) -> Result<(), CliError> {
    eprintln!("{prompt}");
    if super::confirmed(tr.t(confirm)) {
        Ok(())
    } else {
        Err(tr.t(Msg::StartupCancelled).to_owned().into())
    }
}

fn disable(args: &ChangeArgs, tr: &Tr) -> Result<(), CliError> {
    let scope = scope(&args.target, tr)?;
    let path = journal_path(tr)?;
    let journal = Journal::load(&path).map_err(|e| failed(&e, tr))?;
    let entry = crate::startup::find(&scope, &journal)
        .entries
        .into_iter()
        .find(|e| e.id == args.id)
        .ok_or_else(|| failed(&StartupError::NotFound(args.id.clone()), tr))?;
    if !entry.enabled {
        return Err(failed(&StartupError::AlreadyInert(entry.path), tr));
    }
    journal::check_rights(&entry).map_err(|e| failed(&e, tr))?;
    if !args.yes {
        let prompt = tr.f(
            Msg::StartupDisablePrompt,
            &[
                &entry.kind.as_str(),
                &shown(&entry.path),
                &shown(&entry.command),
            ],
        );
        ask(prompt, Msg::StartupDisableConfirm, tr)?;
    }
    let mut open = Open::at(&path).map_err(|e| failed(&e, tr))?;
    tell(&open.recovered, tr);
    let done = open.disable(&scope, &args.id).map_err(|e| failed(&e, tr))?;
    say(&tr.f(
        Msg::StartupDisabledDone,
        &[&done.kind.as_str(), &shown(&done.path), &done.id],
    ));
    Ok(())
}

fn enable(args: &ChangeArgs, tr: &Tr) -> Result<(), CliError> {
    let path = journal_path(tr)?;
    let journal = Journal::load(&path).map_err(|e| failed(&e, tr))?;
    let Some(record) = journal.records.iter().find(|r| r.id == args.id) else {
        return Err(failed(&StartupError::NotDisabledByUs(args.id.clone()), tr));
    };
    if !args.yes {
        let prompt = tr.f(
            Msg::StartupEnablePrompt,
            &[&record.kind.as_str(), &shown(&record.path)],
        );
        ask(prompt, Msg::StartupEnableConfirm, tr)?;
    }
    let mut open = Open::at(&path).map_err(|e| failed(&e, tr))?;
    tell(&open.recovered, tr);
    let running = Roots::system().systemd_running;
    let back = open.enable(&args.id, running).map_err(|e| failed(&e, tr))?;
    say(&tr.f(
        Msg::StartupEnabledDone,
        &[&back.kind.as_str(), &shown(&back.path)],
    ));
    Ok(())
}
