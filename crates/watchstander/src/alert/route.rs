//! The routing tree: which route (and so which receiver, timers, service, escalation policy and
//! severity) an alert belongs to.
//!
//! As Alertmanager's `dispatch/route.go`: the walk is depth-first and left to right; at each
//! node the first matching child wins unless it has `continue: true`, in which case later
//! siblings are tried too; a node none of whose children match is itself the match. Unset
//! settings are inherited from the parent; the root inherits Alertmanager's defaults.

use std::collections::BTreeMap;

use serde::Serialize;

use super::config::{AlertConfig, RouteConfig};
use super::duration::Interval;
use super::labels::{is_label_name, Labels};
use super::limits::{MAX_ROUTES, MAX_ROUTE_DEPTH};
use super::matcher::{MatchOp, Matcher, Matchers};
use super::AlertError;

/// Alertmanager's default `group_wait`.
pub const DEFAULT_GROUP_WAIT: Interval = Interval::from_secs(30);
/// Alertmanager's default `group_interval`.
pub const DEFAULT_GROUP_INTERVAL: Interval = Interval::from_secs(300);
/// Alertmanager's default `repeat_interval`.
pub const DEFAULT_REPEAT_INTERVAL: Interval = Interval::from_secs(4 * 3600);

/// Which labels form an aggregation group's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "kind", content = "labels")]
pub enum GroupBy {
    /// These labels (sorted); an alert lacking one of them groups as if it were empty.
    Labels(Vec<String>),
    /// Every label (`group_by: ['...']`): each distinct alert is its own group.
    All,
}

/// The settings in force at a route, after inheritance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RouteOpts {
    /// Receiver name.
    pub receiver: String,
    /// Grouping labels.
    pub group_by: GroupBy,
    /// Wait before a new group's first notification.
    pub group_wait: Interval,
    /// Wait between notifications about a changing group.
    pub group_interval: Interval,
    /// Wait before repeating an unchanged notification.
    pub repeat_interval: Interval,
    /// Owning service, if set on this route or an ancestor.
    pub service: Option<String>,
    /// Escalation policy id, if set on this route or an ancestor.
    pub escalation_policy: Option<String>,
    /// Incident severity, if set on this route or an ancestor.
    pub severity: Option<String>,
}

/// One compiled route.
#[derive(Debug, Clone)]
pub struct RouteNode {
    /// Where it is in the configuration, e.g. `route.routes[1].routes[0]`.
    pub path: String,
    /// Alertmanager's route key (`{}/{service="db"}`), the first half of a group key.
    pub key: String,
    /// Matchers (own only; ancestors' are checked on the way down).
    pub matchers: Matchers,
    /// `continue`.
    pub continue_matching: bool,
    /// Settings after inheritance.
    pub opts: RouteOpts,
    children: Vec<usize>,
}

/// A compiled routing tree.
#[derive(Debug, Clone)]
pub struct RouteTree {
    nodes: Vec<RouteNode>,
    send_resolved: BTreeMap<String, bool>,
}

impl RouteTree {
    /// Compiles and checks a configuration's routing tree.
    pub fn compile(config: &AlertConfig) -> Result<RouteTree, AlertError> {
        let root = &config.route;
        if root.receiver.as_deref().unwrap_or("").is_empty() {
            return Err(AlertError::config(
                "route.receiver",
                "the root route must name a default receiver",
            ));
        }
        if !root.matchers.is_empty() || !root.match_labels.is_empty() || !root.match_re.is_empty() {
            return Err(AlertError::config(
                "route.matchers",
                "the root route must not have matchers: it is the fallback for every alert",
            ));
        }
        let mut send_resolved = BTreeMap::new();
        for (i, r) in config.receivers.iter().enumerate() {
            if r.name.is_empty() {
                return Err(AlertError::config(
                    format!("receivers[{i}].name"),
                    "a receiver needs a name",
                ));
            }
            if send_resolved
                .insert(r.name.clone(), r.sends_resolved())
                .is_some()
            {
                return Err(AlertError::config(
                    format!("receivers[{i}].name"),
                    format!("receiver name {:?} is not unique", r.name),
                ));
            }
        }
        let defaults = RouteOpts {
            receiver: String::new(),
            group_by: GroupBy::Labels(Vec::new()),
            group_wait: DEFAULT_GROUP_WAIT,
            group_interval: DEFAULT_GROUP_INTERVAL,
            repeat_interval: DEFAULT_REPEAT_INTERVAL,
            service: None,
            escalation_policy: None,
            severity: None,
        };
        let mut tree = RouteTree {
            nodes: Vec::new(),
            send_resolved,
        };
        tree.add(root, &defaults, None, "route".to_string(), 0)?;
        Ok(tree)
    }

