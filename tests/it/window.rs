//! The real window: start the binary under a private Xvfb, wait for the PortScope window and
//! until its log says its first rows are on screen, take a screenshot, close it with Ctrl+Q and
//! expect a clean exit. Needs Xvfb, xdotool and ImageMagick, so it is ignored by default;
//! `.ci/run` installs them and runs it.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::window_log::WindowLog;
use crate::common::xvfb::{ONE_AT_A_TIME, Reaped, Xvfb, shot_path, xdotool};

/// Start PortScope on a fresh Xvfb with `lang`, screenshot it to `shot`, close it cleanly.
fn open_screenshot_close(lang: &str, shot: &Path) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let x = Xvfb::start();
    let display = x.display.clone();
    let home = tempfile::tempdir().unwrap();
    common::settings_without_reverse_dns(&home.path().join("config").join("portscope"));
    // A socket of ours, so the first snapshot has a row to show on any machine.
    let _listener = common::spawn_listener("127.0.0.1", false);
    let (app, log) = WindowLog::spawn(
        Command::new(common::portscope_bin())
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("LANG", lang)
            .env("LC_ALL", lang)
            .stdout(Stdio::null()),
    );
    let mut app = Reaped(app);
    let window = x.wait_for_window(&mut app.0, "PortScope");
    log.wait_for_rows_on_screen(&mut app.0, Duration::from_secs(60));
    x.screenshot(shot);

    xdotool(&display, &["windowfocus", "--sync", &window]);
    xdotool(&display, &["key", "--clearmodifiers", "ctrl+q"]);
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = app.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "window did not close after Ctrl+Q"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "unclean exit: {status}");
}

#[test]
#[ignore = "needs Xvfb, xdotool and ImageMagick; run by .ci/run"]
fn window_opens_renders_and_closes_cleanly() {
    let shot = shot_path("portscope-window-en.png");
    open_screenshot_close("en_US.UTF-8", &shot);
    eprintln!("screenshot: {}", shot.display());
}

#[test]
#[ignore = "needs Xvfb, xdotool, ImageMagick and fonts-noto-cjk; run by .ci/run"]
fn window_opens_in_chinese_and_closes_cleanly() {
    let shot = shot_path("portscope-window-zh.png");
    open_screenshot_close("zh_CN.UTF-8", &shot);
    eprintln!("screenshot: {}", shot.display());
}
