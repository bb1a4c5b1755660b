//! The one folder PortScope keeps its files in (settings, trust list, baseline, log):
//! `PORTSCOPE_CONFIG_DIR`, else `<config dir>/portscope`. Run as root with another user's HOME
//! (`sudo -E`), a folder that user could redirect is not used: one below a symbolic link under
//! the home, or on a path someone else owns or may write. Root's own folder is used instead, or
//! none (nothing is saved), and the caller tells the user once.

#[cfg(unix)]
use std::path::Path;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The folder chosen for this process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigDir {
    /// Where PortScope's files live; `None`: nothing is read or saved.
    pub path: Option<PathBuf>,
    /// The folder that was wanted but not used, and why.
    pub refused: Option<Refusal>,
}

/// Why the wanted folder was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `part` of the wanted folder's path, below the home, is a symbolic link.
    Symlink {
        /// The folder that was wanted.
        wanted: PathBuf,
        /// The link on its path.
        part: PathBuf,
    },
    /// `part` of the wanted folder's path belongs to another user, or others may write to it.
    Foreign {
        /// The folder that was wanted.
        wanted: PathBuf,
        /// The folder (or link) that is not root's alone.
        part: PathBuf,
    },
}

/// The folder for this process, chosen once (every file and every notice agree on it).
pub fn config_dir() -> &'static ConfigDir {
    static CHOSEN: OnceLock<ConfigDir> = OnceLock::new();
    CHOSEN.get_or_init(|| {
        let wanted = wanted_dir();
        #[cfg(unix)]
        {
            let uid = nix::unistd::geteuid();
            if uid.is_root() {
                let home = dirs::home_dir();
                return choose(wanted, home.as_deref(), own_folder(uid), uid.as_raw());
            }
        }
        ConfigDir {
            path: wanted,
            refused: None,
        }
    })
}

/// The folder asked for: `PORTSCOPE_CONFIG_DIR`, else `<config dir>/portscope`.
fn wanted_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PORTSCOPE_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    dirs::config_dir().map(|d| d.join("portscope"))
}

/// The file `name` in the folder for this process ([`config_dir`]); `None`: no folder.
pub fn config_file(name: &str) -> Option<PathBuf> {
    config_dir().path.as_ref().map(|d| d.join(name))
}

/// The folder of user `uid` from the user database, whatever HOME says.
#[cfg(unix)]
fn own_folder(uid: nix::unistd::Uid) -> Option<(PathBuf, PathBuf)> {
    let user = nix::unistd::User::from_uid(uid).ok().flatten()?;
    let folder = user.dir.join(".config").join("portscope");
    Some((user.dir, folder))
}

/// For user `uid` (root): `wanted` when no part of its path lets someone else redirect it,
/// else `fallback` (a home and its folder, checked the same way), else no folder.
#[cfg(unix)]
pub(crate) fn choose(
    wanted: Option<PathBuf>,
    home: Option<&Path>,
    fallback: Option<(PathBuf, PathBuf)>,
    uid: u32,
) -> ConfigDir {
    let Some(wanted) = wanted else {
        return ConfigDir::default();
    };
    let Err(refused) = check(&wanted, home, uid) else {
        return ConfigDir {
            path: Some(wanted),
            refused: None,
        };
    };
    let path = fallback
        .filter(|(_, folder)| *folder != wanted)
        .filter(|(home, folder)| check(folder, Some(home), uid).is_ok())
        .map(|(_, folder)| folder);
    ConfigDir {
        path,
        refused: Some(refused),
    }
}

