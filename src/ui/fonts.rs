//! Fonts: egui's built-in fonts have no Chinese glyphs, so we add a subset of Noto Sans CJK SC
//! compiled into the binary: every Chinese text PortScope shows, plus GB2312 level 1, so Chinese
//! never shows as boxes. A process name or path can hold any character, though (a rare hanzi,
//! kana, hangul): for those, the system's CJK font (Noto Sans CJK / WenQuanYi on Linux, Microsoft
//! YaHei on Windows, PingFang on macOS) is read the first time a text needs a glyph none of the
//! installed fonts has. Most sessions never need it, and it costs ~20 MB of memory once read.

use std::sync::{Arc, OnceLock};

use egui::{FallbackRequest, FontData, FontInsert, FontProvider};

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

/// The bundled CJK fallback: every character of the Chinese texts plus GB2312 level 1
/// (see `assets/fonts/README.md`; SIL Open Font License 1.1).
pub const BUNDLED_CJK: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-PortScope-subset.otf");

/// Give `ctx` its fonts: egui's own, then the bundled CJK font, and the system's CJK font on
/// demand (see [`SystemCjkOnDemand`]). Returns whether a system CJK font was found; Chinese text
/// displays either way.
pub fn install(ctx: &egui::Context) -> bool {
    ctx.set_fonts(definitions());
    let system = SystemCjkOnDemand::new(find_cjk_font());
    let found = system.path.is_some();
    if !found {
        log::warn!(
            "no system CJK font found (e.g. apt install fonts-noto-cjk); Chinese text uses the bundled subset font"
        );
    }
    ctx.add_font_provider(Arc::new(system));
    found
}

/// The system's CJK font, read the first time egui asks for a character that none of its
/// installed fonts has, and offered only for the characters it has. egui asks at most once per
/// family and character, and appends the font after the installed ones.
pub struct SystemCjkOnDemand {
    path: Option<&'static str>,
    font: OnceLock<Option<FontData>>,
}

impl SystemCjkOnDemand {
    /// A provider for the font file at `path` (none: it never offers a font).
    pub fn new(path: Option<&'static str>) -> Self {
        SystemCjkOnDemand {
            path,
            font: OnceLock::new(),
        }
    }

    /// Whether the font file has been read.
    pub fn is_loaded(&self) -> bool {
        self.font.get().is_some_and(Option::is_some)
    }

    fn font(&self) -> Option<&FontData> {
        self.font
            .get_or_init(|| {
                self.path
                    .and_then(read_system_font)
                    .map(FontData::from_owned)
            })
            .as_ref()
    }
}

impl FontProvider for SystemCjkOnDemand {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let c = request.cluster.chars().next()?;
        // Only a CJK character is worth the read: for anything else (Hebrew, a zero-width
        // space, an emoji egui lacks) this font is no help.
        if !is_cjk_script(c) {
            return None;
        }
        let data = self.font()?;
        let face = skrifa::FontRef::from_index((*data.font).as_ref(), data.index).ok()?;
        use skrifa::MetadataProvider;
        face.charmap().map(c)?;
        Some(FontInsert {
            name: "cjk".into(),
            data: data.clone(),
            families: Vec::new(),
        })
    }
}

/// Characters of the scripts a CJK font is for: Han (with radicals, strokes and the
/// compatibility and extension blocks), kana, hangul, bopomofo, CJK symbols and punctuation,
/// and full-width forms.
fn is_cjk_script(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF         // Hangul Jamo
        | 0x2E80..=0x9FFF       // radicals, CJK symbols, kana, bopomofo, Han (with Ext A)
        | 0xA960..=0xA97F       // Hangul Jamo Extended-A
        | 0xAC00..=0xD7FF       // Hangul syllables, Jamo Extended-B
        | 0xF900..=0xFAFF       // CJK compatibility ideographs
        | 0xFE30..=0xFE4F       // CJK compatibility forms
        | 0xFF00..=0xFFEF       // half-width and full-width forms
        | 0x1B000..=0x1B16F     // kana supplement and extensions
        | 0x20000..=0x3FFFF) // Han extensions B and later
}

/// The system CJK font's bytes; a file that can't be read is logged and skipped.
fn read_system_font(path: &'static str) -> Option<Vec<u8>> {
    match std::fs::read(path) {
        Ok(bytes) => {
            log::info!("a text needs a glyph the bundled fonts lack: read {path}");
            Some(bytes)
        }
        Err(e) => {
            log::warn!("could not read the CJK font {path}: {e}; using the bundled font");
            None
        }
    }
}

