//! How long a block lasts: `--for 90s|1h|…`, `--until-restart` or `--always`, and the words for
//! a length of time. Pure: parsed and shown without a firewall.

use crate::i18n::{Msg, Tr};

/// The shortest timed block, in seconds.
pub const MIN_SECS: u64 = 1;
/// The longest timed block: one year (longer is `--always`).
pub const MAX_SECS: u64 = 365 * 86_400;

/// How long a block lasts, as asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifetime {
    /// This many seconds ([`MIN_SECS`]..=[`MAX_SECS`]); lifted by itself afterwards.
    For(u64),
    /// Until the computer restarts.
    UntilRestart,
    /// Always: kept across restarts where the platform allows it.
    Always,
}

/// What kind of block is in force, as read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Lifted by itself at a set time.
    Timed,
    /// Gone when the computer restarts.
    UntilRestart,
    /// Put back at every boot.
    Always,
}

impl Kind {
    /// The contract name, e.g. `until-restart` (as serde writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Timed => "timed",
            Kind::UntilRestart => "until-restart",
            Kind::Always => "always",
        }
    }
}

impl Lifetime {
    /// The kind of block this lifetime makes.
    pub fn kind(self) -> Kind {
        match self {
            Lifetime::For(_) => Kind::Timed,
            Lifetime::UntilRestart => Kind::UntilRestart,
            Lifetime::Always => Kind::Always,
        }
    }

    /// The seconds of a timed block.
    pub fn secs(self) -> Option<u64> {
        match self {
            Lifetime::For(s) => Some(s),
            _ => None,
        }
    }
}

/// Parse a length of time: `90`, `90s`, `15m`, `1h`, `2d`, `1h30m`, `1d12h` (whole units,
/// largest first, each at most once), from one second to one year.
pub fn parse_secs(text: &str) -> Result<u64, String> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t
            .parse::<u64>()
            .ok()
            .filter(|s| (MIN_SECS..=MAX_SECS).contains(s))
            .ok_or_else(|| range_error(text));
    }
    let bad = || format!("{text:?} is not a length of time (e.g. 90s, 15m, 1h, 1h30m, 2d)");
    let mut total: u64 = 0;
    let mut number: Option<u64> = None;
    let mut last_unit = u64::MAX;
    for c in t.chars() {
        if let Some(d) = c.to_digit(10) {
            let n = number.unwrap_or(0);
            // Anything past a year is refused below; stop growing long before overflow.
            number = Some(
                n.saturating_mul(10)
                    .saturating_add(u64::from(d))
                    .min(u64::MAX / 1000),
            );
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return Err(bad()),
        };
        let n = number.take().ok_or_else(bad)?;
        if unit >= last_unit {
            return Err(bad());
        }
        last_unit = unit;
        total = total.saturating_add(n.saturating_mul(unit));
    }
    if number.is_some() || total == 0 && last_unit == u64::MAX {
        return Err(bad());
    }
    if (MIN_SECS..=MAX_SECS).contains(&total) {
        Ok(total)
    } else {
        Err(range_error(text))
    }
}

fn range_error(text: &str) -> String {
    format!("must be from 1 second to 365 days (got {text}); for longer, use --always")
}

/// `secs` in the compact form `parse_secs` reads back: `1h30m`, `90s` → `1m30s`.
pub fn compact(secs: u64) -> String {
    let mut out = String::new();
    let mut rest = secs;
    for (unit, letter) in [(86_400, 'd'), (3_600, 'h'), (60, 'm'), (1, 's')] {
        let n = rest / unit;
        if n > 0 {
            out.push_str(&n.to_string());
            out.push(letter);
        }
        rest %= unit;
    }
    if out.is_empty() {
        out.push_str("0s");
    }
    out
}

/// `secs` in words of the UI language, at most two units: "1 h 30 min", "2 天 3 小时".
pub fn words(secs: u64, tr: &Tr) -> String {
    let units = [
        (86_400, Msg::UnitDays),
        (3_600, Msg::UnitHours),
        (60, Msg::UnitMinutes),
        (1, Msg::UnitSeconds),
    ];
    let mut parts = Vec::new();
    let mut rest = secs;
    for (unit, msg) in units {
        let n = rest / unit;
        rest %= unit;
        if n > 0 && parts.len() < 2 {
            parts.push(tr.f(msg, &[&n]));
        } else if !parts.is_empty() {
            // Two units at most, and only neighbours: "1 d 0 h 5 min" reads as "1 d".
            break;
        }
    }
    if parts.is_empty() {
        parts.push(tr.f(Msg::UnitSeconds, &[&0]));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn lengths_of_time_parse_in_every_form() {
        for (text, secs) in [
            ("90", 90),
            ("90s", 90),
            ("15m", 900),
            ("1h", 3600),
            ("1H", 3600),
            ("1h30m", 5400),
            ("2d", 172_800),
            ("1d12h", 129_600),
            ("1m30s", 90),
            (" 5s ", 5),
            ("365d", MAX_SECS),
        ] {
            assert_eq!(parse_secs(text), Ok(secs), "{text}");
        }
        for text in [
            "",
            "s",
            "0",
            "0s",
            "h1",
            "1x",
            "1h1h",
            "30m1h",
            "1.5h",
            "-1s",
            "366d",
            "1 h",
            "99999999999999999999999d",
            "1h30",
        ] {
            assert!(parse_secs(text).is_err(), "{text:?} must be refused");
        }
        assert!(parse_secs("400d").unwrap_err().contains("--always"));
    }

    #[test]
    fn compact_form_reads_back() {
        for secs in [1, 59, 60, 90, 3600, 5400, 86_400, 90_061, MAX_SECS] {
            assert_eq!(parse_secs(&compact(secs)), Ok(secs), "{secs}");
        }
        assert_eq!(compact(5400), "1h30m");
        assert_eq!(compact(0), "0s");
    }

    #[test]
    fn words_use_two_neighbouring_units_in_each_language() {
        let en = Tr::new(Lang::En);
        let zh = Tr::new(Lang::Zh);
        assert_eq!(words(3600, &en), "1 h");
        assert_eq!(words(5400, &en), "1 h 30 min");
        assert_eq!(words(86_400 + 300, &en), "1 d");
        assert_eq!(words(59, &en), "59 s");
        assert_eq!(words(5400, &zh), "1 小时 30 分钟");
    }
}
