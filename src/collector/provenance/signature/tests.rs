use super::codes::*;
use super::*;
use std::time::{Duration, Instant};

fn answer(code: i32, publisher: Option<&str>) -> TrustAnswer {
    TrustAnswer {
        code,
        publisher: publisher.map(str::to_owned),
    }
}

/// Codes as `WinVerifyTrust` returned them (Windows 10/11 and wine 8), with the verdict each must
/// give: a signature that does not verify is invalid; trust problems that prove no tampering are
/// unknown; no signature and no catalog is unsigned.
#[test]
fn recorded_codes_map_to_the_four_statuses() {
    let cases: &[(u32, SignatureStatus)] = &[
        (0x0000_0000, SignatureStatus::Valid),
        (0x800B_0100, SignatureStatus::Unsigned), // TRUST_E_NOSIGNATURE
        (0x800B_0003, SignatureStatus::Unsigned), // TRUST_E_SUBJECT_FORM_UNKNOWN (a .txt)
        (0x800B_0001, SignatureStatus::Unsigned), // TRUST_E_PROVIDER_UNKNOWN
        (0x8009_6010, SignatureStatus::Invalid),  // TRUST_E_BAD_DIGEST (a byte flipped)
        (0x8009_6004, SignatureStatus::Invalid),  // TRUST_E_CERT_SIGNATURE
        (0x8009_6011, SignatureStatus::Invalid),  // TRUST_E_MALFORMED_SIGNATURE
        (0x8009_1007, SignatureStatus::Invalid),  // CRYPT_E_HASH_VALUE
        (0x800B_010C, SignatureStatus::Invalid),  // CERT_E_REVOKED
        (0x800B_0111, SignatureStatus::Invalid),  // TRUST_E_EXPLICIT_DISTRUST
        (0x800B_0109, SignatureStatus::Unknown),  // CERT_E_UNTRUSTEDROOT (self-signed)
        (0x800B_010A, SignatureStatus::Unknown),  // CERT_E_CHAINING
        (0x800B_0101, SignatureStatus::Unknown),  // CERT_E_EXPIRED
        (0x800B_010D, SignatureStatus::Unknown),  // CERT_E_UNTRUSTEDTESTROOT
        (0x800B_0110, SignatureStatus::Unknown),  // CERT_E_WRONG_USAGE
        (0x800B_0004, SignatureStatus::Unknown),  // TRUST_E_SUBJECT_NOT_TRUSTED
        (0x8009_6005, SignatureStatus::Unknown),  // TRUST_E_TIME_STAMP
        (0x8009_2026, SignatureStatus::Unknown),  // CRYPT_E_SECURITY_SETTINGS
        (0x8009_2003, SignatureStatus::Unknown),  // CRYPT_E_FILE_ERROR
        (0x8000_4005, SignatureStatus::Unknown),  // E_FAIL: anything else
    ];
    for &(code, want) in cases {
        let got = classify(&answer(code.cast_signed(), Some("Contoso")), None);
        assert_eq!(got.status, want, "{}", code_name(code.cast_signed()));
        assert!(!got.catalog);
        match want {
            SignatureStatus::Valid | SignatureStatus::Unsigned => assert_eq!(got.reason, None),
            _ => {
                let reason = got.reason.unwrap_or_default();
                assert!(reason.contains(&format!("0x{code:08X}")), "{reason}");
            }
        }
    }
    assert_eq!(
        code_name(TRUST_E_BAD_DIGEST),
        "TRUST_E_BAD_DIGEST (0x80096010)"
    );
}

#[test]
fn a_catalog_answers_for_a_file_without_its_own_signature() {
    let none = answer(TRUST_E_NOSIGNATURE, None);
    // notepad.exe: no embedded signature, listed in a Microsoft catalog.
    let system = classify(&none, Some(&answer(OK, Some("Microsoft Windows"))));
    assert_eq!(system.status, SignatureStatus::Valid);
    assert_eq!(system.publisher.as_deref(), Some("Microsoft Windows"));
    assert!(system.catalog);
    // A catalog whose own signer is not trusted here proves nothing.
    let untrusted = classify(&none, Some(&answer(CERT_E_UNTRUSTEDROOT, Some("X"))));
    assert_eq!(untrusted.status, SignatureStatus::Unknown);
    // A catalog that names the hash but answers "no signature" is not "unsigned" either.
    let odd = classify(&none, Some(&answer(TRUST_E_NOSIGNATURE, None)));
    assert_eq!(odd.status, SignatureStatus::Unknown);
    // No catalog lists it: unsigned.
    assert_eq!(classify(&none, None).status, SignatureStatus::Unsigned);
    // A file with its own signature is judged by it, whatever a catalog would say.
    let own = classify(
        &answer(TRUST_E_BAD_DIGEST, Some("Contoso")),
        Some(&answer(OK, Some("Microsoft Windows"))),
    );
    assert_eq!(own.status, SignatureStatus::Invalid);
    assert_eq!(own.publisher.as_deref(), Some("Contoso"));
    assert!(!own.catalog);
}

