//! The "End program?" dialog: names the program, PID, path and every port it holds; Enter
//! confirms, Esc cancels; offers Force when a graceful stop was ignored.

use egui::{Key, RichText};

use super::UiAction;
use super::palette;
use crate::i18n::{Msg, Tr};
use crate::model::ProcessIdentity;
use crate::model::text::show_invisible;

/// Where the dialog is in its flow.
#[derive(Clone, Debug, PartialEq)]
pub enum KillPhase {
    /// Waiting for the user to confirm.
    Confirm,
    /// The request is running.
    Working,
    /// The program ignored the graceful stop; Force is offered. Holds the message.
    StillRunning(String),
    /// Finished; holds the outcome message.
    Done(String),
}

/// The dialog's state, kept by the app while it is open.
#[derive(Clone, Debug, PartialEq)]
pub struct KillDialog {
    /// The program as the user saw it.
    pub target: ProcessIdentity,
    /// Ports it holds, e.g. "TCP 0.0.0.0:8080".
    pub ports: Vec<String>,
    /// Ending it may break the session.
    pub critical: bool,
    /// Flow position.
    pub phase: KillPhase,
}

/// Draw the dialog as a modal.
pub fn show(ctx: &egui::Context, dialog: &KillDialog, tr: &Tr, actions: &mut Vec<UiAction>) {
    let modal = egui::Modal::new(egui::Id::unique("kill-dialog")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(tr.t(Msg::KillTitle));
        ui.add_space(4.0);
        let name = show_invisible(&dialog.target.name);
        ui.label(RichText::new(tr.f(Msg::KillQuestion, &[&name, &dialog.target.pid])).strong());
        if let Some(path) = dialog.target.path_text() {
            ui.label(RichText::new(show_invisible(&path)).monospace());
        }
        ui.add_space(6.0);
        ui.label(tr.t(Msg::KillPorts));
        for port in &dialog.ports {
            ui.label(RichText::new(format!("  • {port}")).monospace());
        }
        if dialog.critical {
            ui.add_space(6.0);
            ui.label(
                RichText::new(tr.t(Msg::KillCriticalWarning))
                    .color(palette::DANGER_TEXT)
                    .strong(),
            );
        }
        ui.add_space(10.0);
        match &dialog.phase {
            KillPhase::Confirm => {
                ui.horizontal(|ui| {
                    let confirm = egui::Button::new(
                        RichText::new(tr.t(Msg::KillConfirm)).color(palette::DANGER_BUTTON_TEXT),
                    )
                    .fill(palette::DANGER_BUTTON_BG);
                    if ui.add(confirm).clicked() || ui.input(|i| i.key_pressed(Key::Enter)) {
                        actions.push(UiAction::ConfirmEnd);
                    }
                    if ui.button(tr.t(Msg::KillCancel)).clicked() {
                        actions.push(UiAction::CloseKillDialog);
                    }
                });
            }
            KillPhase::Working => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(tr.t(Msg::KillWorking));
                });
            }
            KillPhase::StillRunning(message) => {
                ui.label(message);
                ui.horizontal(|ui| {
                    if ui
                        .button(RichText::new(tr.t(Msg::KillForce)).strong())
                        .clicked()
                    {
                        actions.push(UiAction::ForceEnd);
                    }
                    if ui.button(tr.t(Msg::KillCancel)).clicked() {
                        actions.push(UiAction::CloseKillDialog);
                    }
                });
            }
            KillPhase::Done(message) => {
                ui.label(RichText::new(message).strong());
                if ui.button(tr.t(Msg::KillClose)).clicked()
                    || ui.input(|i| i.key_pressed(Key::Enter))
                {
                    actions.push(UiAction::CloseKillDialog);
                }
            }
        }
    });
    if modal.should_close() && dialog.phase != KillPhase::Working {
        actions.push(UiAction::CloseKillDialog);
    }
}
