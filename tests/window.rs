//! The real window: start the binary under a private Xvfb, wait for the PortScope window, take a
//! screenshot, close it with Ctrl+Q and expect a clean exit. Needs Xvfb, xdotool and ImageMagick,
//! so it is ignored by default; `.ci/run` installs them and runs it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Reaped(Child);
impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_display() -> u32 {
    (90..200)
        .find(|n| {
            !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
        })
        .expect("a free X display number")
}

fn wait_for(what: &str, timeout: Duration, mut check: impl FnMut() -> Option<String>) -> String {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn xdotool(display: &str, args: &[&str]) -> Option<String> {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// One window test at a time: each picks a free display number, which must not race.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Start PortScope on a fresh Xvfb with `lang`, screenshot it to `shot`, close it cleanly.
fn open_screenshot_close(lang: &str, shot: &Path) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let n = free_display();
    let display = format!(":{n}");
    let _xvfb = Reaped(
        Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1400x860x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb (apt install xvfb)"),
    );
    wait_for("Xvfb", Duration::from_secs(20), || {
        Path::new(&format!("/tmp/.X11-unix/X{n}"))
            .exists()
            .then(String::new)
    });
    let home = tempfile::tempdir().unwrap();
    let mut app = Reaped(
        Command::new(common::portscope_bin())
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("LANG", lang)
            .env("LC_ALL", lang)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start portscope"),
    );
    let window = wait_for("the PortScope window", Duration::from_secs(60), || {
        if let Ok(Some(status)) = app.0.try_wait() {
            panic!("portscope exited early: {status}");
        }
        xdotool(&display, &["search", "--name", "PortScope"])
            .and_then(|ids| ids.lines().next().map(str::to_owned))
    });
    // Let the first snapshots arrive and render.
    std::thread::sleep(Duration::from_secs(3));
    let status = Command::new("import")
        .args(["-display", &display, "-window", "root"])
        .arg(shot)
        .status()
        .expect("run import (apt install imagemagick)");
    assert!(status.success(), "screenshot failed");
    let deviation = Command::new("convert")
        .arg(shot)
        .args(["-format", "%[fx:standard_deviation]", "info:"])
        .output()
        .unwrap();
    let deviation: f64 = String::from_utf8_lossy(&deviation.stdout)
        .trim()
        .parse()
        .unwrap_or(0.0);
    assert!(
        deviation > 0.02,
        "screenshot looks blank (deviation {deviation})"
    );

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

fn shot_path(name: &str) -> PathBuf {
    let dir = std::env::var_os("PORTSCOPE_SHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    dir.join(name)
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
