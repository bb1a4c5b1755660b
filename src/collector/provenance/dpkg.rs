//! dpkg's own database, read as files (no `dpkg-query` per program): which package installed a
//! path (`info/<package>[:arch].list`), the MD5 it recorded for it (`info/<package>.md5sums`),
//! its version (`status`) and the diversions (`diversions`). Merged-/usr is handled: a package
//! may list `/bin/x` while the process runs `/usr/bin/x`, and the other way round.
//!
//! Every file may be half-written (dpkg is installing), unreadable or hostile: a bad line is
//! skipped, a missing file means "not known", nothing panics.

use std::collections::HashMap;
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// dpkg's database folder.
pub const ADMIN_DIR: &str = "/var/lib/dpkg";

/// Folders whose files are never a program that runs: left out of the index to keep it small
/// (about a quarter of the listed paths on a desktop).
const NOT_PROGRAMS: &[&[u8]] = &[
    b"/usr/share/doc/",
    b"/usr/share/man/",
    b"/usr/share/locale/",
    b"/usr/share/icons/",
    b"/usr/share/help/",
    b"/usr/share/info/",
    b"/usr/include/",
    b"/usr/src/",
    b"/etc/",
];

/// File endings that are never a program's image.
const DATA_ENDINGS: &[&[u8]] = &[
    b".py", b".pyc", b".h", b".mo", b".gz", b".png", b".svg", b".html", b".txt", b".json", b".xml",
    b".pm", b".pod", b".js", b".css",
];

/// A path longer than this is not something dpkg installed (PATH_MAX).
const MAX_PATH: usize = 4096;

/// Who installed a file, as far as dpkg knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    /// The package as its files are named (`libc6:amd64`, `openssh-server`).
    pub package: String,
    /// The version from `status`, where it says.
    pub version: Option<String>,
    /// The path as the package lists it (may differ from the running one by merged-/usr or a
    /// diversion): the key into its md5sums.
    pub listed_path: Vec<u8>,
}

/// One diversion: `from` is moved to `to` by `by` (`:` for a local diversion by the admin).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Diversion {
    from: Vec<u8>,
    to: Vec<u8>,
    by: String,
}

/// The index of one state of the database.
#[derive(Debug, Default)]
pub struct DpkgDb {
    dir: PathBuf,
    /// Package names, indexed by the numbers in `paths`.
    packages: Vec<String>,
    /// Path → the packages that list it (a folder is listed by many, a diverted file by two).
    paths: HashMap<Box<[u8]>, Vec<u32>>,
    versions: HashMap<String, String>,
    diversions: Vec<Diversion>,
    /// `info/`'s and `status`'s modification times when this was read.
    stamp: (Option<SystemTime>, Option<SystemTime>),
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn stamp_of(dir: &Path) -> (Option<SystemTime>, Option<SystemTime>) {
    (modified(&dir.join("info")), modified(&dir.join("status")))
}

fn wanted(path: &[u8]) -> bool {
    path.starts_with(b"/")
        && path.len() <= MAX_PATH
        && !NOT_PROGRAMS.iter().any(|p| path.starts_with(p))
        && !DATA_ENDINGS.iter().any(|e| path.ends_with(e))
}

impl DpkgDb {
    /// Read the database under `dir` (normally [`ADMIN_DIR`]). `Err` with a sentence when its
    /// `info` folder can't be listed: then dpkg's answers are "unknown", not "no package".
    pub fn load(dir: &Path) -> Result<DpkgDb, String> {
        let stamp = stamp_of(dir);
        let info = dir.join("info");
        let entries = std::fs::read_dir(&info)
            .map_err(|e| format!("cannot read dpkg's database {}: {e}", info.display()))?;
        let mut db = DpkgDb {
            dir: dir.to_owned(),
            stamp,
            ..DpkgDb::default()
        };
        for entry in entries.flatten() {
            let file = entry.file_name();
            let Some(package) = file.as_bytes().strip_suffix(b".list") else {
                continue;
            };
            let Ok(package) = std::str::from_utf8(package) else {
                continue; // dpkg's package names are ASCII
            };
            let Ok(text) = std::fs::read(entry.path()) else {
                continue;
            };
            let id = u32::try_from(db.packages.len()).unwrap_or(u32::MAX);
            db.packages.push(package.to_owned());
            for line in text.split(|b| *b == b'\n').filter(|l| wanted(l)) {
                let owners = db.paths.entry(line.into()).or_default();
                if !owners.contains(&id) {
                    owners.push(id);
                }
            }
        }
        db.versions = std::fs::read(dir.join("status"))
            .map(|s| parse_status(&String::from_utf8_lossy(&s)))
            .unwrap_or_default();
        db.diversions = std::fs::read(dir.join("diversions"))
            .map(|d| parse_diversions(&d))
            .unwrap_or_default();
        Ok(db)
    }

