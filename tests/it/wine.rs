//! The Windows exe, tested as installed, under wine: a fresh wine prefix whose Z: drive (the
//! Linux file system) is removed, so nothing of Linux (fonts, files) is visible to it. Then:
//! `portscope.exe list --format json` on a console finds a TCP listener this test opened (wine
//! shares the host's network stack); `cmd /c portscope.exe explain 22` prints on cmd's console and
//! into a file cmd redirects to; `start portscope.exe` (what a double-click does) opens the
//! PortScope window on a private Xvfb with no console window beside it; in Chinese the window
//! shows Chinese text (OCR of a screenshot), in English English text; `portscope.exe kill --pid`
//! ends a wine program this test started.
//!
//! Needs wine 8 (`/usr/lib/wine/wine64`), Xvfb, xdotool, x11-utils, ImageMagick and tesseract
//! with chi_sim, so it is ignored by default; `.ci/run` installs them, builds the exe with the
//! `dist` profile and the `bcryptprimitives.dll` stand-in (tests/wine/build-shim.sh), and runs
//! it with `PORTSCOPE_WIN_EXE` and `PORTSCOPE_WINE_SHIM` set.
//!
//! Optional: `PORTSCOPE_WINE_CJK_FONT=/path/to/font.ttc` copies that font into the prefix as
//! `C:\Windows\Fonts\msyh.ttc` (Windows' own Chinese font), to check the OCR itself without the
//! font bundled in the exe. CI does not set it: there the exe's bundled font must do.
//!
//! Wine's limits: every socket's owner PID is 0 there, so owner mapping and `kill --port` cannot
//! be tested; the test checks instead that PID 0 is never shown as an owner.

mod signature;

use crate::common::xvfb::Xvfb;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const WINE: &str = "/usr/lib/wine/wine64";
const WINESERVER: &str = "/usr/lib/wine/wineserver";
/// Where the exe is installed inside the prefix, as Windows sees it.
const INSTALL_DIR: &str = r"C:\PortScope";
/// The whole test must finish within this.
const BUDGET: Duration = Duration::from_secs(300);
/// One step (a window to open, its text to show) must finish within this.
const STEP: Duration = Duration::from_secs(60);

/// Chinese words from the window (the catalogue's Chinese texts): columns, filters and buttons.
const ZH_WORDS: &[&str] = &[
    "程序",
    "协议",
    "本地端口",
    "状态",
    "全部",
    "监听中",
    "暂停",
    "导出",
];
/// English words from the same places (its English texts).
const EN_WORDS: &[&str] = &[
    "Program",
    "Protocol",
    "Local port",
    "State",
    "All",
    "Listening",
    "Pause",
    "Export",
];
/// How many of them the OCR must find: OCR misses some, boxes give none.
const WORDS_NEEDED: usize = 4;

/// The wine prefix and everything this test started in it; dropped, it ends them all.
struct Wine {
    prefix: tempfile::TempDir,
    started: Instant,
    display: Option<String>,
    xvfb: Option<Xvfb>,
}

impl Drop for Wine {
    fn drop(&mut self) {
        // Only this prefix's wineserver (and so only the wine processes this test started).
        let _ = Command::new(WINESERVER)
            .arg("-k")
            .env("WINEPREFIX", self.prefix.path())
            .status();
        // Then Xvfb (its own Drop stops it by its PID).
        self.xvfb = None;
    }
}

impl Wine {
    fn left(&self) -> Duration {
        BUDGET.saturating_sub(self.started.elapsed())
    }

    fn mark(&self, what: &str) {
        println!(
            "[wine test {:>6.1}s] {what}",
            self.started.elapsed().as_secs_f64()
        );
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        // Inside C: (once wineboot made it), so wine finds the working directory without Z:.
        let drive_c = self.drive_c();
        if drive_c.is_dir() {
            c.current_dir(drive_c);
        }
        c.env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", self.prefix.path())
            .env("WINEPREFIX", self.prefix.path())
            .env("WINEDEBUG", "-all")
            // No Mono/Gecko download prompts: PortScope needs neither.
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env("LANG", "en_US.UTF-8");
        if let Some(d) = &self.display {
            c.env("DISPLAY", d);
        }
        c
    }

