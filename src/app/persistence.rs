//! What the window keeps on disk: the settings (with the window's size), the trust list and the
//! baseline of known ports, each with its writer. Saves run off the UI thread and report back
//! through the `poll_*` methods; [`Persistence::finish`] waits for them at exit.

use super::settings::{Settings, SettingsError, SettingsFile};
use super::writer::Writer;
use crate::model::SocketRow;
use crate::risk::trust::TrustError;
use crate::risk::{BaselineStore, TrustEntry, TrustList, TrustStore};

/// The window's files and their writers.
#[derive(Debug)]
pub(super) struct Persistence {
    /// Where settings are saved (`None`: not saved).
    settings_file: Option<SettingsFile>,
    /// The settings last handed to the writer.
    saved_settings: Settings,
    settings_saves: Writer<Result<(), SettingsError>>,
    /// The window's inner size now, saved when the window closes.
    pub window_size: Option<[f32; 2]>,
    /// The trust list (saved at each change, on the UI thread: it is small).
    trust: TrustStore,
    /// The baseline of known listening ports.
    baseline: BaselineStore,
    /// Baseline saves in progress: how many ports each remembered, and how the write went.
    baseline_saves: Writer<(usize, Result<(), TrustError>)>,
}

impl Persistence {
    /// The files as opened: `settings` were read from `settings_file`; the baseline is in
    /// memory until [`Persistence::set_baseline`].
    pub fn new(
        settings_file: Option<SettingsFile>,
        settings: &Settings,
        trust: TrustStore,
    ) -> Self {
        Persistence {
            settings_file,
            saved_settings: settings.clone(),
            settings_saves: Writer::default(),
            window_size: settings.window_size,
            trust,
            baseline: BaselineStore::default(),
            baseline_saves: Writer::default(),
        }
    }

    /// The failures of settings saves that finished since the last call.
    pub fn poll_settings_saves(&mut self) -> Vec<SettingsError> {
        let results = self.settings_saves.poll();
        results.into_iter().filter_map(Result::err).collect()
    }

    /// Save `settings` when they changed since the last save, off the UI thread; `wake` is
    /// called when the save is done. One save at a time: changes made meanwhile (a dragged
    /// slider) go in the next one, started when this one reports back.
    pub fn save_settings(&mut self, settings: &Settings, wake: impl Fn() + Send + 'static) {
        if *settings == self.saved_settings || self.settings_saves.is_busy() {
            return;
        }
        self.saved_settings = settings.clone();
        if let Some(file) = self.settings_file.clone() {
            let settings = settings.clone();
            self.settings_saves
                .spawn(move || file.save(&settings), wake);
        }
    }

    /// Put the window's size into `settings`, save them if they changed and wait for every
    /// save in progress (at exit).
    pub fn finish(&mut self, settings: &mut Settings) {
        settings.window_size = self.window_size;
        if *settings != self.saved_settings
            && let Some(file) = self.settings_file.clone()
        {
            self.saved_settings = settings.clone();
            let settings = settings.clone();
            self.settings_saves
                .spawn(move || file.save(&settings), || {});
        }
        self.settings_saves.finish();
        self.baseline_saves.finish();
    }

    /// The trust list as the engine and the rows use it.
    pub fn trust_list(&self) -> TrustList {
        self.trust.list()
    }

    /// True when `entry` is in the trust list.
    pub fn is_trusted(&self, entry: &TrustEntry) -> bool {
        self.trust.entries().contains(entry)
    }

    /// Add or remove `entry` in the trust list, which saves it.
    pub fn change_trust(&mut self, entry: TrustEntry, trusted: bool) -> Result<(), TrustError> {
        match trusted {
            true => self.trust.add(entry),
            false => self.trust.remove(&entry),
        }
    }

    /// Use `store` as the baseline of known ports.
    pub fn set_baseline(&mut self, store: BaselineStore) {
        self.baseline = store;
    }

    /// Remember the listening ones of `rows` in the baseline now, and write the file once, off
    /// the UI thread (`wake` when done; the result comes from
    /// [`Persistence::poll_baseline_saves`]). Returns the baseline as it is now.
    pub fn remember_baseline<'a>(
        &mut self,
        rows: impl IntoIterator<Item = &'a SocketRow>,
        wake: impl Fn() + Send + 'static,
    ) -> TrustList {
        let (count, save) = self.baseline.remember(rows);
        self.baseline_saves
            .spawn(move || (count, save.write()), wake);
        self.baseline.list()
    }

    /// Baseline saves that finished since the last call: how many ports each remembered, and
    /// how the write went.
    pub fn poll_baseline_saves(&mut self) -> Vec<(usize, Result<(), TrustError>)> {
        self.baseline_saves.poll()
    }
}
