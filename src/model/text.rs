//! Showing attacker-controlled text (process names, paths, command lines) safely: control and
//! bidirectional-override characters become visible `\u{..}` escapes instead of acting.

use std::borrow::Cow;

/// True for characters that must never reach the screen raw: C0/C1 controls and the Unicode
/// bidi controls that can reorder what the user reads (e.g. U+202E RIGHT-TO-LEFT OVERRIDE).
pub fn is_hostile_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
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
}
