use super::*;

fn shipped() -> IpDb {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/ipdb")
        .join(FILE_NAME);
    IpDb::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

#[test]
fn public_addresses_get_their_organisation_and_country() {
    let db = shipped();
    let google = describe(Some(&db), ip("8.8.8.8"));
    assert_eq!(google.scope, Scope::Public);
    assert_eq!(google.network.asn, Some(15169));
    assert_eq!(google.network.org, Some("Google LLC"));
    assert_eq!(google.network.country, Some("US"));
    let cloudflare = describe(Some(&db), ip("1.1.1.1")).network;
    assert_eq!(
        (cloudflare.asn, cloudflare.org),
        (Some(13335), Some("Cloudflare, Inc."))
    );
    let v6 = describe(Some(&db), ip("2606:4700::6810:84e5")).network;
    assert_eq!(v6.asn, Some(13335), "{v6:?}");
    assert_eq!(
        describe(Some(&db), ip("::ffff:8.8.8.8")).network.asn,
        Some(15169)
    );
}

#[test]
fn special_ranges_never_get_a_database_guess() {
    let db = shipped();
    // The data has a row for TEST-NET-3 (a country); a documentation address has none.
    assert!(
        db.lookup(ip("203.0.113.5")).country.is_some(),
        "the data's own guess"
    );
    for text in [
        "203.0.113.5",
        "10.1.2.3",
        "127.0.0.1",
        "192.168.1.1",
        "fe80::1",
        "::1",
    ] {
        let info = describe(Some(&db), ip(text));
        assert_ne!(info.scope, Scope::Public, "{text}");
        assert_eq!(info.network, Network::default(), "{text}");
    }
    assert_eq!(describe(None, ip("8.8.8.8")).network, Network::default());
}

#[test]
fn every_table_is_sorted_and_every_value_points_somewhere() {
    let db = shipped();
    for t in [db.v4_asn, db.v6_asn, db.v4_cc, db.v6_cc] {
        assert!(t.n > 1000, "{t:?}");
        let start = |i: usize| db.data[t.at + i * t.key..t.at + (i + 1) * t.key].to_vec();
        for i in 1..t.n {
            let (a, b) = (start(i - 1), start(i));
            let (a, b): (Vec<u8>, Vec<u8>) =
                (a.into_iter().rev().collect(), b.into_iter().rev().collect());
            assert!(a < b, "starts out of order at {i}");
        }
    }
    for i in 0..db.v4_asn.n {
        let at = db.v4_asn.at + db.v4_asn.n * 4 + i * 4;
        let v = u32_at(&db.data, at).unwrap();
        assert!(v == NONE_ASN || (v as usize) < db.n_names);
    }
}

#[test]
fn a_bad_data_file_is_a_clear_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/ipdb")
            .join(FILE_NAME),
    )
    .unwrap();
    let cut = dir.path().join("cut.bin.z");
    std::fs::write(&cut, &good[..good.len() / 2]).unwrap();
    let not_ours = dir.path().join("other.bin.z");
    std::fs::write(
        &not_ours,
        miniz_oxide::deflate::compress_to_vec_zlib(b"hello world", 6),
    )
    .unwrap();
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    for path in [&cut, &not_ours, &folder] {
        let err = IpDb::load(path).unwrap_err().to_string();
        assert!(err.contains(&path.display().to_string()), "{err}");
    }
    let missing = IpDb::load(&dir.path().join("none")).unwrap_err();
    assert!(matches!(missing, IpDbError::Io { .. }), "{missing}");
    // A header that promises more than the data holds is refused, never read past.
    let mut short = good_data();
    short.truncate(short.len() - 1);
    assert!(IpDb::parse(short).is_err());
}

fn good_data() -> Vec<u8> {
    let good = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/ipdb")
            .join(FILE_NAME),
    )
    .unwrap();
    miniz_oxide::inflate::decompress_to_vec_zlib(&good).unwrap()
}

#[test]
fn a_special_address_is_described_without_the_table() {
    let info = remote(ip("127.0.0.1"));
    assert_eq!(info.scope, Scope::Loopback);
    assert_eq!(info.network, Network::default());
    assert_eq!(remote(ip("8.8.8.8")).network.asn, Some(15169));
}
