//! Benchmark: the window with 100,000 sockets. The real table code draws frames over a snapshot
//! built in memory (judged by the real engine pipeline), in a headless egui context, and the
//! real filter and sort run as they do when the user types in the search box. Prints CPU per
//! frame against the budget: a table frame under 4 ms, a search keystroke within one frame
//! (16.7 ms at 60 Hz). Run: `cargo bench --bench window_100k` (ROWS=N for another size).
// A benchmark stops loudly on a failed setup (lints: Cargo.toml).
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use portscope::engine::Pipeline;
use portscope::i18n::{Lang, Tr};
use portscope::model::{
    Column, ProcessInfo, Protocol, QuickFilter, Snapshot, SocketKey, SocketRow, SortSpec, TcpState,
};
use portscope::ui::table::{TableView, show};
use portscope::ui::table_state::TableState;

const FRAMES: usize = 60;

mod common;
use common::cpu_time;

/// `n` rows as a busy machine has them: listeners and connections of a few hundred programs.
fn rows(n: usize) -> Vec<SocketRow> {
    let programs: Vec<Arc<ProcessInfo>> = (0..300u32)
        .map(|i| {
            let name = ["nginx", "postgres", "python3", "node", "java", "sshd"][i as usize % 6];
            Arc::new(ProcessInfo {
                pid: 1000 + i,
                name: name.into(),
                path: Some(format!("/usr/bin/{name}").into()),
                cmdline: vec![name.into(), format!("--worker={i}")],
                user: Some(if i % 3 == 0 { "root" } else { "www-data" }.into()),
                started_at: None,
                parent_pid: Some(1),
                exe_deleted: false,
                exe_replaced: false,
                start_token: Some(u64::from(i) * 100),
                origin: Default::default(),
            })
        })
        .collect();
    (0..n)
        .map(|i| {
            let process = Arc::clone(&programs[i % programs.len()]);
            let listening = i % 50 == 0;
            let port = 1024 + (i % 60_000) as u16;
            SocketRow {
                protocol: if i % 7 == 0 {
                    Protocol::Udp
                } else {
                    Protocol::Tcp
                },
                local_address: if i % 2 == 0 {
                    "0.0.0.0".parse().expect("address")
                } else {
                    "10.0.0.5".parse().expect("address")
                },
                local_port: port,
                remote_address: (!listening)
                    .then(|| format!("192.0.2.{}", i % 250).parse().expect("address")),
                remote_port: (!listening).then_some(40_000 + (i % 20_000) as u16),
                state: Some(if listening {
                    TcpState::Listen
                } else {
                    TcpState::Established
                }),
                owner: portscope::model::Owner::known([process.pid][..].into(), Some(process)),
                uid: Some(33),
                socket_user: Some("www-data".into()),
                inode: i as u64 + 1,
                ..SocketRow::new(Protocol::Tcp, "0.0.0.0".parse().expect("address"), port)
            }
        })
        .collect()
}

/// Mean CPU per call of `f` over `runs` calls.
fn cpu_per_call(runs: usize, mut f: impl FnMut()) -> Duration {
    let start = cpu_time();
    for _ in 0..runs {
        f();
    }
    (cpu_time() - start) / runs as u32
}

/// The table's input for one frame at 1280×760, scrolled to `scroll` rows.
fn input(frame: usize, scroll: f32) -> egui::RawInput {
    let mut input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 760.0),
        )),
        time: Some(frame as f64 / 60.0),
        ..Default::default()
    };
    if scroll != 0.0 {
        input.events.push(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -scroll),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        input
            .events
            .push(egui::Event::PointerMoved(egui::pos2(400.0, 400.0)));
    }
    input
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// `n` rows judged by the real engine pipeline, as the window receives them.
/// The engine's judged snapshot of `n` rows, with their search texts.
fn judged(n: usize) -> (Snapshot, Vec<std::sync::Arc<str>>) {
    let started = Instant::now();
    let update = Pipeline::default().judge(Snapshot {
        rows: rows(n),
        privileged: true,
        ..Default::default()
    });
    println!(
        "{n} rows built and judged by the engine pipeline in {:.0} ms (once, when they arrive)",
        started.elapsed().as_secs_f64() * 1000.0
    );
    (update.snapshot, update.search_texts)
}

/// Mean CPU of a table frame over `table`'s rows: still, and while scrolling.
fn table_frames(table: &TableState, tr: &Tr) -> (Duration, Duration) {
    let columns = portscope::columns::default_shown();
    let ctx = egui::Context::default();
    let decorate = |_: &SocketKey| None;
    let mut frame = 0;
    let mut draw = |scroll: f32| {
        let view = TableView {
            table,
            sort: SortSpec::default(),
            scroll_to: None,
            tr,
            decorate: &decorate,
            columns: &columns,
        };
        let mut actions = Vec::new();
        let output = ctx.run_ui(input(frame, scroll), |ui| {
            egui::CentralPanel::default().show(ui, |ui| show(ui, &view, &mut actions));
        });
        frame += 1;
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives);
    };
    // Warm up: fonts, galley caches.
    for _ in 0..5 {
        draw(0.0);
    }
    let still = cpu_per_call(FRAMES, || draw(0.0));
    let scrolling = cpu_per_call(FRAMES, || draw(300.0));
    (still, scrolling)
}

/// Mean CPU of a search keystroke (filter + sort: `TableState::rebuild`, as the window calls
/// it) and of sorting by another column.
fn search_and_sort(table: &mut TableState) -> (Duration, Duration) {
    let keystrokes = ["n", "ng", "ngi", "ngin", "nginx", "nginx 10.0", ""];
    let search = cpu_per_call(keystrokes.len(), || {
        for text in keystrokes {
            *table.search_mut() = text.into();
            table.rebuild(QuickFilter::default(), SortSpec::default());
        }
    }) / keystrokes.len() as u32;
    let sort = cpu_per_call(5, || {
        let spec = SortSpec::default().clicked(Column::LocalPort);
        table.rebuild(QuickFilter::default(), spec);
    });
    (search, sort)
}

fn main() {
    let n: usize = std::env::var("ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let tr = Tr::new(Lang::En);
    let mut table = TableState::default();
    let (snapshot, texts) = judged(n);
    table.set_snapshot(snapshot, texts);
    table.rebuild(QuickFilter::default(), SortSpec::default());
    let (still, scrolling) = table_frames(&table, &tr);
    let (search, sort_by_port) = search_and_sort(&mut table);
    println!("\nCPU per frame or action, mean ({n} rows; budget = what the issue allows)");
    println!("{:<52} {:>8} {:>8} {:>7}", "", "CPU ms", "budget", "share");
    for (name, cpu, budget) in [
        ("table frame, still (layout + tessellation)", still, 4.0),
        ("table frame while scrolling", scrolling, 4.0),
        (
            "search keystroke: filter + sort (then one frame)",
            search,
            16.7 - 4.0,
        ),
        ("sort by another column", sort_by_port, 16.7),
    ] {
        println!(
            "{name:<52} {:>8} {:>8.1} {:>6.0}%",
            ms(cpu),
            budget,
            cpu.as_secs_f64() * 1000.0 / budget * 100.0
        );
    }
}
