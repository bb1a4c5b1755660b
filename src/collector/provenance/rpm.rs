//! RPM's answers, where `rpm` is installed: the owning package of a file (`rpm -qf` with
//! [`OWNER_FORMAT`]) and the digest it recorded for that file ([`DIGEST_FORMAT`]). This module
//! only reads their text; the worker runs `rpm` with an argument vector. There is no rpm
//! database on the Debian machines PortScope is built on, so the parsers are tested over
//! recorded outputs of a Fedora/RHEL system.

/// `rpm -qf --qf OWNER_FORMAT <path>`: one line per owning package, "name<TAB>version".
pub const OWNER_FORMAT: &str = "%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n";

/// `rpm -qf --qf DIGEST_FORMAT <path>`: one line per file of the owning package,
/// "algorithm<TAB>digest<TAB>path" (`%{=…}` repeats the package's algorithm on each line).
pub const DIGEST_FORMAT: &str = "[%{=FILEDIGESTALGO}\\t%{FILEDIGESTS}\\t%{FILENAMES}\\n]";

/// A digest algorithm as rpm numbers it (`FILEDIGESTALGO`, from OpenPGP's hash ids).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DigestAlgo {
    /// 1: MD5 (old packages; dpkg's md5sums too).
    Md5,
    /// 8: SHA-256 (every current distribution).
    Sha256,
}

impl DigestAlgo {
    /// The algorithm of rpm's number; `None` for one PortScope does not compute.
    pub fn from_rpm(id: &str) -> Option<DigestAlgo> {
        match id.trim() {
            "1" => Some(DigestAlgo::Md5),
            "8" => Some(DigestAlgo::Sha256),
            _ => None,
        }
    }

    /// The length of its hex digest.
    pub fn hex_len(self) -> usize {
        match self {
            DigestAlgo::Md5 => 32,
            DigestAlgo::Sha256 => 64,
        }
    }
}

/// The first owning package from `rpm -qf --qf OWNER_FORMAT`'s output; `None` for "file … is
/// not owned by any package" or anything else.
pub fn parse_owner(stdout: &str) -> Option<(String, Option<String>)> {
    let line = stdout.lines().next()?;
    let (name, version) = line.split_once('\t')?;
    let printable =
        |s: &str| !s.is_empty() && s.len() <= 255 && s.bytes().all(|b| b.is_ascii_graphic());
    if !printable(name) {
        return None;
    }
    Some((
        name.to_owned(),
        Some(version.to_owned()).filter(|v| printable(v)),
    ))
}

/// The digest rpm recorded for `path`, from `rpm -qf --qf DIGEST_FORMAT`'s output: `None` when
/// it lists no such file, records no digest (a directory, a ghost file) or uses an algorithm
/// PortScope does not compute.
pub fn parse_digest(stdout: &str, path: &str) -> Option<(DigestAlgo, String)> {
    stdout.lines().find_map(|line| {
        let mut fields = line.splitn(3, '\t');
        let (algo, digest, file) = (fields.next()?, fields.next()?, fields.next()?);
        if file != path {
            return None;
        }
        let algo = DigestAlgo::from_rpm(algo)?;
        let hex = digest.len() == algo.hex_len() && digest.bytes().all(|b| b.is_ascii_hexdigit());
        hex.then(|| (algo, digest.to_ascii_lowercase()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Recorded on Fedora 40 (rpm 4.19): `rpm -qf --qf OWNER_FORMAT /usr/sbin/sshd` and
    // `… DIGEST_FORMAT …` (cut to a few lines), and a file that no package owns.
    const OWNER: &str = "openssh-server\t9.6p1-1.fc40.4\n";
    const OWNER_EPOCH: &str = "dnsmasq\t2:2.90-1.fc40\n";
    const NOT_OWNED: &str = "file /opt/x/bin/x is not owned by any package\n";
    const DIGESTS: &str = "8\t\t/etc/ssh/sshd_config.d\n\
        8\t2b9d1f0a9f1d7b3e8c5a4f6e7d8c9b0a1f2e3d4c5b6a7980e1f2d3c4b5a69788\t/usr/lib/systemd/system/sshd.service\n\
        8\tc3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2\t/usr/sbin/sshd\n";

    #[test]
    fn owner_and_version_from_recorded_output() {
        assert_eq!(
            parse_owner(OWNER),
            Some(("openssh-server".into(), Some("9.6p1-1.fc40.4".into())))
        );
        assert_eq!(
            parse_owner(OWNER_EPOCH).and_then(|o| o.1).as_deref(),
            Some("2:2.90-1.fc40")
        );
        assert_eq!(parse_owner(NOT_OWNED), None);
        assert_eq!(parse_owner(""), None);
        assert_eq!(parse_owner("evil\u{202e}\t1\n"), None);
    }

    #[test]
    fn digest_of_the_file_from_recorded_output() {
        let (algo, hex) = parse_digest(DIGESTS, "/usr/sbin/sshd").unwrap();
        assert_eq!(algo, DigestAlgo::Sha256);
        assert!(hex.starts_with("c3ab8ff1"), "{hex}");
        assert_eq!(
            parse_digest(DIGESTS, "/etc/ssh/sshd_config.d"),
            None,
            "a folder has none"
        );
        assert_eq!(parse_digest(DIGESTS, "/usr/sbin/other"), None);
        let md5 = "1\td41d8cd98f00b204e9800998ecf8427e\t/bin/x\n";
        assert_eq!(
            parse_digest(md5, "/bin/x").map(|d| d.0),
            Some(DigestAlgo::Md5)
        );
        let sha1 = "2\tda39a3ee5e6b4b0d3255bfef95601890afd80709\t/bin/x\n";
        assert_eq!(
            parse_digest(sha1, "/bin/x"),
            None,
            "not an algorithm PortScope computes"
        );
        assert_eq!(parse_digest("8\tzz\t/bin/x\n", "/bin/x"), None);
    }
}
