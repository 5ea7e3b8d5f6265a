//! The blameless-language lint: finds wording that blames people and explains, for each
//! finding, why it hurts the review and what to write instead — in systems terms. It **never
//! rewrites** the author's text; the suggestions are for the author to take or leave.
//!
//! A blameless post-mortem asks *how* a mistake was possible rather than *who* made it (Google
//! SRE, "Postmortem Culture"; PagerDuty's post-mortem guide, after Sidney Dekker's "new view"
//! of human error as a symptom of the system). Five kinds of wording work against that:
//!
//! | category | examples | finding code |
//! |---|---|---|
//! | blame | "human error", "careless", "negligent", "to blame" | `blaming_language` |
//! | counterfactual | "should have", "could have", "failed to", "forgot to" | `counterfactual` |
//! | hindsight | "obviously", "simply", "should have known" | `hindsight` |
//! | punitive | "be more careful", "retrain", "disciplinary" | `punitive_action` |
//! | a person as the cause | "caused by @alice", "Bob's mistake", "alice broke …" | `person_as_cause` |
//!
//! The word lists are configurable ([`BlamelessConfig`]): add phrases, allow phrases (remove
//! defaults), and name the people to watch for (the draft fills in the responders; `@handles`
//! count as people by default). Matching is case-insensitive on whole words, across line
//! breaks, and treats `'` and `’` alike; code, code blocks, HTML and link targets are not read.
//!
//! ```
//! use watchstander::postmortem::{BlamelessConfig, BlamelessLint};
//! let lint = BlamelessLint::new(&BlamelessConfig { people: vec!["Dana".into()], ..Default::default() })?;
//! let findings = lint.check("# Review\n\nThe outage was caused by Dana.\nIt was human error:\nwe should have\ntested it.\n")?;
//! let codes: Vec<(&str, usize)> = findings.iter().map(|f| (f.code.as_str(), f.line)).collect();
//! assert_eq!(codes, [("person_as_cause", 3), ("blaming_language", 4), ("counterfactual", 5)]);
//! assert!(findings[1].suggestion.is_some() && findings[1].explanation.is_some());
//! # Ok::<(), watchstander::postmortem::PostmortemError>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use super::blameless_match::{PhraseIndex, ShadowPlan};
use super::limits::{MAX_PEOPLE, MAX_PHRASES, MAX_PHRASE_BYTES};
use super::PostmortemError;
use crate::document::{self, finish, Finding, FindingLevel, Source, MAX_DOCUMENT_BYTES};

/// The kind of blaming wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BlameCategory {
    /// Names a person's failing as the cause ("human error", "careless").
    Blame,
    /// Says what someone should or could have done ("should have", "failed to").
    Counterfactual,
    /// Treats what is known now as obvious then ("obviously", "simply").
    Hindsight,
    /// Asks for punishment or more care instead of a change ("be more careful").
    Punitive,
    /// Makes a person the subject of the failure ("caused by Dana").
    PersonAsCause,
}

impl BlameCategory {
    /// The finding code.
    pub fn code(self) -> &'static str {
        match self {
            BlameCategory::Blame => "blaming_language",
            BlameCategory::Counterfactual => "counterfactual",
            BlameCategory::Hindsight => "hindsight",
            BlameCategory::Punitive => "punitive_action",
            BlameCategory::PersonAsCause => "person_as_cause",
        }
    }

    fn explanation(self) -> &'static str {
        match self {
            BlameCategory::Blame => "Blame ends the inquiry at a person and makes people hide what they know. A blameless review treats human error as a symptom of the system (Google SRE, \"Postmortem Culture\"; PagerDuty's post-mortem guide).",
            BlameCategory::Counterfactual => "Counterfactuals describe what did not happen and judge the past with knowledge nobody had at the time (Dekker, \"The Field Guide to Understanding 'Human Error'\"). They explain nothing about why the actions made sense then.",
            BlameCategory::Hindsight => "What is obvious after the outcome was not obvious before it (hindsight bias). The wording hides the real question: what did people see, and why did it look fine?",
            BlameCategory::Punitive => "Asking people to be more careful changes nothing in the system, so the same failure returns with someone else. Action items should change tools, guards, checks or alerts.",
            BlameCategory::PersonAsCause => "Naming a person as the cause stops the search for the conditions that let one action do so much harm, and teaches everyone to say less next time.",
        }
    }

    fn suggestion(self) -> &'static str {
        match self {
            BlameCategory::Blame => "Describe the conditions instead: what in the system or process made this action possible, or its effect so large?",
            BlameCategory::Counterfactual => "Say what happened and why it made sense at the time: what did people see, and what did the tools show them?",
            BlameCategory::Hindsight => "Leave the word out, and say what information was available at the time.",
            BlameCategory::Punitive => "Name a change to the system instead (a confirmation step, a guard, a check in CI, an alert).",
            BlameCategory::PersonAsCause => "Make the system the subject, e.g. \"the deploy pipeline accepted the change without …\" instead of \"<name> caused …\".",
        }
    }
}

