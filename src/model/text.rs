//! Showing attacker-controlled text (process names, paths, command lines) safely: characters
//! that act (controls), reorder (bidi controls) or hide (render as nothing or as blank) become
//! visible `\u{..}` escapes, and paths keep bytes that are not UTF-8 as `\xNN` escapes.
//!
//! One classifier, [`hidden_kind`], decides what is hidden. The escaping below
//! ([`show_invisible`]) and the name-spoofing rule (`risk::rules`, through [`skeleton`]) both use
//! it, so a character the rule looks through is also one every output shows escaped.

use std::borrow::Cow;

use unicode_general_category::{GeneralCategory, get_general_category};

/// How a character hides from whoever reads the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hidden {
    /// A C0 or C1 control (General Category Cc): it acts (moves the cursor, clears the
    /// screen, starts a terminal escape) rather than shows.
    Control,
    /// A bidirectional control (U+061C, U+200E/F, U+202A..E, U+2066..9): it reorders the
    /// characters around it, so `gpj\u{202e}exe.txt` reads as `gpjtxt.exe`.
    Reordering,
    /// Renders as nothing or as blank, so it can pad or split a name without being seen:
    /// - every other format character (Cf: U+200B..U+200D, U+2060..U+2064, U+FEFF, U+00AD,
    ///   U+180E, the tags U+E0001, U+E0020..U+E007F, …);
    /// - every space except U+0020 (Zs: U+00A0, U+1680, U+2000..U+200A, U+202F, U+205F,
    ///   U+3000) and the line and paragraph separators U+2028, U+2029 (Zl, Zp);
    /// - the rest of Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt:
    ///   the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the combining grapheme joiner
    ///   U+034F, the Khmer inherent vowels U+17B4/5, the Mongolian variation selectors
    ///   U+180B..U+180F, the variation selectors U+FE00..U+FE0F and U+E0100..U+E01EF, and the
    ///   code points reserved as ignorable: U+2065, U+FFF0..U+FFF8, U+E0000..U+E0FFF);
    /// - symbols whose glyph is blank: U+2800 BRAILLE PATTERN BLANK and U+1D159 MUSICAL
    ///   SYMBOL NULL NOTEHEAD.
    Blank,
}

/// Which way `c` hides, or `None` for a character that shows as itself. U+0020 shows: it is
/// the one blank every reader expects.
///
/// The General Category comes from `unicode-general-category` (Unicode 16, as egui's own text
/// layout uses it); the Default_Ignorable list and the blank symbols are written out here.
pub fn hidden_kind(c: char) -> Option<Hidden> {
    if c.is_ascii_graphic() || c == ' ' {
        return None;
    }
    if c.is_control() {
        return Some(Hidden::Control);
    }
    if is_bidi_control(c) {
        return Some(Hidden::Reordering);
    }
    let blank = match get_general_category(c) {
        GeneralCategory::Format
        | GeneralCategory::SpaceSeparator
        | GeneralCategory::LineSeparator
        | GeneralCategory::ParagraphSeparator => true,
        _ => is_default_ignorable(c) || matches!(c, '\u{2800}' | '\u{1d159}'),
    };
    blank.then_some(Hidden::Blank)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 16): what a
/// renderer shows as nothing when it has no glyph. Most of it is Cf; these are all of it.
fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}'..='\u{1160}' | '\u{17b4}'..='\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}'
        | '\u{fff0}'..='\u{fff8}' | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e0fff}')
}

/// True for characters that must never reach the screen raw: those [`hidden_kind`] names.
pub fn is_hostile_char(c: char) -> bool {
    hidden_kind(c).is_some()
}

