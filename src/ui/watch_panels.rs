//! Live-watch widgets: toasts in the corner and the event log panel.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::UiAction;
use super::palette::{self, kind_color};
use crate::i18n::{Msg, Tr};
use crate::model::SocketKey;
use crate::model::text::show_invisible;
use crate::risk::text::level_text;
use crate::watch::journal::EventFormat;
use crate::watch::{ChangeEvent, EventKind, EventLog};

/// How long a toast stays.
pub const TOAST_LIFETIME: Duration = Duration::from_secs(10);
/// At most this many toasts at once; older ones make room.
pub const MAX_TOASTS: usize = 4;

/// An in-app notification.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    /// What it says.
    pub text: String,
    /// The row it is about (clicking selects it).
    pub key: Option<SocketKey>,
    /// Risk-related (drawn in warning colours).
    pub flagged: bool,
    /// When it appeared.
    pub born: Instant,
}

/// The event log panel's own state. It filters incrementally: a frame looks only at events that
/// arrived since the last one, unless the filter text changed.
#[derive(Debug, Default)]
pub struct EventLogPanel {
    /// The panel is open.
    pub open: bool,
    /// The filter, as typed.
    pub filter: String,
    /// The path typed for continuous logging.
    pub file_path: String,
    /// Session-wide numbers of the matching events, oldest first.
    matching: VecDeque<u64>,
    /// The lower-cased filter `matching` was computed for.
    matched_for: String,
    /// Events before this number were looked at.
    scanned_to: u64,
}

impl EventLogPanel {
    /// Bring the matching events up to date with `log`.
    pub fn refresh(&mut self, log: &EventLog) {
        let filter = self.filter.to_lowercase();
        let first = log.first_number();
        let end = first + log.events().len() as u64;
        if filter != self.matched_for || self.scanned_to > end {
            self.matching.clear();
            self.matched_for = filter;
            self.scanned_to = first;
        }
        while self.matching.front().is_some_and(|&n| n < first) {
            self.matching.pop_front();
        }
        for n in self.scanned_to.max(first)..end {
            let event = &log.events()[(n - first) as usize];
            if crate::watch::events::matches(event, &self.matched_for) {
                self.matching.push_back(n);
            }
        }
        self.scanned_to = end;
    }

    /// The events of `log` that matched at the last [`EventLogPanel::refresh`], oldest first.
    pub fn matching<'a>(
        &'a self,
        log: &'a EventLog,
    ) -> impl DoubleEndedIterator<Item = &'a ChangeEvent> {
        let first = log.first_number();
        self.matching.iter().filter_map(move |&n| {
            log.events()
                .get(usize::try_from(n.checked_sub(first)?).ok()?)
        })
    }
}

/// The word for a change kind.
pub fn kind_text(kind: EventKind, tr: &Tr) -> &'static str {
    tr.t(match kind {
        EventKind::Opened => Msg::MarkNew,
        EventKind::Changed => Msg::MarkChanged,
        EventKind::Closed => Msg::MarkClosed,
    })
}

/// Draw toasts stacked in the bottom-right corner.
///
/// They stack upwards from `corner` (the table area's bottom-right corner), so they stay clear
/// of the Risk column on the left, the details panel, and the event log below.
pub fn toasts(
    ctx: &egui::Context,
    toasts: &[Toast],
    corner: egui::Pos2,
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    if toasts.is_empty() {
        return;
    }
    egui::Area::new(egui::Id::unique("toasts"))
        .pivot(egui::Align2::RIGHT_BOTTOM)
        .fixed_pos(corner - egui::vec2(12.0, 12.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            for (i, toast) in toasts.iter().enumerate().rev() {
                let (fill, stroke) = if toast.flagged {
                    (palette::TOAST_FLAGGED_BG, palette::TOAST_FLAGGED_STROKE)
                } else {
                    (palette::TOAST_BG, palette::TOAST_STROKE)
                };
                egui::Frame::new()
                    .fill(fill)
                    .stroke(egui::Stroke::new(1.5, stroke))
                    .corner_radius(6.0)
                    .inner_margin(8.0)
                    .show(ui, |ui| {
                        ui.set_max_width(420.0);
                        ui.horizontal(|ui| {
                            let text = RichText::new(&toast.text).color(palette::TOAST_TEXT);
                            let button = ui.add(egui::Button::new(text).frame(false).wrap());
                            if let Some(key) = &toast.key
                                && button.on_hover_text(tr.t(Msg::ToastTip)).clicked()
                            {
                                actions.push(UiAction::Reveal(key.clone()));
                            }
                            if ui
                                .small_button("✖")
                                .on_hover_text(tr.t(Msg::Dismiss))
                                .clicked()
                            {
                                actions.push(UiAction::DismissToast(i));
                            }
                        });
                    });
                ui.add_space(6.0);
            }
        });
}

/// Draw the event log panel's contents.
pub fn event_log(
    ui: &mut egui::Ui,
    (panel, log): (&mut EventLogPanel, &EventLog),
    logging: bool,
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    ui.horizontal(|ui| log_header(ui, (panel, log), tr, actions));
    ui.horizontal(|ui| event_file_row(ui, panel, logging, tr, actions));
    panel.refresh(log);
    let first = log.first_number();
    let shown: Vec<usize> = panel
        .matching
        .iter()
        .rev()
        .map(|&n| (n - first) as usize)
        .collect();
    event_table(ui, log.events(), &shown, tr);
}

