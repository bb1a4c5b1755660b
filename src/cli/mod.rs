//! The command line: `portscope list|watch|kill|explain|close-connection|block|blocks|unblock|
//! signature|startup`, over the same engine, collector, model, actions and firewall blocks as
//! the window.

mod block;
mod close;
mod explain;
mod kill;
mod signature;
mod startup;
pub mod table;
pub mod watch;

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::actions::export::{ExportFormat, ExportMeta, write_export};
use crate::collector::Poller;
use crate::engine::{Pipeline, warning_texts};
use crate::i18n::{Lang, Tr};
use crate::model::{ProtocolFilter, QuickFilter, SocketRow, StateFilter};
use crate::risk::TrustStore;

/// PortScope: see every open TCP/UDP port, the program behind it, and end it safely.
/// Run without a command to open the window.
#[derive(Debug, Parser)]
#[command(name = "portscope", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without one, the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A CLI subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every open socket once, with its owning program.
    List(ListArgs),
    /// End the program that owns a port or has a PID (asks first unless --yes).
    Kill(KillArgs),
    /// Explain what a port is normally used for and how risky it is to expose.
    Explain(ExplainArgs),
    /// Stream opened/closed/changed sockets until interrupted (Ctrl+C).
    Watch(WatchArgs),
    /// Close one TCP connection; the program that owns it keeps running (needs administrator).
    CloseConnection(CloseArgs),
    /// Block incoming traffic to a port in the firewall, for a time, until restart or always
    /// (asks first unless --yes; asks for the administrator password when needed).
    Block(block::BlockArgs),
    /// List the ports PortScope has blocked, as the firewall holds them.
    Blocks(block::BlocksArgs),
    /// Lift a block made by PortScope (by its ID, or --port).
    Unblock(block::UnblockArgs),
    /// Check the Authenticode signature of program files (Windows): valid and by whom,
    /// invalid (changed after signing), unsigned, or unknown (and why).
    Signature(signature::SignatureArgs),
    /// List what starts a program automatically (systemd, XDG autostart, cron @reboot,
    /// rc.local); `startup disable ID` / `startup enable ID` change one, with undo.
    Startup(startup::StartupArgs),
}

/// Arguments of `close-connection`.
#[derive(Debug, Args)]
pub struct CloseArgs {
    /// This computer's end of the connection, e.g. 127.0.0.1:51234 or [::1]:51234.
    #[arg(long)]
    pub local: std::net::SocketAddr,
    /// The other end, e.g. 93.184.216.34:443.
    #[arg(long)]
    pub remote: std::net::SocketAddr,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// Output format of `watch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum WatchFormat {
    /// One readable line per event.
    Text,
    /// JSON Lines: `{"time", "event", "row", "previous_state"?}` per line.
    Json,
}

/// Arguments of `watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Seconds between polls, from 0.1 to 86400 (one day); fractions allowed (e.g. 0.5).
    #[arg(long, default_value_t = 1.0, value_parser = parse_interval)]
    pub interval: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = WatchFormat::Text)]
    pub format: WatchFormat,
    /// Name remote addresses by reverse DNS (this tells the DNS server whom the computer talks
    /// to). Never waits: names appear in later events once their answers have come.
    #[arg(long)]
    pub resolve: bool,
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The port number to explain.
    pub port: u16,
    /// Explain the UDP port (default: TCP).
    #[arg(long)]
    pub udp: bool,
}

/// Output format of `list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for people.
    Table,
    /// Comma-separated values.
    Csv,
    /// JSON (the stable contract for scripts).
    Json,
    /// A self-contained HTML report.
    Html,
}

impl ListFormat {
    /// The export format that writes it; `None` for the table, which only the CLI writes.
    fn export_format(self) -> Option<ExportFormat> {
        match self {
            ListFormat::Table => None,
            ListFormat::Csv => Some(ExportFormat::Csv),
            ListFormat::Json => Some(ExportFormat::Json),
            ListFormat::Html => Some(ExportFormat::Html),
        }
    }
}

/// Arguments of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Only sockets waiting for connections (TCP LISTEN, unconnected UDP).
    #[arg(long)]
    pub listening: bool,
    /// Only TCP sockets.
    #[arg(long, conflicts_with = "udp")]
    pub tcp: bool,
    /// Only UDP sockets.
    #[arg(long)]
    pub udp: bool,
    /// Only sockets with a low, medium or high risk finding.
    #[arg(long)]
    pub flagged: bool,
    /// Name public remote addresses by reverse DNS, verified (this tells the DNS server whom the
    /// computer talks to). Waits at most 2 seconds for the answers, then prints what it has.
    #[arg(long)]
    pub resolve: bool,
}