/// `s` as a reader sees it: without the characters that render as nothing or as blank
/// ([`Hidden::Blank`]) and without the blanks at either end. `ss\u{200b}hd` and `sshd\u{a0}`
/// both read as `sshd`. Controls and bidi controls are kept: they are flagged on their own.
pub fn skeleton(s: &str) -> Cow<'_, str> {
    let trimmed = s.trim_matches(' ');
    if !trimmed
        .chars()
        .any(|c| hidden_kind(c) == Some(Hidden::Blank))
    {
        return Cow::Borrowed(trimmed);
    }
    let kept: String = s
        .chars()
        .filter(|&c| hidden_kind(c) != Some(Hidden::Blank))
        .collect();
    Cow::Owned(kept.trim_matches(' ').to_owned())
}

/// `s` with every hostile character replaced by a visible escape such as `\u{202e}`.
pub fn show_invisible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hostile_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like `visible`, for text shown across lines (a command line): a newline shows as `↵` and a
/// carriage return as `←`, so an embedded line break is seen rather than escaped or obeyed.
pub fn show_invisible_multiline(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hostile_char) {
        return Cow::Borrowed(s);
    }
    let marked: String = s
        .chars()
        .map(|c| match c {
            '\n' => '↵',
            '\r' => '←',
            other => other,
        })
        .collect();
    Cow::Owned(show_invisible(&marked).into_owned())
}

/// A path as text, losing nothing: the path itself when it is valid Unicode, else an escaped
/// form. This is how PortScope shows a path (before [`show_invisible`]), writes it to JSON and
/// keys the trust list on it, so `bad\xff` and `bad\xfe` stay two different programs.
///
/// - A path that is valid Unicode and holds no `\x` followed by two hex digits is returned as
///   it is (every usual path, and every trust entry written before this form existed).
/// - Any other path is escaped: each byte that is not UTF-8 becomes `\xNN` (lower-case hex;
///   on Windows, the WTF-8 bytes of an unpaired surrogate), and each `\` becomes `\x5c`, so
///   every backslash of an escaped form starts an escape.
///
/// The two forms never meet: an escaped form with a backslash holds `\xNN`, which the first
/// form never does, and one without a backslash is a path the first form returns as it is.
/// So two paths get the same text only when they are the same path.
pub fn path_text(path: &std::path::Path) -> Cow<'_, str> {
    let bytes = path.as_os_str().as_encoded_bytes();
    if let Some(text) = path.to_str()
        && !looks_escaped(text)
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\x5c"),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    Cow::Owned(out)
}

