//! The window's side of "it will start again" (issue 18): in the details of a socket,
//! "Starts automatically: from ~/.config/autostart/x.desktop [Disable…]" (a confirmation, then
//! the result with **Enable again** as its undo), and after a flagged program was ended, a
//! banner "It will start again at login from …" with **Disable…**.
//!
//! Entries are found off the UI thread (`portscope-startup`, one per executable identity, which
//! reads files) and cached per identity (image path, uid, systemd units); a frame never waits.
//! Disabling and enabling run there too, through the undo journal
//! (`crate::startup::journal::Open`). The state lives in egui's memory, so the app only calls
//! [`overlays`] once a frame.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::RichText;

use crate::i18n::{Msg, Tr};
use crate::model::SocketRow;
use crate::model::text::show_invisible;
use crate::startup::journal::{self, Open};
use crate::startup::{Entry, Journal, Roots, Scope, StartupError, User};

/// The identity entries are found for: the program's image, its user and its units.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The image (`ProcessInfo::path`).
    pub exe: PathBuf,
    /// The socket's uid, where known.
    pub uid: Option<u32>,
    /// The units of its cgroup.
    pub units: Vec<String>,
}

/// The key of `row`'s program; `None` without a readable image path.
pub fn key_of(row: &SocketRow) -> Option<Key> {
    let p = row.process()?;
    Some(Key {
        exe: p.path.clone()?,
        uid: row.uid,
        units: p.origin.services.clone(),
    })
}

/// Where the panel looks and keeps its undo journal: this computer ([`Place::system`]), or a
/// test's own folders ([`install_place`]).
#[derive(Clone, Debug)]
pub struct Place {
    /// The folders entries are read from.
    pub roots: Roots,
    /// Whose login entries; `None`: the socket's user.
    pub user: Option<User>,
    /// The undo journal; `None`: no config folder, nothing can be changed.
    pub journal: Option<PathBuf>,
}

impl Place {
    /// This computer, the journal in PortScope's config folder.
    pub fn system() -> Place {
        Place {
            roots: Roots::system(),
            user: None,
            journal: journal::default_path(),
        }
    }

    fn scope(&self, key: &Key) -> Result<Scope, String> {
        let user = match &self.user {
            Some(u) => Some(u.clone()),
            None => key.uid.map_or_else(User::current, User::of_uid),
        };
        Ok(Scope {
            exe: Some(key.exe.clone()),
            units: key.units.clone(),
            user: user.ok_or_else(|| format!("uid {:?}", key.uid))?,
            roots: self.roots.clone(),
        })
    }

    fn journal(&self, tr: &Tr) -> Result<PathBuf, String> {
        self.journal
            .clone()
            .ok_or_else(|| tr.t(Msg::StartupNoJournal).to_owned())
    }
}

/// What a lookup found.
#[derive(Clone, Debug)]
enum Lookup {
    Pending,
    Found(Vec<Entry>),
    Failed(String),
}

enum Reply {
    Found(Key, Result<Vec<Entry>, String>),
    Changed(Key, Result<Banner, String>),
}

/// The result of a disable or enable, in words; Undo enables `undo` again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// The sentence.
    pub text: String,
    /// It worked.
    pub ok: bool,
    /// The entry id that **Enable again** restores.
    pub undo: Option<String>,
}

/// At most this many identities are remembered; then the cache starts again.
const CACHE: usize = 256;

struct Panel {
    place: Arc<Place>,
    lookups: HashMap<Key, Lookup>,
    tx: Sender<Reply>,
    rx: Receiver<Reply>,
    confirm: Option<(Key, Entry)>,
    busy: bool,
    banner: Option<(Key, Banner)>,
    /// A flagged program of this identity was ended: say that it will start again.
    after_kill: Option<Key>,
}

fn with_panel<T>(ctx: &egui::Context, f: impl FnOnce(&mut Panel) -> T) -> T {
    let make = || {
        let (tx, rx) = channel();
        Panel {
            place: Arc::new(Place::system()),
            lookups: HashMap::new(),
            tx,
            rx,
            confirm: None,
            busy: false,
            banner: None,
            after_kill: None,
        }
    };
    super::with_memory(ctx, egui::Id::unique("portscope-startup-panel"), make, f)
}

/// Run `work` on a `portscope-startup` thread; its reply wakes the window.
fn spawn(ctx: &egui::Context, p: &Panel, work: impl FnOnce() -> Reply + Send + 'static) -> bool {
    let tx = p.tx.clone();
    let wake = ctx.clone();
    std::thread::Builder::new()
        .name("portscope-startup".into())
        .spawn(move || {
            let _ = tx.send(work());
            wake.request_repaint();
        })
        .is_ok()
}

/// Look in `place` instead of this computer, forgetting what was found (tests).
pub fn install_place(ctx: &egui::Context, place: Place) {
    with_panel(ctx, |p| {
        p.place = Arc::new(place);
        p.lookups.clear();
    });
}

