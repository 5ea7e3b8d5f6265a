//! CI/CD pipeline failures: GitHub Actions `workflow_run` events and GitLab pipeline events.
//! A failed run fires an alert keyed by repository, workflow and branch; the next successful
//! run of the same workflow on the same branch resolves it.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{base, put, Fields, Normalized};
use crate::alert::labels::Labels;
use crate::alert::model::{AlertSeverity, AlertStatus};
use crate::alert::AlertError;

pub(super) fn normalize(v: &Value) -> Result<Normalized, AlertError> {
    let f = Fields::root("cicd", v)?;
    if f.get("workflow_run").is_some() {
        github(&f)
    } else if f.get("object_kind").is_some() {
        gitlab(&f)
    } else {
        Err(f.err(
            "workflow_run",
            "is missing: expected a GitHub Actions workflow_run event or a GitLab pipeline event (object_kind \"pipeline\")",
        ))
    }
}

fn github(f: &Fields<'_>) -> Result<Normalized, AlertError> {
    let run = f.object("workflow_run")?;
    let repo = f.object("repository")?.str("full_name")?;
    let workflow = run.str("name")?;
    let branch = run.opt_str("head_branch")?.unwrap_or("");
    let conclusion = run.opt_str("conclusion")?;
    let status = match conclusion {
        Some("failure" | "timed_out" | "startup_failure") => AlertStatus::Firing,
        Some("success") => AlertStatus::Resolved,
        Some(other) => {
            return Ok(Normalized::none(format!(
                "conclusion {other:?} is neither a failure nor a success"
            )))
        }
        None => return Ok(Normalized::none("the run has not finished (no conclusion)")),
    };
    let mut a = alert(repo, workflow, branch, status)?;
    a.generator_url = run.opt_str("html_url")?.map(str::to_string);
    a.starts_at = run.opt_time("updated_at")?;
    if let Some(c) = conclusion {
        a.annotations.insert("conclusion".into(), c.to_string());
    }
    if let Some(sha) = run.opt_str("head_sha")? {
        a.annotations.insert("commit".into(), sha.to_string());
    }
    a.extra = f.unknown(&["action", "workflow_run", "repository", "workflow", "sender"]);
    if let Some(n) = run.opt_text("run_number")? {
        a.extra.insert("run_number".into(), Value::String(n));
    }
    Ok(Normalized::one(a))
}

fn gitlab(f: &Fields<'_>) -> Result<Normalized, AlertError> {
    let kind = f.str("object_kind")?;
    if kind != "pipeline" {
        return Err(f.err(
            "object_kind",
            format!("must be \"pipeline\" (got {kind:?})"),
        ));
    }
    let attrs = f.object("object_attributes")?;
    let project = f.object("project")?.str("path_with_namespace")?;
    let branch = attrs.opt_str("ref")?.unwrap_or("");
    let state = attrs.str("status")?;
    let status = match state {
        "failed" => AlertStatus::Firing,
        "success" => AlertStatus::Resolved,
        other => {
            return Ok(Normalized::none(format!(
                "pipeline status {other:?} is neither failed nor success"
            )))
        }
    };
    let name = attrs.opt_str("name")?.unwrap_or("pipeline");
    let mut a = alert(project, name, branch, status)?;
    a.generator_url = attrs.opt_str("url")?.map(str::to_string);
    a.starts_at = attrs.opt_time("finished_at")?;
    if let Some(sha) = attrs.opt_str("sha")? {
        a.annotations.insert("commit".into(), sha.to_string());
    }
    a.extra = f.unknown(&[
        "object_kind",
        "object_attributes",
        "project",
        "user",
        "builds",
        "commit",
    ]);
    Ok(Normalized::one(a))
}

fn alert(
    repo: &str,
    workflow: &str,
    branch: &str,
    status: AlertStatus,
) -> Result<crate::alert::Alert, AlertError> {
    let mut labels = BTreeMap::new();
    put(&mut labels, "alertname", "PipelineFailed");
    put(&mut labels, "repository", repo);
    put(&mut labels, "pipeline", workflow);
    put(&mut labels, "branch", branch);
    let labels = Labels::from_map(labels)?;
    let mut a = base("cicd", labels);
    a.status = Some(status);
    a.severity = Some(AlertSeverity::Warning);
    a.summary = Some(format!("{workflow} failed on {repo} {branch}"));
    a.dedup_key = Some(format!("{repo}/{workflow}/{branch}"));
    a.service = Some(repo.to_string());
    Ok(a)
}