    /// Run `wine64 args…` to its end within the budget. Output goes to files, not pipes: wine
    /// processes this one starts (explorer.exe, services.exe) inherit its output handles and
    /// outlive it, and would keep a pipe open for ever.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let out_path = self.prefix.path().join(format!("run-{n}.out"));
        let err_path = self.prefix.path().join(format!("run-{n}.err"));
        let mut c = self.command(WINE);
        c.args(args).stdin(Stdio::null());
        for (k, v) in env {
            c.env(k, v);
        }
        let child = c
            .stdout(std::fs::File::create(&out_path).expect("output file"))
            .stderr(std::fs::File::create(&err_path).expect("error file"))
            .spawn()
            .expect("start wine64 (apt install wine64 wine)");
        let status = wait_status(child, self.left(), &format!("wine64 {args:?}"), &err_path);
        Output {
            status,
            stdout: std::fs::read(&out_path).unwrap_or_default(),
            stderr: std::fs::read(&err_path).unwrap_or_default(),
        }
    }

    /// End this prefix's wineserver and every wine process in it, and wait (bounded) until
    /// it is gone.
    fn kill_server(&self) {
        for flag in ["-k", "-w"] {
            let child = self
                .command(WINESERVER)
                .arg(flag)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("run wineserver");
            let mut child = Guard(child);
            // -k returns at once; -w waits for the server to exit, which once took minutes:
            // never wait for it longer than this.
            let deadline = Instant::now() + Duration::from_secs(15);
            while child.0.try_wait().ok().flatten().is_none() {
                if Instant::now() > deadline {
                    println!("wineserver {flag} still running after 15 s; going on");
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }

    /// Start a Windows program under wine; its Linux launcher ends when the program ends.
    fn start_program(&self, exe: &str, args: &[&str]) -> Guard {
        let child = self
            .command(WINE)
            .arg(exe)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {exe} under wine: {e}"));
        Guard(child)
    }

    /// The Windows PID of the one running program named `name`, from wine's `wmic` (wine 8's
    /// tasklist prints nothing).
    fn windows_pid(&self, name: &str) -> u32 {
        wait_for(
            &format!("{name} in wmic's list"),
            self.left().min(STEP),
            || {
                let out = self.run(&["wmic", "process", "get", "name,processid"], &[]);
                let text = utf16_or_utf8(&out.stdout);
                let pids: Vec<u32> = text
                    .lines()
                    .filter_map(|l| {
                        let mut cols = l.split_whitespace();
                        let n = cols.next()?;
                        n.eq_ignore_ascii_case(name)
                            .then(|| cols.next()?.parse().ok())?
                    })
                    .collect();
                match pids.as_slice() {
                    [pid] => Some(*pid),
                    _ => None,
                }
            },
        )
    }

    /// `portscope.exe kill --pid PID --yes [--force]` must succeed and the program must end.
    fn kill_and_expect_end(&self, exe_win: &str, pid: u32, force: bool, mut program: Guard) {
        let pid_text = pid.to_string();
        let mut args = vec![exe_win, "kill", "--pid", &pid_text, "--yes"];
        if force {
            args.push("--force");
        }
        let kill = self.run(&args, &[]);
        let said = String::from_utf8_lossy(&kill.stdout);
        assert!(
            kill.status.success(),
            "{args:?}: {said}{}",
            String::from_utf8_lossy(&kill.stderr)
        );
        let ended = wait_for("the program to end", Duration::from_secs(20), || {
            program.0.try_wait().ok().flatten()
        });
        self.mark(&format!("{args:?}: {} ({ended})", said.trim()));
    }

    fn drive_c(&self) -> PathBuf {
        self.prefix.path().join("drive_c")
    }
}

/// wmic writes UTF-16 with a byte-order mark; anything else is read as UTF-8.
fn utf16_or_utf8(bytes: &[u8]) -> String {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Wait for a child to exit, killing it if it overruns `timeout`.
fn wait_status(
    mut child: Child,
    timeout: Duration,
    what: &str,
    stderr: &Path,
) -> std::process::ExitStatus {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "{what} did not finish in time; stderr: {}",
                    std::fs::read_to_string(stderr).unwrap_or_default()
                );
            }
        }
    }
}

