use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// A resolver from a table: `ip → name`, and `name → addresses`; counts reverse lookups.
/// With a gate, every reverse lookup waits for the gate to open (a resolver that hangs).
#[derive(Default)]
struct Fake {
    names: HashMap<IpAddr, String>,
    addrs: HashMap<String, Vec<IpAddr>>,
    asked: Arc<AtomicUsize>,
    gate: Option<Mutex<mpsc::Receiver<()>>>,
}

impl Lookup for Fake {
    fn reverse(&self, ip: IpAddr) -> Result<String, Failure> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        if let Some(gate) = &self.gate {
            let _ = gate.lock().unwrap().recv();
        }
        self.names.get(&ip).cloned().ok_or(Failure::NoName)
    }
    fn forward(&self, name: &str) -> Result<Vec<IpAddr>, Failure> {
        self.addrs.get(name).cloned().ok_or(Failure::NoName)
    }
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn fake() -> Fake {
    let mut f = Fake::default();
    f.names.insert(ip("8.8.8.8"), "dns.google.".into());
    f.addrs
        .insert("dns.google".into(), vec![ip("8.8.4.4"), ip("8.8.8.8")]);
    f.names.insert(ip("1.1.1.1"), "login.microsoft.com".into());
    f.addrs
        .insert("login.microsoft.com".into(), vec![ip("20.190.160.1")]);
    f.names
        .insert(ip("9.9.9.9"), "evil\u{1b}]0;pwned\u{7}.example".into());
    f
}

/// Wait for `ip`'s answer (the fake answers at once).
fn settled(r: &Resolver, ip: IpAddr) -> Answer {
    r.request(ip);
    r.wait(&[ip], Instant::now() + Duration::from_secs(5));
    r.request(ip)
}

#[test]
fn names_are_forward_confirmed_and_hostile_names_refused() {
    let r = Resolver::new(fake(), Limits::default());
    let google = settled(&r, ip("8.8.8.8")).host().unwrap();
    assert_eq!(
        *google,
        RemoteHost {
            name: "dns.google".into(),
            verified: true
        }
    );
    let claimed = settled(&r, ip("1.1.1.1")).host().unwrap();
    assert_eq!(claimed.name, "login.microsoft.com");
    assert!(
        !claimed.verified,
        "its name does not resolve back to 1.1.1.1"
    );
    assert_eq!(
        settled(&r, ip("9.9.9.9")),
        Answer::NoName,
        "a name with ESC/BEL"
    );
    assert_eq!(settled(&r, ip("4.4.4.4")), Answer::NoName);
    // An IPv4-mapped address is the IPv4 address.
    assert_eq!(settled(&r, ip("::ffff:8.8.8.8")).host(), Some(google));
}

#[test]
fn only_public_addresses_are_looked_up() {
    let f = fake();
    let asked = Arc::clone(&f.asked);
    let r = Resolver::new(f, Limits::default());
    for a in [
        "127.0.0.1",
        "10.0.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "fe80::1",
        "203.0.113.9",
        "::1",
    ] {
        assert_eq!(r.request(ip(a)), Answer::NotLookedUp, "{a}");
    }
    assert_eq!(asked.load(Ordering::SeqCst), 0);
    assert_eq!(r.threads(), 0, "no thread for nothing to do");
}

#[test]
fn answers_are_cached_for_their_lifetimes() {
    let f = fake();
    let asked = Arc::clone(&f.asked);
    let limits = Limits {
        positive: Duration::from_secs(100),
        negative: Duration::from_secs(10),
        ..Limits::default()
    };
    let r = Resolver::new(f, limits);
    let (google, none) = (ip("8.8.8.8"), ip("4.4.4.4"));
    settled(&r, google);
    settled(&r, none);
    assert_eq!(asked.load(Ordering::SeqCst), 2);
    let now = Instant::now();
    // Within both lifetimes: answered from the cache.
    assert!(
        r.batch_at(now + Duration::from_secs(5))
            .host(google)
            .is_some()
    );
    assert_eq!(
        r.batch_at(now + Duration::from_secs(5)).answer(none),
        Answer::NoName
    );
    assert_eq!(asked.load(Ordering::SeqCst), 2);
    // The negative answer has expired, the name has not.
    let later = now + Duration::from_secs(20);
    assert_eq!(
        r.batch_at(later).answer(none),
        Answer::Pending,
        "asked again"
    );
    assert!(r.batch_at(later).host(google).is_some());
    r.wait(&[none], Instant::now() + Duration::from_secs(5));
    assert_eq!(asked.load(Ordering::SeqCst), 3);
    // An expired name is asked again, and shown meanwhile.
    let much_later = now + Duration::from_secs(200);
    let mut batch = r.batch_at(much_later);
    assert_eq!(batch.answer(google), Answer::Pending);
    assert_eq!(
        batch.host(google).unwrap().name,
        "dns.google",
        "the old name meanwhile"
    );
}

#[test]
fn a_full_queue_skips_and_counts_and_memory_stays_bounded() {
    let (open, gate) = mpsc::channel();
    let f = Fake {
        gate: Some(Mutex::new(gate)),
        ..fake()
    };
    let limits = Limits {
        threads: 2,
        queue: 100,
        cache: 1000,
        ..Limits::default()
    };
    let r = Resolver::new(f, limits);
    let addrs: Vec<IpAddr> = (0..100_000u32)
        .map(|i| IpAddr::V4(std::net::Ipv4Addr::from(0x0800_0000 + i)))
        .collect();
    let started = Instant::now();
    let mut batch = r.batch();
    for a in &addrs {
        batch.host(*a);
    }
    drop(batch);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // Two threads hold one address each; a hundred wait; the rest were dropped and counted.
    let skipped = r.skipped();
    assert!(
        (100_000 - 102..=100_000 - 100).contains(&skipped),
        "{skipped}"
    );
    assert!(r.cached() <= 102, "{}", r.cached());
    assert_eq!(r.threads(), 2);
    drop(open);
}

#[test]
fn a_hung_lookup_times_out_without_blocking_the_caller_and_still_fills_the_cache() {
    let (open, gate) = mpsc::channel();
    let f = Fake {
        gate: Some(Mutex::new(gate)),
        ..fake()
    };
    let limits = Limits {
        threads: 1,
        deadline: Duration::from_millis(200),
        ..Limits::default()
    };
    let r = Resolver::new(f, limits);
    let google = ip("8.8.8.8");
    let started = Instant::now();
    assert_eq!(r.request(google), Answer::Pending);
    r.wait(&[google], Instant::now() + Duration::from_secs(10));
    let waited = started.elapsed();
    assert!(
        (Duration::from_millis(200)..Duration::from_secs(2)).contains(&waited),
        "wait ends at the lookup's deadline: {waited:?}"
    );
    assert_eq!(r.request(google), Answer::TimedOut);
    // The answer arrives late: it is kept.
    open.send(()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while r.request(google) == Answer::TimedOut && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(r.request(google).host().unwrap().name, "dns.google");
}

#[test]
fn a_full_cache_drops_old_answers_first() {
    let limits = Limits {
        cache: 10,
        ..Limits::default()
    };
    let r = Resolver::new(fake(), limits);
    for i in 0..30u32 {
        let a = IpAddr::V4(std::net::Ipv4Addr::from(0x0800_0000 + i));
        settled(&r, a);
        assert!(r.cached() <= 10, "{}", r.cached());
    }
    assert_eq!(r.skipped(), 0, "room was made each time");
}