fn find(key: &Key, place: &Place) -> Result<Vec<Entry>, String> {
    let scope = place.scope(key)?;
    let journal = place
        .journal
        .as_deref()
        .and_then(|p| Journal::load(p).ok())
        .unwrap_or_default();
    Ok(crate::startup::find(&scope, &journal).entries)
}

/// Look `key` up unless it is known or under way.
fn ensure(ctx: &egui::Context, p: &mut Panel, key: &Key) {
    if p.lookups.contains_key(key) {
        return;
    }
    if p.lookups.len() >= CACHE {
        p.lookups.clear();
    }
    let k = key.clone();
    let place = Arc::clone(&p.place);
    if spawn(ctx, p, move || Reply::Found(k.clone(), find(&k, &place))) {
        p.lookups.insert(key.clone(), Lookup::Pending);
    }
}

fn disable(key: &Key, id: &str, place: &Place, tr: &Tr) -> Result<Banner, String> {
    let scope = place.scope(key)?;
    let path = place.journal(tr)?;
    let fail = |e: StartupError| e.message(tr);
    let done = Open::at(&path)
        .and_then(|mut o| o.disable(&scope, id))
        .map_err(fail)?;
    Ok(Banner {
        text: tr.f(
            Msg::StartupDisabledDone,
            &[&done.kind.as_str(), &show_invisible(&done.path), &done.id],
        ),
        ok: true,
        undo: Some(done.id),
    })
}

fn enable(id: &str, place: &Place, tr: &Tr) -> Result<Banner, String> {
    let path = place.journal(tr)?;
    let running = place.roots.systemd_running;
    let back = Open::at(&path)
        .and_then(|mut o| o.enable(id, running))
        .map_err(|e| e.message(tr))?;
    Ok(Banner {
        text: tr.f(
            Msg::StartupEnabledDone,
            &[&back.kind.as_str(), &show_invisible(&back.path)],
        ),
        ok: true,
        undo: None,
    })
}

/// Disable or enable on a worker; the result comes back as the banner.
fn start_change(
    ctx: &egui::Context,
    p: &mut Panel,
    key: Key,
    tr: Tr,
    work: impl FnOnce(&Place, &Tr) -> Result<Banner, String> + Send + 'static,
) {
    let place = Arc::clone(&p.place);
    p.busy = spawn(ctx, p, move || {
        let result = work(&place, &tr);
        Reply::Changed(key, result)
    });
}

/// "Starts automatically: from …" with **Disable…** for each entry of `row`'s program, and
/// the last result with **Enable again**; in the details, under where the program comes from.
pub fn section(ui: &mut egui::Ui, row: &SocketRow, tr: &Tr) {
    let Some(key) = key_of(row) else {
        return;
    };
    let ctx = ui.ctx().clone();
    with_panel(&ctx, |p| {
        ensure(&ctx, p, &key);
        // Nothing while reading (a moment): most programs start from nothing, and a line that
        // comes and goes with each selection would only flicker.
        match p.lookups.get(&key).cloned() {
            Some(Lookup::Pending) | None => {}
            Some(Lookup::Failed(why)) => {
                ui.label(RichText::new(why).weak());
            }
            Some(Lookup::Found(entries)) => entry_lines(ui, &ctx, p, &key, &entries, tr),
        }
        banner_ui(ui, &ctx, p, &key, tr);
    });
}

fn entry_lines(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    p: &mut Panel,
    key: &Key,
    entries: &[Entry],
    tr: &Tr,
) {
    for e in entries
        .iter()
        .filter(|e| e.enabled || e.disabled_by_portscope)
    {
        ui.horizontal_wrapped(|ui| {
            let path = show_invisible(&e.path);
            if e.enabled {
                ui.label(RichText::new(tr.f(Msg::StartupStartsFrom, &[&path])).strong())
                    .on_hover_text(show_invisible(&e.command));
                if !e.plan.is_empty()
                    && ui
                        .add_enabled(!p.busy, egui::Button::new(tr.t(Msg::StartupDisableButton)))
                        .clicked()
                {
                    p.confirm = Some((key.clone(), e.clone()));
                }
            } else {
                ui.label(tr.f(Msg::StartupWasDisabled, &[&path]));
                if ui
                    .add_enabled(!p.busy, egui::Button::new(tr.t(Msg::StartupEnableButton)))
                    .clicked()
                {
                    let id = e.id.clone();
                    start_change(ctx, p, key.clone(), *tr, move |place, tr| {
                        enable(&id, place, tr)
                    });
                }
            }
        });
    }
}

