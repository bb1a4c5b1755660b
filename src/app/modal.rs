//! The dialog open over the window: at most one at a time, since each is an `egui::Modal` that
//! blocks the rest of the window. The help windows are not dialogs (the table stays usable
//! beside them) and the blocking dialogs keep their own state (`ui::blocks_panel`).

use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use crate::ui::close_dialog::CloseDialog;
use crate::ui::export_dialog::ExportDialog;
use crate::ui::kill_dialog::KillDialog;

/// One open dialog.
pub(super) enum Modal {
    /// End a program: confirm, working, the result.
    Kill(KillDialog),
    /// Close one connection.
    Close(CloseDialog),
    /// Export the rows.
    Export {
        /// The dialog's fields.
        dialog: ExportDialog,
        /// The system's file dialog, open on its own thread: its answer comes here.
        browse: Option<Receiver<Option<PathBuf>>>,
    },
}

impl Modal {
    /// A new export dialog, its file dialog not open.
    pub fn export(dialog: ExportDialog) -> Modal {
        Modal::Export {
            dialog,
            browse: None,
        }
    }

    /// The kill dialog, when it is the one open.
    pub fn kill(modal: &mut Option<Modal>) -> Option<&mut KillDialog> {
        match modal {
            Some(Modal::Kill(dialog)) => Some(dialog),
            _ => None,
        }
    }

    /// Close the dialog when `which` says it is the one open.
    pub fn close_if(modal: &mut Option<Modal>, which: impl Fn(&Modal) -> bool) {
        if modal.as_ref().is_some_and(which) {
            *modal = None;
        }
    }
}
