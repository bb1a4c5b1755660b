//! The window's live-watch state: change highlights and lingering closed rows, toasts and
//! desktop notifications, the event log; the baseline of known ports is remembered here.

use std::path::PathBuf;
use std::time::Instant;

use super::{Notice, PortScopeApp};
use crate::actions::export::default_export_path;
use crate::i18n::Msg;
use crate::risk::text::{level_text, service_text, title};
use crate::ui::watch_panels::{EventLogPanel, MAX_TOASTS, TOAST_LIFETIME, Toast};
use crate::watch::journal::{EventFormat, write_events_csv, write_events_json};
use crate::watch::{Alert, AlertReason, ChangeEvent, EventFile, EventLog, Highlighter};

/// Runtime state of live watching (not persisted).
#[derive(Debug, Default)]
pub struct WatchState {
    /// Recent changes and lingering closed rows.
    pub highlighter: Highlighter,
    /// The bounded event timeline.
    pub log: EventLog,
    /// Toasts on screen.
    pub toasts: Vec<Toast>,
    /// Continuous logging target, if on.
    pub event_file: Option<EventFile>,
    /// Opened sockets since start (first snapshot excluded).
    pub new_since_start: u64,
    /// Flagged sockets opened since start.
    pub flagged_since_start: u64,
    /// The event log panel: open or not, its filter and the path typed for the event file.
    pub panel: EventLogPanel,
    /// The selected connection's rates since it was selected (the details' graph).
    pub rates: crate::ui::traffic::RateHistory,
}

impl PortScopeApp {
    /// Handle one snapshot's events: highlights, log, file, alerts.
    pub(super) fn on_events(&mut self, events: Vec<ChangeEvent>, first: bool, now: Instant) {
        let settings = self.settings.clone();
        self.watch
            .highlighter
            .record(&events, now, &settings.highlight);
        if !first {
            for e in events
                .iter()
                .filter(|e| e.kind == crate::watch::EventKind::Opened)
            {
                self.watch.new_since_start += 1;
                if e.row.assessment.is_flagged() {
                    self.watch.flagged_since_start += 1;
                }
            }
        }
        if let Some(file) = &mut self.watch.event_file
            && let Err(e) = file.append(&events, &self.tr)
        {
            let text = self
                .tr
                .f(Msg::EventLogFileFailed, &[&file.path().display(), &e]);
            self.notice = Some(Notice { text, error: true });
            self.watch.event_file = None;
        }
        for alert in crate::watch::alerts_for(&events, first, &settings.alerts) {
            self.raise(alert, now);
        }
        self.watch.log.extend(events);
    }

    fn raise(&mut self, alert: Alert, now: Instant) {
        let tr = self.tr;
        let (text, key, flagged) = match &alert {
            Alert::Socket { row, reason } => {
                let name = match row.process_name() {
                    "" => tr.t(Msg::UnknownProgram).to_owned(),
                    n => crate::model::text::show_invisible(n).into_owned(),
                };
                let text = match reason {
                    AlertReason::NewListener => tr.f(
                        Msg::ToastNewListener,
                        &[&name, &row.protocol_label(), &row.local_port],
                    ),
                    AlertReason::Flagged(level) => {
                        let why = row
                            .assessment
                            .findings
                            .iter()
                            .max_by_key(|f| f.level)
                            .map_or("", |f| title(f, &tr));
                        // Name the trojan where it is one: "Known backdoor port (Glacier…)".
                        let why = match service_text(&row.assessment, &tr) {
                            Some(s) if row.assessment.backdoor.is_some() => format!("{why} ({s})"),
                            _ => why.to_owned(),
                        };
                        tr.f(
                            Msg::ToastFlagged,
                            &[
                                &level_text(*level, &tr),
                                &name,
                                &row.protocol_label(),
                                &row.local_port,
                                &why,
                            ],
                        )
                    }
                };
                (
                    text,
                    Some(row.key()),
                    matches!(reason, AlertReason::Flagged(_)),
                )
            }
            Alert::Summary { count, flagged } => (
                tr.f(Msg::ToastSummary, &[count, flagged]),
                None,
                *flagged > 0,
            ),
        };
        let alerts = self.settings.alerts;
        let to_desktop = alerts.desktop && (alert.is_flagged() || alerts.desktop_new_listeners);
        if to_desktop {
            self.backend
                .notify(tr.t(Msg::NotifyTitle).to_owned(), text.clone());
        }
        if self.watch.toasts.len() >= MAX_TOASTS {
            self.watch.toasts.remove(0);
        }
        self.watch.toasts.push(Toast {
            text,
            key,
            flagged,
            born: now,
        });
    }

