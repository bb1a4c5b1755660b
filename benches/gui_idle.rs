//! Benchmark: the real window at rest and through a burst, beside qnetstatview (when installed)
//! in the same run. Each program runs on a private Xvfb while python children hold `SOCKETS`
//! (10,000) loopback sockets. Printed per program: CPU of its own threads over `SECONDS` (20)
//! as a share of one core, with Mesa's llvmpipe render threads counted apart, and RSS. Then,
//! for PortScope, `BURST` (50,000) more sockets open and close again: RSS and CPU during the
//! burst, and RSS once they are gone. Linux only. Run: `cargo bench --bench gui_idle`.
// A benchmark stops loudly on a failed setup (lints: Cargo.toml).
#![allow(clippy::unwrap_used)]

#[cfg(target_os = "linux")]
mod common;
#[cfg(target_os = "linux")]
#[path = "../tests/it/common/xvfb.rs"]
#[allow(dead_code)]
mod xvfb;

#[cfg(target_os = "linux")]
fn main() {
    linux::run();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("gui_idle needs Linux (Xvfb and /proc)");
}

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::HashMap;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use super::common::{end_holders, raise_fd_limit, spawn_holders};
    use super::xvfb::Xvfb;

    fn env_or(name: &str, default: usize) -> usize {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    /// Clock ticks per second (`getconf CLK_TCK`; 100 on Linux in practice).
    fn ticks_per_second() -> f64 {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0)
    }

    /// CPU ticks (user + system) of each thread of `pid`, by thread id, with the thread's name.
    fn thread_ticks(pid: u32) -> HashMap<u32, (String, u64)> {
        let mut out = HashMap::new();
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
            return out;
        };
        for task in tasks.flatten() {
            let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
                continue;
            };
            // "tid (comm) state …": fields after the last ')' start at field 3; utime is 14.
            let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
                continue;
            };
            let name = stat[open + 1..close].to_owned();
            let fields: Vec<&str> = stat[close + 2..].split(' ').collect();
            let ticks = |i: usize| fields.get(i - 3).and_then(|f| f.parse::<u64>().ok());
            if let (Some(tid), Some(utime), Some(stime)) = (
                task.file_name().to_str().and_then(|t| t.parse().ok()),
                ticks(14),
                ticks(15),
            ) {
                out.insert(tid, (name, utime + stime));
            }
        }
        out
    }

    /// Share of one core used over `seconds` by `pid`'s own threads and by its llvmpipe threads.
    fn cpu_share(pid: u32, seconds: u64) -> (f64, f64) {
        let before = thread_ticks(pid);
        let started = Instant::now();
        std::thread::sleep(Duration::from_secs(seconds));
        let after = thread_ticks(pid);
        let elapsed = started.elapsed().as_secs_f64() * ticks_per_second();
        let (mut own, mut render) = (0u64, 0u64);
        for (tid, (name, ticks)) in &after {
            let used = ticks - before.get(tid).map_or(0, |(_, t)| *t).min(*ticks);
            if name.starts_with("llvmpipe") {
                render += used;
            } else {
                own += used;
            }
        }
        (
            own as f64 / elapsed * 100.0,
            render as f64 / elapsed * 100.0,
        )
    }

    fn rss_mb(pid: u32) -> f64 {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
            })
            .map_or(0.0, |kb| kb / 1024.0)
    }

    /// One GUI program on `x`, ended (by its PID) when dropped.
    struct Gui(Child);

    impl Drop for Gui {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    fn start(program: &str, x: &Xvfb, home: &std::path::Path) -> Gui {
        let child = Command::new(program)
            .env("DISPLAY", &x.display)
            .env_remove("WAYLAND_DISPLAY")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("LANG", "en_US.UTF-8")
            .env("QT_QPA_PLATFORM", "xcb")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {program}: {e}"));
        Gui(child)
    }

    fn row(name: &str, cpu: (f64, f64), rss: f64) {
        println!("{name:<46} {:>9.1} {:>10.1} {:>8.0}", cpu.0, cpu.1, rss);
    }

    pub fn run() {
        let sockets = env_or("SOCKETS", 10_000);
        let burst = env_or("BURST", 50_000);
        let seconds = env_or("SECONDS", 20) as u64;
        raise_fd_limit(200_000);
        let mut holders = spawn_holders(sockets, 15_000);
        println!(
            "{sockets} loopback sockets held by {} helper processes; updates every second; \
             CPU as % of one core over {seconds} s",
            holders.len()
        );
        println!(
            "\n{:<46} {:>9} {:>10} {:>8}",
            "", "own CPU %", "render CPU %", "RSS MB"
        );
        let home = tempfile::tempdir().expect("a temp HOME");
        let x = Xvfb::start_sized("1280x800x24");
        let portscope = start(env!("CARGO_BIN_EXE_portscope"), &x, home.path());
        let pid = portscope.0.id();
        // The first snapshots, fonts and the first full owner scan.
        std::thread::sleep(Duration::from_secs(8));
        row("PortScope, idle", cpu_share(pid, seconds), rss_mb(pid));

        let mut more = spawn_holders(burst, 15_000);
        std::thread::sleep(Duration::from_secs(3));
        row(
            &format!("PortScope, {} more sockets open", burst),
            cpu_share(pid, seconds.min(10)),
            rss_mb(pid),
        );
        end_holders(&mut more);
        // Closed rows linger a few seconds, then leave the table.
        std::thread::sleep(Duration::from_secs(15));
        row(
            "PortScope, 15 s after they closed",
            cpu_share(pid, seconds.min(10)),
            rss_mb(pid),
        );
        drop(portscope);

        if Command::new("which")
            .arg("qnetstatview")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            let other = start("qnetstatview", &x, home.path());
            std::thread::sleep(Duration::from_secs(8));
            let pid = other.0.id();
            row("qnetstatview, idle", cpu_share(pid, seconds), rss_mb(pid));
        } else {
            println!("qnetstatview: not installed (apt install qnetstatview)");
        }
        end_holders(&mut holders);
    }
}
