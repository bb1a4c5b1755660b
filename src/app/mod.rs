//! The `eframe::App` glue: drains the backend in `logic()`, draws the panels in `ui()`, and
//! applies the frame's `UiAction`s afterwards.

mod apply;
pub mod backend;
mod banner;
mod frame;
mod icon;
mod modal;
mod persistence;
pub mod settings;
pub mod watching;
pub mod writer;

use std::sync::Arc;

use egui::Key;

pub use backend::{Backend, LiveBackend};
pub use settings::{LoadedSettings, Settings, SettingsFile};

use banner::Banner;
use modal::Modal;
use persistence::Persistence;

use crate::i18n::{Lang, Tr};
use crate::model::{SocketKey, SocketRow};
use crate::risk::trust::TrustError;
use crate::risk::{BaselineStore, TrustStore};
use crate::ui::notice::Notice;
use crate::ui::table_state::TableState;
use crate::ui::{self, UiAction};

/// The PortScope window.
pub struct PortScopeApp {
    backend: Box<dyn Backend>,
    settings: Settings,
    tr: Tr,
    /// The snapshot and the lingering rows, what is shown of them, the selection and search.
    table: TableState,
    /// The dialog open, if any.
    modal: Option<Modal>,
    /// The help window that is open, if any (beside the table, not a dialog).
    help: Option<ui::help::HelpWindow>,
    paused: bool,
    /// The notice above the table and what it may still say.
    banner: Banner,
    /// The settings, trust list and baseline on disk, and their writers.
    files: Persistence,
    watch: watching::WatchState,
    /// When the app was built, until its first snapshot is drawn (for a debug line).
    started: Option<std::time::Instant>,
}

impl PortScopeApp {
    /// Build the app over any backend with `settings` as loaded from their file (`None`:
    /// defaults, not saved) and `trust`; problems met while opening either are shown to the user.
    pub fn new(
        backend: Box<dyn Backend>,
        settings: Option<LoadedSettings>,
        trust: (TrustStore, Option<TrustError>),
    ) -> Self {
        let (trust, trust_problem) = trust;
        let LoadedSettings {
            settings,
            file: settings_file,
            problem: settings_problem,
        } = settings.unwrap_or_default();
        let tr = Tr::new(settings.lang.unwrap_or_else(Lang::detect));
        let events_file = dirs::home_dir()
            .unwrap_or_default()
            .join("portscope-events.jsonl");
        let mut app = PortScopeApp {
            backend,
            files: Persistence::new(settings_file, &settings, trust),
            settings,
            tr,
            table: TableState::default(),
            modal: None,
            help: None,
            paused: false,
            banner: Banner::default(),
            watch: watching::WatchState::new(&events_file),
            started: Some(std::time::Instant::now()),
        };
        if let Some(p) = settings_problem {
            app.banner.warn(p.text(&app.tr));
        }
        if let Some(p) = trust_problem {
            app.banner.warn(list_problem_text(&p, false, &app.tr));
        }
        let interval = app.settings.interval();
        app.backend
            .control(crate::engine::Control::SetInterval(interval));
        // The engine judges with the same list the window edits.
        app.backend
            .control(crate::engine::Control::SetTrust(app.files.trust_list()));
        app.backend.control(crate::engine::Control::SetResolve(
            app.settings.resolve_names,
        ));
        app
    }

    /// Use `baseline` as the store of known ports (default: in memory only), with any problem
    /// met while opening it.
    pub fn with_baseline(mut self, baseline: (BaselineStore, Option<TrustError>)) -> Self {
        let (store, problem) = baseline;
        self.backend
            .control(crate::engine::Control::SetBaseline(store.list()));
        self.files.set_baseline(store);
        if let Some(p) = problem {
            self.banner.warn(list_problem_text(&p, true, &self.tr));
        }
        self
    }

    /// Tell the user, once, that the usual config folder was not used, and why the log file is
    /// not written.
    fn warn_about_files(&mut self, log_problem: Option<&crate::logging::LogFileProblem>) {
        let dir = crate::files::config_dir();
        if let Some(text) = crate::engine::config_dir_notice(dir, &self.tr) {
            self.banner.warn(text);
        }
        if let Some(p) = log_problem {
            let text = self.tr.f(
                crate::i18n::Msg::LogFileFailed,
                &[&p.path.display(), &p.source],
            );
            self.banner.warn(text);
        }
    }

    /// Live-watch state (highlights, toasts, event log), for tests and panels.
    pub fn watch_state(&self) -> &watching::WatchState {
        &self.watch
    }

    /// The rows currently shown, in display order.
    pub fn visible_rows(&self) -> Vec<&SocketRow> {
        self.table.visible_rows().collect()
    }

    /// The selected row, if it is still in the table (live or lingering).
    pub fn selected_row(&self) -> Option<&SocketRow> {
        self.table.selected_row()
    }

    /// True when `key` is a closed row that only lingers.
    pub fn is_lingering(&self, key: &SocketKey) -> bool {
        self.table.is_lingering(key)
    }

