//! What the window remembers across restarts: sort, filters, interval, language, alerts and the
//! window size, in PortScope's own `settings.json` (not eframe's `app.ron`, which eframe writes
//! through symlinks). Written atomically, never through a symlink; a corrupt file is kept aside.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::collector::DEFAULT_INTERVAL;
use crate::collector::INTERVAL_CHOICES;
use crate::i18n::{Lang, Msg, Tr};
use crate::model::{Column, QuickFilter, SortSpec};
use crate::watch::{AlertSettings, HighlightSettings};

/// The settings file's name, in the same folder as the trust list.
pub const FILE_NAME: &str = "settings.json";

/// Persisted preferences. Unknown or missing fields fall back to defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Table sort.
    pub sort: SortSpec,
    /// Quick filters.
    pub quick: QuickFilter,
    /// Poll interval in milliseconds.
    pub interval_ms: u64,
    /// UI language; `None` follows the system locale.
    pub lang: Option<Lang>,
    /// Change highlighting.
    pub highlight: HighlightSettings,
    /// What raises an alert.
    pub alerts: AlertSettings,
    /// The window's inner size in points when it last closed.
    pub window_size: Option<[f32; 2]>,
    /// The table's columns, in display order (the column chooser edits this).
    pub columns: Vec<Column>,
    /// The welcome panel was dismissed.
    pub welcome_dismissed: bool,
    /// Light, dark or the system's theme.
    pub theme: crate::ui::help::ThemeChoice,
    /// Name remote addresses by reverse DNS (on unless turned off: each lookup tells the DNS
    /// server whom the computer talks to).
    pub resolve_names: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            sort: SortSpec::default(),
            quick: QuickFilter::default(),
            interval_ms: DEFAULT_INTERVAL.as_millis() as u64,
            lang: None,
            highlight: HighlightSettings::default(),
            alerts: AlertSettings::default(),
            window_size: None,
            columns: crate::columns::default_shown(),
            welcome_dismissed: false,
            theme: crate::ui::help::ThemeChoice::System,
            resolve_names: true,
        }
    }
}

impl Settings {
    /// Show or hide a table column. The program column and the last shown column stay; a
    /// column shown again goes back to its usual place.
    pub fn toggle_column(&mut self, column: Column) {
        let columns = &mut self.columns;
        if let Some(i) = columns.iter().position(|&c| c == column) {
            if column != Column::Process && columns.len() > 1 {
                columns.remove(i);
            }
        } else {
            let rank = |c: &Column| Column::ALL.iter().position(|x| x == c);
            let at = columns
                .iter()
                .position(|c| rank(c) > rank(&column))
                .unwrap_or(columns.len());
            columns.insert(at, column);
        }
    }

    /// Parse the bytes of a settings file. Invalid UTF-8 fails like any other invalid JSON (RON
    /// from an older build too); unknown or missing fields fall back to defaults.
    pub fn from_json(bytes: &[u8]) -> Result<Settings, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    /// The interval, snapped to one the picker offers (a hand-edited value can't stall polling).
    pub fn interval(&self) -> Duration {
        let wanted = Duration::from_millis(self.interval_ms);
        INTERVAL_CHOICES
            .iter()
            .copied()
            .min_by_key(|d| d.as_millis().abs_diff(wanted.as_millis()))
            .unwrap_or(DEFAULT_INTERVAL)
    }
}

/// The window's size when nothing (sensible) was saved.
pub const DEFAULT_WINDOW_SIZE: [f32; 2] = [1280.0, 760.0];
/// The smallest window.
pub const MIN_WINDOW_SIZE: [f32; 2] = [720.0, 400.0];

impl Settings {
    /// The size to open the window at: the saved one if it is sane, else the default.
    pub fn initial_window_size(&self) -> [f32; 2] {
        match self.window_size {
            Some([w, h]) if w.is_finite() && h.is_finite() => [
                w.clamp(MIN_WINDOW_SIZE[0], 16_384.0),
                h.clamp(MIN_WINDOW_SIZE[1], 16_384.0),
            ],
            _ => DEFAULT_WINDOW_SIZE,
        }
    }
}

