//! The window's live-watch state: change highlights and lingering closed rows, toasts and
//! desktop notifications, the event log and its file. `WatchState` keeps what it can do alone;
//! the app adds what needs the rest of the window (the backend, the banner, the table).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::PortScopeApp;
use crate::actions::export::default_export_path;
use crate::i18n::{Msg, Tr};
use crate::model::{SocketKey, SocketRow};
use crate::risk::text::{level_text, service_text, title};
use crate::ui::notice::Notice;
use crate::ui::watch_panels::{EventLogPanel, MAX_TOASTS, TOAST_LIFETIME, Toast};
use crate::watch::journal::{EventFormat, write_events_csv, write_events_json};
use crate::watch::{
    Alert, AlertReason, ChangeEvent, EventFile, EventLog, HighlightSettings, Highlighter,
};

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

impl WatchState {
    /// Nothing watched yet; the event log panel offers `events_file` for continuous logging.
    pub fn new(events_file: &Path) -> Self {
        let mut watch = WatchState::default();
        watch.panel.file_path = events_file.to_string_lossy().into_owned();
        watch
    }

    /// Take one snapshot's events into the highlights, the counts since start and the event
    /// file (not into the log: see [`WatchState::log`]). Returns why the file failed, if it
    /// did; logging to it stops then.
    pub fn record(
        &mut self,
        events: &[ChangeEvent],
        first: bool,
        now: Instant,
        highlight: &HighlightSettings,
        tr: &Tr,
    ) -> Option<String> {
        self.highlighter.record(events, now, highlight);
        if !first {
            for e in events
                .iter()
                .filter(|e| e.kind == crate::watch::EventKind::Opened)
            {
                self.new_since_start += 1;
                if e.row.assessment.is_flagged() {
                    self.flagged_since_start += 1;
                }
            }
        }
        let file = self.event_file.as_mut()?;
        let e = file.append(events, tr).err()?;
        let text = tr.f(Msg::EventLogFileFailed, &[&file.path().display(), &e]);
        self.event_file = None;
        Some(text)
    }

    /// Show `toast`, dropping the oldest when there are too many.
    pub fn push_toast(&mut self, toast: Toast) {
        if self.toasts.len() >= MAX_TOASTS {
            self.toasts.remove(0);
        }
        self.toasts.push(toast);
    }

    /// Close toast `i` (clicked away).
    pub fn dismiss_toast(&mut self, i: usize) {
        if i < self.toasts.len() {
            self.toasts.remove(i);
        }
    }

    /// Drop expired toasts and faded marks.
    pub fn prune(&mut self, now: Instant, highlight: &HighlightSettings) {
        self.toasts
            .retain(|t| now.duration_since(t.born) < TOAST_LIFETIME);
        self.highlighter.prune(now, highlight);
    }

    /// The closed rows still shown, oldest first.
    pub fn lingering_rows(&self, now: Instant, highlight: &HighlightSettings) -> Vec<SocketRow> {
        let rows = self.highlighter.lingering(now, highlight);
        rows.into_iter().map(|(row, _)| row).collect()
    }

    /// The events the log panel's filter keeps, oldest first.
    pub fn matching_events(&mut self) -> Vec<&ChangeEvent> {
        self.panel.refresh(&self.log);
        self.panel.matching(&self.log).collect()
    }

    /// Start or stop continuous logging to the typed path; what to tell the user.
    pub fn toggle_event_file(&mut self, tr: &Tr) -> Option<Notice> {
        if self.event_file.take().is_some() {
            return None;
        }
        let path = PathBuf::from(self.panel.file_path.trim());
        Some(match EventFile::open(&path) {
            Ok(file) => {
                self.event_file = Some(file);
                Notice {
                    text: tr.f(Msg::EventLogFileOn, &[&path.display()]),
                    error: false,
                }
            }
            Err(e) => Notice {
                text: tr.f(Msg::EventLogFileFailed, &[&path.display(), &e]),
                error: true,
            },
        })
    }

    /// How soon the window must draw again for its fades (`highlight` on) and toasts, if it
    /// must.
    pub fn repaint_after(&self, highlight: bool) -> Option<Duration> {
        if self.highlighter.is_animating() && highlight {
            return Some(Duration::from_millis(100));
        }
        let born = self.toasts.iter().map(|t| t.born).min()?;
        Some(TOAST_LIFETIME.saturating_sub(born.elapsed()) + Duration::from_millis(20))
    }
}