    /// The current notice, if any.
    pub fn notice(&self) -> Option<&Notice> {
        self.banner.notice.as_ref()
    }

    /// The persisted settings as they are now.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Open `window`, or close it when it is the one open.
    fn toggle_help(&mut self, window: ui::help::HelpWindow) {
        self.help = (self.help != Some(window)).then_some(window);
    }

    /// Filter and sort the table again with the current settings.
    fn rebuild_view(&mut self) {
        self.table.rebuild(self.settings.quick, self.settings.sort);
    }

    /// Save the settings when they changed (off the UI thread), and report failed saves.
    fn persist_settings(&mut self, ctx: &egui::Context) {
        for e in self.files.poll_settings_saves() {
            self.banner.show(e.text(&self.tr), true);
        }
        let ctx = ctx.clone();
        self.files
            .save_settings(&self.settings, move || ctx.request_repaint());
    }

    /// Wait for saves in progress and save the settings with the window size (at exit).
    pub fn save_now(&mut self) {
        self.files.finish(&mut self.settings);
    }

    fn keyboard(&mut self, ctx: &egui::Context, actions: &mut Vec<UiAction>) {
        let typing = ctx.egui_wants_keyboard_input();
        let dialog_open = self.modal.is_some();
        let mut quit = false;
        ctx.input(|i| {
            if i.modifiers.command && i.key_pressed(Key::F) {
                self.table.focus_search();
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
                && let Some(key) = self.table.selected()
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
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(rect) = ctx.input(|i| i.viewport().inner_rect) {
            self.files.window_size = Some([rect.width(), rect.height()]);
        }
        if let Some(update) = self.backend.latest() {
            self.on_update(update);
        }
        for report in self.backend.kill_reports() {
            if let Some(key) = self.on_kill_report(report) {
                crate::ui::startup_panel::after_kill(ctx, key);
            }
        }
        self.poll_browse();
        self.poll_baseline_saves();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Saves still in progress finish before the process ends.
        self.save_now();
    }

    fn persist_egui_memory(&self) -> bool {
        // Nothing goes through eframe's storage (see `settings`).
        false
    }
}

/// The text shown for a problem with the trust list (or, with `baseline`, the baseline of known
/// ports).
pub fn list_problem_text(problem: &TrustError, baseline: bool, tr: &Tr) -> String {
    use crate::i18n::Msg;
    let (read, corrupt, save) = if baseline {
        (
            Msg::BaselineReadFailed,
            Msg::BaselineCorrupt,
            Msg::BaselineSaveFailed,
        )
    } else {
        (
            Msg::TrustReadFailed,
            Msg::TrustCorrupt,
            Msg::TrustSaveFailed,
        )
    };
    match problem {
        TrustError::Read { path, source } => tr.f(read, &[&path.display(), source]),
        TrustError::Corrupt {
            path,
            reason,
            backup,
        } => tr.f(corrupt, &[&path.display(), reason, &backup.display()]),
        TrustError::Write { path, source } => tr.f(save, &[&path.display(), source]),
    }
}

/// Open the window over the live backend; `log_problem`: why the log file is not written.
pub fn run_gui(log_problem: Option<crate::logging::LogFileProblem>) -> anyhow::Result<()> {
    let title = Tr::new(Lang::detect()).t(crate::i18n::Msg::WindowTitle);
    let loaded = settings::default_path()
        .map(|p| SettingsFile::open(&p))
        .unwrap_or_default();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(title)
        .with_app_id("portscope")
        .with_inner_size(loaded.settings.initial_window_size())
        .with_min_inner_size(settings::MIN_WINDOW_SIZE);
    if let Some(icon) = icon::window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        // PortScope keeps its own settings file; eframe's storage (app.ron, written through
        // symlinks) is compiled out (no `persistence` feature) and would have nothing to save.
        persist_window: false,
        persistence_path: None,
        ..Default::default()
    };
    eframe::run_native(
        "PortScope",
        options,
        Box::new(|cc| {
            crate::ui::fonts::install(&cc.egui_ctx);
            let ctx = cc.egui_ctx.clone();
            // One frame per update. egui's `request_repaint` draws two (a second one "to let
            // things settle"); a request with a delay, however short, draws one: an idle window
            // then costs half the CPU (benches/gui_idle.rs).
            let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
                ctx.request_repaint_after(std::time::Duration::from_millis(1));
            });
            let trust = match crate::risk::trust::default_path() {
                Some(path) => TrustStore::open(&path),
                None => (TrustStore::in_memory(), None),
            };
            let baseline = BaselineStore::open_default();
            let pipeline = crate::engine::Pipeline::new(trust.0.list(), baseline.0.list());
            let backend = LiveBackend::start(pipeline, loaded.settings.interval(), wake)?;
            let mut app =
                PortScopeApp::new(Box::new(backend), Some(loaded), trust).with_baseline(baseline);
            app.warn_about_files(log_problem.as_ref());
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// How long after a kill we keep checking that its ports closed.
pub(crate) const CONFIRM_SNAPSHOTS: u64 = 3;
