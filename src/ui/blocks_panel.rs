//! The window's side of blocking (issue 18): Block buttons with their durations in the firewall
//! section of the details, a confirmation, a result banner with **Undo**, a **Blocked ports**
//! window read back from the firewall with **Unblock** for each, and "blocked by PortScope …"
//! in the details of a blocked port. The copy-the-command list stays below as the fallback.
//!
//! The work is done off the UI thread by a [`BlockService`]: as root, `block::Blocker`
//! directly; without rights, the one-shot elevated helper (`pkexec portscope block … --yes`,
//! polkit's password dialog), whose output is shown as it is. Replies come back on a channel.
//! The panel keeps its own state in egui's memory, so the app only calls [`overlays`] once a
//! frame; tests put a fake service in with [`install_service`].

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::RichText;

use crate::block::{Block, BlockError, BlockId, Blocker, Lifetime, Request, elevate};
use crate::i18n::{Msg, Tr};
use crate::model::SocketRow;

/// What does the firewall work for the window (the real one, or a fake in tests). Each call
/// runs on a worker thread and returns sentences to show.
pub trait BlockService: Send + Sync {
    /// Block; the read-back result in words.
    fn block(&self, request: &Request, tr: &Tr) -> Result<String, String>;
    /// Lift a block; the result in words.
    fn unblock(&self, id: BlockId, tr: &Tr) -> Result<String, String>;
    /// PortScope's blocks, as the firewall holds them.
    fn list(&self, tr: &Tr) -> Result<Vec<Block>, String>;
}

/// The system's firewall: directly as root, else through the pkexec helper.
struct SystemService;

/// Run the helper and keep its stdout; a refusal is "needs administrator rights". On Windows
/// the helper's words stay in its own console: `read_back` says what holds instead.
fn helper(
    args: Vec<std::ffi::OsString>,
    tr: &Tr,
    read_back: impl FnOnce() -> Result<String, String>,
) -> Result<String, String> {
    let run = elevate::run_helper(args, true).map_err(|e| e.message(tr))?;
    match run.code {
        Some(0) if cfg!(windows) => read_back(),
        Some(0) => Ok(run.stdout),
        _ => Err(run.stderr.trim_start_matches("portscope: ").to_owned()),
    }
}

/// What the firewall says of `id` now, after a helper: `blocked` is what should hold.
fn read_back(id: BlockId, blocked: bool, tr: &Tr) -> Result<String, String> {
    Blocker::system()
        .and_then(|b| b.read_back(id, blocked, tr))
        .map_err(|e| e.message(tr))
}

impl BlockService for SystemService {
    fn block(&self, request: &Request, tr: &Tr) -> Result<String, String> {
        if !crate::privilege::is_privileged() {
            let id = request.id;
            return helper(elevate::block_args(request), tr, || read_back(id, true, tr));
        }
        let blocker = Blocker::system().map_err(|e| e.message(tr))?;
        let b = blocker.block(request).map_err(|e| e.message(tr))?;
        Ok(tr.f(
            Msg::BlockDone,
            &[
                &b.id.protocol_label(),
                &b.port,
                &b.lasts(tr),
                &blocker.firewall(),
            ],
        ))
    }

    fn unblock(&self, id: BlockId, tr: &Tr) -> Result<String, String> {
        if !crate::privilege::is_privileged() {
            return helper(elevate::unblock_args(id), tr, || read_back(id, false, tr));
        }
        let blocker = Blocker::system().map_err(|e| e.message(tr))?;
        blocker.unblock(id).map_err(|e| e.message(tr))?;
        Ok(tr.f(
            Msg::UnblockDone,
            &[&id.protocol_label(), &id.port, &blocker.firewall()],
        ))
    }

    fn list(&self, tr: &Tr) -> Result<Vec<Block>, String> {
        if !crate::privilege::is_privileged() && elevate::listing_needs_helper() {
            let json = helper(elevate::list_args(true), tr, || Ok(String::new()))?;
            return parse_listing(&json).ok_or_else(|| BlockError::Refused(json).message(tr));
        }
        let blocker = Blocker::system().map_err(|e| e.message(tr))?;
        Ok(blocker.list().map_err(|e| e.message(tr))?.blocks)
    }
}

/// The blocks of `portscope blocks --format json` (the helper's output).
pub fn parse_listing(json: &str) -> Option<Vec<Block>> {
    let doc: serde_json::Value = serde_json::from_str(json).ok()?;
    let now = chrono::Utc::now();
    doc["blocks"]
        .as_array()?
        .iter()
        .map(|b| {
            let id: BlockId = b["id"].as_str()?.parse().ok()?;
            let kind = serde_json::from_value(b["kind"].clone()).ok()?;
            Some(Block::new(id, kind, b["remaining_secs"].as_u64(), now))
        })
        .collect()
}

/// A reply from the worker.
enum Reply {
    /// Blocked (with the ID, for Undo) or why not.
    Blocked(BlockId, Result<String, String>),
    /// Unblocked or why not.
    Unblocked(Result<String, String>),
    /// The list, or why it could not be read.
    Listed(Result<Vec<Block>, String>),
}

