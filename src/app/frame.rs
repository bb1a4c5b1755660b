//! One frame of the window: the panels in their places, each drawn by its `ui::` widget from
//! the app's state; the actions they return are applied afterwards.

use std::time::Instant;

use super::modal::Modal;
use super::{PortScopeApp, backend};
use crate::engine::warning_texts;
use crate::i18n::Tr;
use crate::model::{CollectorWarning, SocketKey};
use crate::ui::{self, UiAction};

impl PortScopeApp {
    /// Draw the whole window, then apply what the user did and plan the next repaint.
    pub(super) fn draw(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        log::trace!(
            "frame {} pass {}",
            ctx.cumulative_pass_nr(),
            ctx.current_pass_index()
        );
        let now = Instant::now();
        self.tick(now);
        let mut actions = Vec::new();
        self.keyboard(&ctx, &mut actions);
        let tr = self.tr;
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui, &tr, &mut actions));
        self.status_panels(ui, &tr, &mut actions);
        if self.watch.panel.open {
            egui::Panel::bottom("event-log")
                .resizable(true)
                .default_size(220.0)
                .show(ui, |ui| {
                    let logging = self.watch.event_file.is_some();
                    let panel = (&mut self.watch.panel, &self.watch.log);
                    ui::watch_panels::event_log(ui, panel, logging, &tr, &mut actions);
                });
        }
        egui::Panel::right("details")
            .resizable(true)
            .default_size(290.0)
            .show(ui, |ui| self.details(ui, &tr, &mut actions));
        let table = egui::CentralPanel::default()
            .show(ui, |ui| self.table(ui, now, &tr, &mut actions))
            .response
            .rect;
        self.overlays(&ctx, table, &tr, &mut actions);
        for action in actions {
            self.apply(&ctx, action);
        }
        self.persist_settings(&ctx);
        self.schedule_repaint(&ctx);
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, tr: &Tr, actions: &mut Vec<UiAction>) {
        ui.add_space(4.0);
        let interval = self.settings.interval();
        let focus_search = self.table.take_focus_search();
        let state = ui::toolbar::ToolbarState {
            search: self.table.search_mut(),
            quick: &mut self.settings.quick,
            paused: self.paused,
            interval,
            focus_search,
            tr,
            highlight: &mut self.settings.highlight,
            alerts: &mut self.settings.alerts,
            log_open: self.watch.panel.open,
            theme: self.settings.theme,
            notifications_failed: backend::notifications_failed(),
            resolve_names: self.settings.resolve_names,
        };
        ui::toolbar::show(ui, state, actions);
        ui.add_space(2.0);
    }

    /// The "run as administrator" banner (when owners are hidden) and the status bar.
    fn status_panels(&mut self, ui: &mut egui::Ui, tr: &Tr, actions: &mut Vec<UiAction>) {
        let snapshot = self.table.snapshot();
        let warnings = snapshot
            .map(|s| warning_texts(&s.warnings, tr))
            .unwrap_or_default();
        let hidden = snapshot.filter(|s| !s.privileged).and_then(|s| {
            s.warnings.iter().find_map(|w| match w {
                CollectorWarning::OwnersHidden(n) => Some(*n),
                _ => None,
            })
        });
        if let Some(hidden) = hidden {
            egui::Panel::top("admin-banner").show(ui, |ui| {
                ui::status_bar::admin_banner(ui, hidden, tr, actions);
            });
        }
        let counts = ui::status_bar::Counts {
            live: self.table.live_totals(),
            new_since_start: self.watch.new_since_start,
            flagged_since_start: self.watch.flagged_since_start,
        };
        let (shown, paused) = (self.table.visible().len(), self.paused);
        egui::Panel::bottom("status").show(ui, |ui| {
            ui::status_bar::show(ui, snapshot, counts, shown, paused, &warnings, tr);
        });
    }

    fn details(&self, ui: &mut egui::Ui, tr: &Tr, actions: &mut Vec<UiAction>) {
        let cx = ui::details::DetailsContext {
            closed: self.table.selected().is_some_and(|k| self.is_lingering(k)),
            privileged: self.table.snapshot().is_some_and(|s| s.privileged),
            tr,
            history: &self.watch.rates,
            program_traffic: self
                .selected_row()
                .and_then(|row| ui::traffic::program_totals(self.table.live(), row)),
        };
        ui::details::show(ui, self.selected_row(), cx, actions);
    }

    fn table(&mut self, ui: &mut egui::Ui, now: Instant, tr: &Tr, actions: &mut Vec<UiAction>) {
        if self.table.snapshot().is_none() {
            ui.centered_and_justified(|ui| ui.spinner());
            return;
        }
        // How long the user waits for the first rows. The frame number ties it to the trace
        // line above: a later frame starts only once this one is on screen (tests wait so).
        if let Some(started) = self.started.take() {
            log::debug!(
                "first snapshot drawn in frame {}: {} of {} rows shown, {:?} after start",
                ui.ctx().cumulative_pass_nr(),
                self.table.visible().len(),
                self.table.len(),
                started.elapsed()
            );
        }
        let (highlighter, highlight) = (&self.watch.highlighter, self.settings.highlight);
        let decorate = |key: &SocketKey| highlighter.decoration(key, now, &highlight);
        let scroll_to = self.table.take_scroll_to();
        let view = ui::table::TableView {
            table: &self.table,
            sort: self.settings.sort,
            scroll_to,
            tr,
            decorate: &decorate,
            columns: &self.settings.columns,
        };
        ui::table::show(ui, &view, actions);
    }

    /// What floats above the panels: the notice, help windows, dialogs and toasts. `table` is
    /// the table's area.
    fn overlays(
        &mut self,
        ctx: &egui::Context,
        table: egui::Rect,
        tr: &Tr,
        actions: &mut Vec<UiAction>,
    ) {
        // The notice floats over the table's top edge: showing or dismissing it never moves the
        // rows under the pointer.
        if let Some(notice) = &self.banner.notice {
            // "Open report / Open folder" only while the notice is the export's own.
            let saved = self.banner.saved_export();
            ui::notice::floating(ctx, table, notice, saved, tr, actions);
        }
        if !self.settings.welcome_dismissed {
            ui::help::welcome(ctx, tr, actions);
        }
        match self.help {
            Some(ui::help::HelpWindow::Shortcuts) => ui::help::shortcuts(ctx, tr, actions),
            Some(ui::help::HelpWindow::About) => ui::help::about(ctx, tr, actions),
            None => {}
        }
        let theme = self.settings.theme.preference();
        if ctx.options(|o| o.theme_preference) != theme {
            ctx.set_theme(theme);
        }
        match &mut self.modal {
            Some(Modal::Kill(dialog)) => ui::kill_dialog::show(ctx, dialog, tr, actions),
            Some(Modal::Close(dialog)) => ui::close_dialog::show(ctx, dialog, tr, actions),
            Some(Modal::Export { dialog, .. }) => {
                // Every row: the lingering ones too.
                let (shown, total) = (self.table.visible().len(), self.table.len());
                ui::export_dialog::show(ctx, dialog, shown, total, tr, actions);
            }
            None => {}
        }
        ui::blocks_panel::overlays(ctx, tr);
        ui::startup_panel::overlays(ctx, tr);
        let corner = table.right_bottom();

        ui::watch_panels::toasts(ctx, &self.watch.toasts, corner, tr, actions);
    }

    /// Fades need frames, and a toast must leave on time. Nothing else needs a timer: the
    /// engine wakes the window with each update, and so do kill workers, background saves and
    /// the file dialog when they finish. An idle window draws once per update.
    fn schedule_repaint(&self, ctx: &egui::Context) {
        if let Some(wait) = self.watch.repaint_after(self.settings.highlight.enabled) {
            ctx.request_repaint_after(wait);
        }
    }
}
