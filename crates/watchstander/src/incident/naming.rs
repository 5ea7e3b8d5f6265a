//! War-room names: `inc-2026-11-26-payments-latency`.
//!
//! A name is `<prefix>-<date>-<slug>`: the prefix (default `inc`), the detection date in the
//! rule's zone (default UTC), and a slug of the incident's title. Names fit chat platforms:
//! Slack channel names are at most 80 characters of lowercase letters, digits, `-` and `_`;
//! Microsoft Teams channel names at most 50 (set `max_length`).
//!
//! **Slugs** are lowercase ASCII letters and digits separated by single hyphens:
//!
//! * Latin letters with diacritics are transliterated (`é` → `e`, `ß` → `ss`, `Æ` → `ae`,
//!   `ł` → `l`); `&` becomes `and`; apostrophes vanish (`customer's` → `customers`).
//! * Every other character is a separator; runs of separators collapse into one hyphen, and
//!   none is left at either end. Characters with no Latin transliteration (CJK, Cyrillic, emoji)
//!   are dropped.
//! * If nothing is left, the slug of the incident id is used, then `incident`.
//! * Too long a name is cut at a hyphen when one lies in the last third of the room left (so
//!   words stay whole), else mid-word; it never ends with a hyphen.
//! * If the name is already `taken`, `-2`, `-3`, … is appended (cutting the slug further if
//!   needed) until it is free. The taken names are read once into a hash set, so the search
//!   costs O(taken names) even when every suffix up to the last is taken.
//!
//! ```
//! use watchstander::incident::{slugify, war_room_name, WarRoomRule};
//! use watchstander::time::parse_instant;
//! assert_eq!(slugify("Zahlungen: Größe über 10 MB — Fehler!"), "zahlungen-grosse-uber-10-mb-fehler");
//! let t = parse_instant("2026-11-26T23:30:00Z")?;
//! let rule = WarRoomRule::default();
//! assert_eq!(war_room_name(&rule, t, "Payments latency", "INC-1", &[])?, "inc-2026-11-26-payments-latency");
//! let taken = vec!["inc-2026-11-26-payments-latency".to_string()];
//! assert_eq!(war_room_name(&rule, t, "Payments latency", "INC-1", &taken)?, "inc-2026-11-26-payments-latency-2");
//! # Ok::<(), watchstander::incident::IncidentError>(())
//! ```

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::IncidentError;
use crate::time::Zone;

/// How war rooms are named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WarRoomRule {
    /// First part of the name (default `"inc"`); lowercase letters, digits and `-`.
    #[serde(default = "default_prefix")]
    pub prefix: String,
    /// Whether the detection date is part of the name (default true).
    #[serde(default = "yes")]
    pub date: bool,
    /// The zone the date is read in (default UTC).
    #[serde(default = "utc")]
    pub zone: Zone,
    /// The longest name allowed (default 80, Slack's limit; 50 suits Teams).
    #[serde(default = "eighty")]
    pub max_length: usize,
}

fn default_prefix() -> String {
    "inc".to_string()
}
fn yes() -> bool {
    true
}
fn utc() -> Zone {
    Zone::UTC
}
fn eighty() -> usize {
    80
}

impl Default for WarRoomRule {
    fn default() -> Self {
        WarRoomRule {
            prefix: default_prefix(),
            date: true,
            zone: Zone::UTC,
            max_length: 80,
        }
    }
}

impl WarRoomRule {
    /// The fixed part before the slug, e.g. `inc-2026-11-26-`.
    fn head(&self, at: DateTime<Utc>) -> String {
        let mut head = String::new();
        if !self.prefix.is_empty() {
            head.push_str(&self.prefix);
            head.push('-');
        }
        if self.date {
            head.push_str(&self.zone.at(at).format("%Y-%m-%d").to_string());
            head.push('-');
        }
        head
    }

    /// Checks the rule: a prefix that is itself a slug, room for at least a few characters of
    /// slug and a `-NN` suffix, at most 255 characters.
    pub fn validate(&self) -> Result<(), IncidentError> {
        let invalid = |reason: String| IncidentError::InvalidNamingRule { reason };
        if !self.prefix.is_empty() && slugify(&self.prefix) != self.prefix {
            return Err(invalid(format!(
                "prefix {:?} must be lowercase letters and digits separated by single hyphens, e.g. \"inc\"",
                self.prefix
            )));
        }
        if self.max_length > 255 {
            return Err(invalid(format!(
                "max_length {} is more than 255",
                self.max_length
            )));
        }
        let head = if self.prefix.is_empty() {
            0
        } else {
            self.prefix.len() + 1
        } + if self.date { 11 } else { 0 };
        if self.max_length < head + MIN_SLUG + 4 {
            return Err(invalid(format!(
                "max_length {} leaves no room for a slug after {:?} and the date; allow at least {}",
                self.max_length,
                self.prefix,
                head + MIN_SLUG + 4
            )));
        }
        Ok(())
    }
}