/// A phrase the lint flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BlamePhrase {
    /// The words, matched case-insensitively as whole words; a trailing `*` matches any ending
    /// (`disciplin*`).
    pub phrase: String,
    /// Its category.
    pub category: BlameCategory,
    /// What to write instead (default: the category's suggestion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// The lint's word lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BlamelessConfig {
    /// Start from the default phrases (see [`default_phrases`]); default true.
    #[serde(default = "yes")]
    pub use_defaults: bool,
    /// Phrases to flag in addition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<BlamePhrase>,
    /// Phrases not to flag (removes defaults with the same words; case-insensitive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    /// Names of people (responders, authors): a sentence that makes one of them the cause is
    /// flagged. Names shorter than two characters are ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    /// `@handles` count as people (default true).
    #[serde(default = "yes")]
    pub mentions_are_people: bool,
}

fn yes() -> bool {
    true
}

impl Default for BlamelessConfig {
    fn default() -> Self {
        BlamelessConfig {
            use_defaults: true,
            phrases: Vec::new(),
            allow: Vec::new(),
            people: Vec::new(),
            mentions_are_people: true,
        }
    }
}

/// The default phrase list.
pub fn default_phrases() -> Vec<BlamePhrase> {
    use BlameCategory::*;
    let p = |phrase: &str, category, suggestion: Option<&str>| BlamePhrase {
        phrase: phrase.to_string(),
        category,
        suggestion: suggestion.map(str::to_string),
    };
    vec![
        p("human error", Blame, Some("Name the conditions that made the error possible and its effect large, e.g. \"the runbook's command targeted all regions by default\".")),
        p("operator error", Blame, Some("Name the conditions that made the error possible and its effect large.")),
        p("pilot error", Blame, None),
        p("careless", Blame, None),
        p("carelessness", Blame, None),
        p("carelessly", Blame, None),
        p("negligent", Blame, None),
        p("negligence", Blame, None),
        p("sloppy", Blame, None),
        p("incompetent", Blame, None),
        p("incompetence", Blame, None),
        p("lazy", Blame, None),
        p("reckless", Blame, None),
        p("irresponsible", Blame, None),
        p("stupid", Blame, None),
        p("to blame", Blame, None),
        p("blamed", Blame, None),
        p("at fault", Blame, None),
        p("fault of", Blame, None),
        p("their fault", Blame, None),
        p("his fault", Blame, None),
        p("her fault", Blame, None),
        p("culprit", Blame, None),
        p("screwed up", Blame, None),
        p("messed up", Blame, None),
        p("dropped the ball", Blame, None),
        p("made a mistake", Blame, Some("Describe the action and what made it reasonable at the time, then what let it cause harm.")),
        p("fat-finger*", Blame, Some("Describe what the interface allowed: no confirmation, no preview, no limit on the change.")),
        p("fat finger*", Blame, Some("Describe what the interface allowed: no confirmation, no preview, no limit on the change.")),
        p("should have known", Hindsight, None),
        p("obviously", Hindsight, None),
        p("simply", Hindsight, None),
        p("just had to", Hindsight, None),
        p("should have", Counterfactual, Some("Write what happened and why: \"the check was not run because the pipeline marks it optional\".")),
        p("should've", Counterfactual, None),
        p("should not have", Counterfactual, None),
        p("shouldn't have", Counterfactual, None),
        p("could have", Counterfactual, None),
        p("could've", Counterfactual, None),
        p("ought to have", Counterfactual, None),
        p("if only", Counterfactual, None),
        p("failed to", Counterfactual, Some("Say what did happen and what made it the natural thing to do at the time.")),
        p("neglected to", Counterfactual, None),
        p("forgot to", Counterfactual, Some("Say which step was not done and what in the process depended on someone remembering it.")),
        p("didn't bother", Counterfactual, None),
        p("be more careful", Punitive, Some("Name a change that makes the careful path the easy one: a confirmation, a guard, a default.")),
        p("more careful", Punitive, None),
        p("pay more attention", Punitive, None),
        p("retrain", Punitive, None),
        p("re-train", Punitive, None),
        p("reprimand*", Punitive, None),
        p("disciplinary", Punitive, None),
        p("punish*", Punitive, None),
    ]
}

