//! The notice banner above the table, and what it may still say: the export it can open, and
//! the kill whose ports should close.

use std::path::PathBuf;

use crate::ui::notice::Notice;

/// The banner's state.
#[derive(Debug, Default)]
pub(super) struct Banner {
    /// The notice shown, if any.
    pub notice: Option<Notice>,
    /// The notice text and file of the last successful export (for Open report / Open folder).
    pub saved_export: Option<(String, PathBuf)>,
    /// After a successful kill: the PID whose ports should be gone, and the last snapshot
    /// sequence to look for that in.
    pub confirm_closed: Option<(u32, u64)>,
}

impl Banner {
    /// Show `text`, an error when `error`, in place of the notice shown.
    pub fn show(&mut self, text: String, error: bool) {
        self.notice = Some(Notice { text, error });
    }

    /// Show a problem, after any problem already shown.
    pub fn warn(&mut self, text: String) {
        match &mut self.notice {
            Some(n) if n.error => {
                n.text.push('\n');
                n.text.push_str(&text);
            }
            _ => self.show(text, true),
        }
    }

    /// The file of the export the notice reports, while it is the one shown.
    pub fn saved_export(&self) -> Option<&std::path::Path> {
        let notice = self.notice.as_ref()?;
        self.saved_export
            .as_ref()
            .filter(|(text, _)| *text == notice.text)
            .map(|(_, path)| path.as_path())
    }
}