/// The least room a slug must have.
const MIN_SLUG: usize = 4;

/// The ASCII spelling of a Latin letter with diacritics (Latin-1 Supplement and Latin
/// Extended-A), if it has one.
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => "c",
        'Ð' | 'ð' | 'Ď' | 'ď' | 'Đ' | 'đ' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ĕ' | 'ĕ' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => {
            "e"
        }
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => "g",
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' => "h",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ' | 'ĩ' | 'Ī' | 'ī' | 'Ĭ' | 'ĭ' | 'Į' | 'į' | 'İ' | 'ı' => {
            "i"
        }
        'Ĳ' | 'ĳ' => "ij",
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' | 'ĸ' => "k",
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' | 'ŉ' | 'Ŋ' | 'ŋ' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ŏ' | 'ŏ' | 'Ő' | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' | 'ſ' => "s",
        'ß' => "ss",
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' => "t",
        'Þ' | 'þ' => "th",
        'Ù'..='Ü'
        | 'ù'..='ü'
        | 'Ũ'
        | 'ũ'
        | 'Ū'
        | 'ū'
        | 'Ŭ'
        | 'ŭ'
        | 'Ů'
        | 'ů'
        | 'Ű'
        | 'ű'
        | 'Ų'
        | 'ų' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        '&' => "and",
        _ => return None,
    })
}

/// A safe slug of `text`: lowercase ASCII letters and digits separated by single hyphens (see
/// the [module documentation](self)). May be empty.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_sep = false;
    let push = |s: &str, out: &mut String, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push('-');
        }
        *pending = false;
        out.push_str(s);
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            let lower = c.to_ascii_lowercase();
            push(lower.encode_utf8(&mut [0; 4]), &mut out, &mut pending_sep);
        } else if matches!(c, '\'' | '’' | 'ʼ') {
            // Apostrophes join: "customer's" → "customers".
        } else if let Some(t) = transliterate(c) {
            if c == '&' {
                pending_sep = true;
                push(t, &mut out, &mut pending_sep);
                pending_sep = true;
            } else {
                push(t, &mut out, &mut pending_sep);
            }
        } else if c.is_alphanumeric() {
            // A letter or digit with no Latin spelling is dropped without breaking the word.
        } else {
            pending_sep = true;
        }
    }
    out
}

/// Cuts `slug` to at most `room` bytes (it is ASCII): at a hyphen in the last third if there
/// is one, else mid-word; never leaving a trailing hyphen.
fn cut(slug: &str, room: usize) -> &str {
    if slug.len() <= room {
        return slug;
    }
    let hard = slug.get(..room).unwrap_or(slug);
    if slug.as_bytes().get(room) == Some(&b'-') {
        return hard.trim_end_matches('-');
    }
    let soft = hard
        .rfind('-')
        .filter(|&i| i * 3 >= room * 2)
        .and_then(|i| hard.get(..i));
    soft.unwrap_or(hard).trim_end_matches('-')
}