/// Characters that end a word for matching (everything but letters, digits and `_`).
fn phrase_pattern(phrase: &str) -> String {
    let (body, prefix) = match phrase.trim().strip_suffix('*') {
        Some(b) => (b, true),
        None => (phrase.trim(), false),
    };
    let mut pat = String::new();
    for (i, word) in body.split_whitespace().enumerate() {
        if i > 0 {
            pat.push_str(r"\s+");
        }
        for c in word.chars() {
            match c {
                // (NUL stands for `’` in the ASCII copy of a text; see `blameless_match`.)
                '\'' | '’' => pat.push_str(r"['’\x{0}]"),
                '-' => pat.push_str(r"[-\s]?"),
                c => pat.push_str(&regex::escape(&c.to_string())),
            }
        }
    }
    if prefix {
        pat.push_str(r"\w*");
    }
    pat
}

/// A compiled blameless lint.
#[derive(Debug, Clone)]
pub struct BlamelessLint {
    phrases: Vec<BlamePhrase>,
    /// Every phrase, longest first, as one alternation without capture groups.
    regex: Option<Regex>,
    /// Which phrase a match of `regex` is.
    index: PhraseIndex,
    person: Option<Regex>,
    /// How to search an ASCII copy of the text (when every literal of the patterns is ASCII).
    plan: Option<ShadowPlan>,
}

const CAUSE_VERBS: &str = r"caused|causes|broke|breaks|forgot|missed|neglected|failed|ignored|overlooked|screwed|messed|deleted|dropped|pushed\s+a\s+bad|botched";
const BLAME_NOUNS: &str =
    r"mistake|error|fault|oversight|typo|negligence|carelessness|screw-?up|blunder";

pub(super) fn build(pattern: &str) -> Result<Regex, PostmortemError> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(64 * 1024 * 1024)
        // The fast automaton's cache (filled only as a search needs states). At the default
        // 2 MiB, a thousand names next to the `@handle` pattern kept clearing it, and the
        // engine fell back to its slow simulation: 12 s instead of 10 ms on a 54 KB text.
        .dfa_size_limit(64 * 1024 * 1024)
        .build()
        .map_err(|e| PostmortemError::InvalidConfig {
            reason: format!("the blameless word lists do not compile: {e}"),
        })
}