    /// Drop expired toasts and faded rows; rebuild the view when lingering rows left.
    pub(super) fn tick(&mut self, now: Instant) {
        self.watch
            .toasts
            .retain(|t| now.duration_since(t.born) < TOAST_LIFETIME);
        let highlight = self.settings.highlight;
        self.watch.highlighter.prune(now, &highlight);
        if self.table.lingering().len() != self.watch.highlighter.lingering_len() {
            self.refresh_lingering(now);
        }
    }

    /// Show the lingering closed rows as they are now, after the live ones, and rebuild the
    /// view.
    pub(super) fn refresh_lingering(&mut self, now: Instant) {
        let lingering = self
            .watch
            .highlighter
            .lingering(now, &self.settings.highlight);
        let rows = lingering.into_iter().map(|(row, _)| row).collect();
        self.table.set_lingering(rows);
        self.rebuild_view();
    }

    /// Store the current listening set as the baseline: the shown rows are marked at once, the
    /// engine marks its rows too, and the file is written once, off the UI thread (see
    /// [`PortScopeApp::poll_baseline_saves`]).
    pub(super) fn remember_baseline(&mut self, ctx: &egui::Context) {
        if self.table.snapshot().is_none() {
            return;
        }
        let ctx = ctx.clone();
        let list = self
            .files
            .remember_baseline(self.table.live(), move || ctx.request_repaint());
        for row in self.table.rows_mut() {
            let known = list.covers(row);
            if row.assessment.in_baseline != known {
                std::sync::Arc::make_mut(&mut row.assessment).in_baseline = known;
            }
        }
        self.backend
            .control(crate::engine::Control::SetBaseline(list));
        self.rebuild_view();
    }

    /// Report finished baseline saves.
    pub(super) fn poll_baseline_saves(&mut self) {
        for (count, result) in self.files.poll_baseline_saves() {
            self.notice = Some(match result {
                Ok(()) => Notice {
                    text: self.tr.f(Msg::BaselineSaved, &[&count]),
                    error: false,
                },
                Err(e) => Notice {
                    text: super::list_problem_text(&e, true, &self.tr),
                    error: true,
                },
            });
        }
    }

    /// Export the event log (as filtered) next to the user's home.
    pub(super) fn export_events(&mut self, format: EventFormat) {
        let path = default_export_path(format.file_format(), chrono::Local::now());
        self.watch.panel.refresh(&self.watch.log);
        let events: Vec<&ChangeEvent> = self.watch.panel.matching(&self.watch.log).collect();
        let tr = self.tr;
        let written = crate::actions::export::save_with(&path, |w| match format {
            EventFormat::Json => write_events_json(w, events.iter().copied(), &tr),
            EventFormat::Csv => write_events_csv(w, events.iter().copied()),
        });
        let shown = path.display().to_string();
        self.notice = Some(match written {
            Ok(()) => Notice {
                text: self.tr.f(Msg::ExportSaved, &[&events.len(), &shown]),
                error: false,
            },
            Err(e) => Notice {
                text: self.tr.f(Msg::ExportFailed, &[&shown, &e]),
                error: true,
            },
        });
    }

    /// Start or stop continuous logging to the typed path.
    pub(super) fn toggle_event_file(&mut self) {
        if self.watch.event_file.take().is_some() {
            return;
        }
        let path = PathBuf::from(self.watch.panel.file_path.trim());
        match EventFile::open(&path) {
            Ok(file) => {
                let text = self.tr.f(Msg::EventLogFileOn, &[&path.display()]);
                self.notice = Some(Notice { text, error: false });
                self.watch.event_file = Some(file);
            }
            Err(e) => {
                let text = self.tr.f(Msg::EventLogFileFailed, &[&path.display(), &e]);
                self.notice = Some(Notice { text, error: true });
            }
        }
    }
}
