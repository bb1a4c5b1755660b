//! `portscope block`, `portscope blocks` and `portscope unblock`: block a port in the system's
//! firewall, list PortScope's blocks as the firewall holds them, lift one. Without
//! administrator rights, the change is made by the one-shot elevated helper (`pkexec`), with
//! a fixed set of validated arguments, after the user has confirmed here.

use std::ffi::OsString;
use std::io::Write;

use clap::{ArgGroup, Args, ValueEnum};

use super::{CliError, output_error};
use crate::block::{
    Block, BlockError, BlockId, Blocker, Kind, Lifetime, Listing, Request, elevate, lifetime,
};
use crate::i18n::{Msg, Tr};
use crate::model::Protocol;

/// The length of a timed block when none is given: one hour.
pub const DEFAULT_SECS: u64 = 3_600;

/// Arguments of `block`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("lifetime").args(["for_secs", "until_restart", "always"])))]
pub struct BlockArgs {
    /// The port whose incoming traffic is dropped.
    #[arg(long)]
    pub port: u16,
    /// The port is TCP (the default).
    #[arg(long, conflicts_with = "udp")]
    pub tcp: bool,
    /// The port is UDP.
    #[arg(long)]
    pub udp: bool,
    /// How long: 90s, 15m, 1h, 1h30m, 2d (default 1h), then it lifts by itself.
    #[arg(long = "for", id = "for_secs", value_name = "DURATION", value_parser = lifetime::parse_secs)]
    pub for_secs: Option<u64>,
    /// Until the computer restarts.
    #[arg(long)]
    pub until_restart: bool,
    /// Always: also after a restart (Linux: put back at boot by the portscope-blocks service).
    #[arg(long)]
    pub always: bool,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

impl BlockArgs {
    fn request(&self) -> Request {
        let lifetime = if self.always {
            Lifetime::Always
        } else if self.until_restart {
            Lifetime::UntilRestart
        } else {
            Lifetime::For(self.for_secs.unwrap_or(DEFAULT_SECS))
        };
        Request {
            id: id_of(self.port, self.udp),
            lifetime,
        }
    }
}

/// Output format of `blocks`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BlocksFormat {
    /// Aligned columns for people.
    Text,
    /// JSON: `{"firewall", "always_survives_restart", "blocks": [...], "notices": [...]}`.
    Json,
}

/// Arguments of `blocks`.
#[derive(Debug, Args)]
pub struct BlocksArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = BlocksFormat::Text)]
    pub format: BlocksFormat,
    /// Put back the blocks kept with --always (the boot service runs this).
    #[arg(long)]
    pub restore: bool,
}

