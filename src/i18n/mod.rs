//! The one message catalogue: every user-visible string is a message of `catalog.rs`, looked
//! up per `Lang`. `messages!` makes, from that one list, the message names (`Msg::X`, of type
//! [`Msg`] when the text takes no arguments, [`Fmt<N>`] when it takes N), each language's
//! table, and compile-time checks: every message has a text in every language, and each text
//! uses exactly the markers its argument count says. Widgets never change for a new language.

mod catalog;

use std::fmt::Display;

/// A UI language.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese (简体中文).
    Zh,
}

impl Lang {
    /// Every language the catalogue has.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language's short code, as data files key their texts (`en`, `zh`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language of `code` (see [`Lang::code`]).
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language's own name, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    /// Pick a language from a locale string such as `zh_CN.UTF-8` or `en-US`; unknown gives English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language of the user's system locale: `LANGUAGE`, `LC_ALL`, `LC_MESSAGES` or `LANG`
    /// (the first set and non-empty, as gettext reads them), else the OS's own setting
    /// (Windows' user locale, macOS' preferred languages), else English.
    pub fn detect() -> Lang {
        Lang::detect_with(&|name| std::env::var(name).ok(), &sys_locale::get_locale)
    }

    /// `detect` with the environment and the OS locale passed in (for tests).
    pub fn detect_with(
        var: &dyn Fn(&str) -> Option<String>,
        system: &dyn Fn() -> Option<String>,
    ) -> Lang {
        for name in ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = var(name).filter(|v| !v.is_empty()) {
                return Lang::from_locale(&v);
            }
        }
        system().map_or(Lang::En, |locale| Lang::from_locale(&locale))
    }
}

/// Makes the catalogue from `catalog.rs`'s one list (see there): the identities ([`Id`]), the
/// typed names (`Msg::X`), the tables, and the compile-time checks of every text.
macro_rules! messages {
    ( $( $(#[$doc:meta])* $name:ident $( ( $n:literal ) )? { en: $en:literal, zh: $zh:literal $(,)? } )* ) => {
        /// Every message's identity, plain or with arguments, in catalogue order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Id {
            $( $(#[$doc])* $name, )*
        }

        impl Id {
            /// Every message, in catalogue order.
            pub const ALL: &'static [Id] = &[ $( Id::$name, )* ];

            /// How many arguments the message takes.
            pub const fn arity(self) -> usize {
                match self {
                    $( Id::$name => 0 $( + $n )?, )*
                }
            }

            /// The text in `lang`.
            // A lookup table, one arm per message: splitting it would only scatter it.
            #[allow(clippy::too_many_lines)]
            pub const fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                match lang {
                    $crate::i18n::Lang::En => match self {
                        $( Id::$name => $en, )*
                    },
                    $crate::i18n::Lang::Zh => match self {
                        $( Id::$name => $zh, )*
                    },
                }
            }
        }

        #[allow(non_upper_case_globals, missing_docs)]
        impl $crate::i18n::Msg {
            $( $crate::i18n::message_name!($name $( $n )?); )*
        }

        // Every text uses exactly the markers its argument count says.
        const _: () = {
            $(
                assert!(
                    $crate::i18n::markers_fit($en, 0 $( + $n )?),
                    concat!("the English text of ", stringify!($name), " does not use exactly its arguments' markers")
                );
                assert!(
                    $crate::i18n::markers_fit($zh, 0 $( + $n )?),
                    concat!("the Chinese text of ", stringify!($name), " does not use exactly its arguments' markers")
                );
            )*
        };
    };
}
pub(crate) use messages;

/// One typed name: a plain message is a [`Msg`], one with N arguments an [`Fmt<N>`].
macro_rules! message_name {
    ($name:ident) => {
        pub const $name: $crate::i18n::Msg = $crate::i18n::Msg($crate::i18n::Id::$name);
    };
    ($name:ident $n:literal) => {
        pub const $name: $crate::i18n::Fmt<$n> = $crate::i18n::Fmt($crate::i18n::Id::$name);
    };
}
pub(crate) use message_name;

pub use catalog::Id;

/// A message without arguments: `tr.t(Msg::X)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Msg(Id);

/// A message with `N` arguments: `tr.f(Msg::X, &[&a, …])`, exactly `N` of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fmt<const N: usize>(Id);

impl Msg {
    /// Its identity.
    pub fn id(self) -> Id {
        self.0
    }
}

impl<const N: usize> Fmt<N> {
    /// Its identity.
    pub fn id(self) -> Id {
        self.0
    }
}

/// Whether `text` uses exactly the markers `{0}`…`{n-1}`, each at least once (`{i}` or a
/// plural choice `{i|one|other}`, which must have its two forms and its closing brace).
/// Checked at compile time for every text of the catalogue.
pub const fn markers_fit(text: &str, n: usize) -> bool {
    let b = text.as_bytes();
    let mut used: u64 = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'{' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut index: usize = 0;
        while j < b.len() && b[j].is_ascii_digit() {
            index = index * 10 + (b[j] - b'0') as usize;
            j += 1;
        }
        let digits = j - i - 1;
        if digits == 0 || j >= b.len() || (b[j] != b'}' && b[j] != b'|') {
            i += 1; // not a marker: a brace of the text
            continue;
        }
        if index >= n || index >= 64 {
            return false;
        }
        if b[j] == b'|' {
            // Two forms, then `}`; no brace inside.
            let mut bars = 1;
            j += 1;
            while j < b.len() && b[j] != b'}' {
                if b[j] == b'{' {
                    return false;
                }
                if b[j] == b'|' {
                    bars += 1;
                }
                j += 1;
            }
            if j >= b.len() || bars != 2 {
                return false;
            }
        }
        used |= 1 << index;
        i = j + 1;
    }
    n >= 64 || used == (1u64 << n) - 1
}

/// Looks up messages in one language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tr {
    /// The language used.
    pub lang: Lang,
}