/// Arguments of `kill`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["pid", "port"])))]
pub struct KillArgs {
    /// End the process with this PID.
    #[arg(long)]
    pub pid: Option<u32>,
    /// End the program that listens on (or holds) this port.
    #[arg(long)]
    pub port: Option<u16>,
    /// With --port: the port is UDP, not TCP.
    #[arg(long, requires = "port")]
    pub udp: bool,
    /// End it at once instead of asking it to close.
    #[arg(long)]
    pub force: bool,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// The longest `watch --interval`: one day (longer ones overflow clocks and help nobody).
const MAX_INTERVAL_SECS: f64 = 86_400.0;

/// Parse `--interval`: a finite number of seconds from 0.1 to one day, else a usage error.
fn parse_interval(text: &str) -> Result<f64, String> {
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if secs.is_finite() && (0.1..=MAX_INTERVAL_SECS).contains(&secs) {
        Ok(secs)
    } else {
        Err(format!(
            "must be between 0.1 and {MAX_INTERVAL_SECS} seconds (got {text})"
        ))
    }
}

/// Why a CLI command stopped early.
#[derive(Debug, PartialEq, Eq)]
pub enum CliError {
    /// A failure to report on stderr (exit 1).
    Failed(String),
    /// The reader of our output went away (`| head`): stop quietly.
    ReaderGone,
    /// Exit with this code; the reason was already printed (by the elevated helper).
    Exit(u8),
}

impl From<String> for CliError {
    fn from(message: String) -> Self {
        CliError::Failed(message)
    }
}

/// Writing the output failed: a closed pipe ends quietly, anything else (a full disk) is reported.
pub fn output_error(e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::ReaderGone
    } else {
        CliError::Failed(e.to_string())
    }
}

/// Run a CLI command; returns the process exit code (0 ok, 1 failure).
pub fn run(command: Command) -> ExitCode {
    let tr = Tr::new(Lang::detect());
    let result = match command {
        Command::List(args) => list(&args, &tr),
        Command::Kill(args) => kill::run(&args, &tr).map_err(CliError::from),
        Command::Explain(args) => explain::run(&args, &tr),
        Command::Watch(args) => watch::run(&args, &tr).map_err(CliError::from),
        Command::CloseConnection(args) => close::run(&args, &tr).map_err(CliError::from),
        Command::Block(args) => block::run_block(&args, &tr),
        Command::Blocks(args) => block::run_blocks(&args, &tr),
        Command::Unblock(args) => block::run_unblock(&args, &tr),
        Command::Signature(args) => signature::run(&args, &tr),
        Command::Startup(args) => startup::run(&args, &tr),
    };
    match result {
        Ok(()) | Err(CliError::ReaderGone) => ExitCode::SUCCESS,
        Err(CliError::Failed(message)) => {
            let _ = writeln!(std::io::stderr(), "portscope: {message}");
            ExitCode::from(1)
        }
        Err(CliError::Exit(code)) => ExitCode::from(code),
    }
}

/// The engine's pipeline with the user's trust list (read-only use); problems become warnings.
/// The baseline only serves the window's "new since baseline" filter, so it is not read.
pub fn pipeline(warnings: &mut Vec<String>) -> Pipeline {
    let tr = Tr::new(Lang::detect());
    if let Some(notice) = crate::engine::config_dir_notice(crate::files::config_dir(), &tr) {
        // On stderr whatever the format: it is about this run, not about the sockets.
        let _ = writeln!(std::io::stderr(), "portscope: {notice}");
    }
    let trust = match crate::risk::trust::default_path() {
        Some(path) => {
            let (store, problem) = TrustStore::open(&path);
            warnings.extend(problem.map(|p| p.to_string()));
            store.list()
        }
        None => Default::default(),
    };
    Pipeline::new(trust, Default::default())
}

fn list(args: &ListArgs, tr: &Tr) -> Result<(), CliError> {
    let mut warnings = Vec::new();
    let pipeline = pipeline(&mut warnings);
    let stdout = std::io::stdout();
    // 64 KiB, a pipe's buffer: a 10k-socket JSON list is ~9 MB, 140 writes instead of 1,100.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let run = ListRun {
        pipeline,
        warnings,
        poller: &mut Poller::new(),
        out: &mut out,
        err: &mut std::io::stderr(),
    };
    run.list(args, tr)
}