fn fake(path: &Path) -> Signature {
    std::thread::sleep(Duration::from_millis(30));
    let signed = path.to_string_lossy().contains("signed");
    classify(
        &answer(
            if signed { OK } else { TRUST_E_NOSIGNATURE },
            signed.then_some("Contoso"),
        ),
        None,
    )
}

fn process(pid: u32, path: &Path) -> Arc<ProcessInfo> {
    let mut p = crate::model::fixtures::process(pid, "app.exe");
    p.path = Some(path.to_path_buf());
    Arc::new(p)
}

#[test]
fn each_file_is_checked_once_off_the_poll_and_a_poll_never_waits() {
    let dir = tempfile::tempdir().unwrap();
    let signed = dir.path().join("signed.exe");
    let plain = dir.path().join("plain.exe");
    std::fs::write(&signed, b"MZ one").unwrap();
    std::fs::write(&plain, b"MZ two").unwrap();
    let inputs: HashMap<u32, Arc<ProcessInfo>> = [
        (10, process(10, &signed)),
        (11, process(11, &signed)),
        (12, process(12, &plain)),
        (13, process(13, &dir.path().join("gone.exe"))),
    ]
    .into();
    let mut tracker = SignatureTracker::new(fake);
    let mut details = inputs.clone();
    let started = Instant::now();
    tracker.attach(&mut details);
    assert!(started.elapsed() < Duration::from_millis(25), "no waiting");
    for pid in [10, 11, 12] {
        let o = &details[&pid].origin;
        assert!(o.signature_pending && o.signature.is_none(), "{o:?}");
    }
    let gone = details[&13].origin.signature.clone().unwrap();
    assert_eq!(gone.status, SignatureStatus::Unknown);
    assert!(gone.reason.unwrap_or_default().contains("os error 2"));
    // A process that names no file (PID 4, "System") has nothing to check.
    let mut no_file: HashMap<u32, Arc<ProcessInfo>> =
        [(4, Arc::new(crate::model::fixtures::process(4, "System")))].into();
    std::sync::Arc::make_mut(no_file.get_mut(&4).unwrap()).path = None;
    tracker.attach(&mut no_file);
    let o = &no_file[&4].origin;
    assert!(o.signature.is_none() && !o.signature_pending);
    let deadline = Instant::now() + Duration::from_secs(10);
    while tracker.pending() > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
        details = inputs.clone();
        tracker.attach(&mut details);
    }
    let status = |d: &HashMap<u32, Arc<ProcessInfo>>, pid| {
        let o = &d[&pid].origin;
        assert!(!o.signature_pending);
        o.signature.as_ref().map(|s| s.status)
    };
    assert_eq!(status(&details, 10), Some(SignatureStatus::Valid));
    assert_eq!(status(&details, 11), Some(SignatureStatus::Valid));
    assert_eq!(status(&details, 12), Some(SignatureStatus::Unsigned));
    assert_eq!(tracker.checked(), 2, "two files, two checks");
    // Later polls share the same details and check nothing again.
    let mut again = inputs.clone();
    tracker.attach(&mut again);
    assert!(Arc::ptr_eq(&again[&10], &details[&10]));
    // A new program at the same path (another size) is a new identity: checked again.
    std::fs::write(&signed, b"MZ one, rebuilt").unwrap();
    let mut fresh: HashMap<u32, Arc<ProcessInfo>> = [(20, process(20, &signed))].into();
    tracker.attach(&mut fresh);
    assert!(fresh[&20].origin.signature_pending);
    let deadline = Instant::now() + Duration::from_secs(10);
    while tracker.pending() > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
        tracker.attach(&mut fresh);
    }
    assert_eq!(tracker.checked(), 3);
    assert!(!fresh[&20].origin.signature_pending);
}

#[cfg(not(windows))]
#[test]
fn elsewhere_there_is_no_authenticode() {
    assert_eq!(check_file(Path::new("/bin/sh")), Err(Unsupported));
}