impl BlamelessLint {
    /// Compiles a configuration (at most [`MAX_PHRASES`] phrases of [`MAX_PHRASE_BYTES`], and
    /// [`MAX_PEOPLE`] people).
    pub fn new(config: &BlamelessConfig) -> Result<BlamelessLint, PostmortemError> {
        let allow: HashSet<String> = config
            .allow
            .iter()
            .map(|a| a.trim().to_lowercase())
            .collect();
        let mut phrases: Vec<BlamePhrase> = if config.use_defaults {
            default_phrases()
        } else {
            Vec::new()
        };
        phrases.extend(config.phrases.iter().cloned());
        phrases.retain(|p| !allow.contains(&p.phrase.trim().to_lowercase()));
        if phrases.len() > MAX_PHRASES || config.people.len() > MAX_PEOPLE {
            return Err(PostmortemError::InvalidConfig {
                reason: format!(
                    "{} phrases and {} people; at most {MAX_PHRASES} phrases (MAX_PHRASES) and {MAX_PEOPLE} people (MAX_PEOPLE)",
                    phrases.len(),
                    config.people.len()
                ),
            });
        }
        for p in phrases
            .iter()
            .map(|p| &p.phrase)
            .chain(config.people.iter())
            .chain(config.allow.iter())
        {
            if p.len() > MAX_PHRASE_BYTES {
                return Err(PostmortemError::InvalidConfig {
                    reason: format!(
                        "the phrase or name {:?}… is {} bytes; at most {MAX_PHRASE_BYTES} (MAX_PHRASE_BYTES)",
                        p.chars().take(40).collect::<String>(),
                        p.len()
                    ),
                });
            }
        }
        if let Some(p) = phrases
            .iter()
            .find(|p| p.phrase.trim().trim_end_matches('*').trim().is_empty())
        {
            return Err(PostmortemError::InvalidConfig {
                reason: format!("the phrase {:?} has no words", p.phrase),
            });
        }
        // Longer phrases first, so "should have known" wins over "should have".
        phrases.sort_by_key(|p| std::cmp::Reverse(p.phrase.len()));
        // A phrase with the same pattern as an earlier one can never be the one that matches.
        let mut seen = HashSet::new();
        phrases.retain(|p| seen.insert(phrase_pattern(&p.phrase)));
        let patterns: Vec<String> = phrases.iter().map(|p| phrase_pattern(&p.phrase)).collect();
        let index = PhraseIndex::new(
            phrases
                .iter()
                .map(|p| p.phrase.as_str())
                .zip(patterns.iter().cloned()),
        );
        let regex_source = (!patterns.is_empty()).then(|| {
            let alts: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
            format!(r"\b(?:{})\b", alts.join("|"))
        });
        let regex = regex_source.as_deref().map(build).transpose()?;
        let people: Vec<&str> = config
            .people
            .iter()
            .map(|n| n.trim().trim_start_matches('@'))
            .filter(|n| n.chars().count() >= 2)
            .collect();
        let mut names: Vec<String> = people
            .iter()
            .map(|n| format!("(?:@|\\b){}", regex::escape(n)))
            .collect();
        if config.mentions_are_people {
            names.push(r"@[\w][\w.-]*".to_string());
        }
        let person_source = (!names.is_empty()).then(|| {
            names.sort_by_key(|n| std::cmp::Reverse(n.len()));
            // A repeated name adds nothing to the alternation (only its first copy can match).
            let mut seen = HashSet::new();
            names.retain(|n| seen.insert(n.clone()));
            let who = format!("(?:{})", names.join("|"));
            format!(
                r"(?:\b(?:caused\s+by|due\s+to|because\s+of|blame\s+on|fault\s+of|error\s+by|mistake\s+by|mistake\s+of)\s+{who}\b)|(?:{who}(?:'s|’s|\x{{0}}s)\s+(?:{BLAME_NOUNS})\b)|(?:{who}\s+(?:\w+\s+)?(?:{CAUSE_VERBS})\b)"
            )
        });
        let person = person_source.as_deref().map(build).transpose()?;
        let plan = ShadowPlan::new(
            regex_source
                .iter()
                .chain(person_source.iter())
                .map(String::as_str),
            phrases
                .iter()
                .map(|p| p.phrase.as_str())
                .chain(people.iter().copied()),
        );
        Ok(BlamelessLint {
            phrases,
            regex,
            index,
            person,
            plan,
        })
    }

    /// Checks a Markdown document (front matter is skipped). Bounded by
    /// [`MAX_DOCUMENT_BYTES`]; at most [`MAX_FINDINGS`](crate::document::MAX_FINDINGS)
    /// findings.
    pub fn check(&self, markdown: &str) -> Result<Vec<Finding>, PostmortemError> {
        let text = document::prepare(markdown, MAX_DOCUMENT_BYTES)?;
        let source = Source::new(&text);
        let (_, body) = document::split_front_matter(&source)?;
        Ok(self.check_source(&source, body))
    }

