//! Applying the frame's `UiAction`s and the backend's answers to the app state.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::modal::Modal;
use super::{CONFIRM_SNAPSHOTS, Notice, PortScopeApp};
use crate::actions::export::{ExportFormat, ExportMeta, default_export_path, save_atomic};
use crate::actions::kill::{KillOutcome, KillReport, KillRequest, StopSignal, is_session_critical};
use crate::engine::{Control, Update, warning_texts};
use crate::i18n::Msg;
use crate::model::{Snapshot, SocketKey, SocketRow};
use crate::ui::UiAction;
use crate::ui::close_dialog::CloseDialog;
use crate::ui::export_dialog::{ExportDialog, system_dialog_available};
use crate::ui::kill_dialog::{KillDialog, KillPhase};

fn ports_of<'a>(rows: impl Iterator<Item = &'a SocketRow>, pid: u32) -> Vec<String> {
    let mut ports: Vec<String> = rows
        .filter(|r| r.pids().contains(&pid))
        .map(|r| format!("{} {}", r.protocol_label(), r.local_endpoint()))
        .collect();
    ports.sort();
    ports.dedup();
    ports
}

impl PortScopeApp {
    /// Swap in what the engine produced: the judged snapshot and its events.
    pub(super) fn on_update(&mut self, update: Update) {
        let Update {
            snapshot,
            events,
            first,
            dropped_events,
            flagged_later,
            search_texts,
        } = update;
        self.confirm_ports_closed(&snapshot);
        let now = std::time::Instant::now();
        // A first update after the window already showed one (never, with the live engine) is
        // still only a starting state.
        let first = first || self.table.snapshot().is_none();
        self.table.set_snapshot(snapshot, search_texts);
        self.watch.log.count_dropped(dropped_events);
        self.on_events(events, &flagged_later, first, now);
        self.refresh_lingering(now);
        let selected = self
            .selected_row()
            .filter(|r| !self.is_lingering(&r.key()))
            .cloned();
        self.watch.rates.record(selected.as_ref());
    }

    /// After a kill: say so once its ports are gone, or stop watching after a few snapshots.
    fn confirm_ports_closed(&mut self, snapshot: &Snapshot) {
        let Some((pid, until)) = self.banner.confirm_closed else {
            return;
        };
        if !snapshot.rows.iter().any(|r| r.pids().contains(&pid)) {
            if let Some(n) = &mut self.banner.notice {
                n.text = format!("{} {}", n.text, self.tr.t(Msg::KillPortClosed));
            }
            self.banner.confirm_closed = None;
        } else if snapshot.sequence >= until {
            self.banner.confirm_closed = None;
        }
    }

    fn set_trust(&mut self, key: &SocketKey, trusted: bool) {
        let Some(entry) = self
            .table
            .row_by_key(key)
            .and_then(crate::risk::TrustEntry::for_row)
        else {
            self.banner.show(self.tr.t(Msg::TrustNoPath).into(), true);
            return;
        };
        let was = self.files.is_trusted(&entry);
        if let Err(e) = self.files.change_trust(entry.clone(), trusted) {
            // Not saved: the row stays as the file says (and as the next start will show),
            // never trusted for a session without the user knowing.
            if was != trusted {
                let _ = self.files.change_trust(entry, was);
            }
            let outcome = match was {
                true => Msg::TrustNotSavedStillTrusted,
                false => Msg::TrustNotSavedNotTrusted,
            };
            let text = format!(
                "{} {}",
                super::list_problem_text(&e, false, &self.tr),
                self.tr.t(outcome)
            );
            self.banner.show(text, true);
        }
        // The engine marks its rows again and sends them at once; the shown rows change now.
        let list = self.files.trust_list();
        for row in self.table.rows_mut() {
            let trusted = list.covers(row);
            if row.assessment.trusted != trusted {
                std::sync::Arc::make_mut(&mut row.assessment).trusted = trusted;
            }
        }
        self.backend.control(Control::SetTrust(list));
        self.rebuild_view();
    }