fn wait_for<T>(what: &str, timeout: Duration, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn required_path(var: &str) -> PathBuf {
    let path = PathBuf::from(std::env::var_os(var).unwrap_or_else(|| {
        panic!("set {var} (see .ci/run: the dist exe and tests/wine/build-shim.sh)")
    }));
    assert!(path.is_file(), "{var}={} is not a file", path.display());
    path
}

fn x_tool(display: &str, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The windows in `xwininfo -root -tree` output that are consoles: wine's conhost (class
/// `conhost.exe`, title the program's path) or wineconsole, or any window titled after the exe.
fn console_windows(tree: &str) -> Vec<String> {
    tree.lines()
        .filter(|line| line.trim_start().starts_with("0x"))
        .filter(|line| {
            let lower = line.to_lowercase();
            // The title is between the first quote and the `":` that closes it; the class
            // (all of PortScope's windows have `portscope.exe`) comes after.
            let title = lower
                .split_once('"')
                .and_then(|(_, rest)| rest.split_once("\":"))
                .map_or("", |(title, _)| title);
            lower.contains("conhost")
                || lower.contains("wineconsole")
                || title.contains(".exe")
                || title.contains("cmd")
        })
        .map(|line| line.trim().to_owned())
        .collect()
}

/// Upscale a screenshot, make it dark text on light (invert a dark one), then OCR it.
fn ocr(shot: &Path, lang: &str) -> String {
    let mean = Command::new("convert")
        .arg(shot)
        .args(["-colorspace", "Gray", "-format", "%[fx:mean]", "info:"])
        .output()
        .expect("run convert (apt install imagemagick)");
    let dark = String::from_utf8_lossy(&mean.stdout)
        .trim()
        .parse::<f64>()
        .is_ok_and(|m| m < 0.5);
    let big = shot.with_extension("ocr.png");
    let mut convert = Command::new("convert");
    convert
        .arg(shot)
        .args(["-resize", "300%", "-colorspace", "Gray"]);
    if dark {
        convert.arg("-negate");
    }
    let status = convert
        .arg(&big)
        .status()
        .expect("run convert (apt install imagemagick)");
    assert!(status.success(), "convert failed");
    let out = Command::new("tesseract")
        .arg(&big)
        .args(["stdout", "-l", lang, "--psm", "11"])
        .stderr(Stdio::null())
        .output()
        .expect("run tesseract (apt install tesseract-ocr tesseract-ocr-chi-sim)");
    assert!(out.status.success(), "tesseract failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The words of `expected` that the OCR text holds (spaces ignored: chi_sim spaces out glyphs).
fn found_words<'a>(text: &str, expected: &[&'a str]) -> Vec<&'a str> {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    expected
        .iter()
        .copied()
        .filter(|w| squeezed.contains(&w.replace(' ', "")))
        .collect()
}

/// Start the window as a double-click does (`start`), wait for it, screenshot it, check the
/// words, and end the wine session again.
fn window_in(wine: &Wine, lang: &str, words: &[&str], ocr_lang: &str, exe_win: &str) {
    let display = wine.display.clone().expect("Xvfb display");
    let tag = lang.split('.').next().unwrap_or(lang);
    // The window has no stderr here, but its log file says when it drew its first snapshot:
    // a config folder of its own on C:, so the file is new.
    let config = format!("portscope-config-{tag}");
    let log = wine.drive_c().join(&config).join("portscope.log");
    crate::common::settings_without_reverse_dns(&wine.drive_c().join(&config));
    // What a double-click does. Output goes nowhere: the window would otherwise hold the
    // pipes open after `start` returns.
    let launched = wine
        .command(WINE)
        .args(["start", exe_win])
        .env("LANG", lang)
        .env("LC_ALL", lang)
        .env("RUST_LOG", "warn,portscope::app=debug")
        .env("PORTSCOPE_CONFIG_DIR", format!(r"C:\{config}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run wine64 start");
    assert!(launched.success(), "start {exe_win}: {launched}");
    let window = wait_for("the PortScope window", wine.left().min(STEP), || {
        let ids = x_tool(&display, "xdotool", &["search", "--name", "^PortScope"]);
        ids.lines().next().map(str::to_owned)
    });
    wine.mark(&format!("{lang}: window {window} is open"));
    // No console window beside it.
    let tree = x_tool(&display, "xwininfo", &["-root", "-tree"]);
    let consoles = console_windows(&tree);
    assert!(
        consoles.is_empty(),
        "a console window is open beside PortScope: {consoles:?}\n{tree}"
    );
    // The first snapshot drawn; then screenshot the whole screen and OCR it, again until the
    // words are read (the frame may still be on its way to the screen, and OCR misreads).
    wait_for(
        &format!("the first snapshot drawn, in {}", log.display()),
        wine.left().min(STEP),
        || {
            let text = std::fs::read_to_string(&log).ok()?;
            text.contains("first snapshot drawn in frame").then_some(())
        },
    );
    wine.mark(&format!("{lang}: its log says the first snapshot is drawn"));
    let shot =
        std::env::temp_dir().join(format!("portscope-wine-{tag}-{}.png", std::process::id()));
    let found = wait_for(
        &format!("{words:?} on screen"),
        wine.left().min(STEP),
        || {
            let status = Command::new("import")
                .args(["-window", "root"])
                .arg(&shot)
                .env("DISPLAY", &display)
                .status()
                .ok()?;
            if !status.success() {
                return None;
            }
            let text = ocr(&shot, ocr_lang);
            let found = found_words(&text, words);
            println!("OCR ({ocr_lang}) found {found:?}");
            (found.len() >= WORDS_NEEDED).then_some(found)
        },
    );
    wine.mark(&format!(
        "{lang}: screenshot {} shows {found:?}",
        shot.display()
    ));
    wine.kill_server();
    wait_for("the window to close", Duration::from_secs(20), || {
        x_tool(&display, "xdotool", &["search", "--name", "^PortScope"])
            .trim()
            .is_empty()
            .then_some(())
    });
}

#[test]
#[ignore = "needs wine, Xvfb and tesseract; run by .ci/run"]
fn windows_exe_under_wine() {
    let exe = required_path("PORTSCOPE_WIN_EXE");
    let shim = required_path("PORTSCOPE_WINE_SHIM");
    let (mut wine, exe_win) = installed(&exe, &shim);
    console_list(&wine, &exe_win);
    console_cmd(&wine, &exe_win);
    // A console session and a windowed one must not share a wineserver.
    wine.kill_server();
    // 2. The window, as a double-click opens it, in Chinese and in English.
    let xvfb = Xvfb::start_sized("1280x800x24");
    let display = xvfb.display.clone();
    wine.xvfb = Some(xvfb);
    wine.display = Some(display.clone());
    window_in(&wine, "zh_CN.UTF-8", ZH_WORDS, "chi_sim", &exe_win);
    window_in(&wine, "en_US.UTF-8", EN_WORDS, "eng", &exe_win);

    // 3. kill --pid asks notepad to close (WM_CLOSE to its window) and it ends.
    let notepad = wine.start_program(r"C:\windows\system32\notepad.exe", &[]);
    wait_for("the notepad window", wine.left().min(STEP), || {
        (!x_tool(&display, "xdotool", &["search", "--name", "Notepad"])
            .trim()
            .is_empty())
        .then_some(())
    });
    let pid = wine.windows_pid("notepad.exe");
    wine.mark(&format!("notepad runs as Windows PID {pid}"));
    wine.kill_and_expect_end(&exe_win, pid, false, notepad);

    // 4. kill --pid --force ends a program without windows (ping) at once (TerminateProcess).
    let ping = wine.start_program(r"C:\windows\system32\ping.exe", &["-n", "600", "127.0.0.1"]);
    let pid = wine.windows_pid("ping.exe");
    wine.mark(&format!("ping runs as Windows PID {pid}"));
    wine.kill_and_expect_end(&exe_win, pid, true, ping);
    drop(wine);
}

/// A fresh prefix without the Z: drive, with the exe (and the shim) installed; the exe's
/// Windows path.
fn installed(exe: &Path, shim: &Path) -> (Wine, String) {
    let wine = Wine {
        prefix: tempfile::Builder::new()
            .prefix("portscope-wine-")
            .tempdir()
            .expect("temp dir"),
        started: Instant::now(),
        display: None,
        xvfb: None,
    };

    // A fresh prefix, without the Z: drive.
    let boot = wine.run(&["wineboot", "-i"], &[]);
    assert!(
        boot.status.success(),
        "wineboot: {}",
        String::from_utf8_lossy(&boot.stderr)
    );
    wine.kill_server();
    let z = wine.prefix.path().join("dosdevices/z:");
    std::fs::remove_file(&z).expect("remove the Z: drive");
    let install = wine.drive_c().join("PortScope");
    std::fs::create_dir_all(&install).expect("install dir");
    std::fs::copy(exe, install.join("portscope.exe")).expect("copy the exe");
    std::fs::copy(shim, install.join("bcryptprimitives.dll")).expect("copy the shim");
    if let Some(font) = std::env::var_os("PORTSCOPE_WINE_CJK_FONT") {
        let fonts = wine.drive_c().join("windows/Fonts");
        std::fs::create_dir_all(&fonts).expect("fonts dir");
        std::fs::copy(&font, fonts.join("msyh.ttc")).expect("copy the CJK font");
        println!(
            "copied {} as C:\\windows\\Fonts\\msyh.ttc",
            Path::new(&font).display()
        );
    }
    let exe_win = format!(r"{INSTALL_DIR}\portscope.exe");
    wine.mark("prefix ready, Z: removed, exe installed");

    (wine, exe_win)
}

/// The CLI on a console (no DISPLAY) sees a listener opened on the Linux side, and names no
/// PID 0 as an owner.
fn console_list(wine: &Wine, exe_win: &str) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
    let port = listener.local_addr().expect("address").port();
    let list = wine.run(&[exe_win, "list", "--format", "json"], &[]);
    let stdout = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.status.success(),
        "portscope.exe list failed: {}\n{stdout}",
        String::from_utf8_lossy(&list.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("list output is not JSON ({e}): {stdout}"));
    let rows = json["rows"].as_array().expect("rows");
    let ours = rows
        .iter()
        .find(|r| r["protocol"] == "tcp" && r["local_port"] == port && r["state"] == "LISTEN")
        .unwrap_or_else(|| panic!("no TCP listener on port {port} in {} rows", rows.len()));
    // Wine names no owners (PID 0): that must read as "no owner", never as process 0.
    assert!(
        rows.iter().all(|r| r["pid"] != 0
            && r["pids"]
                .as_array()
                .is_some_and(|p| !p.iter().any(|x| x == 0))),
        "PID 0 shown as an owner: {ours}"
    );
    wine.mark(&format!(
        "list: {} rows, our listener 127.0.0.1:{port} is there",
        rows.len()
    ));
    drop(listener);
}

/// From cmd (as typed in a console window), and redirected to a file by cmd.
fn console_cmd(wine: &Wine, exe_win: &str) {
    let from_cmd = wine.run(&["cmd", "/c", &format!("{exe_win} explain 22")], &[]);
    let said = String::from_utf8_lossy(&from_cmd.stdout);
    assert!(
        from_cmd.status.success() && said.contains("TCP 22: SSH"),
        "cmd /c portscope.exe explain 22 printed: {said:?}"
    );
    let redirected = wine.run(
        &[
            "cmd",
            "/c",
            &format!(r"{exe_win} explain 22 > C:\explain.txt"),
        ],
        &[],
    );
    let file = std::fs::read_to_string(wine.drive_c().join("explain.txt")).unwrap_or_default();
    assert!(
        redirected.status.success()
            && file.contains("TCP 22: SSH")
            && !String::from_utf8_lossy(&redirected.stdout).contains("SSH"),
        "cmd /c portscope.exe explain 22 > C:\\explain.txt wrote {file:?}"
    );
    wine.mark("cmd: explain 22 prints on the console and into a redirected file");
}

/// A child that is killed and reaped when dropped (if the test fails before it ends).
struct Guard(Child);
impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn ocr_words_ignore_spacing_and_need_every_glyph() {
    let text = "程 序  协议\n本地 端口 ... 状态\n全郊";
    assert_eq!(
        found_words(text, ZH_WORDS),
        vec!["程序", "协议", "本地端口", "状态"]
    );
    assert!(found_words("□□ □□□□ □□", ZH_WORDS).is_empty());
    assert_eq!(found_words("Local  port", EN_WORDS), vec!["Local port"]);
}

#[test]
fn wmic_output_is_read_as_utf16() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "ping.exe 32\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    assert_eq!(utf16_or_utf8(&bytes), "ping.exe 32\r\n");
    assert_eq!(utf16_or_utf8(b"plain"), "plain");
}

