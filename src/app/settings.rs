//! What the window remembers across restarts (eframe persistence): sort, filters, interval.
//! Window size and column widths are kept by eframe and egui themselves.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::collector::DEFAULT_INTERVAL;
use crate::i18n::Lang;
use crate::model::{QuickFilter, SortSpec};
use crate::ui::toolbar::INTERVALS;
use crate::watch::{AlertSettings, HighlightSettings};

/// The eframe storage key.
pub const STORAGE_KEY: &str = "portscope-settings";

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
        }
    }
}

impl Settings {
    /// The interval, snapped to one the picker offers (a hand-edited value can't stall polling).
    pub fn interval(&self) -> Duration {
        let wanted = Duration::from_millis(self.interval_ms);
        INTERVALS
            .iter()
            .copied()
            .min_by_key(|d| d.as_millis().abs_diff(wanted.as_millis()))
            .unwrap_or(DEFAULT_INTERVAL)
    }

    /// Read settings from eframe storage; corrupt or missing data gives defaults.
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Settings {
        storage
            .and_then(|s| eframe::get_value(s, STORAGE_KEY))
            .unwrap_or_default()
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
}