    /// Show a kill's result. For a flagged program that was ended, the identity whose
    /// autostart entries the window should name ("it will start again").
    pub(super) fn on_kill_report(
        &mut self,
        report: KillReport,
    ) -> Option<crate::ui::startup_panel::Key> {
        let message = report.message(&self.tr);
        if report.succeeded() {
            // Done: the dialog closes itself; the result stays in the notice banner.
            Modal::close_if(&mut self.modal, |m| matches!(m, Modal::Kill(_)));
        } else if let Some(dialog) = Modal::kill(&mut self.modal) {
            dialog.phase = if report.outcome == KillOutcome::StillRunning {
                KillPhase::StillRunning(message.clone())
            } else {
                KillPhase::Done(message.clone())
            };
        }
        self.banner.show(message, !report.succeeded());
        if report.succeeded() {
            let seq = self.table.snapshot().map_or(0, |s| s.sequence);
            self.banner.confirm_closed = Some((report.request.target.pid, seq + CONFIRM_SNAPSHOTS));
            self.backend.control(Control::RefreshNow);
        }
        let pid = report.request.target.pid;
        let flagged = self
            .table
            .snapshot()?
            .rows
            .iter()
            .find(|r| r.assessment.is_flagged() && r.process().is_some_and(|p| p.pid == pid));
        flagged
            .filter(|_| report.succeeded())
            .and_then(crate::ui::startup_panel::key_of)
    }

    pub(super) fn poll_browse(&mut self) {
        let Some(Modal::Export { dialog, browse }) = &mut self.modal else {
            return;
        };
        let Some(Ok(choice)) = browse.as_ref().map(|rx| rx.try_recv()) else {
            return;
        };
        *browse = None;
        dialog.browsing = false;
        if let Some(path) = choice {
            if let Some(format) = ExportFormat::from_extension(&path) {
                dialog.format = format;
            }
            dialog.path = path.to_string_lossy().into_owned();
        }
    }

    fn ask_end_program(&mut self, key: &SocketKey) {
        if self.is_lingering(key) {
            return; // a closed socket has no program left to end
        }
        let Some(row) = self.table.row_by_key(key) else {
            return;
        };
        let Some(process) = row.process() else {
            // Say why: hidden for lack of rights (the banner above offers the restart), or
            // owned by nothing PortScope can see.
            let why = if row.owner_hidden() {
                Msg::TipEndHidden
            } else {
                Msg::RefuseNoOwner
            };
            self.banner.show(self.tr.t(why).into(), true);
            return;
        };
        self.modal = Some(Modal::Kill(KillDialog {
            target: process.identity(),
            ports: ports_of(self.table.rows(), process.pid),
            critical: is_session_critical(&process.name),
            phase: KillPhase::Confirm,
        }));
    }

    fn ask_close_connection(&mut self, key: &SocketKey) {
        if self.is_lingering(key) {
            return;
        }
        let Some(row) = self.table.row_by_key(key) else {
            return;
        };
        let (Some(ip), Some(port)) = (row.remote_address, row.remote_port) else {
            return;
        };
        self.modal = Some(Modal::Close(CloseDialog {
            local: SocketAddr::new(row.local_address, row.local_port),
            remote: SocketAddr::new(ip, port),
            program: row.process_name().to_owned(),
            pid: row.pid(),
        }));
    }

    fn close_connection(&mut self) {
        let dialog = match self.modal.take() {
            Some(Modal::Close(dialog)) => dialog,
            other => {
                self.modal = other;
                return;
            }
        };
        let (local, remote) = (dialog.local, dialog.remote);
        self.banner.notice = Some(match self.backend.close_connection(local, remote) {
            Ok(()) => Notice {
                text: self.tr.f(Msg::CliCloseDone, &[&local, &remote]),
                error: false,
            },
            Err(e) => Notice {
                text: e.message(&self.tr),
                error: true,
            },
        });
        self.backend.control(Control::RefreshNow);
    }

    fn send_kill(&mut self, signal: StopSignal) {
        let Some(dialog) = Modal::kill(&mut self.modal) else {
            return;
        };
        if dialog.phase == KillPhase::Working {
            return;
        }
        dialog.phase = KillPhase::Working;
        let request = KillRequest {
            target: dialog.target.clone(),
            signal,
        };
        self.backend.end_program(request);
    }