    /// True when the database changed on disk since this index was read (a package was
    /// installed or removed): `info/` or `status` has another modification time.
    pub fn is_stale(&self) -> bool {
        stamp_of(&self.dir) != self.stamp
    }

    /// How many paths the index holds.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    fn listed_by(&self, path: &[u8]) -> impl Iterator<Item = &str> {
        self.paths
            .get(path)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.packages.get(i as usize).map(String::as_str))
    }

    /// The package that installed the file now at `path`, with diversions and merged-/usr.
    pub fn owner(&self, path: &[u8]) -> Option<Owner> {
        merged_usr_forms(path)
            .into_iter()
            .find_map(|p| self.owner_exact(&p))
    }

    fn owner_exact(&self, path: &[u8]) -> Option<Owner> {
        // The file at a diversion's target is the one the other packages listed at `from`.
        if let Some(d) = self.diversions.iter().find(|d| d.to == path) {
            let package = self.listed_by(&d.from).find(|p| base_name(p) != d.by)?;
            return Some(self.owner_of(package, &d.from));
        }
        // A diverted path holds the diverting package's file (or the admin's own).
        if let Some(d) = self.diversions.iter().find(|d| d.from == path) {
            let package = self.listed_by(path).find(|p| base_name(p) == d.by)?;
            return Some(self.owner_of(package, path));
        }
        let package = self.listed_by(path).next()?;
        Some(self.owner_of(package, path))
    }

    fn owner_of(&self, package: &str, listed: &[u8]) -> Owner {
        Owner {
            package: package.to_owned(),
            version: self
                .versions
                .get(package)
                .or_else(|| self.versions.get(base_name(package)))
                .cloned(),
            listed_path: listed.to_vec(),
        }
    }

    /// The MD5 (lowercase hex) that `owner`'s package recorded for its file; `None` when the
    /// package has no md5sums file or no line for that file.
    pub fn recorded_md5(&self, owner: &Owner) -> Option<String> {
        let file = self
            .dir
            .join("info")
            .join(format!("{}.md5sums", owner.package));
        let text = std::fs::read(file).ok()?;
        md5_of(&text, &owner.listed_path)
    }
}

/// A package name without its `:arch`.
fn base_name(package: &str) -> &str {
    package.split(':').next().unwrap_or(package)
}

/// `path`, then its other form under merged-/usr (`/usr/bin/x` ↔ `/bin/x`, also sbin, lib*).
pub fn merged_usr_forms(path: &[u8]) -> Vec<Vec<u8>> {
    const MERGED: &[&[u8]] = &[b"bin/", b"sbin/", b"lib/", b"lib32/", b"lib64/", b"libx32/"];
    let mut forms = vec![path.to_vec()];
    if let Some(rest) = path.strip_prefix(b"/usr/")
        && MERGED.iter().any(|m| rest.starts_with(m))
    {
        forms.push([b"/".as_slice(), rest].concat());
    } else if let Some(rest) = path.strip_prefix(b"/")
        && MERGED.iter().any(|m| rest.starts_with(m))
    {
        forms.push([b"/usr/".as_slice(), rest].concat());
    }
    forms
}