/// The title, the filter box, the counts and the CSV/JSON export buttons.
fn log_header(
    ui: &mut egui::Ui,
    (panel, log): (&mut EventLogPanel, &EventLog),
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    ui.heading(tr.t(Msg::EventLogTitle));
    let label = ui.label("🔍");
    ui.add(egui::TextEdit::singleline(&mut panel.filter).desired_width(200.0))
        .labelled_by(label.id);
    ui.label(tr.f(Msg::EventLogCounts, &[&log.events().len(), &log.dropped()]));
    ui.label(RichText::new(tr.t(Msg::EventLogOrder)).weak());
    if ui.button(tr.t(Msg::EventLogExportCsv)).clicked() {
        actions.push(UiAction::ExportEvents(EventFormat::Csv));
    }
    if ui.button(tr.t(Msg::EventLogExportJson)).clicked() {
        actions.push(UiAction::ExportEvents(EventFormat::Json));
    }
}

/// The file the events are also written to, with Start/Stop.
fn event_file_row(
    ui: &mut egui::Ui,
    panel: &mut EventLogPanel,
    logging: bool,
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    let label = ui.label(tr.t(Msg::EventLogFileLabel));
    ui.add_enabled(
        !logging,
        egui::TextEdit::singleline(&mut panel.file_path).desired_width(320.0),
    )
    .labelled_by(label.id);
    let text = if logging {
        tr.t(Msg::EventLogFileStop)
    } else {
        tr.t(Msg::EventLogFileStart)
    };
    if ui.button(text).clicked() {
        actions.push(UiAction::ToggleEventFile);
    }
}

/// The events at indices `shown` of `events`, newest first, one row each.
fn event_table(ui: &mut egui::Ui, events: &VecDeque<ChangeEvent>, shown: &[usize], tr: &Tr) {
    ui.style_mut().interaction.selectable_labels = false;
    TableBuilder::new(ui)
        .id_salt("event-log")
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .columns(Column::initial(90.0).at_least(40.0).clip(true), 4)
        .column(Column::initial(64.0).at_least(40.0).clip(true))
        .columns(Column::initial(110.0).at_least(40.0).clip(true), 4)
        .column(Column::remainder())
        .header(20.0, |mut h| {
            for msg in [
                Msg::ColTime,
                Msg::ColEvent,
                Msg::ColProcess,
                Msg::ColPid,
                Msg::ColProtocol,
                Msg::ColLocalPort,
                Msg::ColLocalAddress,
                Msg::ColRemoteAddress,
                Msg::ColStateChange,
                Msg::ColRisk,
            ] {
                h.col(|ui| {
                    ui.strong(tr.t(msg));
                });
            }
        })
        .body(|body| {
            body.rows(20.0, shown.len(), |mut row| {
                for text in event_cells(&events[shown[row.index()]], tr) {
                    row.col(|ui| {
                        ui.add(egui::Label::new(text).truncate());
                    });
                }
            });
        });
}

/// One event's cells, in the order of the header.
fn event_cells(e: &ChangeEvent, tr: &Tr) -> [RichText; 10] {
    let r = &e.row;
    let remote = r
        .remote_endpoint()
        .map_or_else(|| "—".into(), |e| e.to_string());
    let state = match (e.previous_state, r.state) {
        (Some(a), Some(b)) => format!("{a} → {b}"),
        (None, Some(b)) => b.to_string(),
        _ => "—".into(),
    };
    let level = r.assessment.level();
    [
        RichText::new(
            e.time
                .with_timezone(&chrono::Local)
                .format("%H:%M:%S")
                .to_string(),
        ),
        RichText::new(kind_text(e.kind, tr))
            .color(kind_color(e.kind))
            .strong(),
        RichText::new(show_invisible(r.process_name())),
        RichText::new(r.pid().map_or("—".into(), |p| p.to_string())),
        RichText::new(r.protocol_label()),
        // The port has its own column so a narrow panel never cuts it off.
        RichText::new(r.local_port.to_string()).monospace().strong(),
        RichText::new(r.local_address.to_string()).monospace(),
        RichText::new(remote).monospace(),
        RichText::new(state),
        RichText::new(if level.is_flagged() {
            level_text(level, tr)
        } else {
            ""
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TcpState;
    use crate::model::fixtures::tcp;

    fn opened(port: u16, name: &str) -> ChangeEvent {
        ChangeEvent {
            time: chrono::Utc::now(),
            kind: EventKind::Opened,
            row: tcp("127.0.0.1", port, TcpState::Listen, 1, name),
            previous_state: None,
        }
    }

    fn ports(panel: &EventLogPanel, log: &EventLog) -> Vec<u16> {
        panel.matching(log).map(|e| e.row.local_port).collect()
    }

    #[test]
    fn the_filter_follows_new_dropped_and_refiltered_events() {
        let mut log = EventLog::with_capacity(3);
        let mut panel = EventLogPanel {
            filter: "NGINX".into(),
            ..Default::default()
        };
        log.extend([opened(1, "nginx"), opened(2, "sshd")]);
        panel.refresh(&log);
        assert_eq!(ports(&panel, &log), [1]);
        // Two more arrive; the oldest (port 1) falls out of the bounded log.
        log.extend([opened(3, "nginx"), opened(4, "nginx")]);
        panel.refresh(&log);
        assert_eq!(ports(&panel, &log), [3, 4]);
        // Only the new events were looked at: the ones already scanned are not scanned again.
        assert_eq!(panel.scanned_to, 4);
        panel.filter = "sshd".into();
        panel.refresh(&log);
        assert_eq!(ports(&panel, &log), [2]);
        panel.filter.clear();
        panel.refresh(&log);
        assert_eq!(ports(&panel, &log), [2, 3, 4]);
    }
}
