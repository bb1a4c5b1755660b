//! Which processes hold which socket. On Linux we read `/proc/<pid>/fd` ourselves (tolerant of
//! vanished processes, unreadable dirs and hidepid); elsewhere netstat2 reports the PIDs directly.

use std::collections::HashMap;

/// Socket inode -> PIDs holding it, plus how many process fd tables could not be read.
#[derive(Debug, Default)]
pub struct OwnerMap {
    /// Inode to owning PIDs (unordered, deduplicated).
    pub by_inode: HashMap<u64, Vec<u32>>,
    /// Processes whose fd table was unreadable (permission, or gone mid-read).
    pub unreadable: usize,
}

/// Parse a `/proc/<pid>/fd/<n>` link target such as `socket:[12345]`.
pub fn parse_socket_link(target: &[u8]) -> Option<u64> {
    let rest = target.strip_prefix(b"socket:[")?;
    let digits = rest.strip_suffix(b"]")?;
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Scan a procfs-like directory for socket inodes. `root` is `/proc` in production and a temp
/// folder in tests.
pub fn scan_proc(root: &std::path::Path) -> std::io::Result<OwnerMap> {
    use std::os::unix::ffi::OsStrExt;
    let mut map = OwnerMap::default();
    for entry in std::fs::read_dir(root)? {
        let Ok(entry) = entry else { continue };
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            map.unreadable += 1;
            continue;
        };
        for fd in fds.flatten() {
            // A process can exit or close the fd between read_dir and read_link: skip quietly.
            let Ok(target) = std::fs::read_link(fd.path()) else {
                continue;
            };
            if let Some(inode) = parse_socket_link(target.as_os_str().as_bytes()) {
                let pids = map.by_inode.entry(inode).or_default();
                if !pids.contains(&pid) {
                    pids.push(pid);
                }
            }
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn parses_only_socket_links() {
        assert_eq!(parse_socket_link(b"socket:[12345]"), Some(12345));
        assert_eq!(parse_socket_link(b"pipe:[12345]"), None);
        assert_eq!(parse_socket_link(b"socket:[12x]"), None);
        assert_eq!(parse_socket_link(b"/dev/null"), None);
    }

    #[test]
    fn scan_tolerates_missing_fd_dirs_and_odd_entries() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("100/fd")).unwrap();
        symlink("socket:[7]", root.join("100/fd/3")).unwrap();
        symlink("socket:[8]", root.join("100/fd/4")).unwrap();
        symlink("/dev/null", root.join("100/fd/0")).unwrap();
        std::fs::create_dir_all(root.join("200/fd")).unwrap();
        symlink("socket:[7]", root.join("200/fd/5")).unwrap();
        std::fs::create_dir_all(root.join("300")).unwrap(); // vanished: no fd dir
        std::fs::create_dir_all(root.join("self")).unwrap();
        std::fs::write(root.join("uptime"), "1 1").unwrap();

        let map = scan_proc(root).unwrap();
        let mut owners7 = map.by_inode[&7].clone();
        owners7.sort();
        assert_eq!(owners7, vec![100, 200]);
        assert_eq!(map.by_inode[&8], vec![100]);
        assert_eq!(map.unreadable, 1);
    }

    #[test]
    fn missing_root_is_an_error_not_a_panic() {
        assert!(scan_proc(std::path::Path::new("/nonexistent/proc")).is_err());
    }
}
