//! How the [blameless lint](super::blameless) finds its phrases in linear time and bounded
//! memory, with the answers of the plain regular expressions:
//!
//! * **One search, no capture groups.** The phrases are one alternation (longest first), but
//!   which phrase matched is not read from a capture group per phrase: the regex engine's
//!   fallback keeps a slot per group for every state of the automaton, so a thousand phrases
//!   took gigabytes. A match is identified afterwards ([`PhraseIndex`]): the phrase chosen by
//!   the alternation is the first, in order, whose pattern matches the matched text whole, and
//!   a key of the text (its letters, case-folded, without spaces, hyphens or apostrophes)
//!   narrows the phrases to try to those that can.
//! * **An ASCII stand-in for the text.** Whole-word matching needs Unicode word boundaries,
//!   which the engine's fast automaton can only follow over ASCII text; on any other text it
//!   falls back to a simulation costing the text's length times the pattern's size (a list of
//!   people on a 1 MiB document with curly quotes took minutes). When every pattern literal
//!   is ASCII, the searches run on a copy of the text where each non-ASCII character is
//!   replaced by one ASCII character that every part of the patterns treats the same way
//!   ([`Shadow`]), and the matches are mapped back.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

/// Stands for `’` in the ASCII copy: the documents never contain NUL (it is refused), and
/// every pattern that accepts `’` accepts it too.
pub(super) const APOSTROPHE: char = '\0';

/// The key of a text: its characters without white space, `-`, `'` or `’` (apostrophes count
/// as one `'`), ASCII letters upper-cased, `ſ` and `K` (the only non-ASCII characters that
/// case-fold to ASCII letters) as `S` and `K`, and other non-ASCII characters left out. Two
/// texts matched by one phrase have the same key (or, for a phrase ending in `*`, the
/// phrase's key is a prefix of the text's).
fn key(text: &str, max: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for c in text.chars() {
        if out.len() >= max {
            break;
        }
        match c {
            '-' | APOSTROPHE => {}
            '\'' | '’' => out.push(b'\''),
            '\u{17F}' => out.push(b'S'),
            '\u{212A}' => out.push(b'K'),
            c if c.is_whitespace() => {}
            c if c.is_ascii() => out.push(c.to_ascii_uppercase() as u8),
            _ => {}
        }
    }
    out
}

/// Which phrase matched a text, found by key and confirmed by the phrase's own pattern.
#[derive(Debug, Clone)]
pub(super) struct PhraseIndex {
    /// Phrases without `*`, by key (indices in order).
    exact: HashMap<Vec<u8>, Vec<usize>>,
    /// Phrases ending in `*`: a trie of their keys, and the phrases ending at each node.
    edges: HashMap<(u32, u8), u32>,
    ends: Vec<Vec<usize>>,
    /// The longest key of a phrase.
    longest: usize,
    /// Each phrase's pattern, anchored at both ends (compiled when first needed).
    patterns: Vec<String>,
    whole: Vec<OnceLock<Option<Regex>>>,
}

