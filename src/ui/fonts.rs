//! Fonts: egui's built-in fonts have no Chinese glyphs, so we add a CJK font from the system
//! (Noto Sans CJK / WenQuanYi on Linux, Microsoft YaHei on Windows, PingFang on macOS) as a
//! fallback. Without one, Chinese text would show as boxes, so the caller is told.

use std::sync::Arc;

/// Where CJK fonts usually live, best first.
const CANDIDATES: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
];

/// The first CJK font file found on this system.
pub fn find_cjk_font() -> Option<&'static str> {
    CANDIDATES
        .iter()
        .copied()
        .find(|p| std::path::Path::new(p).is_file())
}

/// Add a CJK fallback font to `ctx`. Returns false when none was found.
pub fn install(ctx: &egui::Context) -> bool {
    let Some(path) = find_cjk_font() else {
        log::warn!("no CJK font found; Chinese text will not display (install fonts-noto-cjk)");
        return false;
    };
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let mut fonts = egui::FontDefinitions::default();
    fonts
        .font_data
        .insert("cjk".into(), Arc::new(egui::FontData::from_owned(bytes)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("cjk".into());
    }
    ctx.set_fonts(fonts);
    true
}
