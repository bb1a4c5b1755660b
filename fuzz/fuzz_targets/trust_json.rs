//! Fuzz the trust list / baseline parser (the bytes of `trusted.json` or `baseline.json`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(entries) = portscope::risk::trust::parse_list(data) {
        // Sorted and free of duplicates, so lookups can binary-search.
        assert!(entries.windows(2).all(|w| w[0] < w[1]));
    }
});