/// egui's default fonts, then the bundled CJK font, in every family, then egui's other text font
/// (Hack for proportional text, Ubuntu for monospace).
fn definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "cjk-bundled".into(),
        Arc::new(FontData::from_static(BUNDLED_CJK)),
    );
    // Last resort: egui's other text font (where the family lacks it). Hack has the ● ▲ → of the
    // risk icons and arrows, which neither Ubuntu-Light, egui's emoji fonts nor the subset have.
    for (family, other) in [
        (egui::FontFamily::Proportional, "Hack"),
        (egui::FontFamily::Monospace, "Ubuntu-Light"),
    ] {
        let has_other = fonts.font_data.contains_key(other);
        let list = fonts.families.entry(family).or_default();
        list.push("cjk-bundled".to_owned());
        if has_other && !list.iter().any(|n| n == other) {
            list.push(other.to_owned());
        }
    }
    fonts
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use skrifa::instance::{LocationRef, Size};
    use skrifa::outline::{DrawSettings, OutlinePen};
    use skrifa::{FontRef, MetadataProvider};

    use super::*;
    use crate::i18n::{Id, Lang, Msg, Tr};

    /// Every character PortScope shows in Chinese: the whole zh catalogue, the language names,
    /// and every text of the knowledge base (its zh texts, and names such as 冰河).
    fn chinese_texts() -> BTreeSet<char> {
        let mut chars: BTreeSet<char> = Id::ALL
            .iter()
            .flat_map(|m| m.text(Lang::Zh).chars())
            .collect();
        chars.extend(Lang::ALL.iter().flat_map(|l| l.native_name().chars()));
        fn walk(value: &toml::Value, chars: &mut BTreeSet<char>) {
            match value {
                toml::Value::String(s) => chars.extend(s.chars()),
                toml::Value::Array(items) => items.iter().for_each(|v| walk(v, chars)),
                toml::Value::Table(table) => table.values().for_each(|v| walk(v, chars)),
                _ => {}
            }
        }
        let kb: toml::Value = toml::from_str(include_str!("../../assets/ports.toml"))
            .expect("assets/ports.toml parses");
        walk(&kb, &mut chars);
        chars.extend(include_str!("../../assets/country-names-zh.tsv").chars());
        chars.retain(|c| !c.is_control());
        chars
    }

    /// Counts the path commands of a glyph outline.
    #[derive(Default)]
    struct Count(usize);
    impl OutlinePen for Count {
        fn move_to(&mut self, _: f32, _: f32) {
            self.0 += 1;
        }
        fn line_to(&mut self, _: f32, _: f32) {
            self.0 += 1;
        }
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {
            self.0 += 1;
        }
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {
            self.0 += 1;
        }
        fn close(&mut self) {
            self.0 += 1;
        }
    }

    /// True when `font` maps `c` to a glyph whose outline draws something.
    fn draws(font: &FontRef<'_>, c: char) -> bool {
        let Some(glyph) = font.charmap().map(c) else {
            return false;
        };
        let Some(outline) = font.outline_glyphs().get(glyph) else {
            return false;
        };
        let mut pen = Count::default();
        let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
        outline.draw(settings, &mut pen).is_ok() && pen.0 > 0
    }

    fn bundled() -> FontRef<'static> {
        FontRef::new(BUNDLED_CJK).expect("the bundled font parses")
    }

    #[test]
    fn bundled_font_draws_every_cjk_character_of_the_chinese_texts() {
        let font = bundled();
        let cjk: Vec<char> = chinese_texts()
            .into_iter()
            .filter(|c| is_cjk_script(*c))
            .collect();
        assert!(cjk.len() > 500, "only {} CJK characters found", cjk.len());
        let missing: String = cjk.iter().filter(|c| !draws(&font, **c)).collect();
        assert!(missing.is_empty(), "the bundled font lacks: {missing}");
    }

    /// Every non-ASCII character of the source files under `dir`: the symbols the UI code
    /// writes itself (risk icons ● ▲ ℹ, arrows, emoji), plus those of comments and tests.
    fn source_characters(dir: &std::path::Path, chars: &mut BTreeSet<char>) {
        let entries = std::fs::read_dir(dir).expect("read src/");
        for path in entries.map(|e| e.expect("a directory entry").path()) {
            if path.is_dir() {
                source_characters(&path, chars);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read a source file");
                chars.extend(text.chars().filter(|c| !c.is_ascii() && !c.is_control()));
            }
        }
    }

    #[test]
    fn without_a_system_font_every_shown_character_has_a_glyph_in_each_family() {
        let mut chars = chinese_texts();
        chars.extend(Id::ALL.iter().flat_map(|m| m.text(Lang::En).chars()));
        source_characters(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut chars,
        );
        chars.retain(|c| !c.is_control());
        for c in ['●', '▲', 'ℹ', '⚠', '🔍', '⏸', '⚙'] {
            assert!(
                chars.contains(&c),
                "{c} is no longer shown: update this test"
            );
        }
        // What egui uses when no system CJK font is found: its own fonts, then the bundled one.
        let fonts = definitions();
        for (family, names) in &fonts.families {
            let chain: Vec<FontRef<'_>> = names
                .iter()
                .map(|name| {
                    let data = &fonts.font_data[name];
                    FontRef::from_index((*data.font).as_ref(), data.index).expect("a font parses")
                })
                .collect();
            let missing: String = chars
                .iter()
                .filter(|c| !chain.iter().any(|f| f.charmap().map(**c).is_some()))
                .collect();
            assert!(
                missing.is_empty(),
                "{family:?} ({names:?}) has no glyph for: {missing}"
            );
        }
    }

    #[test]
    fn bundled_font_comes_after_egui_fonts() {
        let default = egui::FontDefinitions::default();
        let fonts = definitions();
        assert!(
            !fonts.font_data.contains_key("cjk"),
            "the system font waits"
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            let egui_list = &default.families[&family];
            assert!(!egui_list.is_empty());
            let other = match family {
                egui::FontFamily::Monospace => "Ubuntu-Light",
                _ => "Hack",
            };
            // The other text font comes last, unless egui already has it in this family.
            let last: &[&str] = if egui_list.iter().any(|n| n == other) {
                &[]
            } else {
                &[other]
            };
            let mut expected = egui_list.clone();
            expected.extend(["cjk-bundled"].iter().chain(last).map(|n| (*n).to_owned()));
            assert_eq!(fonts.families[&family], expected);
        }
    }

    /// One frame, so the fonts are loaded; no renderer takes the font texture here.
    fn one_frame(ctx: &egui::Context) {
        ctx.run_ui(egui::RawInput::default(), |_| {})
            .textures_delta
            .clear();
    }

    #[test]
    fn egui_draws_chinese_with_only_the_bundled_font() {
        let ctx = egui::Context::default();
        ctx.set_fonts(definitions());
        one_frame(&ctx);
        let text = Tr::new(Lang::Zh).t(Msg::WindowTitle);
        assert!(text.chars().any(is_cjk_script), "{text} has no Chinese");
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            let font = egui::FontId::new(14.0, family);
            assert!(
                ctx.fonts_mut(|f| f.has_glyphs(&font, text)),
                "{font:?}: {text}"
            );
        }
        // And without it, egui alone would show boxes: the check above can fail.
        let bare = egui::Context::default();
        one_frame(&bare);
        let font = egui::FontId::proportional(14.0);
        assert!(!bare.fonts_mut(|f| f.has_glyphs(&font, text)));
    }

    #[test]
    fn the_system_font_is_read_only_for_a_character_no_installed_font_has() {
        let path = find_cjk_font().expect("a system CJK font (apt install fonts-noto-cjk)");
        let ctx = egui::Context::default();
        ctx.set_fonts(definitions());
        let system = Arc::new(SystemCjkOnDemand::new(Some(path)));
        ctx.add_font_provider(Arc::clone(&system) as Arc<dyn FontProvider>);
        one_frame(&ctx);
        let font = egui::FontId::proportional(14.0);
        // The whole UI, in both languages: the installed fonts have it all.
        for lang in Lang::ALL {
            for msg in Id::ALL {
                let text = msg.text(lang);
                assert!(ctx.fonts_mut(|f| f.has_glyphs(&font, text)), "{text}");
            }
        }
        assert!(!system.is_loaded(), "read for the UI's own texts");
        // Nor for a character of another script the installed fonts lack (Hebrew alef, a
        // zero-width space): a CJK font would not help.
        ctx.fonts_mut(|f| f.has_glyphs(&font, "\u{5D0}\u{200B}"));
        assert!(!system.is_loaded(), "read for a character it can't draw");
        // A Korean program name (written as escapes: the source files' own characters must not
        // need the system font, see the test above): read now, and drawn.
        let korean = "\u{D55C}\u{AD6D}\u{C5B4}";
        assert!(ctx.fonts_mut(|f| f.has_glyphs(&font, korean)));
        assert!(system.is_loaded());
        // Without a system font, the same name has no glyph, and nothing fails.
        let bare = egui::Context::default();
        bare.set_fonts(definitions());
        bare.add_font_provider(Arc::new(SystemCjkOnDemand::new(None)));
        one_frame(&bare);
        assert!(!bare.fonts_mut(|f| f.has_glyphs(&font, korean)));
    }
}