/// Arguments of `unblock`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("target").required(true).args(["id", "port"])))]
pub struct UnblockArgs {
    /// The block's ID, as `portscope blocks` shows it (e.g. tcp-8080).
    pub id: Option<BlockId>,
    /// The blocked port.
    #[arg(long)]
    pub port: Option<u16>,
    /// With --port: it is TCP (the default).
    #[arg(long, requires = "port", conflicts_with = "udp")]
    pub tcp: bool,
    /// With --port: it is UDP.
    #[arg(long, requires = "port")]
    pub udp: bool,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

fn id_of(port: u16, udp: bool) -> BlockId {
    BlockId {
        protocol: if udp { Protocol::Udp } else { Protocol::Tcp },
        port,
    }
}

fn failed(e: &BlockError, tr: &Tr) -> CliError {
    CliError::Failed(e.message(tr))
}

/// Print to stdout; a closed stdout does not undo what was done.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// Run the elevated helper with `args` (PortScope's own fixed arguments), its output going to
/// ours. Its exit code becomes ours; a refused or unavailable elevation is "needs
/// administrator rights", and nothing changed.
fn via_helper(args: Vec<OsString>, tr: &Tr) -> Result<(), CliError> {
    let asking = if cfg!(windows) {
        Msg::BlockAskingAdmin
    } else {
        Msg::BlockAskingPassword
    };
    eprintln!("{}", tr.t(asking));
    let run = elevate::run_helper(args, false).map_err(|e| failed(&e, tr))?;
    match run.code {
        Some(0) => Ok(()),
        // The helper said why on our stderr (on Windows, in its own console).
        Some(code) => Err(CliError::Exit(u8::try_from(code).unwrap_or(1))),
        None => Err(CliError::Exit(1)),
    }
}

/// How long a request lasts, in words, as if it started now.
fn lasts(request: &Request, tr: &Tr) -> String {
    Block::new(
        request.id,
        request.lifetime.kind(),
        request.lifetime.secs(),
        chrono::Utc::now(),
    )
    .lasts(tr)
}

/// Run `portscope block`.
pub fn run_block(args: &BlockArgs, tr: &Tr) -> Result<(), CliError> {
    let request = args.request();
    let id = request.id;
    let blocker = Blocker::system().map_err(|e| failed(&e, tr))?;
    if !args.yes {
        eprintln!(
            "{}",
            tr.f(
                Msg::BlockPrompt,
                &[&id.protocol_label(), &id.port, &lasts(&request, tr)]
            )
        );
        if request.lifetime == Lifetime::Always
            && let Some(note) = always_note(&blocker, tr)
        {
            eprintln!("{note}");
        }
        if !super::confirmed(tr.t(Msg::BlockConfirm)) {
            return Err(tr.t(Msg::BlockCancelled).to_owned().into());
        }
    }
    if !crate::privilege::is_privileged() {
        via_helper(elevate::block_args(&request), tr)?;
        if cfg!(windows) {
            say(&blocker
                .read_back(id, true, tr)
                .map_err(|e| failed(&e, tr))?);
            return Ok(());
        }
        return Ok(());
    }
    let block = blocker.block(&request).map_err(|e| failed(&e, tr))?;
    say(&tr.f(
        Msg::BlockDone,
        &[
            &id.protocol_label(),
            &id.port,
            &block.lasts(tr),
            &blocker.firewall(),
        ],
    ));
    for note in notes(&blocker, &block, tr) {
        say(&note);
    }
    Ok(())
}

/// What the user should know about a block just made: who lifts it, what persists, the other
/// firewall beside ours, and how to undo it.
fn notes(blocker: &Blocker, block: &Block, tr: &Tr) -> Vec<String> {
    let windows = cfg!(windows);
    let mut out = Vec::new();
    match block.kind {
        Kind::Timed | Kind::UntilRestart if windows => {
            out.push(tr.t(Msg::BlockExpiryByPortScope).to_owned());
        }
        Kind::Timed => out.push(tr.t(Msg::BlockTimedByKernel).to_owned()),
        Kind::Always => out.extend(always_note(blocker, tr)),
        Kind::UntilRestart => {}
    }
    let active = crate::actions::firewall::active_firewall(std::path::Path::new("/"));
    if matches!(active, "ufw" | "firewalld") {
        out.push(tr.f(Msg::BlockBesideOthers, &[&active]));
    }
    out.push(tr.f(Msg::BlockUndoHint, &[&block.id]));
    out
}

/// Where an "always" block is kept and whether it comes back after a restart (Linux; the
/// Windows firewall keeps its rules by itself).
fn always_note(blocker: &Blocker, tr: &Tr) -> Option<String> {
    if cfg!(windows) {
        return None;
    }
    let path = blocker.state_path().display().to_string();
    let msg = if blocker.always_survives_restart() {
        Msg::BlockAlwaysKept
    } else {
        Msg::BlockAlwaysNoBootUnit
    };
    Some(tr.f(msg, &[&path]))
}

/// Run `portscope unblock`.
pub fn run_unblock(args: &UnblockArgs, tr: &Tr) -> Result<(), CliError> {
    let id = match (args.id, args.port) {
        (Some(id), _) => id,
        (None, Some(port)) => id_of(port, args.udp),
        (None, None) => return Err(CliError::Failed("unblock needs an ID or --port".into())),
    };
    let blocker = Blocker::system().map_err(|e| failed(&e, tr))?;
    if !crate::privilege::is_privileged() {
        // The list can't be read without rights: ask with what the user named.
        if !args.yes {
            eprintln!(
                "{}",
                tr.f(Msg::UnblockPromptShort, &[&id.protocol_label(), &id.port])
            );
            if !super::confirmed(tr.t(Msg::UnblockConfirm)) {
                return Err(tr.t(Msg::UnblockCancelled).to_owned().into());
            }
        }
        via_helper(elevate::unblock_args(id), tr)?;
        if cfg!(windows) {
            say(&blocker
                .read_back(id, false, tr)
                .map_err(|e| failed(&e, tr))?);
            return Ok(());
        }
        return Ok(());
    }
    let listing = blocker.list().map_err(|e| failed(&e, tr))?;
    let Some(current) = listing.blocks.iter().find(|b| b.id == id) else {
        // Only recorded (the table was removed by hand): unblock forgets the record.
        if listing
            .notices
            .contains(&crate::block::Notice::RecordedNotInForce(id))
        {
            blocker.unblock(id).map_err(|e| failed(&e, tr))?;
            say(&tr.f(
                Msg::UnblockDone,
                &[&id.protocol_label(), &id.port, &blocker.firewall()],
            ));
            return Ok(());
        }
        return Err(failed(&BlockError::NotBlocked(id), tr));
    };
    if !args.yes {
        eprintln!(
            "{}",
            tr.f(
                Msg::UnblockPrompt,
                &[&id.protocol_label(), &id.port, &current.lasts(tr)]
            )
        );
        if !super::confirmed(tr.t(Msg::UnblockConfirm)) {
            return Err(tr.t(Msg::UnblockCancelled).to_owned().into());
        }
    }
    blocker.unblock(id).map_err(|e| failed(&e, tr))?;
    say(&tr.f(
        Msg::UnblockDone,
        &[&id.protocol_label(), &id.port, &blocker.firewall()],
    ));
    Ok(())
}

/// Run `portscope blocks` (and `blocks --restore`).
pub fn run_blocks(args: &BlocksArgs, tr: &Tr) -> Result<(), CliError> {
    let blocker = Blocker::system().map_err(|e| failed(&e, tr))?;
    if args.restore {
        let restored = blocker.restore().map_err(|e| failed(&e, tr))?;
        say(&if restored.is_empty() {
            tr.t(Msg::RestoreNothing).to_owned()
        } else {
            tr.f(Msg::RestoreDone, &[&restored.len()])
        });
        return Ok(());
    }
    if !crate::privilege::is_privileged() && elevate::listing_needs_helper() {
        return via_helper(elevate::list_args(args.format == BlocksFormat::Json), tr);
    }
    let listing = blocker.list().map_err(|e| failed(&e, tr))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        BlocksFormat::Json => write_json(&mut out, &blocker, &listing, tr),
        BlocksFormat::Text => write_text(&mut out, &blocker, &listing, tr),
    }
    .and_then(|()| out.flush())
    .map_err(output_error)
}

