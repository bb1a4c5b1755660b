//! The `eframe::App` glue: drains the backend in `logic()`, draws the panels in `ui()`, and
//! applies the frame's `UiAction`s afterwards.

mod apply;
pub mod backend;
mod icon;
pub mod settings;
pub mod watching;

use std::sync::Arc;
use std::sync::mpsc::Receiver;

use egui::Key;

pub use backend::{Backend, LiveBackend};
pub use settings::Settings;

use crate::cli::warning_texts;
use crate::i18n::{Lang, Tr};
use crate::model::{RowFilter, Snapshot, SocketKey, SocketRow};
use crate::risk::TrustStore;
use crate::risk::trust::TrustError;
use crate::ui::export_dialog::ExportDialog;
use crate::ui::kill_dialog::KillDialog;
use crate::ui::{self, UiAction};

/// A message shown in the banner above the table (kill and export results).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// True for failures (shown in red).
    pub error: bool,
}

/// The PortScope window.
pub struct PortScopeApp {
    backend: Box<dyn Backend>,
    settings: Settings,
    tr: Tr,
    snapshot: Option<Snapshot>,
    /// Indices into `snapshot.rows`, filtered and sorted.
    visible: Vec<usize>,
    search: String,
    selected: Option<SocketKey>,
    paused: bool,
    kill: Option<KillDialog>,
    export: Option<ExportDialog>,
    browse: Option<Receiver<Option<std::path::PathBuf>>>,
    notice: Option<Notice>,
    /// After a successful kill: the PID whose ports should be gone in the next snapshot.
    confirm_closed: Option<(u32, u64)>,
    focus_search: bool,
    scroll_to: Option<usize>,
    trust: TrustStore,
    watch: watching::WatchState,
}

impl PortScopeApp {
    /// Build the app over any backend, restoring settings from `storage` and using `trust`
    /// (with any problem met while opening it, shown to the user).
    pub fn new(
        backend: Box<dyn Backend>,
        storage: Option<&dyn eframe::Storage>,
        trust: (TrustStore, Option<TrustError>),
    ) -> Self {
        let (trust, trust_problem) = trust;
        let settings = Settings::load(storage);
        let tr = Tr::new(settings.lang.unwrap_or_else(Lang::detect));
        let mut app = PortScopeApp {
            backend,
            settings,
            tr,
            snapshot: None,
            visible: Vec::new(),
            search: String::new(),
            selected: None,
            paused: false,
            kill: None,
            export: None,
            browse: None,
            notice: None,
            confirm_closed: None,
            focus_search: false,
            scroll_to: None,
            trust,
            watch: watching::WatchState::default(),
        };
        app.watch.event_file_path = dirs::home_dir()
            .unwrap_or_default()
            .join("portscope-events.jsonl")
            .to_string_lossy()
            .into_owned();
        app.notice = trust_problem.map(|p| Notice {
            text: p.to_string(),
            error: true,
        });
        let interval = app.settings.interval();
        app.backend
            .control(crate::collector::Control::SetInterval(interval));
        app
    }

    /// Use `baseline` as the store of known ports (default: in memory only).
    pub fn with_baseline(mut self, baseline: TrustStore) -> Self {
        self.watch.baseline = baseline;
        self
    }

    /// Live-watch state (highlights, toasts, event log), for tests and panels.
    pub fn watch_state(&self) -> &watching::WatchState {
        &self.watch
    }

    /// The rows currently shown, in display order.
    pub fn visible_rows(&self) -> Vec<&SocketRow> {
        match &self.snapshot {
            Some(s) => self.visible.iter().map(|&i| &s.rows[i]).collect(),
            None => Vec::new(),
        }
    }

    /// The selected row, if it is still in the snapshot.
    pub fn selected_row(&self) -> Option<&SocketRow> {
        let key = self.selected.as_ref()?;
        self.snapshot
            .as_ref()?
            .rows
            .iter()
            .find(|r| &r.key() == key)
    }

