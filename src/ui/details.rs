//! The details panel: everything known about the selected socket and its program.

use egui::RichText;

use super::{UiAction, port_class_text};
use crate::i18n::{Msg, Tr};
use crate::model::SocketRow;
use crate::model::text::visible;

fn field(ui: &mut egui::Ui, name: &str, value: impl Into<egui::WidgetText>) {
    ui.label(RichText::new(name).weak());
    ui.add(egui::Label::new(value).wrap());
    ui.end_row();
}

/// Draw the details of `row` (or a hint when nothing is selected).
/// `privileged` tells why an owner may be missing: without rights it is hidden from us; with
/// rights it lives outside our view (another PID namespace, or the kernel).
pub fn show(
    ui: &mut egui::Ui,
    row: Option<&SocketRow>,
    closed: bool,
    privileged: bool,
    tr: &Tr,
    actions: &mut Vec<UiAction>,
) {
    ui.heading(tr.t(Msg::DetailsTitle));
    ui.separator();
    let Some(row) = row else {
        ui.label(RichText::new(tr.t(Msg::DetailsNothingSelected)).weak());
        return;
    };
    if closed {
        ui.label(
            RichText::new(tr.t(Msg::ClosedRowNote))
                .color(egui::Color32::from_rgb(0xd3, 0x2f, 0x2f)),
        );
    }
    let unknown = tr.t(Msg::DetailsUnknown);
    egui::ScrollArea::vertical().show(ui, |ui| {
        match &row.process {
            Some(p) => {
                ui.label(RichText::new(visible(&p.name)).heading().strong());
                // The judgement first: it is what a newcomer came to read.
                super::findings::show(ui, row, tr, actions);
                ui.add_space(8.0);
                egui::Grid::new("details-process")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        field(ui, tr.t(Msg::ColPid), p.pid.to_string());
                        field(
                            ui,
                            tr.t(Msg::ColPath),
                            visible(p.path.as_deref().unwrap_or(unknown)).into_owned(),
                        );
                        let cmd = if p.cmdline.is_empty() {
                            unknown.to_owned()
                        } else {
                            visible(&p.cmdline.join(" ")).into_owned()
                        };
                        field(
                            ui,
                            tr.t(Msg::DetailsCommandLine),
                            RichText::new(cmd).monospace(),
                        );
                        field(
                            ui,
                            tr.t(Msg::ColUser),
                            visible(p.user.as_deref().unwrap_or(unknown)).into_owned(),
                        );
                        let started = p.started_at.map_or(unknown.to_owned(), |t| {
                            t.with_timezone(&chrono::Local)
                                .format("%Y-%m-%d %H:%M:%S")
                                .to_string()
                        });
                        field(ui, tr.t(Msg::DetailsStarted), started);
                        field(
                            ui,
                            tr.t(Msg::DetailsParent),
                            p.parent_pid.map_or(unknown.to_owned(), |x| x.to_string()),
                        );
                        if row.pids.len() > 1 {
                            let all: Vec<String> = row.pids.iter().map(u32::to_string).collect();
                            field(ui, tr.t(Msg::DetailsOwners), all.join(", "));
                        }
                    });
                ui.horizontal(|ui| {
                    // A closed socket only lingers on screen: there is no program to end.
                    if !closed && ui.button(tr.t(Msg::MenuEndProgram)).clicked() {
                        actions.push(UiAction::AskEndProgram(row.key()));
                    }
                    if let Some(path) = &p.path
                        && ui.button(tr.t(Msg::MenuCopyPath)).clicked()
                    {
                        actions.push(UiAction::Copy(path.clone()));
                    }
                });
            }
            None => {
                let why = if privileged {
                    Msg::DetailsOwnerElsewhere
                } else {
                    Msg::DetailsOwnerHidden
                };
                ui.label(RichText::new(tr.t(why)).italics());
                super::findings::show(ui, row, tr, actions);
                if let Some(user) = row.user() {
                    ui.label(format!("{}: {}", tr.t(Msg::ColUser), visible(user)));
                }
            }
        }
        ui.add_space(8.0);
        ui.label(RichText::new(tr.t(Msg::DetailsSocket)).strong());
        egui::Grid::new("details-socket")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                field(ui, tr.t(Msg::ColProtocol), row.protocol_label());
                field(
                    ui,
                    tr.t(Msg::ColLocalAddress),
                    format!("{} : {}", row.local_address, row.local_port),
                );
                field(
                    ui,
                    tr.t(Msg::ColPortClass),
                    port_class_text(row.port_class(), tr),
                );
                let remote = match (row.remote_address, row.remote_port) {
                    (Some(a), Some(p)) => format!("{a} : {p}"),
                    _ => tr.t(Msg::DetailsNoPeer).to_owned(),
                };
                field(ui, tr.t(Msg::ColRemoteAddress), remote);
                if let Some(s) = row.state {
                    field(ui, tr.t(Msg::ColState), s.as_str());
                }
            });
        super::findings::firewall(ui, row, tr, actions);
    });
}