#[test]
fn console_windows_are_told_apart_from_portscopes_own() {
    let ours = r#"
     0xa00003 "PortScope — 端口及其背后的程序": ("portscope.exe" "portscope.exe")  1280x760+4+23  +4+23
     0xa00002 "Default IME": ("portscope.exe" "portscope.exe")  1x1+0+0  +0+0
     0x400003 "Default IME": ("explorer.exe" "explorer.exe")  1x1+0+0  +0+0
     0x400001 (has no name): ()  1x1+0+0  +0+0
"#;
    assert!(console_windows(ours).is_empty());
    // What `wine start` of a console program shows (seen under wine 8).
    let console = r#"
     0xe00001 "C:\windows\system32\ping.exe": ("conhost.exe" "conhost.exe")  657x425+4+23  +4+23
     0xa00003 "PortScope": ("portscope.exe" "portscope.exe")  1280x760+4+23  +4+23
"#;
    assert_eq!(console_windows(console).len(), 1);
    let titled =
        r#"     0xe00001 "C:\PortScope\portscope.exe": ("wineconsole" "wineconsole")  1x1+0+0"#;
    assert_eq!(console_windows(titled).len(), 1);
}

// --- issue 18: autostart ---

const RUN_KEY: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run";

/// `reg query` of one value of `key`: its output, or `None` when the value is not there.
fn reg_query(wine: &Wine, key: &str, name: &str) -> Option<String> {
    let out = wine.run(&["reg", "query", key, "/v", name], &[]);
    out.status.success().then(|| utf16_or_utf8(&out.stdout))
}