    /// The current notice, if any.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// The persisted settings as they are now.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    fn filter(&self) -> RowFilter {
        RowFilter {
            text: self.search.clone(),
            quick: self.settings.quick,
        }
    }

    fn rebuild_view(&mut self) {
        let Some(snap) = &self.snapshot else {
            self.visible.clear();
            return;
        };
        let filter = self.filter();
        self.visible = (0..snap.rows.len())
            .filter(|&i| filter.matches(&snap.rows[i]))
            .collect();
        crate::model::sort::sort_indices(&snap.rows, &mut self.visible, self.settings.sort);
    }

    fn keyboard(&mut self, ctx: &egui::Context, actions: &mut Vec<UiAction>) {
        let typing = ctx.egui_wants_keyboard_input();
        let dialog_open = self.kill.is_some() || self.export.is_some();
        let mut quit = false;
        ctx.input(|i| {
            if i.modifiers.command && i.key_pressed(Key::F) {
                self.focus_search = true;
            }
            if i.modifiers.command && i.key_pressed(Key::Q) {
                quit = true;
            }
            if i.modifiers.command && i.key_pressed(Key::L) {
                actions.push(UiAction::ToggleEventLog);
            }
            if i.key_pressed(Key::F5) {
                actions.push(UiAction::RefreshNow);
            }
            if typing || dialog_open {
                return;
            }
            if i.key_pressed(Key::Space) {
                actions.push(UiAction::TogglePause);
            }
            if i.key_pressed(Key::ArrowDown) {
                actions.push(UiAction::MoveSelection(1));
            }
            if i.key_pressed(Key::ArrowUp) {
                actions.push(UiAction::MoveSelection(-1));
            }
            if i.key_pressed(Key::Delete)
                && let Some(key) = &self.selected
            {
                actions.push(UiAction::AskEndProgram(key.clone()));
            }
        });
        if quit {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

impl eframe::App for PortScopeApp {
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(snapshot) = self.backend.latest() {
            self.on_snapshot(snapshot);
        }
        for report in self.backend.kill_reports() {
            self.on_kill_report(report);
        }
        self.poll_browse();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let now = std::time::Instant::now();
        self.tick(now);
        let mut actions = Vec::new();
        self.keyboard(&ctx, &mut actions);
        let tr = self.tr;

        let interval = self.settings.interval();
        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.add_space(4.0);
            let state = ui::toolbar::ToolbarState {
                search: &mut self.search,
                quick: &mut self.settings.quick,
                paused: self.paused,
                interval,
                focus_search: std::mem::take(&mut self.focus_search),
                tr: &tr,
                highlight: &mut self.settings.highlight,
                alerts: &mut self.settings.alerts,
                log_open: self.watch.show_log,
            };
            ui::toolbar::show(ui, state, &mut actions);
            ui.add_space(2.0);
        });
        let warnings = self
            .snapshot
            .as_ref()
            .map(|s| warning_texts(&s.warnings, &tr))
            .unwrap_or_default();
        egui::Panel::bottom("status").show(ui, |ui| {
            ui::status_bar::show(
                ui,
                self.snapshot.as_ref(),
                (self.watch.new_since_start, self.watch.flagged_since_start),
                self.visible.len(),
                self.paused,
                &warnings,
                &tr,
            );
        });
        if self.watch.show_log {
            egui::Panel::bottom("event-log")
                .resizable(true)
                .default_size(220.0)
                .show(ui, |ui| {
                    ui::watch_panels::event_log(ui, &mut self.watch, &tr, &mut actions);
                });
        }
        egui::Panel::right("details")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                let privileged = self.snapshot.as_ref().is_some_and(|s| s.privileged);
                let closed = self.selected.as_ref().is_some_and(|k| self.is_lingering(k));
                ui::details::show(
                    ui,
                    self.selected_row(),
                    closed,
                    privileged,
                    &tr,
                    &mut actions,
                );
            });
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(notice) = &self.notice {
                apply::notice_banner(ui, notice, &tr, &mut actions);
            }
            if let Some(snap) = &self.snapshot {
                let (highlighter, highlight) = (&self.watch.highlighter, self.settings.highlight);
                let decorate = |key: &SocketKey| highlighter.decoration(key, now, &highlight);
                let view = ui::table::TableView {
                    rows: &snap.rows,
                    visible: &self.visible,
                    selected: self.selected.as_ref(),
                    sort: self.settings.sort,
                    scroll_to: self.scroll_to.take(),
                    tr: &tr,
                    decorate: &decorate,
                    live_len: self.watch.live_len,
                };
                ui::table::show(ui, &view, &mut actions);
            } else {
                ui.centered_and_justified(|ui| ui.spinner());
            }
        });
        if let Some(dialog) = &self.kill {
            ui::kill_dialog::show(&ctx, dialog, &tr, &mut actions);
        }
        if let Some(dialog) = &mut self.export {
            let total = self.snapshot.as_ref().map_or(0, |s| s.rows.len());
            ui::export_dialog::show(&ctx, dialog, self.visible.len(), total, &tr, &mut actions);
        }
        ui::watch_panels::toasts(&ctx, &self.watch.toasts, &tr, &mut actions);
        for action in actions {
            self.apply(&ctx, action);
        }
        // Fades need frames; otherwise wake for the next poll (or the next toast expiry).
        let animating = self.watch.highlighter.is_animating() && self.settings.highlight.enabled;
        let wait = if animating {
            std::time::Duration::from_millis(100)
        } else {
            self.settings.interval()
        };
        ctx.request_repaint_after(wait);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, settings::STORAGE_KEY, &self.settings);
    }
}

/// Open the window over the live backend.
pub fn run_gui() -> anyhow::Result<()> {
    let title = Tr::new(Lang::detect()).t(crate::i18n::Msg::WindowTitle);
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(title)
        .with_app_id("portscope")
        .with_inner_size([1280.0, 760.0])
        .with_min_inner_size([720.0, 400.0]);
    if let Some(icon) = icon::window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "PortScope",
        options,
        Box::new(|cc| {
            crate::ui::fonts::install(&cc.egui_ctx);
            let ctx = cc.egui_ctx.clone();
            let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(move || ctx.request_repaint());
            let settings = Settings::load(cc.storage);
            let backend = LiveBackend::start(settings.interval(), wake)?;
            let trust = match crate::risk::trust::default_path() {
                Some(path) => TrustStore::open(&path),
                None => (TrustStore::in_memory(), None),
            };
            let baseline = crate::risk::trust::default_path()
                .map(|p| TrustStore::open(&p.with_file_name("baseline.json")).0)
                .unwrap_or_default();
            Ok(Box::new(
                PortScopeApp::new(Box::new(backend), cc.storage, trust).with_baseline(baseline),
            ))
        }),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// How long after a kill we keep checking that its ports closed.
pub(crate) const CONFIRM_SNAPSHOTS: u64 = 3;