impl PhraseIndex {
    /// `phrases`: each phrase's text (as written, with its `*`) and its pattern.
    pub(super) fn new<'a>(phrases: impl Iterator<Item = (&'a str, String)>) -> PhraseIndex {
        let mut index = PhraseIndex {
            exact: HashMap::new(),
            edges: HashMap::new(),
            ends: vec![Vec::new()],
            longest: 0,
            patterns: Vec::new(),
            whole: Vec::new(),
        };
        for (i, (phrase, pattern)) in phrases.enumerate() {
            let (body, wild) = match phrase.trim().strip_suffix('*') {
                Some(b) => (b, true),
                None => (phrase.trim(), false),
            };
            let k = key(body, usize::MAX);
            index.longest = index.longest.max(k.len());
            if wild {
                let mut node = 0u32;
                for &b in &k {
                    let next = index.ends.len() as u32;
                    node = *index.edges.entry((node, b)).or_insert_with(|| next);
                    if node == next {
                        index.ends.push(Vec::new());
                    }
                }
                if let Some(e) = index.ends.get_mut(node as usize) {
                    e.push(i);
                }
            } else {
                index.exact.entry(k).or_default().push(i);
            }
            index.patterns.push(format!(r"\A(?:{pattern})\z"));
            index.whole.push(OnceLock::new());
        }
        index
    }

    /// Whether phrase `i`'s pattern matches all of `text`.
    fn matches_whole(&self, i: usize, text: &str) -> bool {
        let Some(cell) = self.whole.get(i) else {
            return false;
        };
        let re = cell.get_or_init(|| {
            self.patterns
                .get(i)
                .and_then(|p| super::blameless::build(p).ok())
        });
        re.as_ref().is_some_and(|re| re.is_match(text))
    }

    /// The phrase the alternation chose for the matched `text`: the first, in order, whose
    /// pattern matches it whole.
    pub(super) fn identify(&self, text: &str) -> Option<usize> {
        let k = key(text, self.longest + 1);
        let mut candidates: Vec<usize> = self.exact.get(&k).cloned().unwrap_or_default();
        let mut node = 0u32;
        for step in 0..=k.len() {
            if let Some(e) = self.ends.get(node as usize) {
                candidates.extend_from_slice(e);
            }
            match k.get(step).and_then(|b| self.edges.get(&(node, *b))) {
                Some(&next) => node = next,
                None => break,
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .find(|&i| self.matches_whole(i, text))
            // Never reached (the key of a matched text always leads to its phrase); kept so
            // that an oversight here costs time, not a wrong answer.
            .or_else(|| (0..self.patterns.len()).find(|&i| self.matches_whole(i, text)))
    }
}

/// An ASCII copy of a text for the searches, and the way back to the text's offsets.
#[derive(Debug)]
pub(super) struct Shadow {
    /// The copy: each non-ASCII character replaced by one ASCII character.
    pub(super) text: String,
    /// `(offset in the copy just after a replaced character, bytes the text has more there)`.
    shifts: Vec<(usize, usize)>,
}

impl Shadow {
    /// The offset in the original text of an offset in the copy.
    pub(super) fn original(&self, at: usize) -> usize {
        let i = self.shifts.partition_point(|(s, _)| *s <= at);
        match i.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            Some((_, extra)) => at + extra,
            None => at,
        }
    }
}

/// How the characters of a text are replaced in its ASCII copy. Every part of the patterns
/// (a case-insensitive literal, `\w`, `\s`, `['’]`, `\b`, …) must treat a character and its
/// stand-in alike:
///
/// * ASCII characters stay, except the few chosen as stand-ins below;
/// * a non-ASCII character that a pattern names (the `é` of a name `José`) becomes a stand-in
///   of its own (shared with its case variants), and the patterns name that stand-in instead;
///   a stand-in that is a word character stands for a word character, and so on;
/// * `’` becomes NUL ([`APOSTROPHE`]), which the patterns accept wherever they accept `’`;
/// * `ſ` and `K`, which match `s` and `k`, become those letters;
/// * other white space becomes a space; other word characters one word character no pattern
///   names; everything else one character no pattern names that is neither;
/// * an ASCII character chosen as a stand-in that occurs in the text itself becomes one of
///   the last two (it is named by no pattern either).
#[derive(Debug, Clone)]
pub(super) struct ShadowPlan {
    /// Stands for word characters no pattern names.
    word: char,
    /// Stands for characters no pattern names that are neither word characters nor white space.
    other: char,
    /// The non-ASCII characters the patterns name: a pattern matching the character and its
    /// case variants, and its stand-in.
    named: Vec<(Regex, char)>,
    /// The ASCII characters taken as stand-ins, each with what it becomes where the text has it.
    taken: Vec<(char, char)>,
    /// `\A\w\z`: whether a character is a word character, as the patterns read `\w` and `\b`.
    is_word: Regex,
}