/// `settings.json` in PortScope's folder, beside the trust list.
pub fn default_path() -> Option<PathBuf> {
    crate::files::config_file(FILE_NAME)
}

/// Why the settings could not be read or saved.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file could not be read; it is left as it is and not overwritten this session.
    #[error("cannot read the settings {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file was not valid settings and was moved aside.
    #[error("the settings {path} could not be read ({reason}); kept as {backup}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
        /// Where the old file now is.
        backup: PathBuf,
    },
    /// The settings path was a symbolic link; the link (not its target) was moved aside.
    #[error("the settings {path} is a symbolic link; moved aside as {backup}")]
    Symlink {
        /// The file.
        path: PathBuf,
        /// Where the link now is.
        backup: PathBuf,
    },
    /// Saving failed.
    #[error("cannot save the settings to {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

impl SettingsError {
    /// The text shown to the user.
    pub fn text(&self, tr: &Tr) -> String {
        match self {
            SettingsError::Read { path, source } => {
                tr.f(Msg::SettingsReadFailed, &[&path.display(), source])
            }
            SettingsError::Corrupt {
                path,
                reason,
                backup,
            } => tr.f(
                Msg::SettingsCorrupt,
                &[&path.display(), reason, &backup.display()],
            ),
            SettingsError::Symlink { path, backup } => {
                tr.f(Msg::SettingsSymlink, &[&path.display(), &backup.display()])
            }
            SettingsError::Write { path, source } => {
                tr.f(Msg::SettingsSaveFailed, &[&path.display(), source])
            }
        }
    }
}

/// The settings as read at start-up, where to save them, and any problem met.
#[derive(Debug, Default)]
pub struct LoadedSettings {
    /// The settings (defaults when the file was missing or unusable).
    pub settings: Settings,
    /// Where to save them; `None` when the file must not be overwritten.
    pub file: Option<SettingsFile>,
    /// A problem to show the user.
    pub problem: Option<SettingsError>,
}