    pub(crate) fn check_source(&self, source: &Source<'_>, body: usize) -> Vec<Finding> {
        let prose = Prose::of(source, body);
        // The searches run on an ASCII copy of the prose when the patterns allow it (see
        // `blameless_match`); ranges are mapped back to the prose.
        let shadow = self.plan.as_ref().map(|p| p.shadow(&prose.text));
        let haystack = shadow
            .as_ref()
            .map_or(prose.text.as_str(), |s| s.text.as_str());
        let back = |m: regex::Match<'_>| match &shadow {
            Some(s) => s.original(m.start())..s.original(m.end()),
            None => m.range(),
        };
        let mut out = Vec::new();
        // Where the person-as-cause findings are in the prose (sorted, not overlapping): a
        // phrase inside one of them ("@bob's carelessness") is not reported again.
        let mut causes: Vec<Range<usize>> = Vec::new();
        if let Some(re) = &self.person {
            for m in re.find_iter(haystack) {
                let range = back(m);
                causes.push(range.clone());
                out.push(self.finding(source, &prose, range, BlameCategory::PersonAsCause, None));
            }
        }
        if let Some(re) = &self.regex {
            // Which phrase each matched text is, found once per distinct text.
            let mut known: HashMap<&str, Option<usize>> = HashMap::new();
            for m in re.find_iter(haystack) {
                let whole = back(m);
                let before = causes.partition_point(|c| c.start <= whole.start);
                if before > 0 && causes.get(before - 1).is_some_and(|c| whole.end <= c.end) {
                    continue;
                }
                let text = prose.text.get(whole.clone()).unwrap_or("");
                let phrase = *known
                    .entry(text)
                    .or_insert_with(|| self.index.identify(text));
                let phrase = phrase.and_then(|i| self.phrases.get(i));
                let (category, suggestion) = match phrase {
                    Some(p) => (p.category, p.suggestion.clone()),
                    None => (BlameCategory::Blame, None),
                };
                out.push(self.finding(source, &prose, whole, category, suggestion));
            }
        }
        finish(out)
    }

    fn finding(
        &self,
        source: &Source<'_>,
        prose: &Prose,
        range: Range<usize>,
        category: BlameCategory,
        suggestion: Option<String>,
    ) -> Finding {
        let excerpt = prose
            .text
            .get(range.clone())
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let line = source.line(prose.source_offset(range.start));
        let what = match category {
            BlameCategory::Blame => "blames people rather than explaining the system",
            BlameCategory::Counterfactual => {
                "is a counterfactual: it judges what people did against what we know now"
            }
            BlameCategory::Hindsight => "reads the past with hindsight",
            BlameCategory::Punitive => "asks for more care or punishment instead of a change",
            BlameCategory::PersonAsCause => "makes a person the cause",
        };
        Finding {
            level: FindingLevel::Warning,
            code: category.code().to_string(),
            line,
            message: format!("{excerpt:?} {what}"),
            excerpt: Some(excerpt),
            suggestion: Some(suggestion.unwrap_or_else(|| category.suggestion().to_string())),
            explanation: Some(category.explanation().to_string()),
        }
    }
}

#[cfg(test)]
impl BlamelessLint {
    /// What a check has to search with: (phrases in the alternation, capture groups of its
    /// pattern, names in the person pattern, whether the ASCII copy of a text is searched).
    pub(super) fn work(&self) -> (usize, usize, usize, bool) {
        (
            self.phrases.len(),
            self.regex.as_ref().map_or(0, Regex::captures_len),
            self.person
                .as_ref()
                .map_or(0, |r| r.as_str().matches(r"(?:@|\b)").count() / 3),
            self.plan.is_some(),
        )
    }
}

/// The readable text of a Markdown body: text of paragraphs, headings, list items, quotes
/// and table cells, with each piece's place in the source. Blocks are separated by a line
/// break, so a phrase never spans two blocks; code is left out.
struct Prose {
    text: String,
    /// (offset in `text`, offset in the source, whether lengths agree)
    map: Vec<(usize, usize, bool)>,
}