impl Tr {
    /// A translator for `lang`.
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    /// The text of a message without arguments.
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.0.text(self.lang)
    }

    /// The message with `{0}`, `{1}`… replaced by `args` (exactly as many as it takes), and
    /// each plural choice `{i|one|other}` made by argument `i`.
    pub fn f<const N: usize>(&self, msg: Fmt<N>, args: &[&dyn Display; N]) -> String {
        fill(msg.0.text(self.lang), args)
    }
}

/// Replace `{n}` markers with arguments in one pass over the template; a marker without an
/// argument stays as it is. Text that comes *from* an argument is never scanned again, so a
/// process named `x{1}y` stays exactly that.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let marker = after.find('}').and_then(|close| {
            let inner = &after[..close];
            let (number, forms) = match inner.split_once('|') {
                Some((number, forms)) => (number, Some(forms.split_once('|')?)),
                None => (inner, None),
            };
            let index: usize = number.parse().ok()?;
            Some((index, forms, close))
        });
        match marker {
            Some((index, forms, close)) if index < args.len() => {
                let shown = args[index].to_string();
                match forms {
                    Some((one, other)) => out.push_str(if shown == "1" { one } else { other }),
                    None => out.push_str(&shown),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_markers_in_any_order() {
        assert_eq!(fill("{1} of {0}", &[&"a", &3]), "3 of a");
        assert_eq!(fill("{0} and {2}", &[&"x"]), "x and {2}");
    }

    #[test]
    fn arguments_are_never_substituted_again() {
        // Issue 9, bug 10: a hostile process name must come out exactly as it is.
        assert_eq!(
            fill("“{0}” (PID {1})", &[&"x{1}y", &42]),
            "“x{1}y” (PID 42)"
        );
        assert_eq!(fill("{1}{0}", &[&"{1}", &"{0}"]), "{0}{1}");
        assert_eq!(fill("{{0}} {x} {", &[&"a"]), "{a} {x} {");
    }

    /// True when `t` has a marker such as `{+1}` or `{01}`: `fill` reads it as a number too.
    fn has_odd_marker(t: &str) -> bool {
        t.match_indices('{').any(|(at, _)| {
            let after = &t[at + 1..];
            after.find('}').is_some_and(|close| {
                let inner = &after[..close];
                inner.parse::<usize>().is_ok_and(|n| n.to_string() != inner)
            })
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]
        #[test]
        fn any_argument_text_is_inserted_verbatim(name in "\\PC*", pid in 0u32..) {
            let out = fill("End “{0}” (PID {1})?", &[&name, &pid]);
            proptest::prop_assert_eq!(out, format!("End “{name}” (PID {pid})?"));
        }
    }

    proptest::proptest! {
        // Cases: PROPTEST_CASES (256 by default; .ci/run sets 10,000 in a release build).
        #![proptest_config(proptest::prelude::ProptestConfig::default())]

        #[test]
        fn any_template_fills_without_panic_and_keeps_arguments_verbatim(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "\\PC{0,6}",
                    "[{}0-9+x-]{1,5}",
                    proptest::strategy::Strategy::prop_map(0usize..5, |i| format!("{{{i}}}")),
                ],
                0..10,
            ),
            args in proptest::collection::vec("\\PC{0,8}", 0..4),
        ) {
            let template = parts.concat();
            let shown: Vec<&dyn Display> = args.iter().map(|a| a as &dyn Display).collect();
            let out = fill(&template, &shown);
            // Every `{i}` with an argument is replaced by that argument, exactly as it is.
            let mut expected_len = template.len();
            for (i, arg) in args.iter().enumerate() {
                let marker = format!("{{{i}}}");
                let uses = template.matches(&marker).count();
                if uses > 0 {
                    proptest::prop_assert!(out.contains(arg.as_str()), "{arg:?} missing in {out:?}");
                }
                expected_len = expected_len + uses * arg.len() - uses * marker.len();
            }
            // With only plain markers, nothing else changes, so the length is exact.
            if !has_odd_marker(&template) {
                proptest::prop_assert_eq!(out.len(), expected_len, "{:?} → {:?}", template, out);
            }
            // Text without a `{` is returned unchanged.
            if !template.contains('{') {
                proptest::prop_assert_eq!(&out, &template);
            }
        }
    }

    #[test]
    fn environment_comes_first_in_order_then_the_system_locale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let zh_system = || Some("zh-CN".to_owned());
        let en_system = || Some("en-US".to_owned());
        let no_system = || None;
        // LANGUAGE beats LC_ALL beats LANG; empty values are skipped.
        let all = env(&[("LANGUAGE", "zh_CN:en"), ("LC_ALL", "en_US.UTF-8")]);
        assert_eq!(Lang::detect_with(&all, &en_system), Lang::Zh);
        let lc_all = env(&[
            ("LANGUAGE", ""),
            ("LC_ALL", "en_US.UTF-8"),
            ("LANG", "zh_CN"),
        ]);
        assert_eq!(Lang::detect_with(&lc_all, &zh_system), Lang::En);
        let lang = env(&[("LANG", "zh_TW.UTF-8")]);
        assert_eq!(Lang::detect_with(&lang, &en_system), Lang::Zh);
        // Nothing in the environment (Windows, macOS apps): the OS's setting decides.
        let none = env(&[("LANG", "")]);
        assert_eq!(Lang::detect_with(&none, &zh_system), Lang::Zh);
        assert_eq!(Lang::detect_with(&none, &en_system), Lang::En);
        assert_eq!(Lang::detect_with(&none, &no_system), Lang::En);
    }

    #[test]
    fn locales_pick_languages() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh-Hans"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::En);
    }

    #[test]
    fn every_text_exists_and_keeps_its_arguments() {
        for id in Id::ALL {
            for lang in Lang::ALL {
                let text = id.text(lang);
                assert!(!text.trim().is_empty(), "{id:?} has no {lang:?} text");
                assert!(markers_fit(text, id.arity()), "{id:?} in {lang:?}");
            }
        }
        assert!(Id::ALL.len() > 400);
        assert!(Id::ALL.iter().filter(|m| m.arity() > 0).count() > 100);
    }

    #[test]
    fn markers_must_be_exactly_the_arguments() {
        assert!(markers_fit("no markers", 0));
        assert!(markers_fit("{1} of {0}", 2));
        assert!(!markers_fit("{0}", 0), "a marker too many");
        assert!(!markers_fit("{0} and {2}", 3), "the second unused");
        assert!(!markers_fit("{0}", 2), "an argument never shown");
        assert!(markers_fit("{0} {0|row|rows}", 1));
        assert!(!markers_fit("{0|row}", 1), "one form");
        assert!(!markers_fit("{0|a|b|c}", 1), "three forms");
        assert!(!markers_fit("{0|row|rows", 1), "unclosed");
        assert!(markers_fit("{x} {} {", 0), "braces of the text");
    }

    #[test]
    fn plural_choices_follow_the_count() {
        assert_eq!(fill("{0} {0|row|rows}", &[&1]), "1 row");
        assert_eq!(fill("{0} {0|row|rows}", &[&0]), "0 rows");
        assert_eq!(fill("{0} {0|row|rows}", &[&21]), "21 rows");
        assert_eq!(fill("{1|is|are} {1}", &[&"x", &"1"]), "is 1");
        // Without its argument, a choice stays as it is, like any marker.
        assert_eq!(fill("{0|a|b}", &[]), "{0|a|b}");
    }
}
