//! The window icon: the 128 px PNG from `assets/icon/`, compiled in and decoded at startup.

use std::sync::Arc;

/// The icon file, compiled in so it can't go missing. 128 px, not 256: on X11 (winit 0.30) a
/// 256 px icon left `_NET_WM_ICON` empty (seen with xprop under Xvfb), 128 px arrives intact.
const ICON_PNG: &[u8] = include_bytes!("../../assets/icon/portscope-128.png");

/// Decode `png` into an icon; a broken image is logged and gives `None` (the window then opens
/// with the platform's default icon), never a panic.
fn decode(png: &[u8]) -> Option<Arc<egui::IconData>> {
    match eframe::icon_data::from_png_bytes(png) {
        Ok(icon) => Some(Arc::new(icon)),
        Err(e) => {
            log::warn!("could not decode the window icon: {e}");
            None
        }
    }
}

/// PortScope's window icon, or `None` when it can't be decoded.
pub(crate) fn window_icon() -> Option<Arc<egui::IconData>> {
    decode(ICON_PNG)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_icon_decodes_to_128_square_rgba() {
        let icon = window_icon().expect("the embedded icon decodes");
        assert_eq!((icon.width, icon.height), (128, 128));
        assert_eq!(icon.rgba.len(), 128 * 128 * 4);
        // Not a blank square: some pixels are opaque, some (the corners) transparent.
        let alpha: Vec<u8> = icon.rgba.chunks_exact(4).map(|p| p[3]).collect();
        assert!(alpha.contains(&255), "no opaque pixel");
        assert!(alpha.contains(&0), "no transparent pixel");
    }

    #[test]
    fn a_broken_icon_is_none_not_a_panic() {
        assert!(decode(b"not a png").is_none());
        assert!(decode(&ICON_PNG[..ICON_PNG.len() / 2]).is_none());
    }
}
