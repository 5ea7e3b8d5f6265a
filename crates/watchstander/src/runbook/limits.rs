//! The bounds the runbook module enforces (the same table is in `docs/limits.md`). Documents
//! as a whole are bounded by [`MAX_DOCUMENT_BYTES`](crate::document::MAX_DOCUMENT_BYTES) and
//! [`MAX_FRONT_MATTER_BYTES`](crate::document::MAX_FRONT_MATTER_BYTES).

/// The most steps in one section (Diagnosis or Resolution).
pub const MAX_STEPS: usize = 500;

/// The most `##` sections in one runbook (known and other).
pub const MAX_SECTIONS: usize = 200;

/// The most alert matcher lists in one runbook's front matter.
pub const MAX_RUNBOOK_MATCHERS: usize = 256;

/// The most runbooks one match or coverage question takes.
pub const MAX_RUNBOOKS: usize = 10_000;

/// The most alert rules, alerts or incidents one match or coverage question takes.
pub const MAX_SUBJECTS: usize = 100_000;

/// The most retries a step's failure policy may ask for.
pub const MAX_RETRIES: u32 = 10;
