//! Every bound the alert pipeline enforces, in one place.
//!
//! Bad input never makes the pipeline loop, backtrack or allocate without bound: each input
//! that could is checked against one of these constants and refused with a typed
//! [`AlertError`](super::AlertError) naming the bound. The same table is in `docs/limits.md`.

/// The most labels one alert may carry (Alertmanager has no limit; 1 000 labels is far beyond
/// any real alert and still cheap to hash and match).
pub const MAX_LABELS: usize = 2_000;

/// The longest label name, in bytes.
pub const MAX_LABEL_NAME_BYTES: usize = 1_024;

/// The longest label value, in bytes (a 10 KB value is accepted).
pub const MAX_LABEL_VALUE_BYTES: usize = 16 * 1024;

/// The most annotations one alert may carry.
pub const MAX_ANNOTATIONS: usize = 2_000;

/// The longest annotation value, in bytes (descriptions and runbook text can be long).
pub const MAX_ANNOTATION_VALUE_BYTES: usize = 64 * 1024;

/// The most bytes of unknown source fields kept on one alert (as JSON text); past it the
/// extra fields are dropped and the alert says so.
pub const MAX_EXTRA_BYTES: usize = 64 * 1024;

/// The longest dedup key, in bytes (PagerDuty's limit is 255 characters).
pub const MAX_DEDUP_KEY_BYTES: usize = 1_024;

/// The most alerts one source payload may carry (an Alertmanager webhook batches them).
pub const MAX_ALERTS_PER_PAYLOAD: usize = 10_000;

/// The longest matcher expression (one `name=~"value"`), in bytes.
pub const MAX_MATCHER_BYTES: usize = 64 * 1024;

/// The most matchers in one list (a route, a silence, one side of an inhibit rule).
pub const MAX_MATCHERS: usize = 256;

/// The largest compiled size of one regex matcher, in bytes (the `regex` crate's size limit).
/// The `regex` crate matches in time linear in the input, so no pattern can backtrack
/// catastrophically; this bound keeps a pattern such as `(a{1000}){1000}` from compiling to
/// gigabytes.
pub const MAX_REGEX_BYTES: usize = 1024 * 1024;

/// The most nodes in a routing tree.
pub const MAX_ROUTES: usize = 10_000;

/// The deepest a routing tree may nest.
pub const MAX_ROUTE_DEPTH: usize = 64;

/// The most inhibit rules.
pub const MAX_INHIBIT_RULES: usize = 1_000;

/// The most silences a pipeline holds at once (active, pending or recurring).
pub const MAX_SILENCES: usize = 100_000;

/// The most open alerts a pipeline holds; past it a new alert is refused with
/// [`AlertError::LimitExceeded`](super::AlertError::LimitExceeded). Memory is proportional to
/// open alerts plus open groups, never to the number of alerts ever seen.
pub const MAX_OPEN_ALERTS: usize = 5_000_000;

/// The most aggregation groups open at once (Alertmanager's `--dispatcher.max-aggregation-groups`
/// is unlimited by default; a bound keeps a label explosion from exhausting memory).
pub const MAX_GROUPS: usize = 1_000_000;

/// The most alerts whose recent state changes are remembered for flap detection.
pub const MAX_FLAP_TRACKED: usize = 1_000_000;

/// The longest rolling window of content-based incident grouping (PagerDuty caps it at 24 h).
pub const MAX_GROUPING_WINDOW_SECONDS: i64 = 24 * 3600;

/// The most local occurrences of a recurring silence examined for one question.
pub const MAX_SILENCE_OCCURRENCES: usize = 64;

/// The longest a timer (group_wait, group_interval, repeat_interval, a window) may be: one
/// year. Longer values are almost certainly typos and would overflow instant arithmetic.
pub const MAX_TIMER_SECONDS: i64 = 366 * 24 * 3600;

/// The most records one replay or quality report accepts in a single call (a batch of
/// `ingest_many` too). A hundred thousand records take about a second to read, replay and
/// write; longer streams go through a pipeline in batches (the CLI streams any number).
pub const MAX_REPLAY_RECORDS: usize = 100_000;

/// The most group flushes one call may run: the flushes a call to `ingest`, `tick` or a
/// silence change runs to catch up with its `now` (every open group flushes once per
/// `group_interval` it is behind), and all the flushes of one replay. A million flushes take
/// about a second. A call that would pass it is refused before any work is done
/// (`alert_limit_exceeded`): tick to earlier instants first, so that each call catches up part
/// of the way; a replay stops with `alert_too_large` as soon as it passes it (replay a longer
/// stream through a pipeline in pieces).
pub const MAX_FLUSHES_PER_CALL: u64 = 1_000_000;

/// The most actions one replay returns, each alert listed in a notification counted as one
/// more: a notification lists every alert of its group, so a stream that grows one large
/// group notifies in total the square of its records (10 000 alerts joining one group a
/// second apart, flushed every second, would list 50 million alerts — gigabytes).
pub const MAX_REPLAY_OUTPUT: usize = 1_000_000;
