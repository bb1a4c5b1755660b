//! The installed Debian package: start PortScope the way a menu does (the `Exec=` line of the
//! installed desktop file) under a private Xvfb, expect the PortScope window with our icon, and
//! check that the binary, the icons, the polkit actions and the boot service of blocks are where
//! the package puts them.
//! Ignored by default: `.ci/run` builds the .deb, installs it with `dpkg -i`, runs this test and
//! removes the package again.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::spawn_listener;
use crate::common::window_log::WindowLog;
use crate::common::xvfb::{ONE_AT_A_TIME, Reaped, Xvfb, shot_path};

const DESKTOP_FILE: &str = "/usr/share/applications/portscope.desktop";
const ICON_SIZES: [u32; 8] = [16, 24, 32, 48, 64, 128, 256, 512];

/// The value of `key` in the `[Desktop Entry]` group of a desktop file.
fn desktop_entry(text: &str, key: &str) -> Option<String> {
    let mut in_entry = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_entry = line == "[Desktop Entry]";
        } else if in_entry
            && let Some((k, v)) = line.split_once('=')
            && k.trim() == key
        {
            return Some(v.trim().to_owned());
        }
    }
    None
}

/// The program and arguments of an `Exec=` value, without field codes such as `%U`.
fn exec_argv(exec: &str) -> Vec<String> {
    exec.split_whitespace()
        .filter(|word| !word.starts_with('%'))
        .map(str::to_owned)
        .collect()
}

/// Where `program` is found on PATH (or itself, when it is a path).
fn which(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        return Some(PathBuf::from(program));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is not a PNG",
        path.display()
    );
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

#[test]
fn desktop_entry_parsing() {
    let text =
        "[Desktop Entry]\nName=PortScope\nExec=portscope %U\n[Desktop Action x]\nExec=other\n";
    assert_eq!(desktop_entry(text, "Exec").as_deref(), Some("portscope %U"));
    assert_eq!(desktop_entry(text, "Icon"), None);
    assert_eq!(exec_argv("portscope %U --x"), ["portscope", "--x"]);
    assert_eq!(desktop_entry("[Other]\nExec=no\n", "Exec"), None);
}

/// The blocking helper's polkit action (pkexec /usr/bin/portscope block …), and the boot service
/// that puts "always" blocks back, installed and enabled by the package's postinst.
fn blocking_files_are_installed(policy: &str) {
    assert!(
        policy.contains(r#"<annotate key="org.freedesktop.policykit.exec.argv1">block</annotate>"#)
    );
    let unit = std::fs::read_to_string("/usr/lib/systemd/system/portscope-blocks.service")
        .expect("the boot service is installed");
    assert!(
        unit.contains("ExecStart=/usr/bin/portscope blocks --restore"),
        "{unit}"
    );
    assert!(
        Path::new("/etc/systemd/system/sysinit.target.wants/portscope-blocks.service").exists(),
        "the boot service is enabled"
    );
}

#[test]
#[ignore = "needs the .deb installed (dpkg -i), Xvfb, xdotool, x11-utils and ImageMagick; run by .ci/run"]
fn installed_package_opens_the_window_from_its_menu_entry() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());

    // What the package installed, and that dpkg knows it as the package's.
    let desktop = std::fs::read_to_string(DESKTOP_FILE)
        .unwrap_or_else(|e| panic!("{DESKTOP_FILE}: {e} (is the .deb installed?)"));
    let exec = desktop_entry(&desktop, "Exec").expect("an Exec= line");
    let argv = exec_argv(&exec);
    let program = which(&argv[0]).unwrap_or_else(|| panic!("{} is not on PATH", argv[0]));
    let program = program.canonicalize().expect("the Exec program exists");
    assert_eq!(program, Path::new("/usr/bin/portscope"), "Exec={exec}");
    let owner = Command::new("dpkg")
        .args(["-S", "/usr/bin/portscope"])
        .output()
        .expect("run dpkg");
    assert!(
        String::from_utf8_lossy(&owner.stdout).starts_with("portscope:"),
        "dpkg -S: {}",
        String::from_utf8_lossy(&owner.stdout)
    );
    let icon = desktop_entry(&desktop, "Icon").expect("an Icon= line");
    for n in ICON_SIZES {
        let path = PathBuf::from(format!("/usr/share/icons/hicolor/{n}x{n}/apps/{icon}.png"));
        assert_eq!(png_size(&path), (n, n), "{}", path.display());
    }
    let svg = format!("/usr/share/icons/hicolor/scalable/apps/{icon}.svg");
    let svg = std::fs::read_to_string(&svg).unwrap_or_else(|e| panic!("{svg}: {e}"));
    assert!(svg.contains("<svg"), "the scalable icon is not an SVG");
    let policy = std::fs::read_to_string("/usr/share/polkit-1/actions/io.github.portscope.policy")
        .expect("the polkit action is installed");
    assert!(policy.contains(
        r#"<annotate key="org.freedesktop.policykit.exec.path">/usr/bin/portscope</annotate>"#
    ));
    blocking_files_are_installed(&policy);

    // Start it as a menu would, on its own X server.
    let x = Xvfb::start();
    let home = tempfile::tempdir().expect("a temp HOME");
    crate::common::settings_without_reverse_dns(&home.path().join("config").join("portscope"));
    // A socket of ours, so the first snapshot has a row to show on any machine.
    let _listener = spawn_listener("127.0.0.1", false);
    let (app, log) = WindowLog::spawn(
        Command::new(&argv[0])
            .args(&argv[1..])
            .env("DISPLAY", &x.display)
            .env_remove("WAYLAND_DISPLAY")
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("LANG", "en_US.UTF-8")
            .env("LC_ALL", "en_US.UTF-8")
            .stdout(Stdio::null()),
    );
    let mut app = Reaped(app);
    let window = x.wait_for_window(&mut app.0, "PortScope");
    let running = std::fs::read_link(format!("/proc/{}/exe", app.0.id())).expect("its /proc exe");
    assert_eq!(running, Path::new("/usr/bin/portscope"));

    // The window carries our 128 px icon (src/app/icon.rs), and a WM class matching StartupWMClass.
    let xprop = |property: &str| {
        let out = Command::new("xprop")
            .args(["-display", &x.display, "-id", &window, property])
            .output()
            .expect("run xprop (apt install x11-utils)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let net_wm_icon = xprop("_NET_WM_ICON");
    assert!(
        net_wm_icon.contains("Icon (128 x 128)"),
        "no 128 px icon: {}",
        net_wm_icon.lines().next().unwrap_or("")
    );
    let class = desktop_entry(&desktop, "StartupWMClass").expect("a StartupWMClass= line");
    let wm_class = xprop("WM_CLASS");
    assert!(wm_class.contains(&format!("\"{class}\"")), "{wm_class}");

    // Look once the first rows are on screen.
    log.wait_for_rows_on_screen(&mut app.0, Duration::from_secs(60));
    let shot = shot_path("portscope-deb-installed.png");
    x.screenshot(&shot);
    eprintln!("screenshot: {}", shot.display());

    // End the app we started (its PID only), then Xvfb (dropped last).
    app.0.kill().expect("end portscope");
    app.0.wait().expect("reap portscope");
}
