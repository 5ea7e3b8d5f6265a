//! Knowledge sharing: an index of post-mortems by service, tag and root-cause category, with
//! their lessons — what a team reads before a game day, or when an incident looks familiar.
//!
//! Lessons are the items of the Lessons learned subsections (each bullet of What went well,
//! What needs improvement and Where we got lucky; a subsection without a list counts as one
//! lesson per paragraph).
//!
//! ```
//! use watchstander::postmortem::{index, parse};
//! let pm = parse(concat!(
//!     "---\nincident: INC-7\nservices: [checkout]\n",
//!     "root_cause_categories: [configuration-change]\n---\n",
//!     "# Checkout errors\n\n## Lessons learned\n\n### What needs improvement\n\n",
//!     "- Config pushes skip the canary.\n",
//! ))?;
//! let idx = index(&[pm])?;
//! assert_eq!(idx.by_service["checkout"], vec!["INC-7"]);
//! assert_eq!(idx.categories[0].category, "configuration-change");
//! assert_eq!(idx.postmortems[0].lessons[0].text, "Config pushes skip the canary.");
//! # Ok::<(), watchstander::postmortem::PostmortemError>(())
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::limits::MAX_INDEXED;
use super::model::Postmortem;
use super::PostmortemError;
use crate::document::{self, BlockKind, Source};

/// Which subsection a lesson comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LessonKind {
    /// What went well.
    WentWell,
    /// What needs improvement.
    NeedsImprovement,
    /// Where we got lucky.
    Lucky,
}

/// One lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Lesson {
    /// Its kind.
    pub kind: LessonKind,
    /// The text (Markdown, one line).
    pub text: String,
}

/// One post-mortem in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndexEntry {
    /// The incident id (or the title as a slug).
    pub id: String,
    /// The title.
    pub title: String,
    /// Severity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// When it started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    /// Services.
    pub services: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Root-cause categories.
    pub root_cause_categories: Vec<String>,
    /// The lessons.
    pub lessons: Vec<Lesson>,
    /// Action items.
    pub action_items: usize,
    /// Action items still open or in progress.
    pub open_action_items: usize,
}

/// How often a root-cause category occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CategoryCount {
    /// The category.
    pub category: String,
    /// How many post-mortems name it.
    pub count: usize,
}

/// The index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KnowledgeIndex {
    /// Every post-mortem, newest first (by `started_at`; undated last), then by id.
    pub postmortems: Vec<IndexEntry>,
    /// Service → post-mortem ids (in the order above).
    pub by_service: BTreeMap<String, Vec<String>>,
    /// Tag → post-mortem ids.
    pub by_tag: BTreeMap<String, Vec<String>>,
    /// Root-cause category → post-mortem ids.
    pub by_category: BTreeMap<String, Vec<String>>,
    /// Categories by how often they occur (most first, then by name): where to invest.
    pub categories: Vec<CategoryCount>,
}

fn lessons_of(kind: LessonKind, text: Option<&str>, out: &mut Vec<Lesson>) {
    let Some(text) = text else { return };
    let source = Source::new(text);
    let (blocks, _) = document::blocks(&source, 0);
    for b in &blocks {
        match &b.kind {
            BlockKind::List { items, .. } => out.extend(
                items
                    .iter()
                    .filter(|i| !i.text.trim().is_empty() && !i.text.contains("**TODO:**"))
                    .map(|i| Lesson {
                        kind,
                        text: i.text.clone(),
                    }),
            ),
            BlockKind::Other => {
                let t = document::single_line(b.source(&source));
                if !t.is_empty() && !t.starts_with('>') && !t.contains("**TODO:**") {
                    out.push(Lesson { kind, text: t });
                }
            }
            _ => {}
        }
    }
}

/// Indexes post-mortems (at most [`MAX_INDEXED`]).
pub fn index(postmortems: &[Postmortem]) -> Result<KnowledgeIndex, PostmortemError> {
    if postmortems.len() > MAX_INDEXED {
        return Err(PostmortemError::TooLarge {
            what: "number of post-mortems to index".into(),
            size: postmortems.len(),
            limit: MAX_INDEXED,
            line: 0,
        });
    }
    let mut entries: Vec<IndexEntry> = postmortems
        .iter()
        .map(|pm| {
            let mut lessons = Vec::new();
            if let Some(l) = &pm.lessons {
                lessons_of(LessonKind::WentWell, l.went_well.as_deref(), &mut lessons);
                lessons_of(
                    LessonKind::NeedsImprovement,
                    l.needs_improvement.as_deref(),
                    &mut lessons,
                );
                lessons_of(LessonKind::Lucky, l.lucky.as_deref(), &mut lessons);
            }
            IndexEntry {
                id: pm.id(),
                title: pm.title.clone(),
                severity: pm.meta.severity.clone(),
                started_at: pm.meta.started_at,
                services: pm.meta.services.clone(),
                tags: pm.meta.tags.clone(),
                root_cause_categories: pm.meta.root_cause_categories.clone(),
                lessons,
                action_items: pm.items().len(),
                open_action_items: pm
                    .items()
                    .iter()
                    .filter(|i| i.status.is_outstanding())
                    .count(),
            }
        })
        .collect();
    entries.sort_by(|a, b| {
        (b.started_at.is_some(), b.started_at, &a.id).cmp(&(
            a.started_at.is_some(),
            a.started_at,
            &b.id,
        ))
    });
    let mut by_service: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut by_tag: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut by_category: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in &entries {
        for (map, keys) in [
            (&mut by_service, &e.services),
            (&mut by_tag, &e.tags),
            (&mut by_category, &e.root_cause_categories),
        ] {
            for k in keys {
                let ids = map.entry(k.clone()).or_default();
                if !ids.contains(&e.id) {
                    ids.push(e.id.clone());
                }
            }
        }
    }
    let mut categories: Vec<CategoryCount> = by_category
        .iter()
        .map(|(k, v)| CategoryCount {
            category: k.clone(),
            count: v.len(),
        })
        .collect();
    categories.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.category.cmp(&b.category))
    });
    Ok(KnowledgeIndex {
        postmortems: entries,
        by_service,
        by_tag,
        by_category,
        categories,
    })
}
