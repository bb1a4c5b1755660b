//! A real desktop notification: the window (on the live collector) sees a flagged socket appear
//! and the notification daemon (dunst) shows one naming the program and port. Needs a session
//! bus, Xvfb and dunst, so it is ignored by default; `.ci/run` runs it under `dbus-run-session`.

#![cfg(target_os = "linux")]

use crate::common;

use std::net::TcpListener;
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
    let _dunst = Reaped(
        Command::new("dunst")
            .env("DISPLAY", display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
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

    // A child that alone holds a listener on all interfaces, on a known backdoor port
    // (Glacier's 7626 first): the first of them that nothing else on this machine holds.
    let listener = [7626, 31337, 12345, 27374, 1243]
        .into_iter()
        .find_map(|port| TcpListener::bind(("0.0.0.0", port)).ok())
        .expect("bind one of the backdoor ports on 0.0.0.0");
    let port = listener
        .local_addr()
        .expect("its address")
        .port()
        .to_string();
    let _holder = Reaped(
        Command::new("/bin/sleep")
            .arg("60")
            .stdin(Stdio::from(std::os::fd::OwnedFd::from(listener)))
            .spawn()
            .expect("spawn holder"),
    );
    until("the toast", Duration::from_secs(10), || {
        harness.step();
        (!harness.state().watch_state().toasts.is_empty()).then_some(())
    });
    until("dunst to show it", Duration::from_secs(10), || {
        (dunstctl(&["count", "displayed"]).trim() != "0").then_some(())
    });
    dunstctl(&["close-all"]);
    let history = until("the history entry", Duration::from_secs(5), || {
        let h = dunstctl(&["history"]);
        h.contains(&port).then_some(h)
    });
    assert!(history.contains("sleep"), "names the program: {history}");
    assert!(history.contains("PortScope"), "{history}");
}
