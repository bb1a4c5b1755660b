//! A cgroup a test makes under /sys/fs/cgroup (as root), named like a systemd unit, with one
//! of the test's processes in it; moved back and removed on drop.

use std::path::{Path, PathBuf};

/// A cgroup the test made, with one of its processes in it: moved back and removed on drop,
/// also when the test fails.
pub struct CgroupGuard {
    hierarchy: PathBuf,
    dir: PathBuf,
    made_slice: Option<PathBuf>,
    pid: u32,
}

impl CgroupGuard {
    pub fn place(hierarchy: &Path, unit: &str, pid: u32) -> CgroupGuard {
        let slice = hierarchy.join("system.slice");
        let made_slice = (!slice.exists()).then(|| slice.clone());
        let dir = slice.join(unit);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
        let guard = CgroupGuard {
            hierarchy: hierarchy.to_owned(),
            dir,
            made_slice,
            pid,
        };
        std::fs::write(guard.dir.join("cgroup.procs"), pid.to_string()).unwrap();
        guard
    }
}

impl Drop for CgroupGuard {
    fn drop(&mut self) {
        let _ = std::fs::write(self.hierarchy.join("cgroup.procs"), self.pid.to_string());
        let _ = std::fs::remove_dir(&self.dir);
        if let Some(slice) = &self.made_slice {
            let _ = std::fs::remove_dir(slice); // fails, harmlessly, if someone else uses it
        }
    }
}

/// The hierarchy systemd tracks units by here: v1 `name=systemd` on a hybrid system, else v2.
pub fn hierarchies() -> Vec<PathBuf> {
    [
        "/sys/fs/cgroup/systemd",
        "/sys/fs/cgroup/unified",
        "/sys/fs/cgroup",
    ]
    .iter()
    .map(PathBuf::from)
    .filter(|h| h.join("cgroup.procs").exists())
    .collect()
}