    fn add(
        &mut self,
        cr: &RouteConfig,
        parent_opts: &RouteOpts,
        parent_key: Option<&str>,
        path: String,
        depth: usize,
    ) -> Result<usize, AlertError> {
        if depth > MAX_ROUTE_DEPTH {
            return Err(AlertError::too_large(
                format!("routing tree depth at {path}"),
                depth,
                MAX_ROUTE_DEPTH,
            ));
        }
        if self.nodes.len() >= MAX_ROUTES {
            return Err(AlertError::too_large(
                "routing tree",
                self.nodes.len() + 1,
                MAX_ROUTES,
            ));
        }
        let mut opts = parent_opts.clone();
        if let Some(r) = cr.receiver.as_deref().filter(|r| !r.is_empty()) {
            if !self.send_resolved.is_empty() && !self.send_resolved.contains_key(r) {
                return Err(AlertError::config(
                    format!("{path}.receiver"),
                    format!("receiver {r:?} is not defined under receivers"),
                ));
            }
            opts.receiver = r.to_string();
        }
        if let Some(g) = &cr.group_by {
            opts.group_by = group_by(g, &path, &opts.group_by)?;
        }
        for (field, value, target) in [
            ("group_wait", cr.group_wait, &mut opts.group_wait),
            (
                "group_interval",
                cr.group_interval,
                &mut opts.group_interval,
            ),
            (
                "repeat_interval",
                cr.repeat_interval,
                &mut opts.repeat_interval,
            ),
        ] {
            if let Some(v) = value {
                if v.is_zero() && field != "group_wait" {
                    return Err(AlertError::config(
                        format!("{path}.{field}"),
                        format!("{field} cannot be zero"),
                    ));
                }
                *target = v;
            }
        }
        for (value, target) in [
            (&cr.service, &mut opts.service),
            (&cr.escalation_policy, &mut opts.escalation_policy),
            (&cr.severity, &mut opts.severity),
        ] {
            if value.is_some() {
                target.clone_from(value);
            }
        }
        let mut matchers = Matchers::default();
        let mut extra = Vec::new();
        for (k, v) in &cr.match_labels {
            extra.push(Matcher::new(k, MatchOp::Equal, v)?);
        }
        for (k, v) in &cr.match_re {
            extra.push(Matcher::new(k, MatchOp::Regex, v)?);
        }
        matchers.extend(Matchers::new(extra)?)?;
        matchers.extend(cr.matchers.clone())?;
        let own_key = matchers.sorted().to_string();
        let key = match parent_key {
            Some(p) => format!("{p}/{own_key}"),
            None => own_key,
        };
        let id = self.nodes.len();
        self.nodes.push(RouteNode {
            path: path.clone(),
            key: key.clone(),
            matchers,
            continue_matching: cr.continue_matching,
            opts: opts.clone(),
            children: Vec::new(),
        });
        let mut children = Vec::with_capacity(cr.routes.len());
        for (i, child) in cr.routes.iter().enumerate() {
            children.push(self.add(
                child,
                &opts,
                Some(&key),
                format!("{path}.routes[{i}]"),
                depth + 1,
            )?);
        }
        if let Some(node) = self.nodes.get_mut(id) {
            node.children = children;
        }
        Ok(id)
    }

    /// The routes an alert with these labels belongs to, in tree order (at least one: the root
    /// matches everything).
    pub fn matches(&self, labels: &Labels) -> Vec<usize> {
        let mut out = Vec::new();
        self.walk(0, labels, &mut out);
        out
    }

    /// Like [`matches`](Self::matches), appending to `out` (no allocation when it has room).
    pub fn matches_into(&self, labels: &Labels, out: &mut Vec<usize>) {
        out.clear();
        self.walk(0, labels, out);
    }

    fn walk(&self, id: usize, labels: &Labels, out: &mut Vec<usize>) -> bool {
        let Some(node) = self.nodes.get(id) else {
            return false;
        };
        if !node.matchers.matches(labels) {
            return false;
        }
        let before = out.len();
        for &c in &node.children {
            let matched = self.walk(c, labels, out);
            if matched && !self.nodes.get(c).is_some_and(|n| n.continue_matching) {
                break;
            }
        }
        if out.len() == before {
            out.push(id);
        }
        true
    }

    /// A route by index.
    pub fn node(&self, id: usize) -> Option<&RouteNode> {
        self.nodes.get(id)
    }

    /// All routes, root first (depth-first order).
    pub fn nodes(&self) -> &[RouteNode] {
        &self.nodes
    }

    /// Whether the receiver is told about resolved alerts (true for an undeclared receiver).
    pub fn sends_resolved(&self, receiver: &str) -> bool {
        self.send_resolved.get(receiver).copied().unwrap_or(true)
    }
}

fn group_by(names: &[String], path: &str, inherited: &GroupBy) -> Result<GroupBy, AlertError> {
    // Alertmanager: an empty `group_by: []` leaves the inherited grouping in place.
    if names.is_empty() {
        return Ok(inherited.clone());
    }
    if names.iter().any(|n| n == "...") {
        if names.len() > 1 {
            return Err(AlertError::config(
                format!("{path}.group_by"),
                "cannot have the wildcard `...` and other labels at the same time",
            ));
        }
        return Ok(GroupBy::All);
    }
    let mut sorted: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        if !is_label_name(n) {
            return Err(AlertError::config(
                format!("{path}.group_by"),
                format!("invalid label name {n:?} in group_by"),
            ));
        }
        if sorted.contains(n) {
            return Err(AlertError::config(
                format!("{path}.group_by"),
                format!("duplicated label {n:?} in group_by"),
            ));
        }
        sorted.push(n.clone());
    }
    sorted.sort();
    Ok(GroupBy::Labels(sorted))
}
