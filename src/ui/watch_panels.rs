//! Live-watch widgets: toasts in the corner and the event log panel.

use std::collections::VecDeque;

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::UiAction;
use super::palette::{self, kind_color};
use crate::actions::export::ExportFormat;
use crate::app::watching::{Toast, WatchState, event_matches};
use crate::i18n::{Msg, Tr};
use crate::model::text::visible;
use crate::risk::text::level_text;
use crate::watch::{ChangeEvent, EventKind};

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
pub fn event_log(ui: &mut egui::Ui, watch: &mut WatchState, tr: &Tr, actions: &mut Vec<UiAction>) {
    ui.horizontal(|ui| log_header(ui, watch, tr, actions));
    ui.horizontal(|ui| event_file_row(ui, watch, tr, actions));
    let filter = watch.log_filter.to_lowercase();
    let shown: Vec<usize> = (0..watch.log.events().len())
        .rev()
        .filter(|&i| event_matches(&watch.log.events()[i], &filter))
        .collect();
    event_table(ui, watch.log.events(), &shown, tr);
}

/// The title, the filter box, the counts and the CSV/JSON export buttons.
fn log_header(ui: &mut egui::Ui, watch: &mut WatchState, tr: &Tr, actions: &mut Vec<UiAction>) {
    ui.heading(tr.t(Msg::EventLogTitle));
    let label = ui.label("🔍");
    ui.add(egui::TextEdit::singleline(&mut watch.log_filter).desired_width(200.0))
        .labelled_by(label.id);
    ui.label(tr.f(
        Msg::EventLogCounts,
        &[&watch.log.events().len(), &watch.log.dropped()],
    ));
    ui.label(RichText::new(tr.t(Msg::EventLogOrder)).weak());
    if ui.button(tr.t(Msg::EventLogExportCsv)).clicked() {
        actions.push(UiAction::ExportEvents(ExportFormat::Csv));
    }
    if ui.button(tr.t(Msg::EventLogExportJson)).clicked() {
        actions.push(UiAction::ExportEvents(ExportFormat::Json));
    }
}

/// The file the events are also written to, with Start/Stop.
fn event_file_row(ui: &mut egui::Ui, watch: &mut WatchState, tr: &Tr, actions: &mut Vec<UiAction>) {
    let label = ui.label(tr.t(Msg::EventLogFileLabel));
    let logging = watch.event_file.is_some();
    ui.add_enabled(
        !logging,
        egui::TextEdit::singleline(&mut watch.event_file_path).desired_width(320.0),
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
    let remote = match (r.remote_address, r.remote_port) {
        (Some(a), Some(p)) => std::net::SocketAddr::new(a, p).to_string(),
        _ => "—".into(),
    };
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
        RichText::new(visible(r.process_name())),
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