impl ShadowPlan {
    /// The plan for searching with `patterns` built from the literal `sources` (phrases and
    /// names); none when there are not enough free stand-ins, or a source names a non-ASCII
    /// white-space character.
    pub(super) fn new<'a>(
        patterns: impl Iterator<Item = &'a str>,
        sources: impl Iterator<Item = &'a str>,
    ) -> Option<ShadowPlan> {
        // Every ASCII character a pattern mentions, escapes included (a letter of `\w` is
        // counted as a literal: that only narrows the choice).
        let mut used = [false; 128];
        for p in patterns {
            for c in p.chars().filter(char::is_ascii) {
                if let Some(slot) = used.get_mut(c.to_ascii_lowercase() as usize) {
                    *slot = true;
                }
            }
        }
        let is_word = Regex::new(r"\A\w\z").ok()?;
        let mut words = "_0123456789qjxzvkwyfgpbmhcdlnrtuiosae"
            .chars()
            .filter(|c| !used.get(*c as usize).copied().unwrap_or(true));
        let mut others = "\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{e}\u{f}#%~^`|"
            .chars()
            .filter(|c| !used.get(*c as usize).copied().unwrap_or(true));
        let word = words.next()?;
        let other = others.next()?;
        let mut named: Vec<(Regex, char)> = Vec::new();
        let mut taken = Vec::new();
        for c in sources.flat_map(str::chars) {
            if c.is_ascii()
                || c == '’'
                || named
                    .iter()
                    .any(|(re, _)| re.is_match(c.encode_utf8(&mut [0; 4])))
            {
                continue;
            }
            if c.is_whitespace() {
                return None;
            }
            let word_like = is_word.is_match(c.encode_utf8(&mut [0; 4]));
            let stand_in = if word_like {
                words.next()?
            } else {
                others.next()?
            };
            let re = regex::RegexBuilder::new(&format!(r"\A{}\z", regex::escape(&c.to_string())))
                .case_insensitive(true)
                .build()
                .ok()?;
            named.push((re, stand_in));
            taken.push((stand_in, if word_like { word } else { other }));
        }
        Some(ShadowPlan {
            word,
            other,
            named,
            taken,
            is_word,
        })
    }

    /// A phrase or name as the patterns of the copy name it: its non-ASCII characters by
    /// their stand-ins (`’` is left for the caller).
    pub(super) fn source(&self, text: &str) -> String {
        text.chars()
            .map(|c| {
                self.named
                    .iter()
                    .find(|(re, _)| !c.is_ascii() && re.is_match(c.encode_utf8(&mut [0; 4])))
                    .map_or(c, |(_, s)| *s)
            })
            .collect()
    }

    /// What character `c` becomes in the copy.
    fn stand_in(&self, c: char) -> char {
        if c.is_ascii() {
            return self
                .taken
                .iter()
                .find(|(t, _)| *t == c.to_ascii_lowercase())
                .map_or(c, |(_, s)| *s);
        }
        if let Some((_, s)) = self
            .named
            .iter()
            .find(|(re, _)| re.is_match(c.encode_utf8(&mut [0; 4])))
        {
            return *s;
        }
        match c {
            '’' => APOSTROPHE,
            '\u{17F}' => self.stand_in('s'),
            '\u{212A}' => self.stand_in('k'),
            c if c.is_whitespace() => ' ',
            c if self.is_word.is_match(c.encode_utf8(&mut [0; 4])) => self.word,
            _ => self.other,
        }
    }

    /// The ASCII copy of `text`.
    pub(super) fn shadow(&self, text: &str) -> Shadow {
        let mut out = String::with_capacity(text.len());
        let mut shifts = Vec::new();
        let mut extra = 0usize;
        let ascii: Vec<char> = (0u8..128).map(|b| self.stand_in(b as char)).collect();
        let mut seen: HashMap<char, char> = HashMap::new();
        for c in text.chars() {
            if let Some(&a) = ascii.get(c as usize) {
                out.push(a);
                continue;
            }
            let stand_in = *seen.entry(c).or_insert_with(|| self.stand_in(c));
            out.push(stand_in);
            if !c.is_ascii() {
                extra += c.len_utf8() - 1;
                shifts.push((out.len(), extra));
            }
        }
        Shadow { text: out, shifts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fact `key` rests on: the only non-ASCII characters that match an ASCII letter
    /// case-insensitively are `ſ` (U+017F) and the Kelvin sign (U+212A).
    #[test]
    fn only_two_non_ascii_characters_fold_to_ascii_letters() {
        let all: String = ('\u{80}'..=char::MAX).collect();
        let re = regex::RegexBuilder::new("[a-z]")
            .case_insensitive(true)
            .build()
            .unwrap();
        let found: Vec<char> = re
            .find_iter(&all)
            .filter_map(|m| m.as_str().chars().next())
            .collect();
        assert_eq!(found, vec!['\u{17F}', '\u{212A}']);
    }

    use crate::postmortem::blameless::{
        default_phrases, BlameCategory, BlamePhrase, BlamelessConfig, BlamelessLint,
    };

    /// The fuzz finding: `postmortem.blameless` with its lists repeated ~1 400 times took
    /// 14.4 s (and 940 copies of one `*` phrase took 31 s and 9.4 GB in a release build: a
    /// capture group per phrase made the engine's fallback keep ~2 000 slots per automaton
    /// state). Repeats are dropped before compiling and the search has no capture group.
    #[test]
    fn repeated_lists_compile_once_and_the_search_has_no_capture_groups() {
        let rogue = BlamePhrase {
            phrase: "rogue*".into(),
            category: BlameCategory::Blame,
            suggestion: None,
        };
        let config = BlamelessConfig {
            phrases: vec![rogue; 940],
            people: vec!["Dana".into(); 999],
            ..BlamelessConfig::default()
        };
        let lint = BlamelessLint::new(&config).unwrap();
        let defaults = default_phrases().len();
        // Every phrase once, one capture group (the whole match), Dana once, ASCII search.
        assert_eq!(lint.work(), (defaults + 1, 1, 1, true));
        let f = lint
            .check("The outage was human error: @dana should have checked the config. Roguely.")
            .unwrap();
        let codes: Vec<&str> = f.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            codes,
            ["blaming_language", "blaming_language", "counterfactual"]
        );
    }

    /// A name with a non-ASCII letter is searched in the ASCII copy too: its `é` (and `É`)
    /// gets a stand-in of its own, and where the text has that stand-in itself it reads as
    /// any other word character. The answers are those of the text as it is.
    #[test]
    fn non_ascii_names_are_searched_in_the_copy_too() {
        let config = |name: &str| BlamelessConfig {
            people: vec![name.into()],
            ..BlamelessConfig::default()
        };
        let text = "Caused by José. Jose’s mistake — naïve, obviously; JOSÉ broke it. Jos0 broke \
                    it, Jos_ broke it, Jos\u{e9}\u{301} broke it. \u{212A}arl’s error.";
        let excerpts = |l: &BlamelessLint| -> Vec<String> {
            l.check(text)
                .unwrap()
                .into_iter()
                .map(|f| format!("{} {}", f.code, f.excerpt.unwrap_or_default()))
                .collect()
        };
        let ascii = BlamelessLint::new(&config("Jose")).unwrap();
        let accented = BlamelessLint::new(&config("José")).unwrap();
        assert!(ascii.work().3 && accented.work().3);
        assert_eq!(
            excerpts(&ascii),
            ["hindsight obviously", "person_as_cause Jose’s mistake"]
        );
        assert_eq!(
            excerpts(&accented),
            [
                "hindsight obviously",
                "person_as_cause Caused by José",
                "person_as_cause JOSÉ broke"
            ]
        );
        // Whatever ASCII character stands for `é`, where the text has it, it is not `é`.
        let plan = accented.plan.as_ref().unwrap();
        let e = plan.source("é");
        assert!(e.is_ascii() && e != "é");
        let own = format!("Jos{e} broke it, Jos{} broke it.", e.to_uppercase());
        assert_eq!(accented.check(&own).unwrap(), Vec::new(), "{own}");
        assert_eq!(plan.shadow(&own).text.matches(e.as_str()).count(), 0);
    }

    #[test]
    fn keys_drop_spaces_hyphens_and_case() {
        assert_eq!(key("Fat-\u{a0}Finger’s", 100), b"FATFINGER'S");
        assert_eq!(key("ſloppy \u{212A}it é", 100), b"SLOPPYKIT");
        assert_eq!(key("should have known", 6), b"SHOULD");
    }

    #[test]
    fn offsets_map_back_through_the_copy() {
        let plan = ShadowPlan::new([r"\bx\b"].into_iter(), ["x"].into_iter()).unwrap();
        let text = "a é b’c\u{a0}— 😀d";
        let s = plan.shadow(text);
        assert_eq!(s.text.len(), text.chars().count());
        for (i, (at, _)) in text.char_indices().enumerate() {
            assert_eq!(s.original(i), at);
        }
        assert_eq!(s.original(s.text.len()), text.len());
        assert_eq!(s.text.chars().nth(7), Some(' '), "NBSP is white space");
        // A name with non-ASCII white space in it is searched in the text itself.
        assert!(ShadowPlan::new([r"x"].into_iter(), ["Dana\u{a0}K"].into_iter()).is_none());
        let plan = ShadowPlan::new([r"\bx\b"].into_iter(), ["José"].into_iter()).unwrap();
        let named = plan.source("JOSÉ josé");
        assert_eq!(named.len(), 9);
        assert_eq!(plan.shadow("JOSÉ josé").text, named);
        assert_ne!(named, "JOSE jose");
    }
}