/// The MD5 for `listed` (an absolute path) in the text of an md5sums file, whose lines are
/// "<32 hex>  <path without the leading slash>". Lines with odd bytes or another shape are
/// skipped.
pub fn md5_of(md5sums: &[u8], listed: &[u8]) -> Option<String> {
    let relative = listed.strip_prefix(b"/").unwrap_or(listed);
    md5sums.split(|b| *b == b'\n').find_map(|line| {
        let (hex, rest) = (line.get(..32)?, line.get(32..)?);
        let file = rest
            .strip_prefix(b"  ")
            .or_else(|| rest.strip_prefix(b" *"))?;
        (file == relative && hex.iter().all(u8::is_ascii_hexdigit))
            .then(|| String::from_utf8_lossy(hex).to_ascii_lowercase())
    })
}

/// Installed packages' versions from the text of `status`: by `name` and by `name:arch`.
pub fn parse_status(text: &str) -> HashMap<String, String> {
    let mut versions = HashMap::new();
    for stanza in text.split("\n\n") {
        let (mut name, mut arch, mut version, mut installed) = (None, None, None, false);
        for line in stanza.lines() {
            if let Some(v) = line.strip_prefix("Package: ") {
                name = Some(v.trim());
            } else if let Some(v) = line.strip_prefix("Architecture: ") {
                arch = Some(v.trim());
            } else if let Some(v) = line.strip_prefix("Version: ") {
                version = Some(v.trim());
            } else if let Some(v) = line.strip_prefix("Status: ") {
                installed = v.trim().ends_with(" installed");
            }
        }
        if let (Some(name), Some(version), true) = (name, version, installed) {
            if let Some(arch) = arch {
                versions.insert(format!("{name}:{arch}"), version.to_owned());
            }
            versions.insert(name.to_owned(), version.to_owned());
        }
    }
    versions
}

