//! The "Close this connection?" dialog: names both ends and the program, which keeps running.
//! Enter confirms, Esc cancels.

use std::net::SocketAddr;

use egui::{Key, RichText};

use super::UiAction;
use crate::i18n::{Msg, Tr};
use crate::model::text::show_invisible;

/// The dialog's state, kept by the app while it is open.
#[derive(Clone, Debug, PartialEq)]
pub struct CloseDialog {
    /// This computer's end.
    pub local: SocketAddr,
    /// The peer's end.
    pub remote: SocketAddr,
    /// The owning program's name (may be empty when unknown).
    pub program: String,
    /// The owning program's PID, where known.
    pub pid: Option<u32>,
}

/// Draw the dialog as a modal.
pub fn show(ctx: &egui::Context, dialog: &CloseDialog, tr: &Tr, actions: &mut Vec<UiAction>) {
    let modal = egui::Modal::new(egui::Id::unique("close-connection-dialog")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(tr.t(Msg::CloseDialogTitle));
        let pid = dialog
            .pid
            .map_or_else(|| tr.t(Msg::EmptyValue).to_owned(), |p| p.to_string());
        ui.add(
            egui::Label::new(tr.f(
                Msg::CloseDialogBody,
                &[
                    &dialog.local,
                    &dialog.remote,
                    &show_invisible(&dialog.program),
                    &pid,
                ],
            ))
            .wrap(),
        );
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let confirm = egui::Button::new(RichText::new(tr.t(Msg::CloseDialogConfirm)).strong());
            if ui.add(confirm).clicked() {
                actions.push(UiAction::ConfirmCloseConnection);
            }
            if ui.button(tr.t(Msg::KillCancel)).clicked() {
                actions.push(UiAction::CancelCloseConnection);
            }
        });
    });
    if modal.should_close() || ctx.input(|i| i.key_pressed(Key::Escape)) {
        actions.push(UiAction::CancelCloseConnection);
    } else if ctx.input(|i| i.key_pressed(Key::Enter)) {
        actions.push(UiAction::ConfirmCloseConnection);
    }
}
