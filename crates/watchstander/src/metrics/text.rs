//! Terminal tables of a report: plain text, aligned columns, no colours — what the CLI prints
//! and what fits in a chat message or a ticket.

use std::fmt::Write;

use super::{DurationStats, MetricsReport};

/// Seconds as `45s`, `4m 30s`, `2h 05m`, `3d 4h`; `—` for none.
pub(crate) fn duration(seconds: Option<f64>) -> String {
    let Some(s) = seconds.filter(|s| s.is_finite()) else {
        return "—".into();
    };
    let s = s.round() as i64;
    let sign = if s < 0 { "-" } else { "" };
    let s = s.unsigned_abs();
    let (d, h, m, r) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    let body = if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m:02}m")
    } else if m > 0 {
        format!("{m}m {r:02}s")
    } else {
        format!("{r}s")
    };
    format!("{sign}{body}")
}

/// A share as `42 %`; `—` for none.
pub(crate) fn percent(v: Option<f64>) -> String {
    match v.filter(|v| v.is_finite()) {
        Some(v) => format!("{:.0} %", v * 100.0),
        None => "—".into(),
    }
}

/// A number with at most one decimal.
pub(crate) fn number(v: f64) -> String {
    if !v.is_finite() {
        "—".into()
    } else if (v - v.round()).abs() < 0.05 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// A table: header and rows of cells.
pub(crate) struct Table {
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; control characters (terminal escape sequences in a name) become `?`.
    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|c| {
                    c.chars()
                        .map(|ch| if ch.is_control() { '?' } else { ch })
                        .collect()
                })
                .collect(),
        );
    }

    fn render(&self) -> String {
        let cols = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (w, c) in widths.iter_mut().zip(r.iter()) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: &[String]| -> String {
            let mut s = String::new();
            for (i, w) in widths.iter().enumerate().take(cols) {
                let c = cells.get(i).map_or("", |c| c.as_str());
                let pad = w.saturating_sub(c.chars().count());
                if i == 0 {
                    s.push_str(c);
                    s.push_str(&" ".repeat(pad));
                } else {
                    s.push_str("  ");
                    s.push_str(&" ".repeat(pad));
                    s.push_str(c);
                }
            }
            s.trim_end().to_string()
        };
        let mut out = line(&self.header);
        out.push('\n');
        out.push_str(&"─".repeat(widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1)));
        out.push('\n');
        for r in &self.rows {
            out.push_str(&line(r));
            out.push('\n');
        }
        out
    }
}

fn stats_cells(s: &DurationStats) -> Vec<String> {
    vec![
        s.count.to_string(),
        duration(s.mean_seconds),
        duration(s.p50_seconds),
        duration(s.p90_seconds),
        duration(s.p95_seconds),
        duration(s.max_seconds.map(|v| v as f64)),
    ]
}

/// The response table: MTTA and MTTR overall and per severity.
pub(crate) fn response_table(r: &MetricsReport) -> Table {
    let mut t = Table::new(&["", "metric", "n", "mean", "p50", "p90", "p95", "max"]);
    let mut add = |key: &str, m: &super::MetricSet| {
        for (name, s) in [
            ("time to acknowledge", &m.time_to_acknowledge),
            ("time to mitigate", &m.time_to_mitigate),
            ("time to resolve", &m.time_to_resolve),
            ("time to detect", &m.time_to_detect),
        ] {
            if s.count == 0 && name == "time to detect" {
                continue;
            }
            let mut cells = vec![key.to_string(), name.to_string()];
            cells.extend(stats_cells(s));
            t.row(cells);
        }
    };
    add("all", &r.response.overall);
    for k in &r.response.by_severity {
        add(&k.key, &k.metrics);
    }
    t
}

