//! `portscope.exe signature` under wine 8, over programs this test builds and signs: an unsigned
//! exe is `unsigned`; the same exe signed with a throwaway self-signed certificate (made here with
//! openssl, signed with osslsigncode) is not `invalid`; and that signed exe with one byte of its
//! code flipped is `invalid` with `TRUST_E_BAD_DIGEST`: wine's wintrust really computes the
//! Authenticode digest of the image.
//!
//! What wine 8 does not do, so what this cannot test: it trusts the self-signed root (Windows
//! says `CERT_E_UNTRUSTEDROOT`, which PortScope reads as `unknown`; wine answers 0, `valid`), and
//! it has no signed catalogs, so its own system files (notepad.exe) read `unsigned` through the
//! catalog lookup (wine 8's `CryptCATAdminAcquireContext2` is a stub: the lookup runs through the
//! first, SHA-1 API there). Catalogs built on Linux (a CTL signed with `openssl cms`, and one
//! signed as PKCS#7 by hand) were tried and make wine 8's `CryptCATEnumerateMember` fault, so a
//! catalog-signed file is not tested under wine. The mapping of those answers is unit-tested
//! over recorded codes (`collector::provenance::signature`).

use super::{Wine, installed, required_path};
use std::path::Path;
use std::process::Command;

/// Run a Linux tool this test needs; its failure fails the test with its output.
fn tool(command: &mut Command) {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("run {command:?} (see .ci/run's packages): {e}"));
    assert!(
        out.status.success(),
        "{command:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The file offset of the `.text` section's raw data in a PE image.
fn text_section(image: &[u8]) -> usize {
    let u16_at = |o: usize| usize::from(u16::from_le_bytes([image[o], image[o + 1]]));
    let u32_at = |o: usize| {
        usize::try_from(u32::from_le_bytes(image[o..o + 4].try_into().unwrap())).unwrap()
    };
    let pe = u32_at(0x3C);
    assert_eq!(&image[pe..pe + 4], b"PE\0\0", "a PE image");
    let sections = u16_at(pe + 6);
    let first = pe + 24 + u16_at(pe + 20);
    (0..sections)
        .map(|i| first + 40 * i)
        .find(|&h| image[h..h + 8].starts_with(b".text\0"))
        .map(|h| u32_at(h + 20))
        .expect("a .text section")
}

/// Build `hello.exe` (unsigned), `signed.exe` (self-signed certificate) and `tampered.exe` (one
/// code byte of signed.exe flipped) into `dir`.
fn build_programs(dir: &Path) {
    let source = dir.join("hello.c");
    std::fs::write(&source, "int main(void) { return 0; }\n").unwrap();
    let (hello, signed) = (dir.join("hello.exe"), dir.join("signed.exe"));
    let (key, cert) = (dir.join("key.pem"), dir.join("cert.pem"));
    tool(
        Command::new("x86_64-w64-mingw32-gcc")
            .arg(&source)
            .arg("-o")
            .arg(&hello),
    );
    tool(
        Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            ])
            .args(["-subj", "/CN=PortScope Test Signer"])
            .args(["-addext", "extendedKeyUsage=codeSigning"])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert),
    );
    tool(
        Command::new("osslsigncode")
            .args(["sign", "-certs"])
            .arg(&cert)
            .arg("-key")
            .arg(&key)
            .arg("-in")
            .arg(&hello)
            .arg("-out")
            .arg(&signed),
    );
    let mut image = std::fs::read(&signed).unwrap();
    let at = text_section(&image) + 16;
    image[at] ^= 0xFF;
    std::fs::write(dir.join("tampered.exe"), image).unwrap();
}

/// `portscope.exe signature --format json FILES…` as JSON.
fn signatures(wine: &Wine, exe_win: &str, files: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec![exe_win, "signature", "--format", "json"];
    args.extend_from_slice(files);
    let out = wine.run(&args, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{args:?}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    json.as_array().expect("a list").clone()
}

#[test]
#[ignore = "needs wine 8, mingw-w64, openssl and osslsigncode; run by .ci/run"]
fn signatures_of_unsigned_signed_and_tampered_programs_under_wine() {
    let exe = required_path("PORTSCOPE_WIN_EXE");
    let shim = required_path("PORTSCOPE_WINE_SHIM");
    let (wine, exe_win) = installed(&exe, &shim);
    let dir = wine.drive_c().join("signing");
    std::fs::create_dir_all(&dir).unwrap();
    build_programs(&dir);
    wine.mark("built hello.exe, signed.exe (self-signed) and tampered.exe");
    let found = signatures(
        &wine,
        &exe_win,
        &[
            r"C:\signing\hello.exe",
            r"C:\signing\signed.exe",
            r"C:\signing\tampered.exe",
            r"C:\windows\system32\notepad.exe",
            r"C:\signing\missing.exe",
        ],
    );
    let [hello, signed, tampered, notepad, missing] = found.as_slice() else {
        panic!("five answers: {found:?}");
    };
    wine.mark(&format!(
        "{hello}\n{signed}\n{tampered}\n{notepad}\n{missing}"
    ));
    // A file that can't be opened can't be told: unknown, with the OS's reason, never a panic.
    assert_eq!(missing["status"], "unknown", "{missing}");
    assert!(
        missing["reason"]
            .as_str()
            .is_some_and(|r| r.contains("(os error 2)")),
        "{missing}"
    );
    assert_eq!(hello["status"], "unsigned", "{hello}");
    assert_eq!(hello["publisher"], serde_json::Value::Null);
    // Wine trusts the self-signed root (Windows would say unknown): never invalid, and the
    // signer's name is read from its certificate.
    assert_ne!(signed["status"], "invalid", "{signed}");
    assert_eq!(signed["publisher"], "PortScope Test Signer", "{signed}");
    assert_eq!(tampered["status"], "invalid", "{tampered}");
    assert!(
        tampered["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("TRUST_E_BAD_DIGEST")),
        "{tampered}"
    );
    // Wine's system files are in no catalog: the lookup runs and finds none.
    assert_eq!(notepad["status"], "unsigned", "{notepad}");
    // The text form names the verdict too.
    let text = wine.run(&[&exe_win, "signature", r"C:\signing\tampered.exe"], &[]);
    let said = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.status.success() && said.contains("does not verify: TRUST_E_BAD_DIGEST"),
        "{said}"
    );
}