/// The last result, shown until the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// What happened, in words.
    pub text: String,
    /// It worked.
    pub ok: bool,
    /// The block that Undo lifts.
    pub undo: Option<BlockId>,
}

/// The panel's state, kept in egui's memory.
struct Panel {
    service: Arc<dyn BlockService>,
    confirm: Option<Request>,
    working: Option<Receiver<Reply>>,
    banner: Option<Banner>,
    listing: Option<Result<Vec<Block>, String>>,
    list_open: bool,
    /// The list was read once on its own (as root: no password needed).
    auto_listed: bool,
}

/// The panel's state (made with the system's service on first use).
fn with_panel<T>(ctx: &egui::Context, f: impl FnOnce(&mut Panel) -> T) -> T {
    let make = || Panel {
        service: Arc::new(SystemService),
        confirm: None,
        working: None,
        banner: None,
        listing: None,
        list_open: false,
        auto_listed: false,
    };
    super::with_memory(ctx, egui::Id::unique("portscope-blocks-panel"), make, f)
}

/// Use `service` instead of the system's firewall (tests).
pub fn install_service(ctx: &egui::Context, service: Arc<dyn BlockService>) {
    with_panel(ctx, |p| p.service = service);
}

/// The last result banner (tests).
pub fn banner(ctx: &egui::Context) -> Option<Banner> {
    with_panel(ctx, |p| p.banner.clone())
}

/// Start `work` on a worker thread; its reply is picked up by [`overlays`].
fn start(
    ctx: &egui::Context,
    p: &mut Panel,
    tr: Tr,
    work: impl FnOnce(&dyn BlockService, &Tr) -> Reply + Send + 'static,
) {
    let (tx, rx) = channel();
    let service = Arc::clone(&p.service);
    let wake = ctx.clone();
    let spawned = std::thread::Builder::new()
        .name("portscope-block".into())
        .spawn(move || {
            let _ = tx.send(work(service.as_ref(), &tr));
            wake.request_repaint();
        });
    match spawned {
        Ok(_) => p.working = Some(rx),
        Err(e) => {
            p.banner = Some(Banner {
                text: e.to_string(),
                ok: false,
                undo: None,
            });
        }
    }
}

fn row_id(row: &SocketRow) -> BlockId {
    BlockId {
        protocol: row.protocol,
        port: row.local_port,
    }
}

/// The Block buttons, the banner and "blocked by PortScope …", at the top of the firewall
/// section of `row`'s details.
pub fn block_section(ui: &mut egui::Ui, row: &SocketRow, tr: &Tr) {
    let ctx = ui.ctx().clone();
    let id = row_id(row);
    with_panel(&ctx, |p| {
        if !p.auto_listed && p.working.is_none() && crate::privilege::is_privileged() {
            // So that the details can say "blocked by PortScope" without a click.
            p.auto_listed = true;
            start(&ctx, p, *tr, |s, tr| Reply::Listed(s.list(tr)));
        }
        if let Some(Ok(blocks)) = &p.listing
            && let Some(b) = blocks.iter().find(|b| b.id == id)
        {
            ui.label(RichText::new(tr.f(Msg::BlockedByPortScope, &[&b.lasts(tr)])).strong());
        }
        let busy = p.working.is_some();
        ui.horizontal_wrapped(|ui| {
            ui.add_enabled_ui(!busy, |ui| {
                let choices = [
                    (
                        Msg::BlockButtonHour,
                        Lifetime::For(3600),
                        Msg::BlockTimedByKernel,
                    ),
                    (
                        Msg::BlockButtonRestart,
                        Lifetime::UntilRestart,
                        Msg::BlockButtonRestartTip,
                    ),
                    (
                        Msg::BlockButtonAlways,
                        Lifetime::Always,
                        Msg::BlockButtonAlwaysTip,
                    ),
                ];
                for (label, lifetime, tip) in choices {
                    let tip = if cfg!(windows) && lifetime != Lifetime::Always {
                        Msg::BlockExpiryByPortScope
                    } else {
                        tip
                    };
                    if ui.button(tr.t(label)).on_hover_text(tr.t(tip)).clicked() {
                        p.confirm = Some(Request { id, lifetime });
                    }
                }
            });
            if ui.button(tr.t(Msg::BlockedPortsButton)).clicked() {
                p.list_open = true;
                if !busy {
                    start(&ctx, p, *tr, |s, tr| Reply::Listed(s.list(tr)));
                }
            }
        });
        if busy {
            ui.label(RichText::new(tr.t(Msg::BlockWorking)).weak());
        }
        banner_ui(ui, &ctx, p, tr);
    });
}