    fn save_export(&mut self, path: PathBuf, format: ExportFormat, all_rows: bool) {
        let Some(snap) = self.table.snapshot() else {
            return;
        };
        // Every row means the lingering ones too: what the table holds.
        let rows: Vec<SocketRow> = if all_rows {
            self.table.rows().cloned().collect()
        } else {
            self.table.visible_rows().cloned().collect()
        };
        let filter = if all_rows {
            None
        } else {
            describe_filter(&self.table.filter(self.settings.quick), &self.tr)
        };
        let meta = ExportMeta::new(snap.taken_at, warning_texts(&snap.warnings, &self.tr))
            .with_filter(filter);
        let shown_path = path.display().to_string();
        match save_atomic(&path, format, &meta, &rows, self.tr) {
            Ok(()) => {
                let text = self.tr.f(Msg::ExportSaved, &[&rows.len(), &shown_path]);
                self.banner.saved_export = Some((text.clone(), path.clone()));
                self.banner.show(text, false);
                Modal::close_if(&mut self.modal, |m| matches!(m, Modal::Export { .. }));
            }
            Err(e) => {
                let text = self.tr.f(Msg::ExportFailed, &[&shown_path, &e]);
                self.banner.show(text, true);
            }
        }
    }

    fn browse_export_path(&mut self, ctx: &egui::Context) {
        let Some(Modal::Export { dialog, browse }) = &mut self.modal else {
            return;
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let current = PathBuf::from(&dialog.path);
        let file_name = current
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = current.parent().map(PathBuf::from);
        // The system dialog blocks its thread; keep it off the UI thread.
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("portscope-file-dialog".into())
            .spawn(move || {
                let mut picker = rfd::FileDialog::new().set_file_name(file_name);
                if let Some(dir) = dir {
                    picker = picker.set_directory(dir);
                }
                let _ = tx.send(picker.save_file());
                // The window sleeps between updates: wake it for the answer.
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            dialog.browsing = true;
            *browse = Some(rx);
        } else {
            dialog.system_dialog = false;
        }
    }

    pub(super) fn apply(&mut self, ctx: &egui::Context, action: UiAction) {
        match action {
            UiAction::Sort(column) => {
                self.settings.sort = self.settings.sort.clicked(column);
                self.rebuild_view();
            }
            UiAction::ToggleColumn(column) => self.settings.toggle_column(column),
            UiAction::OpenPath(path) => self.open_path(&path),
            UiAction::RestartAsAdmin => self.restart_as_admin(ctx),
            UiAction::DismissWelcome => self.settings.welcome_dismissed = true,
            UiAction::ShowWelcome => self.settings.welcome_dismissed = false,
            UiAction::ToggleShortcuts => self.toggle_help(crate::ui::help::HelpWindow::Shortcuts),
            UiAction::ToggleAbout => self.toggle_help(crate::ui::help::HelpWindow::About),
            UiAction::SetTheme(choice) => self.settings.theme = choice,
            UiAction::SetResolveNames(on) => {
                self.settings.resolve_names = on;
                self.backend.control(Control::SetResolve(on));
            }
            UiAction::Select(key) => self.table.select(key),
            UiAction::MoveSelection(delta) => self.table.move_selection(delta),
            UiAction::AskEndProgram(key) => self.ask_end_program(&key),
            UiAction::AskCloseConnection(key) => self.ask_close_connection(&key),
            UiAction::ConfirmCloseConnection => self.close_connection(),
            UiAction::CancelCloseConnection => {
                Modal::close_if(&mut self.modal, |m| matches!(m, Modal::Close(_)));
            }
            UiAction::ConfirmEnd => self.send_kill(StopSignal::Graceful),
            UiAction::ForceEnd => self.send_kill(StopSignal::Force),
            // Not while it works: the answer would have nowhere to go.
            UiAction::CloseKillDialog => Modal::close_if(
                &mut self.modal,
                |m| matches!(m, Modal::Kill(d) if d.phase != KillPhase::Working),
            ),
            UiAction::Copy(text) => ctx.copy_text(text),
            UiAction::TogglePause => {
                self.paused = !self.paused;
                self.backend.control(if self.paused {
                    Control::Pause
                } else {
                    Control::Resume
                });
            }
            UiAction::SetInterval(d) => {
                self.settings.interval_ms = d.as_millis() as u64;
                self.backend.control(Control::SetInterval(d));
            }
            UiAction::RefreshNow => self.backend.control(Control::RefreshNow),
            UiAction::FilterChanged => self.rebuild_view(),
            UiAction::OpenExport => self.modal = Some(Modal::export(new_export_dialog())),
            UiAction::CloseExport => {
                Modal::close_if(&mut self.modal, |m| matches!(m, Modal::Export { .. }));
            }
            UiAction::BrowseExportPath => self.browse_export_path(ctx),
            UiAction::SaveExport {
                path,
                format,
                all_rows,
            } => self.save_export(path, format, all_rows),
            UiAction::DismissNotice => self.banner.notice = None,
            UiAction::Trust(key) => self.set_trust(&key, true),
            UiAction::Untrust(key) => self.set_trust(&key, false),
            UiAction::Reveal(key) => self.table.reveal(key),
            UiAction::DismissToast(i) => self.watch.dismiss_toast(i),
            UiAction::ToggleEventLog => self.watch.panel.open = !self.watch.panel.open,
            UiAction::RememberBaseline => self.remember_baseline(ctx),
            UiAction::ExportEvents(format) => self.export_events(format),
            UiAction::ToggleEventFile => self.toggle_event_file(),
            UiAction::SettingsChanged => self.refresh_lingering(std::time::Instant::now()),
            UiAction::SetLanguage(lang) => self.set_language(ctx, lang),
        }
    }

    fn open_path(&mut self, path: &std::path::Path) {
        if let Err(e) = crate::actions::open::open_path(path) {
            let shown = path.display().to_string();
            self.banner
                .show(self.tr.f(Msg::OpenFailed, &[&shown, &e]), true);
        }
    }

    /// Start again with rights; this window closes once the new one is on its way.
    fn restart_as_admin(&mut self, ctx: &egui::Context) {
        match self.backend.restart_as_administrator() {
            Ok(()) => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Err(e) => {
                let command = crate::privilege::restart_command();
                let text = self.tr.f(Msg::RestartElevatedFailed, &[&e, &command]);
                self.banner.show(text, true);
            }
        }
    }

    fn set_language(&mut self, ctx: &egui::Context, lang: crate::i18n::Lang) {
        self.settings.lang = Some(lang);
        self.tr = crate::i18n::Tr::new(lang);
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(
            self.tr.t(Msg::WindowTitle).into(),
        ));
    }
}

/// The export dialog as it opens: CSV of the shown rows, to a dated file in the home folder.
fn new_export_dialog() -> ExportDialog {
    let format = ExportFormat::Csv;
    ExportDialog {
        format,
        all_rows: false,
        path: default_export_path(format, chrono::Local::now())
            .to_string_lossy()
            .into_owned(),
        system_dialog: system_dialog_available(),
        browsing: false,
    }
}

/// The active search and quick filters in words, for the export's header; None when nothing
/// narrows the rows.
pub(super) fn describe_filter(
    filter: &crate::model::RowFilter,
    tr: &crate::i18n::Tr,
) -> Option<String> {
    use crate::model::{ProtocolFilter, StateFilter};
    let q = &filter.quick;
    let mut parts: Vec<String> = Vec::new();
    if !filter.text.trim().is_empty() {
        parts.push(tr.f(Msg::ReportFilterSearch, &[&filter.text.trim()]));
    }
    match q.state {
        StateFilter::All => {}
        StateFilter::Listening => parts.push(tr.t(Msg::FilterListening).into()),
        StateFilter::Established => parts.push(tr.t(Msg::FilterEstablished).into()),
    }
    match q.protocol {
        ProtocolFilter::Both => {}
        ProtocolFilter::Tcp => parts.push(tr.t(Msg::FilterTcp).into()),
        ProtocolFilter::Udp => parts.push(tr.t(Msg::FilterUdp).into()),
    }
    for (on, msg) in [
        (q.hide_loopback, Msg::HideLoopback),
        (q.flagged_only, Msg::FilterFlagged),
        (q.new_since_baseline, Msg::BaselineFilter),
        (q.internet_only, Msg::FilterInternet),
    ] {
        if on {
            parts.push(tr.t(msg).into());
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}