impl Prose {
    fn of(source: &Source<'_>, body: usize) -> Prose {
        let input = source.slice(body, source.text.len());
        let parser = Parser::new_ext(
            input,
            Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS,
        );
        let mut p = Prose {
            text: String::new(),
            map: Vec::new(),
        };
        let mut in_code = 0usize;
        for (e, r) in parser.into_offset_iter() {
            let start = r.start + body;
            match e {
                Event::Start(Tag::CodeBlock(_)) => in_code += 1,
                Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
                Event::Text(t) if in_code == 0 => {
                    p.map.push((p.text.len(), start, t.len() == r.len()));
                    p.text.push_str(&t);
                }
                Event::SoftBreak | Event::HardBreak => {
                    p.map.push((p.text.len(), start, true));
                    p.text.push(' ');
                }
                Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => {
                    p.map.push((p.text.len(), start, false));
                    p.text.push('\n');
                }
                Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::Item
                    | TagEnd::TableCell
                    | TagEnd::BlockQuote(_),
                ) => {
                    p.map.push((p.text.len(), start, false));
                    p.text.push('\n');
                }
                _ => {}
            }
        }
        p
    }

    /// The source offset of a byte of `text`.
    fn source_offset(&self, at: usize) -> usize {
        let i = self.map.partition_point(|(t, _, _)| *t <= at);
        match i.checked_sub(1).and_then(|i| self.map.get(i)) {
            Some((t, s, true)) => s + (at - t),
            Some((_, s, false)) => *s,
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, config: &BlamelessConfig) -> Vec<(String, usize, String)> {
        BlamelessLint::new(config)
            .unwrap()
            .check(text)
            .unwrap()
            .into_iter()
            .map(|f| (f.code, f.line, f.excerpt.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn phrases_are_whole_words_across_lines_and_apostrophes() {
        let c = BlamelessConfig::default();
        let found = codes(
            "We shouldn’t\nhave shipped.\n\nA humanerror is not a phrase; SIMPLY put.\n",
            &c,
        );
        assert_eq!(
            found,
            vec![
                ("counterfactual".into(), 1, "shouldn’t have".into()),
                ("hindsight".into(), 4, "SIMPLY".into()),
            ]
        );
    }

    #[test]
    fn code_and_front_matter_are_not_read() {
        let c = BlamelessConfig::default();
        let text =
            "---\ntags: [human error]\n---\n# T\n\n`human error` and\n\n```\nshould have\n```\n";
        assert!(codes(text, &c).is_empty());
    }

    #[test]
    fn longest_phrase_wins_and_allow_removes() {
        let c = BlamelessConfig::default();
        assert_eq!(codes("They should have known.", &c)[0].0, "hindsight");
        let c = BlamelessConfig {
            allow: vec!["Simply".into()],
            ..BlamelessConfig::default()
        };
        assert!(codes("Simply put.", &c).is_empty());
        let c = BlamelessConfig {
            use_defaults: false,
            phrases: vec![BlamePhrase {
                phrase: "rogue*".into(),
                category: BlameCategory::Blame,
                suggestion: Some("describe the change".into()),
            }],
            ..BlamelessConfig::default()
        };
        let f = BlamelessLint::new(&c)
            .unwrap()
            .check("A rogueish deploy, human error.")
            .unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].suggestion.as_deref(), Some("describe the change"));
    }

    #[test]
    fn people_as_causes() {
        let c = BlamelessConfig {
            people: vec!["Alice Smith".into(), "x".into()],
            ..BlamelessConfig::default()
        };
        let found = codes(
            "Caused by Alice Smith.\n\n@bob's typo took the site down.\n\n@carol quickly deleted the table.\n\nAlice Smith restored the backup.\n",
            &c,
        );
        let kinds: Vec<(&str, usize)> = found.iter().map(|(c, l, _)| (c.as_str(), *l)).collect();
        assert_eq!(
            kinds,
            vec![
                ("person_as_cause", 1),
                ("person_as_cause", 3),
                ("person_as_cause", 5)
            ]
        );
    }

    /// A phrase inside a person-as-cause finding is reported once, as that finding; the same
    /// phrase elsewhere on the line is its own finding (it was dropped before, when any
    /// person finding on the line contained the same words).
    #[test]
    fn a_phrase_inside_a_person_finding_is_not_reported_twice() {
        let c = BlamelessConfig::default();
        let found = codes(
            "@bob's carelessness took the site down, and carelessness is everywhere.\n\nIt was @carol's mistake; she made a mistake.\n",
            &c,
        );
        assert_eq!(
            found,
            vec![
                ("blaming_language".into(), 1, "carelessness".into()),
                ("person_as_cause".into(), 1, "@bob's carelessness".into()),
                ("blaming_language".into(), 3, "made a mistake".into()),
                ("person_as_cause".into(), 3, "@carol's mistake".into()),
            ]
        );
    }

    /// Many findings on one line: every phrase and every person finding is counted (the
    /// check for phrases inside person findings is a lookup, not a pass over the findings).
    #[test]
    fn a_line_full_of_findings_is_counted_whole() {
        let c = BlamelessConfig::default();
        let text = "@bob's carelessness and human error. ".repeat(2_000);
        let f = BlamelessLint::new(&c).unwrap().check(&text).unwrap();
        // 4 000 findings, of which MAX_FINDINGS - 1 are listed and one says how many more.
        let last = f.last().unwrap();
        assert_eq!(f.len(), crate::document::MAX_FINDINGS);
        assert_eq!(last.code, "too_many_findings");
        assert!(
            last.message.starts_with("3001 more findings"),
            "{}",
            last.message
        );
    }

    #[test]
    fn bad_configs_are_typed_errors() {
        let long = BlamelessConfig {
            people: vec!["x".repeat(MAX_PHRASE_BYTES + 1)],
            ..BlamelessConfig::default()
        };
        assert_eq!(
            BlamelessLint::new(&long).unwrap_err().code(),
            "invalid_postmortem_config"
        );
        let empty = BlamelessConfig {
            phrases: vec![BlamePhrase {
                phrase: " * ".into(),
                category: BlameCategory::Blame,
                suggestion: None,
            }],
            ..BlamelessConfig::default()
        };
        assert!(BlamelessLint::new(&empty).is_err());
    }
}