/// True when `text` holds `\x` followed by two hex digits, as an escaped path does.
fn looks_escaped(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| {
        w[0] == b'\\' && w[1] == b'x' && w[2].is_ascii_hexdigit() && w[3].is_ascii_hexdigit()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            show_invisible("nginx: worker"),
            Cow::Borrowed("nginx: worker")
        ));
        assert_eq!(show_invisible("浏览器"), "浏览器");
    }

    #[test]
    fn line_breaks_show_as_symbols_in_multiline_text() {
        assert_eq!(show_invisible_multiline("a\nb\r\u{1b}"), "a↵b←\\u{1b}");
        assert!(matches!(
            show_invisible_multiline("plain"),
            Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn controls_and_bidi_overrides_become_escapes() {
        assert_eq!(
            show_invisible("evil\u{202e}txt.exe"),
            "evil\\u{202e}txt.exe"
        );
        assert_eq!(
            show_invisible("a\nb\tc\u{1b}[31m"),
            "a\\u{a}b\\u{9}c\\u{1b}[31m"
        );
        assert_eq!(show_invisible("x\u{2066}y\u{85}"), "x\\u{2066}y\\u{85}");
    }

    #[test]
    fn characters_that_render_as_nothing_or_blank_become_escapes() {
        for (raw, shown) in [
            ("ss\u{200b}hd", "ss\\u{200b}hd"),
            ("sshd\u{a0}", "sshd\\u{a0}"),
            (
                "a\u{feff}\u{ad}\u{2060}\u{180e}b",
                "a\\u{feff}\\u{ad}\\u{2060}\\u{180e}b",
            ),
            (
                "\u{3164}\u{115f}\u{1160}\u{ffa0}",
                "\\u{3164}\\u{115f}\\u{1160}\\u{ffa0}",
            ),
            (
                "x\u{2800}\u{034f}\u{fe0f}\u{e0041}",
                "x\\u{2800}\\u{34f}\\u{fe0f}\\u{e0041}",
            ),
            (
                "\u{2028}\u{2029}\u{3000}\u{1680}\u{202f}",
                "\\u{2028}\\u{2029}\\u{3000}\\u{1680}\\u{202f}",
            ),
        ] {
            assert_eq!(show_invisible(raw), shown);
        }
        assert_eq!(show_invisible("a b"), "a b", "U+0020 is an ordinary space");
    }

    #[test]
    fn every_format_character_and_every_other_space_is_hidden() {
        let all = (0..=0x10_ffff_u32).filter_map(char::from_u32);
        for c in all {
            let category = get_general_category(c);
            let must_hide = matches!(
                category,
                GeneralCategory::Format
                    | GeneralCategory::Control
                    | GeneralCategory::LineSeparator
                    | GeneralCategory::ParagraphSeparator
            ) || (category == GeneralCategory::SpaceSeparator && c != ' ')
                || is_default_ignorable(c);
            if must_hide {
                assert!(is_hostile_char(c), "U+{:04X} ({category:?})", c as u32);
            }
        }
        assert_eq!(hidden_kind('\u{202e}'), Some(Hidden::Reordering));
        assert_eq!(hidden_kind('\u{1b}'), Some(Hidden::Control));
        assert_eq!(hidden_kind('\u{200b}'), Some(Hidden::Blank));
        for shown in ['a', ' ', '浏', 'é', '\u{301}', '😀', '\u{fffd}'] {
            assert_eq!(hidden_kind(shown), None, "{shown:?}");
        }
    }

    #[test]
    fn the_skeleton_is_what_a_reader_sees() {
        assert_eq!(skeleton("ss\u{200b}hd"), "sshd");
        assert_eq!(skeleton("sshd\u{a0}"), "sshd");
        assert_eq!(skeleton("\u{3164}sshd\u{2800} "), "sshd");
        assert_eq!(skeleton(" \u{feff}"), "");
        assert_eq!(skeleton("nginx"), "nginx");
        assert_eq!(
            skeleton("x\u{202e}y"),
            "x\u{202e}y",
            "bidi is flagged on its own"
        );
    }

    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_stay_distinct_and_lossless() {
        use std::os::unix::ffi::OsStrExt;
        let path = |b: &[u8]| std::path::PathBuf::from(std::ffi::OsStr::from_bytes(b));
        assert_eq!(path_text(&path(b"/tmp/bad\xff")), "/tmp/bad\\xff");
        assert_eq!(path_text(&path(b"/tmp/bad\xfe")), "/tmp/bad\\xfe");
        assert!(matches!(
            path_text(&path(b"/usr/bin/\xe6\xb5\x8f x")),
            Cow::Borrowed("/usr/bin/浏 x")
        ));
        // A path that merely looks escaped is escaped too, so it can't pass for the other.
        let literal = path(b"/tmp/bad\\xff");
        assert_eq!(path_text(&literal), "/tmp/bad\\x5cxff");
        assert_eq!(path_text(&path(b"/a\\b\x80")), "/a\\x5cb\\x80");
        assert_eq!(
            path_text(&path(b"C:\\Windows\\x.exe")),
            "C:\\Windows\\x.exe"
        );
        let all = [
            &b"/tmp/bad\xff"[..],
            b"/tmp/bad\xfe",
            b"/tmp/bad\\xff",
            b"/tmp/bad\\x5cxff",
            b"/tmp/bad\\\xff",
            b"/tmp/bad",
        ];
        let texts: std::collections::HashSet<_> = all
            .iter()
            .map(|b| path_text(&path(b)).into_owned())
            .collect();
        assert_eq!(texts.len(), all.len(), "{texts:?}");
    }
}
