//! Fuzz the services(5) parser (`/etc/services`) with arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let map = portscope::risk::kb::parse_services(&text);
    // Every name comes from the text and is one non-empty word.
    for name in map.values() {
        assert!(!name.is_empty() && !name.contains(char::is_whitespace));
        assert!(text.contains(name.as_str()));
    }
});