/// Walk `folder`'s path from the root down, as far as it exists: each part must be owned by
/// `uid` or root and writable by nobody else (a sticky folder like /tmp is fine), and no part
/// below `home` may be a symbolic link.
#[cfg(unix)]
fn check(folder: &Path, home: Option<&Path>, uid: u32) -> Result<(), Refusal> {
    use std::os::unix::fs::MetadataExt as _;
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let folder = absolute(folder);
    let home = home.map(absolute);
    let parts: Vec<&Path> = folder.ancestors().collect();
    for part in parts.into_iter().rev() {
        let Ok(meta) = std::fs::symlink_metadata(part) else {
            break; // the rest is missing too, and will be created by this user
        };
        let refusal = |symlink: bool| {
            let (wanted, part) = (folder.clone(), part.to_path_buf());
            if symlink {
                Refusal::Symlink { wanted, part }
            } else {
                Refusal::Foreign { wanted, part }
            }
        };
        if meta.uid() != uid && meta.uid() != 0 {
            return Err(refusal(false));
        }
        if meta.file_type().is_symlink() {
            if home
                .as_deref()
                .is_some_and(|h| part.starts_with(h) && part != h)
            {
                return Err(refusal(true));
            }
        } else if meta.mode() & 0o022 != 0 && meta.mode() & 0o1000 == 0 {
            return Err(refusal(false));
        }
    }
    Ok(())
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    const NOBODY: u32 = 65534;

    fn chown(path: &Path, uid: u32) {
        std::os::unix::fs::lchown(path, Some(uid), Some(uid)).unwrap();
    }

    /// A home with `.config` in it, owned by `uid` (the temp folder itself is 0700, root's).
    fn home_with_config(uid: u32) -> (tempfile::TempDir, PathBuf) {
        let top = tempfile::tempdir().unwrap();
        let home = top.path().join("home");
        std::fs::create_dir_all(home.join(".config")).unwrap();
        std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        chown(&home, uid);
        chown(&home.join(".config"), uid);
        (top, home)
    }

    fn fallback(top: &Path) -> Option<(PathBuf, PathBuf)> {
        let home = top.join("root");
        std::fs::create_dir_all(&home).unwrap();
        Some((home.clone(), home.join(".config").join("portscope")))
    }

    #[test]
    #[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
    fn as_root_roots_own_home_is_used() {
        assert!(
            nix::unistd::geteuid().is_root(),
            "needs root to hand files to another user"
        );
        let (top, home) = home_with_config(0);
        let wanted = home.join(".config").join("portscope");
        let chosen = choose(Some(wanted.clone()), Some(&home), fallback(top.path()), 0);
        assert_eq!(chosen.path, Some(wanted));
        assert_eq!(chosen.refused, None);
    }

    #[test]
    #[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
    fn as_root_another_users_home_is_refused_for_roots_own_folder() {
        assert!(
            nix::unistd::geteuid().is_root(),
            "needs root to hand files to another user"
        );
        let (top, home) = home_with_config(NOBODY);
        let wanted = home.join(".config").join("portscope");
        let chosen = choose(Some(wanted.clone()), Some(&home), fallback(top.path()), 0);
        assert_eq!(chosen.path, fallback(top.path()).map(|f| f.1));
        assert_eq!(
            chosen.refused,
            Some(Refusal::Foreign { wanted, part: home })
        );
    }

    #[test]
    #[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
    fn as_root_a_link_below_the_home_is_refused_even_if_root_made_it() {
        assert!(
            nix::unistd::geteuid().is_root(),
            "needs root to hand files to another user"
        );
        let (top, home) = home_with_config(0);
        let elsewhere = top.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let link = home.join(".config").join("portscope");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let chosen = choose(Some(link.clone()), Some(&home), None, 0);
        assert_eq!(chosen.path, None, "no fallback: nothing is saved");
        assert_eq!(
            chosen.refused,
            Some(Refusal::Symlink {
                wanted: link.clone(),
                part: link
            })
        );
    }

    #[test]
    #[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
    fn as_root_a_folder_others_may_write_is_refused_a_sticky_one_is_not() {
        assert!(
            nix::unistd::geteuid().is_root(),
            "needs root to hand files to another user"
        );
        let (top, home) = home_with_config(0);
        let config = home.join(".config");
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o777)).unwrap();
        let wanted = config.join("portscope");
        let chosen = choose(Some(wanted.clone()), Some(&home), None, 0);
        assert_eq!(
            chosen.refused,
            Some(Refusal::Foreign {
                wanted: wanted.clone(),
                part: config.clone()
            })
        );
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o1777)).unwrap();
        let chosen = choose(Some(wanted.clone()), Some(&home), fallback(top.path()), 0);
        assert_eq!(chosen.path, Some(wanted));
    }

    #[test]
    #[ignore = "needs root: .ci/run runs it as root (cargo test -- --ignored as_root)"]
    fn as_root_a_refused_fallback_means_no_folder() {
        assert!(
            nix::unistd::geteuid().is_root(),
            "needs root to hand files to another user"
        );
        let (top, home) = home_with_config(NOBODY);
        let wanted = home.join(".config").join("portscope");
        // The "own" home belongs to someone else too: nothing is used.
        let own = fallback(top.path());
        chown(&own.as_ref().unwrap().0, NOBODY);
        let chosen = choose(Some(wanted), Some(&home), own, 0);
        assert_eq!(chosen.path, None);
        assert!(chosen.refused.is_some());
    }
}
