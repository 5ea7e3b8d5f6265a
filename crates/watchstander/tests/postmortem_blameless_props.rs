//! The blameless lint against an independent oracle: the same phrase and person patterns
//! written out here and run the plain way (one capture group per phrase, on the text as it
//! is). The lint itself searches without capture groups, on an ASCII copy of the text when it
//! can, and finds the phrase a match is by a key; on one-paragraph texts of words, spaces,
//! apostrophes, hyphens and non-ASCII letters, white space and symbols, both must report the
//! same findings.

use proptest::prelude::*;
use regex::{Regex, RegexBuilder};
use watchstander::postmortem::{
    default_phrases, BlameCategory, BlamePhrase, BlamelessConfig, BlamelessLint,
};

/// The pattern of a phrase, as the post-mortem documentation describes it: words matched
/// case-insensitively, any white space between words, `'` and `’` alike, `-` as a hyphen, a
/// space or nothing, and a trailing `*` for any ending.
fn phrase_pattern(phrase: &str) -> String {
    let (body, wild) = match phrase.trim().strip_suffix('*') {
        Some(b) => (b, true),
        None => (phrase.trim(), false),
    };
    let words: Vec<String> = body
        .split_whitespace()
        .map(|w| {
            w.chars()
                .map(|c| match c {
                    '\'' | '’' => "['’]".to_string(),
                    '-' => r"[-\s]?".to_string(),
                    c => regex::escape(&c.to_string()),
                })
                .collect()
        })
        .collect();
    format!("{}{}", words.join(r"\s+"), if wild { r"\w*" } else { "" })
}

fn build(p: &str) -> Regex {
    RegexBuilder::new(p).case_insensitive(true).build().unwrap()
}

const VERBS: &str = r"caused|causes|broke|breaks|forgot|missed|neglected|failed|ignored|overlooked|screwed|messed|deleted|dropped|pushed\s+a\s+bad|botched";
const NOUNS: &str = r"mistake|error|fault|oversight|typo|negligence|carelessness|screw-?up|blunder";

/// (code, excerpt) of every finding, in the lint's order (by line, code, then position).
fn oracle(config: &BlamelessConfig, text: &str) -> Vec<(String, String)> {
    let mut phrases: Vec<BlamePhrase> = default_phrases();
    phrases.extend(config.phrases.iter().cloned());
    phrases.sort_by_key(|p| std::cmp::Reverse(p.phrase.len()));
    let alts: Vec<String> = phrases
        .iter()
        .map(|p| format!("({})", phrase_pattern(&p.phrase)))
        .collect();
    let re = build(&format!(r"\b(?:{})\b", alts.join("|")));
    let mut names: Vec<String> = config
        .people
        .iter()
        .map(|n| n.trim().trim_start_matches('@'))
        .filter(|n| n.chars().count() >= 2)
        .map(|n| format!("(?:@|\\b){}", regex::escape(n)))
        .collect();
    names.push(r"@[\w][\w.-]*".to_string());
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let who = format!("(?:{})", names.join("|"));
    let person = build(&format!(
        r"(?:\b(?:caused\s+by|due\s+to|because\s+of|blame\s+on|fault\s+of|error\s+by|mistake\s+by|mistake\s+of)\s+{who}\b)|(?:{who}(?:'s|’s)\s+(?:{NOUNS})\b)|(?:{who}\s+(?:\w+\s+)?(?:{VERBS})\b)"
    ));
    let excerpt = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = |at: usize| 1 + text[..at].matches('\n').count();
    let mut out = Vec::new();
    let causes: Vec<std::ops::Range<usize>> = person.find_iter(text).map(|m| m.range()).collect();
    for c in &causes {
        out.push((
            line(c.start),
            "person_as_cause".to_string(),
            excerpt(&text[c.clone()]),
        ));
    }
    for caps in re.captures_iter(text) {
        let whole = caps.get(0).unwrap();
        if causes
            .iter()
            .any(|c| c.start <= whole.start() && whole.end() <= c.end)
        {
            continue;
        }
        let i = (1..caps.len()).find(|&i| caps.get(i).is_some()).unwrap();
        let code = match phrases[i - 1].category {
            BlameCategory::Blame => "blaming_language",
            BlameCategory::Counterfactual => "counterfactual",
            BlameCategory::Hindsight => "hindsight",
            BlameCategory::Punitive => "punitive_action",
            BlameCategory::PersonAsCause => "person_as_cause",
        };
        out.push((
            line(whole.start()),
            code.to_string(),
            excerpt(whole.as_str()),
        ));
    }
    out.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    out.into_iter()
        .map(|(_, code, excerpt)| (code, excerpt))
        .collect()
}

