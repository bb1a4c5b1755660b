//! A real desktop notification: the window (on the live collector) sees a flagged socket appear
//! and the notification daemon (dunst) shows one naming the program and port, as text even when
//! the program's name is markup (`<b>x</b>a&b<c`). Needs a session bus, Xvfb, dunst and python3,
//! so it is ignored by default; `.ci/run` runs it under `dbus-run-session`.

#![cfg(target_os = "linux")]

use crate::common;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use portscope::app::{LiveBackend, PortScopeApp};
use portscope::risk::TrustStore;

struct Reaped(Child);
impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn dunstctl(args: &[&str]) -> String {
    let out = Command::new("dunstctl")
        .args(args)
        .output()
        .expect("run dunstctl");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn until<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
#[ignore = "needs dbus-run-session, Xvfb and dunst; run by .ci/run"]
fn a_flagged_socket_produces_a_desktop_notification() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "run under dbus-run-session"
    );
    let xvfb = common::xvfb::Xvfb::start();
    let display = xvfb.display.as_str();
    let dunst_log = tempfile::NamedTempFile::new().expect("a file for dunst's log");
    let _dunst = Reaped(
        Command::new("dunst")
            .env("DISPLAY", display)
            .stdout(Stdio::null())
            .stderr(dunst_log.reopen().expect("dunst's log"))
            .spawn()
            .expect("dunst"),
    );
    until("dunst on the bus", Duration::from_secs(10), || {
        dunstctl(&["count", "displayed"]).trim().parse::<u32>().ok()
    });
    dunstctl(&["history-clear"]);

    let backend = LiveBackend::start(
        portscope::engine::Pipeline::default(),
        Duration::from_millis(200),
        Arc::new(|| {}),
    )
    .expect("collector");
    let mut harness = Harness::builder()
        .with_size([1200.0, 800.0])
        .build_eframe(move |cc| {
            portscope::ui::fonts::install(&cc.egui_ctx);
            PortScopeApp::new(Box::new(backend), None, (TrustStore::in_memory(), None))
        });
    until("the first snapshot", Duration::from_secs(10), || {
        harness.step();
        (!harness.state().visible_rows().is_empty()).then_some(())
    });

    // A child named like markup that alone holds a listener on all interfaces, on a known
    // backdoor port (Glacier's 7626 first): the first of them that nothing else here holds. It
    // takes its name (`/proc/self/comm`) before it binds, so it is never seen by another name.
    let mut holder = Reaped(
        Command::new("python3")
            .args(["-c", HOLDER, HOSTILE_NAME])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn python3 holder"),
    );
    let mut ready = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.0.stdout.take().expect("its stdout")),
        &mut ready,
    )
    .expect("the holder's port");
    let port = ready.trim().to_owned();
    assert!(
        port.parse::<u16>().is_ok(),
        "bound a backdoor port: {ready:?}"
    );
    until("the toast", Duration::from_secs(10), || {
        harness.step();
        (!harness.state().watch_state().toasts.is_empty()).then_some(())
    });
    until("dunst to show it", Duration::from_secs(10), || {
        (dunstctl(&["count", "displayed"]).trim() != "0").then_some(())
    });
    dunstctl(&["close-all"]);
    let message = until("the history entry", Duration::from_secs(5), || {
        shown_message(&dunstctl(&["history"]), &port)
    });
    assert!(message.contains("PortScope"), "{message}");
    // dunst renders `message` as Pango markup: "<b>summary</b>\nbody".
    let (_, body) = message.split_once('\n').expect("summary and body");
    assert!(
        !body.contains('<'),
        "the name reached dunst as markup, not text: {message}"
    );
    assert!(
        unescape_markup(body).contains(&format!("“{HOSTILE_NAME}”")),
        "dunst shows the program's name as it is: {message}"
    );
    let log = std::fs::read_to_string(dunst_log.path()).expect("dunst's log");
    assert!(!log.contains("Unable to parse markup"), "dunst: {log}");
}

/// A process name that is markup: bold tags, a bare `&` and a lone `<` (15 bytes at most).
const HOSTILE_NAME: &str = "<b>x</b>a&b<c";

/// Names itself `argv[1]`, listens on the first free backdoor port and prints it.
const HOLDER: &str = r#"
import socket, sys, time
with open("/proc/self/comm", "w") as comm:
    comm.write(sys.argv[1])
for port in (7626, 31337, 12345, 27374, 1243):
    s = socket.socket()
    try:
        s.bind(("0.0.0.0", port))
    except OSError:
        s.close()
        continue
    s.listen()
    print(port, flush=True)
    time.sleep(60)
    break
"#;

/// The `message` dunst made (summary and body as the Pango markup it draws) of the PortScope
/// notification about `port`, from `dunstctl history`.
fn shown_message(history: &str, port: &str) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(history).ok()?;
    let entries = json["data"]
        .as_array()?
        .iter()
        .flat_map(|a| a.as_array())
        .flatten();
    entries
        .filter(|e| e["appname"]["data"] == "PortScope")
        .filter_map(|e| e["message"]["data"].as_str())
        .find(|m| m.contains(port))
        .map(str::to_owned)
}

/// Pango markup's entities back to the characters drawn.
fn unescape_markup(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