/// The war-room name for an incident detected at `detected_at` with `title`, avoiding names in
/// `taken` (see the [module documentation](self)).
pub fn war_room_name(
    rule: &WarRoomRule,
    detected_at: DateTime<Utc>,
    title: &str,
    incident_id: &str,
    taken: &[String],
) -> Result<String, IncidentError> {
    rule.validate()?;
    let head = rule.head(detected_at);
    let mut slug = slugify(title);
    if slug.is_empty() {
        slug = slugify(incident_id);
    }
    if slug.is_empty() {
        slug = "incident".to_string();
    }
    let room = rule.max_length.saturating_sub(head.len());
    let base = format!("{head}{}", cut(&slug, room));
    // One pass over `taken` into a hash set: each candidate is then checked in O(1), so the
    // whole search is O(taken) however many names collide.
    let taken: HashSet<&str> = taken.iter().map(String::as_str).collect();
    if !taken.contains(base.as_str()) {
        return Ok(base);
    }
    // The base is one of the taken names, so at most taken.len() - 1 suffixed names collide:
    // one of the first taken.len() suffixes (-2 … -(taken.len() + 1)) is free.
    for n in 2..=taken.len() + 1 {
        let suffix = format!("-{n}");
        let room = rule.max_length.saturating_sub(head.len() + suffix.len());
        let name = format!("{head}{}{suffix}", cut(&slug, room));
        if !taken.contains(name.as_str()) {
            return Ok(name);
        }
    }
    Err(IncidentError::InvalidNamingRule {
        reason: "no free name found".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Payments latency"), "payments-latency");
        assert_eq!(slugify("  --Payments__API  5xx!!  "), "payments-api-5xx");
        assert_eq!(slugify("Crème brûlée & Øl"), "creme-brulee-and-ol");
        assert_eq!(slugify("Customer's checkout"), "customers-checkout");
        assert_eq!(slugify("Łódź outage"), "lodz-outage");
        assert_eq!(slugify("東京 DC down"), "dc-down");
        assert_eq!(slugify("数据库"), "");
        assert_eq!(slugify("🔥🔥"), "");
        assert_eq!(slugify("a&b"), "a-and-b");
    }

    #[test]
    fn every_latin_letter_family_is_transliterated() {
        // One letter of each family, upper and lower case, with its base letter(s) by its
        // Unicode name (LATIN CAPITAL LETTER A WITH RING ABOVE → a, LETTER THORN → th, …).
        let cases = [
            ("Åå", "aa"),
            ("Ææ", "aeae"),
            ("Čç", "cc"),
            ("Đð", "dd"),
            ("Ėé", "ee"),
            ("Ğģ", "gg"),
            ("Ħĥ", "hh"),
            ("Ïı", "ii"),
            ("Ĳĳ", "ijij"),
            ("Ĵĵ", "jj"),
            ("Ķĸ", "kk"),
            ("Łľ", "ll"),
            ("Ññ", "nn"),
            ("Øő", "oo"),
            ("Œœ", "oeoe"),
            ("Řŕ", "rr"),
            ("Šſ", "ss"),
            ("ß", "ss"),
            ("Ťţ", "tt"),
            ("Þþ", "thth"),
            ("Ůü", "uu"),
            ("Ŵŵ", "ww"),
            ("Ÿý", "yy"),
            ("Žź", "zz"),
        ];
        for (text, slug) in cases {
            assert_eq!(slugify(text), slug, "{text}");
        }
    }

    #[test]
    fn every_slug_is_safe() {
        for s in [
            "Ünïcödé—mess / with\ttabs\nand lines",
            "___",
            "-a-",
            "ÆØÅ æøå ß",
            "x".repeat(500).as_str(),
        ] {
            let slug = slugify(s);
            assert!(
                slug.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{slug}"
            );
            assert!(
                !slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"),
                "{slug}"
            );
        }
    }

    #[test]
    fn the_date_is_read_in_the_rule_zone() {
        let t = parse_instant("2026-11-26T23:30:00Z").unwrap();
        let rule = WarRoomRule {
            zone: Zone::parse("Asia/Singapore").unwrap(),
            ..WarRoomRule::default()
        };
        assert_eq!(
            war_room_name(&rule, t, "DB", "I", &[]).unwrap(),
            "inc-2026-11-27-db"
        );
    }

    #[test]
    fn long_titles_are_cut_at_a_word_within_the_limit() {
        let t = parse_instant("2026-11-26T10:00:00Z").unwrap();
        let title = "Elevated error rates and latency on the payments API for card transactions in the EU region";
        let name = war_room_name(&WarRoomRule::default(), t, title, "I", &[]).unwrap();
        assert!(name.len() <= 80, "{name} is {}", name.len());
        assert_eq!(
            name,
            "inc-2026-11-26-elevated-error-rates-and-latency-on-the-payments-api-for-card"
        );
        let teams = WarRoomRule {
            max_length: 50,
            ..WarRoomRule::default()
        };
        let name = war_room_name(&teams, t, title, "I", &[]).unwrap();
        assert_eq!(name, "inc-2026-11-26-elevated-error-rates-and-latency-on");
    }

    #[test]
    fn a_hyphen_early_in_the_room_does_not_waste_it() {
        // The last hyphen within 30 characters is at 12, before two thirds of the room: cut
        // mid-word rather than keep only 12 characters.
        let rule = WarRoomRule {
            prefix: String::new(),
            date: false,
            max_length: 30,
            ..WarRoomRule::default()
        };
        let t = parse_instant("2026-11-26T10:00:00Z").unwrap();
        let title = format!("{} {}", "a".repeat(12), "b".repeat(30));
        let name = war_room_name(&rule, t, &title, "I", &[]).unwrap();
        assert_eq!(name, format!("{}-{}", "a".repeat(12), "b".repeat(17)));
        // At 20 (two thirds) it keeps the whole word.
        let title = format!("{} {}", "a".repeat(20), "b".repeat(30));
        assert_eq!(
            war_room_name(&rule, t, &title, "I", &[]).unwrap(),
            "a".repeat(20)
        );
    }

    #[test]
    fn a_single_long_word_is_cut_mid_word() {
        let t = parse_instant("2026-11-26T10:00:00Z").unwrap();
        let name = war_room_name(&WarRoomRule::default(), t, &"a".repeat(100), "I", &[]).unwrap();
        assert_eq!(name.len(), 80);
    }

    #[test]
    fn collisions_get_suffixes_within_the_limit() {
        let t = parse_instant("2026-11-26T10:00:00Z").unwrap();
        let rule = WarRoomRule::default();
        let long = "b".repeat(100);
        let first = war_room_name(&rule, t, &long, "I", &[]).unwrap();
        let second = war_room_name(&rule, t, &long, "I", std::slice::from_ref(&first)).unwrap();
        assert!(second.ends_with("-2") && second.len() == 80, "{second}");
        let third = war_room_name(&rule, t, &long, "I", &[first, second.clone()]).unwrap();
        assert!(third.ends_with("-3") && third.len() <= 80, "{third}");
    }

    #[test]
    fn a_hundred_thousand_taken_names_are_searched_once() {
        // Issue 9: `contains` inside the suffix loop made this quadratic (48 s). With the base
        // name and every suffix up to -100 000 taken, the first free one is -100 001.
        let t = parse_instant("2026-11-26T10:00:00Z").unwrap();
        let rule = WarRoomRule::default();
        let base = "inc-2026-11-26-payments-latency";
        let mut taken: Vec<String> = (2..=100_000).map(|n| format!("{base}-{n}")).collect();
        taken.push(base.to_string());
        taken.reverse();
        assert_eq!(
            war_room_name(&rule, t, "Payments latency", "I", &taken).unwrap(),
            format!("{base}-100001")
        );
        // A gap is found wherever it is.
        taken.retain(|n| n != &format!("{base}-777"));
        assert_eq!(
            war_room_name(&rule, t, "Payments latency", "I", &taken).unwrap(),
            format!("{base}-777")
        );
    }

    #[test]
    fn empty_slugs_fall_back() {
        let t = parse_instant("2026-11-26T10:00:00Z").unwrap();
        let rule = WarRoomRule::default();
        assert_eq!(
            war_room_name(&rule, t, "数据库", "INC-42", &[]).unwrap(),
            "inc-2026-11-26-inc-42"
        );
        assert_eq!(
            war_room_name(&rule, t, "!!", "??", &[]).unwrap(),
            "inc-2026-11-26-incident"
        );
    }

    #[test]
    fn length_limits_are_exact() {
        let rule = |prefix: &str, date: bool, max_length: usize| WarRoomRule {
            prefix: prefix.into(),
            date,
            max_length,
            ..WarRoomRule::default()
        };
        // "inc-" + "2026-11-26-" = 15, plus at least 4 of slug and 4 of "-NN" suffix.
        assert!(rule("inc", true, 23).validate().is_ok());
        assert!(rule("inc", true, 22).validate().is_err());
        assert!(rule("", true, 19).validate().is_ok());
        assert!(rule("", true, 18).validate().is_err());
        assert!(rule("inc", false, 12).validate().is_ok());
        assert!(rule("inc", false, 11).validate().is_err());
        assert!(rule("inc", true, 255).validate().is_ok());
        assert!(rule("inc", true, 256).validate().is_err());
    }

    #[test]
    fn rules_are_checked() {
        let bad = WarRoomRule {
            prefix: "Inc".into(),
            ..WarRoomRule::default()
        };
        assert_eq!(bad.validate().unwrap_err().code(), "invalid_naming_rule");
        let tiny = WarRoomRule {
            max_length: 16,
            ..WarRoomRule::default()
        };
        assert_eq!(tiny.validate().unwrap_err().code(), "invalid_naming_rule");
        let no_date = WarRoomRule {
            date: false,
            prefix: String::new(),
            max_length: 10,
            ..WarRoomRule::default()
        };
        assert!(no_date.validate().is_ok());
        let t = parse_instant("2026-11-26T10:00:00Z").unwrap();
        assert_eq!(
            war_room_name(&no_date, t, "Payments latency", "I", &[]).unwrap(),
            "payments"
        );
    }
}
