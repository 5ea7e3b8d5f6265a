//! The bounds the post-mortem module enforces (the same table is in `docs/limits.md`).
//! Documents as a whole are bounded by [`MAX_DOCUMENT_BYTES`](crate::document::MAX_DOCUMENT_BYTES).

/// The most action items in one post-mortem.
pub const MAX_ACTION_ITEMS: usize = 1_000;

/// The most `##` sections in one post-mortem.
pub const MAX_POSTMORTEM_SECTIONS: usize = 200;

/// The most post-mortems one index takes.
pub const MAX_INDEXED: usize = 10_000;

/// The most phrases (defaults plus your own) the blameless lint checks.
pub const MAX_PHRASES: usize = 1_000;

/// The longest phrase or person name the blameless lint accepts, in bytes.
pub const MAX_PHRASE_BYTES: usize = 200;

/// The most people the blameless lint watches for as causes.
pub const MAX_PEOPLE: usize = 1_000;

/// The most business days a policy deadline or follow-up review may be set to (one working
/// year).
pub const MAX_POLICY_BUSINESS_DAYS: u32 = 260;
