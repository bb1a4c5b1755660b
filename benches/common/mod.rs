//! What the benchmarks share: CPU time of this process, the open-files limit, and python
//! children that hold loopback sockets beyond that limit.

#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// User plus system CPU time this process used so far.
#[cfg(unix)]
pub fn cpu_time() -> Duration {
    use nix::sys::resource::{UsageWho, getrusage};
    getrusage(UsageWho::RUSAGE_SELF).map_or(Duration::ZERO, |u| {
        let tv = |t: nix::sys::time::TimeVal| {
            Duration::new(t.tv_sec().max(0) as u64, (t.tv_usec().max(0) as u32) * 1000)
        };
        tv(u.user_time()) + tv(u.system_time())
    })
}

#[cfg(not(unix))]
pub fn cpu_time() -> Duration {
    Duration::ZERO
}

/// Raise the open-files limit towards `wanted`, as far as this process may.
#[cfg(unix)]
pub fn raise_fd_limit(wanted: u64) {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE)
        && soft < wanted
    {
        // Root may raise the hard limit too (up to fs.nr_open); otherwise stay under it.
        if setrlimit(Resource::RLIMIT_NOFILE, wanted, wanted.max(hard)).is_err() {
            let _ = setrlimit(Resource::RLIMIT_NOFILE, wanted.min(hard), hard);
        }
    }
}

#[cfg(not(unix))]
pub fn raise_fd_limit(_wanted: u64) {}

/// The open-files limit this process ended up with.
#[cfg(unix)]
pub fn fd_limit() -> usize {
    nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
        .map_or(1024, |(soft, _)| soft as usize)
}

#[cfg(not(unix))]
pub fn fd_limit() -> usize {
    usize::MAX
}

/// A python child holding `count` loopback sockets (TCP pairs and UDP) until its stdin closes.
/// Its TCP sockets close with a reset (SO_LINGER 0), so they leave no TIME_WAIT sockets behind
/// to be counted by the next measurement.
const HOLDER: &str = "import socket,sys,resource,struct\n\
s,h=resource.getrlimit(resource.RLIMIT_NOFILE);resource.setrlimit(resource.RLIMIT_NOFILE,(h,h))\n\
n=int(sys.argv[1])\n\
l=socket.socket();l.bind(('127.0.0.1',0));l.listen(4096)\n\
pairs=[(socket.create_connection(l.getsockname()),l.accept()[0]) for _ in range(n//3)]\n\
[s.setsockopt(socket.SOL_SOCKET,socket.SO_LINGER,struct.pack('ii',1,0)) for p in pairs for s in p]\n\
udps=[socket.socket(socket.AF_INET,socket.SOCK_DGRAM) for _ in range(n-(n//3)*2)]\n\
[u.bind(('127.0.0.1',0)) for u in udps]\n\
print('ready',flush=True);sys.stdin.read()\n";

/// Children holding `total` sockets between them, at most `per_child` each; ready on return.
pub fn spawn_holders(mut total: usize, per_child: usize) -> Vec<Child> {
    use std::io::BufRead;
    let mut children = Vec::new();
    while total > 0 {
        let n = total.min(per_child);
        let mut child = Command::new("python3")
            .args(["-c", HOLDER, &n.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 socket holder");
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = std::io::BufReader::new(out).read_line(&mut line);
        }
        assert_eq!(line.trim(), "ready", "socket holder failed");
        children.push(child);
        total -= n;
    }
    children
}

/// End the holders (our own children: closing stdin ends them) and wait for them.
pub fn end_holders(holders: &mut Vec<Child>) {
    for mut child in holders.drain(..) {
        drop(child.stdin.take());
        let _ = child.wait();
    }
}

/// The median of `v`.
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}