/// PortScope's own settings file: read only if it is a regular file, written atomically.
#[derive(Clone, Debug)]
pub struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    /// Read the settings at `path`. Missing gives defaults; a corrupt file or a symlink is moved
    /// aside (a link's target is never read or touched) and reported; an unreadable file is
    /// reported and left alone, and then never overwritten.
    pub fn open(path: &Path) -> LoadedSettings {
        use crate::files::Found;
        let file = SettingsFile {
            path: path.to_path_buf(),
        };
        let fallback = |problem, file| LoadedSettings {
            settings: Settings::default(),
            file,
            problem: Some(problem),
        };
        // Move the file (or link) aside and report `problem`; if even that fails, report the
        // failure and keep no file, so it is never overwritten.
        let set_aside = |file: SettingsFile, problem: &dyn Fn(PathBuf) -> SettingsError| {
            match crate::files::move_aside(path) {
                Ok(backup) => fallback(problem(backup), Some(file)),
                Err(source) => fallback(
                    SettingsError::Read {
                        path: path.to_path_buf(),
                        source,
                    },
                    None,
                ),
            }
        };
        let bytes = match crate::files::read_regular(path) {
            Ok(Found::Bytes(b)) => b,
            Ok(Found::Missing) => {
                return LoadedSettings {
                    file: Some(file),
                    ..Default::default()
                };
            }
            Ok(Found::Symlink) => {
                // Moving the link renames the link itself; its target is never touched.
                return set_aside(file, &|backup| SettingsError::Symlink {
                    path: path.to_path_buf(),
                    backup,
                });
            }
            Err(source) => {
                let path = path.to_path_buf();
                return fallback(SettingsError::Read { path, source }, None);
            }
        };
        match Settings::from_json(&bytes) {
            Ok(settings) => LoadedSettings {
                settings,
                file: Some(file),
                problem: None,
            },
            Err(e) => set_aside(file, &|backup| SettingsError::Corrupt {
                path: path.to_path_buf(),
                reason: e.to_string(),
                backup,
            }),
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Save `settings`: a new file renamed over the old one, never written through a link.
    pub fn save(&self, settings: &Settings) -> Result<(), SettingsError> {
        let err = |source| SettingsError::Write {
            path: self.path.clone(),
            source,
        };
        let text =
            serde_json::to_string_pretty(settings).map_err(|e| err(std::io::Error::other(e)))?;
        crate::files::write_atomic(&self.path, text.as_bytes()).map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_intervals_snap_to_the_picker() {
        let s = Settings {
            interval_ms: 0,
            ..Default::default()
        };
        assert_eq!(s.interval(), Duration::from_millis(500));
        let s = Settings {
            interval_ms: 999_999,
            ..Default::default()
        };
        assert_eq!(s.interval(), Duration::from_secs(5));
    }

    #[test]
    fn partial_settings_keep_defaults() {
        let s: Settings = serde_json::from_str(r#"{"interval_ms": 2000}"#).unwrap();
        assert_eq!(s.interval(), Duration::from_secs(2));
        assert_eq!(s.sort, SortSpec::default());
    }

    fn changed() -> Settings {
        Settings {
            interval_ms: 2000,
            lang: Some(Lang::Zh),
            window_size: Some([900.0, 600.0]),
            ..Default::default()
        }
    }

    #[test]
    fn settings_survive_a_save_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(FILE_NAME);
        let loaded = SettingsFile::open(&path);
        assert!(loaded.problem.is_none());
        assert_eq!(loaded.settings, Settings::default());
        loaded.file.unwrap().save(&changed()).unwrap();
        let reopened = SettingsFile::open(&path);
        assert!(reopened.problem.is_none(), "{:?}", reopened.problem);
        assert_eq!(reopened.settings, changed());
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "root:x:0:0").unwrap();
        let path = dir.path().join(FILE_NAME);
        std::os::unix::fs::symlink(&victim, &path).unwrap();

        let loaded = SettingsFile::open(&path);
        assert_eq!(loaded.settings, Settings::default());
        let problem = loaded.problem.expect("the link is reported");
        assert!(
            matches!(problem, SettingsError::Symlink { .. }),
            "{problem:?}"
        );
        assert!(problem.text(&Tr::new(Lang::En)).contains("symbolic link"));
        // A link planted again after start-up is replaced, not written through.
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        loaded.file.unwrap().save(&changed()).unwrap();

        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "root:x:0:0");
        assert!(std::fs::symlink_metadata(&path).unwrap().is_file());
        assert_eq!(SettingsFile::open(&path).settings, changed());
    }

    #[test]
    fn corrupt_settings_are_kept_aside_reported_and_defaults_used() {
        for bad in [
            &b"{ not json"[..],
            b"(sort: Ron)",
            b"{\"interval_ms\": \"\xff\xfe\"}",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(FILE_NAME);
            std::fs::write(&path, bad).unwrap();
            let loaded = SettingsFile::open(&path);
            assert_eq!(loaded.settings, Settings::default());
            let Some(SettingsError::Corrupt { backup, .. }) = &loaded.problem else {
                panic!("expected Corrupt, got {:?}", loaded.problem)
            };
            assert_eq!(std::fs::read(backup).unwrap(), bad);
            assert!(!path.exists());
            let text = loaded.problem.as_ref().unwrap().text(&Tr::new(Lang::En));
            assert!(text.contains(&backup.display().to_string()), "{text}");
            // Saving afterwards leaves the kept copy alone.
            loaded.file.unwrap().save(&changed()).unwrap();
            assert_eq!(std::fs::read(backup).unwrap(), bad);
        }
    }

    fn any_settings() -> impl proptest::strategy::Strategy<Value = Settings> + Clone {
        use proptest::prelude::*;
        (
            any::<u64>(),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<[f32; 2]>()),
            any::<[bool; 4]>(),
            prop::sample::subsequence(Column::ALL.to_vec(), 0..=Column::ALL.len()),
        )
            .prop_map(
                |(interval_ms, zh, window_size, [a, b, c, d], columns)| Settings {
                    interval_ms,
                    lang: zh.map(|zh| if zh { Lang::Zh } else { Lang::En }),
                    window_size,
                    welcome_dismissed: a,
                    quick: QuickFilter {
                        hide_loopback: b,
                        flagged_only: c,
                        new_since_baseline: d,
                        ..Default::default()
                    },
                    columns,
                    ..Default::default()
                },
            )
    }

    /// Bytes a settings file might hold: anything, valid settings, and valid ones cut or bent.
    fn settings_bytes() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let valid = any_settings().prop_map(|s| serde_json::to_vec(&s).unwrap_or_default());
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..64),
            valid.clone(),
            (valid, any::<prop::sample::Index>(), any::<u8>()).prop_map(|(mut v, at, b)| {
                if !v.is_empty() {
                    let i = at.index(v.len());
                    if b % 2 == 0 { v.truncate(i) } else { v[i] = b }
                }
                v
            }),
            prop::sample::select(vec![
                &b""[..],
                b"{}",
                b"null",
                b"[]",
                b"(sort: Ron)",
                b"{\"interval_ms\":-1}",
                b"{\"window_size\":[null,1]}",
                b"{\"columns\":[\"Nope\"]}",
                b"{\"interval_ms\":18446744073709551615}",
                b"{\"window_size\":[1e999,0]}",
            ])
            .prop_map(<[u8]>::to_vec),
        ]
    }

    proptest::proptest! {
        // Cases: PROPTEST_CASES (256 by default; .ci/run sets 10,000 in a release build).
        #![proptest_config(proptest::prelude::ProptestConfig::default())]

        /// Issue 9: opening any bytes never panics and never loses them: they are either read
        /// (the file left as it was) or kept, byte for byte, in a `.corrupt-*` file.
        #[test]
        fn opening_any_bytes_never_loses_them(bytes in settings_bytes()) {
            use proptest::{prop_assert, prop_assert_eq};
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(FILE_NAME);
            std::fs::write(&path, &bytes).unwrap();
            let loaded = SettingsFile::open(&path);
            prop_assert!(loaded.file.is_some());
            match loaded.problem {
                None => {
                    let parsed = Settings::from_json(&bytes).unwrap();
                    prop_assert_eq!(format!("{:?}", loaded.settings), format!("{parsed:?}"));
                    prop_assert_eq!(std::fs::read(&path).unwrap(), bytes);
                    // Whatever was read is safe to use.
                    let [w, h] = loaded.settings.initial_window_size();
                    prop_assert!(w.is_finite() && h.is_finite() && w >= MIN_WINDOW_SIZE[0]);
                    let _ = loaded.settings.interval();
                }
                Some(SettingsError::Corrupt { backup, .. }) => {
                    prop_assert!(Settings::from_json(&bytes).is_err());
                    prop_assert_eq!(&loaded.settings, &Settings::default());
                    prop_assert!(!path.exists());
                    prop_assert_eq!(std::fs::read(&backup).unwrap(), bytes);
                }
                Some(other) => prop_assert!(false, "unexpected {other:?}"),
            }
        }

        /// What PortScope saves, it can read back.
        #[test]
        fn saved_settings_reopen_without_a_problem(settings in any_settings()) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(FILE_NAME);
            let file = SettingsFile::open(&path).file.unwrap();
            file.save(&settings).unwrap();
            let reopened = SettingsFile::open(&path);
            proptest::prop_assert!(reopened.problem.is_none(), "{:?}", reopened.problem);
        }
    }

    #[test]
    fn an_unreadable_settings_file_is_reported_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::create_dir(&path).unwrap();
        let loaded = SettingsFile::open(&path);
        assert!(
            matches!(loaded.problem, Some(SettingsError::Read { .. })),
            "{:?}",
            loaded.problem
        );
        assert!(loaded.file.is_none(), "nothing will write over it");
        assert_eq!(loaded.settings, Settings::default());
    }
}
