//! Fuzz the port knowledge-base parser (`assets/ports.toml` format) with arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(kb) = portscope::risk::KnowledgeBase::parse(text)
    {
        // Whatever parsed must be usable.
        for port in [0, 22, 80, 65535] {
            let _ = kb.service_name(port, portscope::model::Protocol::Tcp);
        }
        let _ = kb.backdoors().count();
    }
});