/// The report as plain-text tables.
///
/// ```
/// # use watchstander::metrics::{Metrics, MetricsInput, render_text};
/// # use watchstander::time::{parse_instant, Zone};
/// let input = MetricsInput::new(parse_instant("2026-11-01T00:00:00Z")?, parse_instant("2026-11-08T00:00:00Z")?, Zone::UTC);
/// let text = render_text(&Metrics::new(input)?.report(None)?);
/// assert!(text.starts_with("On-call health"));
/// assert!(text.contains("no counted incident"));  // an empty week is a finding, not a crash
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_text(r: &MetricsReport) -> String {
    let mut s = String::new();
    let fmt = crate::time::format_instant;
    let _ = writeln!(
        s,
        "{}\n{} – {} ({}), as of {}\n",
        r.title,
        fmt(r.window.start),
        fmt(r.window.end),
        r.window.zone,
        fmt(r.as_of)
    );
    let c = &r.response.counts;
    let _ = writeln!(
        s,
        "Incidents: {} triggered, {} counted; excluded {} (declined {}, merged {}, test {}); {} unacknowledged, {} open\n",
        c.triggered,
        c.counted,
        c.excluded.total(),
        c.excluded.declined,
        c.excluded.merged,
        c.excluded.test,
        c.unacknowledged,
        c.open
    );
    let _ = writeln!(s, "Response\n{}", response_table(r).render());

    let f = &r.frequency;
    let mut header: Vec<&str> = vec!["month", "total", "change"];
    header.extend(f.severities.iter().map(String::as_str));
    let mut t = Table::new(&header);
    for p in &f.monthly {
        let mut cells = vec![
            format!(
                "{}{}",
                p.period.label,
                if p.period.partial { " (part)" } else { "" }
            ),
            p.total.to_string(),
            p.change.map_or("—".into(), |c| format!("{c:+}")),
        ];
        cells.extend(p.by_severity.iter().map(u64::to_string));
        t.row(cells);
    }
    let _ = writeln!(s, "Incident frequency\n{}", t.render());

    let a = &r.alerts;
    let _ = writeln!(
        s,
        "Pages: {} ({} interruptions; {} in sleep hours), {} per shift, true-positive rate {}, flapping {}\n",
        a.pages,
        a.interruptions,
        r.interruptions.total.sleep,
        a.pages_per_shift.map_or("—".into(), number),
        percent(a.accuracy.true_positive_rate),
        percent(a.accuracy.flapping_share)
    );
    let mut t = Table::new(&[
        "noisiest rules",
        "pages",
        "not actionable",
        "true positive",
        "flapping",
    ]);
    for x in &a.noisiest_rules {
        t.row(vec![
            x.key.clone(),
            x.pages.to_string(),
            x.not_actionable.to_string(),
            percent(x.true_positive_rate),
            percent(x.flapping_share),
        ]);
    }
    let _ = writeln!(s, "{}", t.render());

    let mut t = Table::new(&[
        "person",
        "on call",
        "share",
        "pages",
        "business",
        "off hours",
        "sleep",
        "per 12 h",
        "risk",
        "reasons",
    ]);
    let interruptions = &r.interruptions.per_person;
    for p in &r.burnout.people {
        let i = interruptions.iter().find(|x| x.person == p.person);
        t.row(vec![
            p.name.clone().unwrap_or_else(|| p.person.clone()),
            format!("{} h", number(p.oncall_hours)),
            percent(Some(p.oncall_share)),
            p.pages.to_string(),
            i.map_or(0, |x| x.interruptions.business).to_string(),
            p.off_hours_interruptions.to_string(),
            p.sleep_interruptions.to_string(),
            p.interruptions_per_12h
                .map_or("—".into(), |v| format!("{v:.2}")),
            format!("{:?}", p.risk).to_lowercase(),
            p.reasons
                .iter()
                .map(|x| x.code.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ]);
    }
    let b = &r.burnout.balance;
    let _ = writeln!(
        s,
        "People ({} at risk; Gini of on-call hours {:.2}, of interruptions {:.2})\n{}",
        r.burnout.at_risk,
        b.oncall_hours_gini,
        b.interruptions_gini,
        t.render()
    );

    let p = &r.process;
    let _ = writeln!(
        s,
        "Process: runbooks {} of incidents, {} of alert rules; post-mortems {} complete ({} on time, {} overdue); action items {} complete, {} overdue\n",
        percent(p.runbook_incidents.share),
        percent(p.runbook_rules.share),
        percent(p.postmortems.completion_rate),
        percent(p.postmortems.on_time_rate),
        p.postmortems.overdue,
        percent(p.action_items.completion_rate),
        p.action_items.overdue
    );
    let mut t = Table::new(&[
        "severity",
        "response SLA",
        "met/decided",
        "resolve SLA",
        "met/decided",
    ]);
    for x in &p.sla {
        t.row(vec![
            x.severity.clone(),
            percent(x.response.ratio),
            format!(
                "{}/{}",
                x.response.met,
                x.response.met + x.response.breached
            ),
            percent(x.resolve.as_ref().and_then(|a| a.ratio)),
            x.resolve.as_ref().map_or("—".into(), |a| {
                format!("{}/{}", a.met, a.met + a.breached)
            }),
        ]);
    }
    let _ = writeln!(s, "{}", t.render());

    let mut t = Table::new(&[
        "compensation",
        "weekday",
        "weeknight",
        "weekend",
        "holiday",
        "pages",
        "amount",
    ]);
    for x in &r.compensation.totals {
        t.row(vec![
            x.name.clone().unwrap_or_else(|| x.person.clone()),
            number(x.weekday_hours),
            number(x.weeknight_hours),
            number(x.weekend_hours),
            number(x.holiday_hours),
            x.pages_outside_business_hours.to_string(),
            format!("{:.2}", x.amount),
        ]);
    }
    let _ = writeln!(s, "{}", t.render());

    let dq = &r.data_quality;
    if dq.total == 0 {
        let _ = writeln!(s, "Data quality: no findings");
    } else {
        let _ = writeln!(s, "Data quality: {} findings", dq.total);
        for (code, n) in &dq.by_code {
            let _ = writeln!(s, "  {code}: {n}");
        }
        for f in dq.findings.iter().take(20) {
            let _ = writeln!(s, "  - {} {}: {}", f.code, f.subject, f.message);
        }
    }
    s
}