/// A phrase (or a person-as-cause construct) with its spaces and apostrophes varied and its
/// letters' case flipped at random, or a filler word.
fn token() -> impl Strategy<Value = String> {
    let snippet = prop::sample::select(vec![
        "should have known",
        "should have",
        "human error",
        "fat finger",
        "fat-finger",
        "fat fingers",
        "caused by Dana",
        "caused by @bob",
        "Bob's mistake",
        "dana broke",
        "José broke",
        "Jose's typo",
        "re-train",
        "made a mistake",
        "failed to",
        "could've",
        "shouldn't have",
        "be more careful",
        "pay more attention",
        "at fault",
        "to blame",
        "if only",
        "carelessness",
        "punishment",
        "sloppy",
        "ſloppy",
        "rogueish",
        "naïve",
        "\u{212A}arl's error",
        "x_y broke",
        "obviously",
        "simply",
        "@dana.k forgot",
    ]);
    let filler = prop::sample::select(vec![
        "the",
        "a",
        "deploy",
        "é",
        "東京",
        "naïveté",
        "2026",
        "😀",
        "—",
        "Dana",
        "K",
    ]);
    prop_oneof![
        3 => (snippet, prop::collection::vec(0usize..7, 8), any::<u64>()).prop_map(|(s, gaps, flips)| {
            let mut out = String::new();
            let mut spaces = gaps.into_iter().cycle();
            for (i, c) in s.chars().enumerate() {
                match c {
                    ' ' => out.push_str(
                        [" ", " ", "\u{a0}", "  ", "\u{2003}", "\n", " - "][spaces.next().unwrap_or(0)],
                    ),
                    '\'' if flips & (1 << (i % 64)) != 0 => out.push('’'),
                    c if flips & (1 << (i % 64)) != 0 => out.extend(c.to_uppercase()),
                    c => out.push(c),
                }
            }
            out
        }),
        1 => filler.prop_map(String::from),
    ]
}

fn gap() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        " ", " ", " ", "  ", "\u{a0}", "-", ", ", "’", "'", " — ", "é", "\u{2003}", "; ", " 😀 ",
    ])
}

fn config() -> impl Strategy<Value = BlamelessConfig> {
    let people = prop::collection::vec(
        prop::sample::select(vec!["Dana", "José", "Jose", "Bob", "K", "x_y", "Dana K"]),
        0..3,
    );
    let phrases = prop::collection::vec(
        prop::sample::select(vec![
            "rogue*",
            "fat finger*",
            "ſloppy",
            "naïve",
            "re-train*",
            "x_y",
        ]),
        0..3,
    );
    (people, phrases).prop_map(|(people, phrases)| BlamelessConfig {
        people: people.into_iter().map(String::from).collect(),
        phrases: phrases
            .into_iter()
            .map(|p| BlamePhrase {
                phrase: p.to_string(),
                category: BlameCategory::Punitive,
                suggestion: None,
            })
            .collect(),
        ..BlamelessConfig::default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_lint_reports_what_the_plain_search_reports(
        words in prop::collection::vec((token(), gap()), 1..24),
        config in config(),
    ) {
        let mut text: String = words.iter().map(|(w, g)| format!("{w}{g}")).collect();
        text = text.trim().trim_start_matches(['-', '’', '\'', ',', ';']).trim().to_string();
        prop_assume!(!text.is_empty());
        let lint = BlamelessLint::new(&config).unwrap();
        let found: Vec<(String, String)> = lint
            .check(&text)
            .unwrap()
            .into_iter()
            .map(|f| (f.code, f.excerpt.unwrap_or_default()))
            .collect();
        prop_assert_eq!(found, oracle(&config, &text), "text: {:?}", text);
    }
}