fn kind_text(kind: Kind, tr: &Tr) -> &'static str {
    tr.t(match kind {
        Kind::Timed => Msg::BlockKindTimed,
        Kind::UntilRestart => Msg::BlockKindUntilRestart,
        Kind::Always => Msg::BlockKindAlways,
    })
}

/// The blocks as aligned columns, then the notices on stderr.
pub fn write_text(
    out: &mut dyn Write,
    blocker: &Blocker,
    listing: &Listing,
    tr: &Tr,
) -> std::io::Result<()> {
    for n in &listing.notices {
        eprintln!("{}", n.message(tr));
    }
    if listing.blocks.is_empty() {
        return writeln!(out, "{}", tr.f(Msg::BlocksNone, &[&blocker.firewall()]));
    }
    let header = [
        Msg::BlocksColId,
        Msg::ColProtocol,
        Msg::BlocksColPort,
        Msg::BlocksColKind,
        Msg::BlocksColLasts,
    ]
    .map(|m| tr.t(m).to_owned());
    let lines: Vec<Vec<String>> = listing
        .blocks
        .iter()
        .map(|b| {
            vec![
                b.id.to_string(),
                b.id.protocol_label().to_owned(),
                b.port.to_string(),
                kind_text(b.kind, tr).to_owned(),
                b.lasts(tr),
            ]
        })
        .collect();
    super::table::write_aligned(out, &header, &lines)
}

/// `{"firewall", "always_survives_restart", "blocks": [...], "notices": [...]}`.
pub fn write_json(
    out: &mut dyn Write,
    blocker: &Blocker,
    listing: &Listing,
    tr: &Tr,
) -> std::io::Result<()> {
    let doc = serde_json::json!({
        "firewall": blocker.firewall(),
        "always_survives_restart": blocker.always_survives_restart(),
        "blocks": listing.blocks,
        "notices": listing.notices.iter().map(|n| n.message(tr)).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