/// How long `list --format json|csv|html` waits for package checks (hashes of running images)
/// before it writes what it has; the rest say `verified: null`. The table does not wait.
pub const LIST_WAITS_FOR_CHECKS: std::time::Duration = std::time::Duration::from_secs(5);

/// One `list`: what it reads from (a pipeline with the user's trust list, a poller over the
/// real OS or a recorded one) and where it writes. Tests run it over a recorded system.
pub struct ListRun<'a> {
    /// Judges the snapshot.
    pub pipeline: Pipeline,
    /// Warnings found before the poll (an unreadable trust list), in words.
    pub warnings: Vec<String>,
    /// Polls the OS once.
    pub poller: &'a mut Poller,
    /// The table, JSON, CSV or HTML.
    pub out: &'a mut dyn Write,
    /// The table's warnings.
    pub err: &'a mut dyn Write,
}

impl ListRun<'_> {
    /// Poll once, judge, filter and sort as `args` ask, and write.
    pub fn list(self, args: &ListArgs, tr: &Tr) -> Result<(), CliError> {
        let ListRun {
            mut pipeline,
            mut warnings,
            poller,
            out,
            err,
        } = self;
        let started = std::time::Instant::now();
        let mut polled = poller.poll();
        // A one-shot export waits (a little) for the package checks a window would show later;
        // the table has no column for them, so it does not wait.
        let carries_checks = args.format.export_format().is_some();
        while carries_checks
            && poller.origins_pending() > 0
            && started.elapsed() < LIST_WAITS_FOR_CHECKS
        {
            std::thread::sleep(std::time::Duration::from_millis(50));
            polled = poller.poll();
        }
        let poll_took = started.elapsed();
        if args.resolve && !pipeline.resolves() {
            pipeline.set_resolver(Some(crate::resolve::Resolver::system()));
        }
        let snapshot = pipeline.judge_once(polled);
        log::debug!(
            "list: trust list and poll {poll_took:?}, judged after {:?}",
            started.elapsed()
        );
        warnings.splice(0..0, warning_texts(&snapshot.warnings, tr));
        let rows = listed_rows(&snapshot, args);
        let written = match args.format.export_format() {
            None => {
                for w in &warnings {
                    let _ = writeln!(err, "{w}");
                }
                table::write_table(&mut &mut *out, &rows, tr).map_err(output_error)
            }
            Some(format) => {
                let mut meta = ExportMeta::new(snapshot.taken_at, warnings);
                if let Some(host) = poller.host_name() {
                    meta.host = host;
                }
                write_export(&mut *out, format, &meta, &rows, *tr).map_err(export_error)
            }
        };
        let written = written.and_then(|()| out.flush().map_err(output_error));
        log::debug!("list: written after {:?}", started.elapsed());
        written
    }
}

/// The rows `list` prints: those its flags keep, in the default order.
fn listed_rows(snapshot: &crate::model::Snapshot, args: &ListArgs) -> Vec<SocketRow> {
    let quick = QuickFilter {
        state: if args.listening {
            StateFilter::Listening
        } else {
            StateFilter::All
        },
        protocol: match (args.tcp, args.udp) {
            (true, _) => ProtocolFilter::Tcp,
            (_, true) => ProtocolFilter::Udp,
            _ => ProtocolFilter::Both,
        },
        hide_loopback: false,
        flagged_only: args.flagged,
        new_since_baseline: false,
        internet_only: false,
    };
    let mut rows: Vec<SocketRow> = snapshot
        .rows
        .iter()
        .filter(|r| quick.matches(r))
        .cloned()
        .collect();
    crate::columns::sort_rows(&mut rows, crate::model::SortSpec::default());
    rows
}

/// An export that failed while writing to stdout: judge it by the underlying I/O error.
fn export_error(e: crate::actions::export::ExportError) -> CliError {
    match e.io_kind() {
        Some(std::io::ErrorKind::BrokenPipe) => CliError::ReaderGone,
        _ => CliError::Failed(e.to_string()),
    }
}

/// Ask on stderr with `prompt`; true only for "y" or "yes" on stdin.
fn confirmed(prompt: &str) -> bool {
    use std::io::BufRead;
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(_) => matches!(line.trim().to_lowercase().as_str(), "y" | "yes"),
        Err(_) => false,
    }
}
