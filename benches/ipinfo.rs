//! Benchmark: naming remote addresses offline (`portscope::ipinfo`). Loads the shipped table once
//! (time and memory printed), then describes 10,000 distinct public addresses (IPv4 and IPv6),
//! repeatedly, and prints the time per batch and per address against the budgets: 10,000
//! addresses in at most 5 ms, under 1 µs each; the table at most 20 MB in memory. Run:
//! `cargo bench --bench ipinfo`.
// A benchmark stops loudly on a failed setup (lints: Cargo.toml).
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::{Duration, Instant};

use portscope::ipinfo;

/// 10,000 distinct addresses spread over the space (a fixed LCG, so every run asks the same).
fn addresses() -> Vec<IpAddr> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        x
    };
    let mut out: Vec<IpAddr> = (0..8_000)
        .map(|_| IpAddr::V4(Ipv4Addr::from((next() >> 32) as u32)))
        .collect();
    out.extend((0..2_000).map(|_| {
        let hi = 0x2000_0000_0000_0000u64 | (next() >> 4);
        IpAddr::V6(Ipv6Addr::from((u128::from(hi) << 64) | u128::from(next())))
    }));
    out.sort();
    out.dedup();
    out
}

fn main() {
    let started = Instant::now();
    let db = ipinfo::load_default().unwrap();
    let load = started.elapsed();
    let addrs = addresses();
    let rounds = 50;
    let mut best = Duration::MAX;
    let mut named = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        named = 0;
        for ip in &addrs {
            let info = ipinfo::describe(Some(&db), *ip);
            named += usize::from(black_box(info).network.asn.is_some());
        }
        best = best.min(t.elapsed());
    }
    let per = best.as_secs_f64() * 1e9 / addrs.len() as f64;
    println!(
        "ipinfo: table loaded in {load:?} ({:.1} MB in memory)",
        db.memory() as f64 / 1e6
    );
    println!(
        "ipinfo: {} addresses ({named} with an AS) in {best:?} (best of {rounds}): {per:.0} ns each",
        addrs.len()
    );
    println!("budget: 10,000 in 5 ms, under 1 µs each; the table at most 20 MB");
    let ok = best <= Duration::from_millis(5) * (addrs.len() as u32).div_ceil(10_000)
        && per < 1_000.0
        && db.memory() <= 20 * 1024 * 1024;
    println!("{}", if ok { "within budget" } else { "OVER BUDGET" });
}
