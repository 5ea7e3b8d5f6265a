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

/// How non-ASCII characters are replaced, for patterns whose literals are all ASCII.
#[derive(Debug, Clone)]
pub(super) struct ShadowPlan {
    /// An ASCII word character no pattern names (stands for non-ASCII word characters).
    word: char,
    /// An ASCII character no pattern names that is neither a word character nor white space
    /// (stands for the other non-ASCII characters).
    other: char,
    /// `\A\w\z`: whether a character is a word character, as the patterns read `\w` and `\b`.
    is_word: Regex,
}

impl ShadowPlan {
    /// The plan for searching with `patterns` built from literal `sources` (phrase words and
    /// names): none when a source has a non-ASCII character other than `’` in a phrase, or
    /// no stand-in is free.
    pub(super) fn new<'a>(
        patterns: impl Iterator<Item = &'a str>,
        mut sources: impl Iterator<Item = &'a str>,
    ) -> Option<ShadowPlan> {
        if sources.any(|s| !s.chars().all(|c| c.is_ascii() || c == '’')) {
            return None;
        }
        // Every ASCII character a pattern mentions, escapes included (a letter of `\w` is
        // counted as a literal: that only narrows the choice).
        let mut named = [false; 128];
        for p in patterns {
            for c in p.chars().filter(char::is_ascii) {
                if let Some(slot) = named.get_mut(c.to_ascii_lowercase() as usize) {
                    *slot = true;
                }
            }
        }
        let free = |c: &char| {
            !named
                .get(c.to_ascii_lowercase() as usize)
                .copied()
                .unwrap_or(true)
        };
        let word = "_0123456789qjxzvkwyfgpbmhcdlnrtuiosae".chars().find(free)?;
        let other = "\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}#%~^`|"
            .chars()
            .find(free)?;
        let is_word = Regex::new(r"\A\w\z").ok()?;
        Some(ShadowPlan {
            word,
            other,
            is_word,
        })
    }

    /// The ASCII copy of `text`.
    pub(super) fn shadow(&self, text: &str) -> Shadow {
        let mut out = String::with_capacity(text.len());
        let mut shifts = Vec::new();
        let mut extra = 0usize;
        let mut seen: HashMap<char, char> = HashMap::new();
        for c in text.chars() {
            if c.is_ascii() {
                out.push(c);
                continue;
            }
            let stand_in = *seen.entry(c).or_insert_with(|| match c {
                '’' => APOSTROPHE,
                '\u{17F}' => 's',
                '\u{212A}' => 'k',
                c if c.is_whitespace() => ' ',
                c if self.is_word.is_match(c.encode_utf8(&mut [0; 4])) => self.word,
                _ => self.other,
            });
            out.push(stand_in);
            extra += c.len_utf8() - 1;
            shifts.push((out.len(), extra));
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

    /// A name with a non-ASCII letter cannot use the ASCII copy (the search is then the
    /// engine's own, on the text as it is); the answers are the same either way.
    #[test]
    fn non_ascii_names_search_the_text_itself() {
        let config = |name: &str| BlamelessConfig {
            people: vec![name.into()],
            ..BlamelessConfig::default()
        };
        let text = "Caused by José. Jose’s mistake — naïve, obviously; José broke it. \u{212A}arl’s error.";
        let fast = BlamelessLint::new(&config("Jose")).unwrap();
        let slow = BlamelessLint::new(&config("José")).unwrap();
        assert!(fast.work().3 && !slow.work().3);
        let excerpts = |l: &BlamelessLint| -> Vec<String> {
            l.check(text)
                .unwrap()
                .into_iter()
                .map(|f| format!("{} {}", f.code, f.excerpt.unwrap_or_default()))
                .collect()
        };
        assert_eq!(
            excerpts(&fast),
            ["hindsight obviously", "person_as_cause Jose’s mistake"]
        );
        assert_eq!(
            excerpts(&slow),
            [
                "hindsight obviously",
                "person_as_cause Caused by José",
                "person_as_cause José broke"
            ]
        );
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
        assert!(ShadowPlan::new([r"x"].into_iter(), ["José"].into_iter()).is_none());
    }
}