/// What an alert's toast says, the row it is about, and whether it is risk-related.
fn alert_text(alert: &Alert, tr: &Tr) -> (String, Option<SocketKey>, bool) {
    match alert {
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
                        .map_or("", |f| title(f, tr));
                    // Name the trojan where it is one: "Known backdoor port (Glacier…)".
                    let why = match service_text(&row.assessment, tr) {
                        Some(s) if row.assessment.backdoor.is_some() => format!("{why} ({s})"),
                        _ => why.to_owned(),
                    };
                    tr.f(
                        Msg::ToastFlagged,
                        &[
                            &level_text(*level, tr),
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
    }
}

impl PortScopeApp {
    /// Handle one snapshot's events: highlights, log, file, alerts (also for sockets whose
    /// judgement rose to flagged later, `flagged_later`).
    pub(super) fn on_events(
        &mut self,
        events: Vec<ChangeEvent>,
        flagged_later: &[crate::model::SocketRow],
        first: bool,
        now: Instant,
    ) {
        let highlight = self.settings.highlight;
        if let Some(text) = self.watch.record(&events, first, now, &highlight, &self.tr) {
            self.banner.show(text, true);
        }
        let alerts = &self.settings.alerts;
        let raised: Vec<_> = crate::watch::alerts_for(&events, first, alerts)
            .into_iter()
            .chain(crate::watch::alerts_for_flagged_later(
                flagged_later,
                first,
                alerts,
            ))
            .collect();
        for alert in raised {
            self.raise(alert, now);
        }
        self.watch.log.extend(events);
    }

    /// A toast for `alert`, and a desktop notification when the settings ask for one.
    fn raise(&mut self, alert: Alert, now: Instant) {
        let (text, key, flagged) = alert_text(&alert, &self.tr);
        let alerts = self.settings.alerts;
        let to_desktop = alerts.desktop && (alert.is_flagged() || alerts.desktop_new_listeners);
        if to_desktop {
            self.backend
                .notify(self.tr.t(Msg::NotifyTitle).to_owned(), text.clone());
        }
        self.watch.push_toast(Toast {
            text,
            key,
            flagged,
            born: now,
        });
    }

    /// Drop expired toasts and faded rows; rebuild the view when lingering rows left.
    pub(super) fn tick(&mut self, now: Instant) {
        self.watch.prune(now, &self.settings.highlight);
        if self.table.lingering().len() != self.watch.highlighter.lingering_len() {
            self.refresh_lingering(now);
        }
    }

    /// Show the lingering closed rows as they are now, after the live ones, and rebuild the
    /// view.
    pub(super) fn refresh_lingering(&mut self, now: Instant) {
        let lingering = self.watch.lingering_rows(now, &self.settings.highlight);
        self.table.set_lingering(lingering);
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
            self.banner.notice = Some(match result {
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
        let tr = self.tr;
        let events = self.watch.matching_events();
        let written = crate::actions::export::save_with(&path, |w| match format {
            EventFormat::Json => write_events_json(w, events.iter().copied(), &tr),
            EventFormat::Csv => write_events_csv(w, events.iter().copied()),
        });
        let shown = path.display().to_string();
        self.banner.notice = Some(match written {
            Ok(()) => Notice {
                text: tr.f(Msg::ExportSaved, &[&events.len(), &shown]),
                error: false,
            },
            Err(e) => Notice {
                text: tr.f(Msg::ExportFailed, &[&shown, &e]),
                error: true,
            },
        });
    }

    /// Start or stop continuous logging to the typed path.
    pub(super) fn toggle_event_file(&mut self) {
        if let Some(notice) = self.watch.toggle_event_file(&self.tr) {
            self.banner.notice = Some(notice);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::TcpState;
    use crate::model::fixtures::tcp;
    use crate::watch::EventKind;

    fn event(kind: EventKind, port: u16) -> ChangeEvent {
        ChangeEvent {
            time: chrono::Utc::now(),
            kind,
            row: tcp("0.0.0.0", port, TcpState::Listen, 40, "nc"),
            previous_state: None,
        }
    }

    fn toast(text: &str, born: Instant) -> Toast {
        Toast {
            text: text.into(),
            key: None,
            flagged: false,
            born,
        }
    }

    #[test]
    fn closed_rows_linger_until_they_fade_and_only_openings_count() {
        let mut watch = WatchState::new(Path::new("/tmp/events.jsonl"));
        assert_eq!(watch.panel.file_path, "/tmp/events.jsonl");
        let highlight = HighlightSettings::default();
        let tr = Tr::new(Lang::En);
        let now = Instant::now();
        let events = [event(EventKind::Opened, 80), event(EventKind::Closed, 7)];
        assert_eq!(watch.record(&events, true, now, &highlight, &tr), None);
        assert_eq!(
            watch.new_since_start, 0,
            "the first snapshot is the starting state"
        );
        assert_eq!(watch.record(&events, false, now, &highlight, &tr), None);
        assert_eq!(watch.new_since_start, 1);
        let lingering = watch.lingering_rows(now, &highlight);
        assert_eq!(
            lingering.iter().map(|r| r.local_port).collect::<Vec<_>>(),
            [7]
        );
        assert_eq!(watch.repaint_after(true), Some(Duration::from_millis(100)));
        let later = now + Duration::from_secs_f32(highlight.seconds + 1.0);
        watch.prune(later, &highlight);
        assert!(watch.lingering_rows(later, &highlight).is_empty());
    }

    #[test]
    fn toasts_are_capped_dismissed_and_expire() {
        let mut watch = WatchState::default();
        let now = Instant::now();
        for i in 0..=MAX_TOASTS {
            watch.push_toast(toast(&i.to_string(), now));
        }
        assert_eq!(watch.toasts.len(), MAX_TOASTS);
        assert_eq!(watch.toasts[0].text, "1", "the oldest went");
        watch.dismiss_toast(MAX_TOASTS);
        assert_eq!(watch.toasts.len(), MAX_TOASTS, "no such toast");
        watch.dismiss_toast(0);
        assert_eq!(watch.toasts[0].text, "2");
        let wait = watch
            .repaint_after(false)
            .expect("a toast must leave on time");
        assert!(wait <= TOAST_LIFETIME + Duration::from_millis(20));
        watch.prune(now + TOAST_LIFETIME, &HighlightSettings::default());
        assert!(watch.toasts.is_empty());
        assert_eq!(watch.repaint_after(false), None);
    }
}