/// The JSON of `portscope.exe args…`, which must succeed.
fn exe_json(wine: &Wine, args: &[&str]) -> serde_json::Value {
    let out = wine.run(args, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{args:?}: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

/// `startup --exe` of the exe: the entry at `path`, and the whole listing.
fn entry_at(wine: &Wine, exe_win: &str, path: &str) -> (serde_json::Value, serde_json::Value) {
    let listed = exe_json(
        wine,
        &[exe_win, "startup", "--exe", exe_win, "--format", "json"],
    );
    let entry = listed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == path)
        .unwrap_or_else(|| panic!("not listed: {listed:#}"))
        .clone();
    (entry, listed)
}

/// A fresh prefix with the exe installed, and `values` (name, type, data) added under `key`.
fn installed_with(key: &str, values: &[(&str, &str, &str)]) -> (Wine, String) {
    let exe = required_path("PORTSCOPE_WIN_EXE");
    let shim = required_path("PORTSCOPE_WINE_SHIM");
    let (wine, exe_win) = installed(&exe, &shim);
    for (name, kind, value) in values {
        let value = value.replace("{exe}", &exe_win);
        let add = wine.run(
            &[
                "reg", "add", key, "/v", name, "/t", kind, "/d", &value, "/f",
            ],
            &[],
        );
        assert!(add.status.success(), "reg add {name}");
    }
    (wine, exe_win)
}

/// `portscope.exe startup VERB ID --yes`, which must succeed.
fn startup_change(wine: &Wine, exe_win: &str, verb: &str, id: &str) {
    let out = wine.run(
        &[exe_win, "startup", verb, id, "--exe", exe_win, "--yes"],
        &[],
    );
    assert!(
        out.status.success(),
        "{verb}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore = "needs wine and the Windows exe; run by .ci/run"]
fn a_run_value_is_listed_disabled_and_put_back_under_wine() {
    let (wine, exe_win) = installed_with(
        RUN_KEY,
        &[
            ("PortScopeTest", "REG_SZ", "\"{exe}\" --version"),
            ("PortScopeNumber", "REG_DWORD", "7"),
        ],
    );
    let data = format!("\"{exe_win}\" --version");
    let before = reg_query(&wine, RUN_KEY, "PortScopeTest").expect("the value was added");
    let (entry, listed) = entry_at(&wine, &exe_win, &format!(r"{RUN_KEY}\PortScopeTest"));
    assert_eq!(entry["kind"], "run-key");
    assert_eq!(entry["command"], data.as_str());
    assert_eq!(entry["enabled"], true);
    let wrong = format!("{listed}");
    assert!(
        wrong.contains("PortScopeNumber") && wrong.contains("REG_DWORD"),
        "the REG_DWORD value is reported: {listed:#}"
    );
    let id = entry["id"].as_str().unwrap();
    startup_change(&wine, &exe_win, "disable", id);
    assert_eq!(
        reg_query(&wine, RUN_KEY, "PortScopeTest"),
        None,
        "the value is gone"
    );
    let (shown, _) = entry_at(&wine, &exe_win, &format!(r"{RUN_KEY}\PortScopeTest"));
    assert_eq!(
        (
            shown["enabled"].as_bool(),
            shown["disabled_by_portscope"].as_bool()
        ),
        (Some(false), Some(true))
    );
    startup_change(&wine, &exe_win, "enable", id);
    assert_eq!(
        reg_query(&wine, RUN_KEY, "PortScopeTest").as_deref(),
        Some(before.as_str()),
        "back as it was"
    );
    for name in ["PortScopeTest", "PortScopeNumber"] {
        wine.run(&["reg", "delete", RUN_KEY, "/v", name, "/f"], &[]);
    }
}

/// `startup --pid` of a running program (a ping the test started): its file comes from the
/// process table, and the Run value that starts that file is listed.
#[test]
#[ignore = "needs wine and the Windows exe; run by .ci/run"]
fn startup_by_pid_names_the_run_value_of_a_running_program_under_wine() {
    const PING: &str = r"C:\windows\system32\ping.exe";
    let (wine, exe_win) = installed_with(
        RUN_KEY,
        &[(
            "PortScopePing",
            "REG_SZ",
            r"C:\windows\system32\ping.exe -n 1 127.0.0.1",
        )],
    );
    let ping = wine.start_program(PING, &["-n", "600", "127.0.0.1"]);
    let pid = wine.windows_pid("ping.exe").to_string();
    let listed = exe_json(
        &wine,
        &[&exe_win, "startup", "--pid", &pid, "--format", "json"],
    );
    let path = format!(r"{RUN_KEY}\PortScopePing");
    assert!(
        listed["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["path"] == path.as_str() && e["kind"] == "run-key"),
        "{listed:#}"
    );
    drop(ping);
    wine.run(
        &["reg", "delete", RUN_KEY, "/v", "PortScopePing", "/f"],
        &[],
    );
}

#[test]
#[ignore = "needs wine and the Windows exe; run by .ci/run"]
fn a_service_is_listed_set_to_disabled_and_put_back_under_wine() {
    const SERVICE: &str = r"HKLM\SYSTEM\CurrentControlSet\Services\PortScopeTestSvc";
    let (wine, exe_win) = installed_with(
        SERVICE,
        &[
            ("ImagePath", "REG_EXPAND_SZ", "\"{exe}\" --service"),
            ("Start", "REG_DWORD", "2"),
        ],
    );
    let before = reg_query(&wine, SERVICE, "Start").expect("Start was added");
    let (entry, _) = entry_at(&wine, &exe_win, SERVICE);
    assert_eq!(
        (entry["kind"].as_str(), entry["enabled"].as_bool()),
        (Some("service"), Some(true))
    );
    let id = entry["id"].as_str().unwrap();
    startup_change(&wine, &exe_win, "disable", id);
    let now = reg_query(&wine, SERVICE, "Start").expect("Start is kept");
    assert!(now.contains("0x4"), "Start is Disabled (4): {now}");
    let (entry, _) = entry_at(&wine, &exe_win, SERVICE);
    assert_eq!(
        (
            entry["enabled"].as_bool(),
            entry["disabled_by_portscope"].as_bool()
        ),
        (Some(false), Some(true))
    );
    startup_change(&wine, &exe_win, "enable", id);
    assert_eq!(
        reg_query(&wine, SERVICE, "Start").as_deref(),
        Some(before.as_str()),
        "back as it was"
    );
    wine.run(&["reg", "delete", SERVICE, "/f"], &[]);
}

#[test]
#[ignore = "needs wine and the Windows exe; run by .ci/run"]
fn a_logon_task_is_listed_and_not_disabled_under_wine() {
    let (wine, exe_win) = installed_with(RUN_KEY, &[]);
    let tasks = wine.drive_c().join("windows/system32/Tasks");
    std::fs::create_dir_all(&tasks).unwrap();
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<Task><Triggers><LogonTrigger/></Triggers>\
         <Settings><Enabled>true</Enabled></Settings><Actions><Exec>\
         <Command>{exe_win}</Command><Arguments>--tray</Arguments></Exec></Actions></Task>\n"
    );
    let wide: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(xml.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let file = tasks.join("PortScopeTest");
    std::fs::write(&file, &wide).unwrap();
    let (entry, _) = entry_at(&wine, &exe_win, r"C:\windows\System32\Tasks\PortScopeTest");
    assert_eq!(entry["kind"], "scheduled-task");
    assert_eq!(entry["enabled"], true);
    assert_eq!(entry["command"], format!("{exe_win} --tray"));
    let id = entry["id"].as_str().unwrap();
    let out = wine.run(
        &[
            &exe_win, "startup", "disable", id, "--exe", &exe_win, "--yes",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not disable them"));
    assert_eq!(std::fs::read(&file).unwrap(), wide, "nothing changed");
}