fn banner_ui(ui: &mut egui::Ui, ctx: &egui::Context, p: &mut Panel, key: &Key, tr: &Tr) {
    let Some((for_key, banner)) = p.banner.clone() else {
        return;
    };
    if for_key != *key {
        return;
    }
    let undo = banner
        .undo
        .as_ref()
        .filter(|_| !p.busy)
        .map(|_| tr.t(Msg::StartupEnableButton));
    if super::result_line(ui, &banner.text, banner.ok, undo)
        && let Some(id) = banner.undo
    {
        start_change(ctx, p, key.clone(), *tr, move |place, tr| {
            enable(&id, place, tr)
        });
    }
}

/// A flagged program of `key` was ended: if entries will start it again, a banner says so
/// (from the cache, or once the lookup is done).
pub fn after_kill(ctx: &egui::Context, key: Key) {
    with_panel(ctx, |p| {
        ensure(ctx, p, &key);
        p.after_kill = Some(key);
    });
}

/// The entries of `key` that will start it again (tests).
pub fn enabled_entries(ctx: &egui::Context, key: &Key) -> Option<Vec<Entry>> {
    with_panel(ctx, |p| match p.lookups.get(key) {
        Some(Lookup::Found(entries)) => {
            Some(entries.iter().filter(|e| e.enabled).cloned().collect())
        }
        _ => None,
    })
}

/// The last disable/enable result (tests).
pub fn last_banner(ctx: &egui::Context) -> Option<Banner> {
    with_panel(ctx, |p| p.banner.as_ref().map(|(_, b)| b.clone()))
}

fn receive(p: &mut Panel) {
    while let Ok(reply) = p.rx.try_recv() {
        match reply {
            Reply::Found(key, result) => {
                let lookup = result.map_or_else(Lookup::Failed, Lookup::Found);
                p.lookups.insert(key, lookup);
            }
            Reply::Changed(key, result) => {
                p.busy = false;
                let banner = result.unwrap_or_else(|text| Banner {
                    text,
                    ok: false,
                    undo: None,
                });
                p.banner = Some((key.clone(), banner));
                // Read the entries again: the details show what is on disk now.
                p.lookups.remove(&key);
            }
        }
    }
}

/// Once a frame: pick up replies, draw the confirmation and the "will start again" banner.
pub fn overlays(ctx: &egui::Context, tr: &Tr) {
    with_panel(ctx, |p| {
        receive(p);
        confirm_ui(ctx, p, tr);
        again_ui(ctx, p, tr);
    });
}

fn confirm_ui(ctx: &egui::Context, p: &mut Panel, tr: &Tr) {
    let Some((key, entry)) = p.confirm.clone() else {
        return;
    };
    let body = tr.f(
        Msg::StartupDisablePrompt,
        &[
            &entry.kind.as_str(),
            &show_invisible(&entry.path),
            &show_invisible(&entry.command),
        ],
    );
    let answer = super::confirm_modal(
        ctx,
        egui::Id::unique("startup-disable-dialog"),
        tr.t(Msg::StartupConfirmTitle),
        body,
        tr.t(Msg::StartupConfirmButton),
        tr,
    );
    match answer {
        Some(true) => {
            p.confirm = None;
            p.after_kill = None;
            let id = entry.id.clone();
            let k = key.clone();
            start_change(ctx, p, key, *tr, move |place, tr| {
                disable(&k, &id, place, tr)
            });
        }
        Some(false) => p.confirm = None,
        None => {}
    }
}

/// "It will start again at login from …" [Disable…] [✖], under the notice.
fn again_ui(ctx: &egui::Context, p: &mut Panel, tr: &Tr) {
    let Some(key) = p.after_kill.clone() else {
        return;
    };
    let Some(Lookup::Found(entries)) = p.lookups.get(&key).cloned() else {
        return;
    };
    let Some(first) = entries.iter().find(|e| e.enabled).cloned() else {
        p.after_kill = None;
        return;
    };
    let screen = ctx.content_rect();
    egui::Area::new(egui::Id::unique("startup-again"))
        .order(egui::Order::Foreground)
        .pivot(egui::Align2::CENTER_TOP)
        .fixed_pos(screen.center_top() + egui::vec2(0.0, 96.0))
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(super::palette::BANNER_ERROR_BG)
                .inner_margin(6.0)
                .corner_radius(4.0)
                .show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        let text =
                            tr.f(Msg::StartupWillStartAgain, &[&show_invisible(&first.path)]);
                        ui.label(
                            RichText::new(text)
                                .color(super::palette::BANNER_ERROR_TEXT)
                                .strong(),
                        );
                        if ui
                            .add_enabled(
                                !p.busy,
                                egui::Button::new(tr.t(Msg::StartupDisableButton)),
                            )
                            .clicked()
                        {
                            p.confirm = Some((key.clone(), first.clone()));
                        }
                        if ui
                            .small_button("✖")
                            .on_hover_text(tr.t(Msg::Dismiss))
                            .clicked()
                        {
                            p.after_kill = None;
                        }
                    });
                });
        });
}
