//! Windows Startup folders: a shortcut (`.lnk`, MS-SHLLINK) there runs its target at login.
//! The target is the link's LocalBasePath (LinkInfo), read purely from the file's bytes and
//! unit-tested over constructed ones; on Windows, the user's and everyone's Startup folders are
//! read. Disabling removes the shortcut after its exact bytes are in the journal; enabling
//! writes it back.

/// `HasLinkTargetIDList`.
const HAS_ID_LIST: u32 = 0x1;
/// `HasLinkInfo`.
const HAS_LINK_INFO: u32 = 0x2;
/// LinkInfo's `VolumeIDAndLocalBasePath`.
const HAS_LOCAL_PATH: u32 = 0x1;

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(usize::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn offset_at(b: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u32_at(b, at)?).ok()
}

/// The target path a shell link names (its LocalBasePath, the Unicode one when present), or
/// `None` for a file that is not a shell link or names no local path (a URL, a network share).
pub fn target(bytes: &[u8]) -> Option<String> {
    if u32_at(bytes, 0)? != 0x4c || bytes.get(4..8)? != [0x01, 0x14, 0x02, 0x00] {
        return None;
    }
    let flags = u32_at(bytes, 20)?;
    let mut at: usize = 0x4c;
    if flags & HAS_ID_LIST != 0 {
        at = at.checked_add(2 + u16_at(bytes, at)?)?;
    }
    if flags & HAS_LINK_INFO == 0 {
        return None;
    }
    let info = bytes.get(at..at.checked_add(offset_at(bytes, at)?)?)?;
    if u32_at(info, 8)? & HAS_LOCAL_PATH == 0 {
        return None;
    }
    if offset_at(info, 4)? >= 0x24 {
        let start = offset_at(info, 28)?;
        let units: Vec<u16> = info
            .get(start..)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|u| *u != 0)
            .collect();
        return Some(String::from_utf16_lossy(&units)).filter(|p| !p.is_empty());
    }
    let start = offset_at(info, 16)?;
    let path: Vec<u8> = info
        .get(start..)?
        .iter()
        .copied()
        .take_while(|b| *b != 0)
        .collect();
    // The system code page: Latin-1 keeps every byte visible, and ASCII paths exact.
    Some(path.iter().map(|b| char::from(*b)).collect::<String>()).filter(|p| !p.is_empty())
}

#[cfg(windows)]
mod os {
    use std::path::PathBuf;

    use crate::startup::{Change, Entry, Findings, Kind, Scope, id_of, journal, text};

    /// The user's and everyone's Startup folders.
    fn folders() -> Vec<PathBuf> {
        let mut out = Vec::new();
        if let Some(appdata) = std::env::var_os("APPDATA") {
            out.push(PathBuf::from(appdata).join(r"Microsoft\Windows\Start Menu\Programs\Startup"));
        }
        if let Some(data) = std::env::var_os("ProgramData") {
            out.push(PathBuf::from(data).join(r"Microsoft\Windows\Start Menu\Programs\StartUp"));
        }
        out
    }

    /// The shortcuts in the Startup folders whose target is the program.
    pub fn find(scope: &Scope, found: &mut Findings) {
        for dir in folders() {
            for name in found.names(&dir) {
                if !name.to_string_lossy().to_lowercase().ends_with(".lnk") {
                    continue;
                }
                let path = dir.join(&name);
                let Some(saved) = found.read(&path) else {
                    continue;
                };
                let Some(target) = super::target(&saved.bytes) else {
                    continue;
                };
                let runs = scope.exe.as_ref().is_none_or(|exe| {
                    super::super::runkey::same_path(&target, &exe.to_string_lossy())
                        || crate::startup::exec::runs(target.as_bytes(), exe, &[])
                });
                if !runs {
                    continue;
                }
                let bytes = journal::path_bytes(&path);
                found.entries.push(Entry {
                    id: id_of(Kind::StartupFolder, &[&bytes]),
                    kind: Kind::StartupFolder,
                    path: text(&path),
                    command: target,
                    enabled: true,
                    disabled_by_portscope: false,
                    wanted_by: Vec::new(),
                    plan: vec![Change::File {
                        path: bytes,
                        before: Some(saved),
                        after: None,
                    }],
                    unit: None,
                });
            }
        }
    }
}

#[cfg(windows)]
pub use os::find;

#[cfg(test)]
mod tests {
    use super::*;

    /// A shell link with an ID list of `id_list` bytes and a LinkInfo holding `path` (ANSI, or
    /// Unicode when `unicode`).
    fn link(id_list: usize, path: &str, unicode: bool) -> Vec<u8> {
        let mut b = vec![0u8; 0x4c];
        b[0] = 0x4c;
        b[4..8].copy_from_slice(&[0x01, 0x14, 0x02, 0x00]);
        let flags = HAS_LINK_INFO | if id_list > 0 { HAS_ID_LIST } else { 0 };
        b[20..24].copy_from_slice(&flags.to_le_bytes());
        if id_list > 0 {
            b.extend_from_slice(&u16::try_from(id_list).unwrap().to_le_bytes());
            b.extend(std::iter::repeat_n(0xaa, id_list));
        }
        let header: u32 = if unicode { 0x24 } else { 0x1c };
        let mut info = vec![0u8; header as usize];
        info[4..8].copy_from_slice(&header.to_le_bytes());
        info[8..12].copy_from_slice(&HAS_LOCAL_PATH.to_le_bytes());
        let ansi_at = info.len() as u32;
        info.extend(path.bytes().filter(u8::is_ascii));
        info.push(0);
        info[16..20].copy_from_slice(&ansi_at.to_le_bytes());
        if unicode {
            let wide_at = info.len() as u32;
            info.extend(path.encode_utf16().chain([0]).flat_map(u16::to_le_bytes));
            info[28..32].copy_from_slice(&wide_at.to_le_bytes());
        }
        let size = info.len() as u32;
        info[0..4].copy_from_slice(&size.to_le_bytes());
        b.extend(info);
        b
    }

    #[test]
    fn the_local_base_path_is_the_target() {
        assert_eq!(
            target(&link(0, r"C:\x\a.exe", false)).as_deref(),
            Some(r"C:\x\a.exe")
        );
        assert_eq!(
            target(&link(20, r"C:\x\a.exe", false)).as_deref(),
            Some(r"C:\x\a.exe")
        );
        assert_eq!(
            target(&link(20, r"C:\程序\a.exe", true)).as_deref(),
            Some(r"C:\程序\a.exe")
        );
    }

    #[test]
    fn other_files_and_broken_links_name_nothing() {
        assert_eq!(target(b"not a link"), None);
        assert_eq!(target(&[]), None);
        let good = link(20, r"C:\x\a.exe", true);
        for cut in [10, 0x4c, 0x4c + 10, good.len() - 30] {
            assert_eq!(target(&good[..cut]), None, "cut at {cut}");
        }
        let mut no_info = good.clone();
        no_info[20] = HAS_ID_LIST as u8;
        assert_eq!(target(&no_info), None);
        let mut huge_list = good;
        huge_list[0x4c..0x4e].copy_from_slice(&u16::MAX.to_le_bytes());
        assert_eq!(target(&huge_list), None, "an ID list longer than the file");
    }
}
