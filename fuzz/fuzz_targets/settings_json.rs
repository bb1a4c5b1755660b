//! Fuzz the settings parser (the bytes of `settings.json`) and what is derived from it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(settings) = portscope::app::settings::Settings::from_json(data) {
        let [w, h] = settings.initial_window_size();
        assert!(w.is_finite() && h.is_finite());
        let _ = settings.interval();
    }
});