fn banner_ui(ui: &mut egui::Ui, ctx: &egui::Context, p: &mut Panel, tr: &Tr) {
    let Some(banner) = p.banner.clone() else {
        return;
    };
    let undo = banner
        .undo
        .filter(|_| p.working.is_none())
        .map(|_| tr.t(Msg::BlockUndo));
    if super::result_line(ui, &banner.text, banner.ok, undo)
        && let Some(undo) = banner.undo
    {
        start(ctx, p, *tr, move |s, tr| {
            Reply::Unblocked(s.unblock(undo, tr))
        });
    }
}

/// Take the worker's reply, if it is there.
fn receive(p: &mut Panel, ctx: &egui::Context, tr: Tr) {
    let Some(rx) = &p.working else {
        return;
    };
    let Ok(reply) = rx.try_recv() else {
        return;
    };
    p.working = None;
    let changed = match reply {
        Reply::Blocked(id, result) => {
            let ok = result.is_ok();
            p.banner = Some(Banner {
                undo: ok.then_some(id),
                ok,
                text: result.unwrap_or_else(|e| e),
            });
            ok
        }
        Reply::Unblocked(result) => {
            let ok = result.is_ok();
            p.banner = Some(Banner {
                undo: None,
                ok,
                text: result.unwrap_or_else(|e| e),
            });
            ok
        }
        Reply::Listed(result) => {
            p.listing = Some(result);
            false
        }
    };
    // Read the list back after a change, where that needs no second password.
    if changed && (p.list_open || p.listing.is_some()) && crate::privilege::is_privileged() {
        start(ctx, p, tr, |s, tr| Reply::Listed(s.list(tr)));
    }
}

/// Once a frame: pick up replies, and draw the confirmation and the Blocked ports window.
pub fn overlays(ctx: &egui::Context, tr: &Tr) {
    with_panel(ctx, |p| {
        receive(p, ctx, *tr);
        if p.working.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(200));
        }
        confirm_ui(ctx, p, tr);
        list_ui(ctx, p, tr);
    });
}

fn confirm_ui(ctx: &egui::Context, p: &mut Panel, tr: &Tr) {
    let Some(request) = p.confirm else {
        return;
    };
    let lasts = Block::new(
        request.id,
        request.lifetime.kind(),
        request.lifetime.secs(),
        chrono::Utc::now(),
    )
    .lasts(tr);
    let body = tr.f(
        Msg::BlockPrompt,
        &[&request.id.protocol_label(), &request.id.port, &lasts],
    );
    let answer = super::confirm_modal(
        ctx,
        egui::Id::unique("block-port-dialog"),
        tr.t(Msg::BlockConfirmTitle),
        body,
        tr.t(Msg::BlockConfirmButton),
        tr,
    );
    match answer {
        Some(true) => {
            p.confirm = None;
            start(ctx, p, *tr, move |s, tr| {
                Reply::Blocked(request.id, s.block(&request, tr))
            });
        }
        Some(false) => p.confirm = None,
        None => {}
    }
}

fn list_ui(ctx: &egui::Context, p: &mut Panel, tr: &Tr) {
    if !p.list_open {
        return;
    }
    let mut open = true;
    let mut action = None;
    egui::Window::new(tr.t(Msg::BlockedPortsTitle))
        .id(egui::Id::unique("blocked-ports-window"))
        .open(&mut open)
        .collapsible(false)
        .show(ctx, |ui| {
            let busy = p.working.is_some();
            match &p.listing {
                None => {
                    ui.label(tr.t(Msg::BlockWorking));
                }
                Some(Err(e)) => {
                    ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
                }
                Some(Ok(blocks)) if blocks.is_empty() => {
                    ui.label(tr.f(Msg::BlocksNone, &[&firewall_name()]));
                }
                Some(Ok(blocks)) => {
                    ui.label(tr.f(Msg::BlockedPortsIntro, &[&firewall_name()]));
                    egui::Grid::new("blocked-ports")
                        .striped(true)
                        .show(ui, |ui| {
                            for b in blocks {
                                ui.label(
                                    tr.f(Msg::BlockedPortLabel, &[&b.id.protocol_label(), &b.port]),
                                )
                                .on_hover_text(b.id.to_string());
                                ui.label(b.lasts(tr));
                                if ui
                                    .add_enabled(
                                        !busy,
                                        egui::Button::new(tr.t(Msg::BlockUnblockButton)),
                                    )
                                    .clicked()
                                {
                                    action = Some(b.id);
                                }
                                ui.end_row();
                            }
                        });
                }
            }
            if ui
                .add_enabled(!busy, egui::Button::new(tr.t(Msg::BlockedPortsRefresh)))
                .clicked()
            {
                start(ctx, p, *tr, |s, tr| Reply::Listed(s.list(tr)));
            }
            banner_ui(ui, ctx, p, tr);
        });
    if let Some(id) = action {
        start(ctx, p, *tr, move |s, tr| {
            Reply::Unblocked(s.unblock(id, tr))
        });
    }
    p.list_open = open;
}

fn firewall_name() -> &'static str {
    match Blocker::system() {
        Ok(b) => b.firewall(),
        Err(_) => "-",
    }
}