/// The diversions from the bytes of dpkg's `diversions` file: three lines each (from, to,
/// package). A last, incomplete triple is dropped.
fn parse_diversions(bytes: &[u8]) -> Vec<Diversion> {
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    lines
        .chunks_exact(3)
        .filter(|t| t[0].starts_with(b"/") && t[1].starts_with(b"/") && !t[2].is_empty())
        .map(|t| Diversion {
            from: t[0].to_vec(),
            to: t[1].to_vec(),
            by: String::from_utf8_lossy(t[2]).into_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD5: &str = "0123456789abcdef0123456789abcdef";

    fn db_in(files: &[(&str, &[u8])]) -> (tempfile::TempDir, DpkgDb) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("info")).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let db = DpkgDb::load(dir.path()).unwrap();
        (dir, db)
    }

    #[test]
    fn owner_version_and_checksum_with_merged_usr() {
        let md5sums = format!("{MD5}  bin/x\n").into_bytes();
        let (_dir, db) = db_in(&[
            ("info/coreutils.list", b"/.\n/bin\n/bin/x\n/usr/share/doc/x/copyright\n"),
            ("info/coreutils.md5sums", &md5sums),
            ("status", b"Package: coreutils\nStatus: install ok installed\nArchitecture: amd64\nVersion: 9.1-1\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1\n"),
        ]);
        let owner = db
            .owner(b"/usr/bin/x")
            .expect("merged-/usr: /usr/bin/x is /bin/x");
        assert_eq!(owner.package, "coreutils");
        assert_eq!(owner.version.as_deref(), Some("9.1-1"));
        assert_eq!(owner.listed_path, b"/bin/x");
        assert_eq!(db.recorded_md5(&owner).as_deref(), Some(MD5));
        assert_eq!(db.owner(b"/usr/bin/y"), None);
        assert_eq!(
            db.owner(b"/usr/share/doc/x/copyright"),
            None,
            "not indexed: never runs"
        );
        assert!(!db.versions.contains_key("gone"), "not installed");
    }

    #[test]
    fn the_other_way_round_and_arch_qualified_files() {
        let md5sums = format!("{MD5}  usr/sbin/d\n").into_bytes();
        let (_dir, db) = db_in(&[
            ("info/libd:amd64.list", b"/usr/sbin/d\n"),
            ("info/libd:amd64.md5sums", &md5sums),
            (
                "status",
                b"Package: libd\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2\n",
            ),
        ]);
        let owner = db.owner(b"/sbin/d").unwrap();
        assert_eq!(owner.package, "libd:amd64");
        assert_eq!(owner.version.as_deref(), Some("2"));
        assert_eq!(db.recorded_md5(&owner).as_deref(), Some(MD5));
    }

    #[test]
    fn diversions_name_the_file_that_is_really_there() {
        let (_dir, db) = db_in(&[
            ("info/orig.list", b"/usr/bin/tool\n"),
            ("info/diverter.list", b"/usr/bin/tool\n"),
            ("diversions", b"/usr/bin/tool\n/usr/bin/tool.distrib\ndiverter\n/usr/bin/mine\n/usr/bin/mine.orig\n:\n"),
        ]);
        let moved = db.owner(b"/usr/bin/tool.distrib").unwrap();
        assert_eq!(
            (moved.package.as_str(), moved.listed_path.as_slice()),
            ("orig", b"/usr/bin/tool".as_slice())
        );
        assert_eq!(db.owner(b"/usr/bin/tool").unwrap().package, "diverter");
        assert_eq!(db.owner(b"/usr/bin/mine"), None, "the admin's own file");
    }

    #[test]
    fn hostile_and_half_written_files_give_unknown_not_a_panic() {
        let odd = [
            b"\xff\xfe not hex at all  usr/bin/a\n".as_slice(),
            b"0123456789abcdef0123456789abcdeZ  usr/bin/a\n",
            b"short  usr/bin/a\n",
            b"\n\n",
            format!("{MD5}usr/bin/a\n").as_bytes(),
            format!("{MD5}  usr/bin/a\u{0}\n").as_bytes(),
        ]
        .concat();
        let (_dir, db) = db_in(&[
            // Half-written: cut in the middle of a line, no newline at the end.
            ("info/a.list", b"/usr/bin/a\n/usr/bin/b\n/usr/li"),
            ("info/a.md5sums", &odd),
            ("info/junk.list", b"\0\0\0"),
            ("status", b"\0garbage\n\nPackage:\n"),
            ("diversions", b"/usr/bin/b\n/usr/bin/b.x\n"),
        ]);
        let owner = db.owner(b"/usr/bin/a").unwrap();
        assert_eq!(db.recorded_md5(&owner), None, "no well-formed line for it");
        assert_eq!(owner.version, None);
        assert_eq!(
            db.owner(b"/usr/bin/b").unwrap().package,
            "a",
            "the incomplete diversion is dropped"
        );
        // A package without an md5sums file.
        let owner = Owner {
            package: "missing".into(),
            version: None,
            listed_path: b"/x".to_vec(),
        };
        assert_eq!(db.recorded_md5(&owner), None);
        let long = vec![b'/'; MAX_PATH + 10];
        assert_eq!(db.owner(&long), None);
    }

    #[test]
    fn an_unreadable_database_is_an_error_and_a_change_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let err = DpkgDb::load(&dir.path().join("none")).unwrap_err();
        assert!(err.contains("cannot read dpkg's database"), "{err}");
        std::fs::create_dir(dir.path().join("info")).unwrap();
        let db = DpkgDb::load(dir.path()).unwrap();
        assert!(db.is_empty() && !db.is_stale());
        std::fs::write(dir.path().join("status"), b"x").unwrap();
        assert!(db.is_stale(), "status appeared");
    }

    #[test]
    fn merged_usr_forms_of_paths() {
        assert_eq!(
            merged_usr_forms(b"/usr/bin/x"),
            [b"/usr/bin/x".to_vec(), b"/bin/x".to_vec()]
        );
        assert_eq!(
            merged_usr_forms(b"/sbin/x"),
            [b"/sbin/x".to_vec(), b"/usr/sbin/x".to_vec()]
        );
        assert_eq!(merged_usr_forms(b"/usr/local/bin/x").len(), 1);
        assert_eq!(merged_usr_forms(b"/opt/x").len(), 1);
    }
}
