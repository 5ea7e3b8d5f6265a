//! The HTML report: one self-contained page — no scripts, no network (a Content-Security-Policy
//! forbids any), inline SVG charts — with the MTTA/MTTR trend, the heatmap of pages by hour of
//! week, per-person load bars, the burnout flags and the tables. Every text that comes from
//! the input (names, rules, services, findings) is escaped.

use std::fmt::Write;

use super::svg::{esc, heatmap, load_bars, trend, LoadRow, Panel, Series};
use super::text::{duration, number, percent};
use super::{DurationStats, MetricsReport, RiskLevel};

const STYLE: &str = r#"
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --bg: #f7f8fb; --card: #fff; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 24px 32px 8px; }
h1 { margin: 0 0 4px; font-size: 24px; }
h2 { margin: 0 0 12px; font-size: 18px; }
.sub { color: var(--muted); }
main { padding: 8px 32px 32px; display: grid; gap: 20px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; overflow-x: auto; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .v { font-size: 22px; font-weight: 600; }
.card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.text { white-space: normal; }
td.why { min-width: 340px; font-size: 12px; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.risk-high { background: #fde0dd; color: #a50f15; }
.risk-elevated { background: #fff1d6; color: #8a5300; }
.risk-none { background: #e5f5e0; color: #23622b; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg .axis, svg .value, svg .legend { font-size: 11px; fill: #3a4150; }
svg .axis.flagged { fill: #a50f15; font-weight: 600; }
svg .panel-title { font-size: 13px; font-weight: 600; fill: var(--ink); }
svg .grid { stroke: #e6e9ef; stroke-width: 1; }
svg .axis-line { stroke: #8a93a5; stroke-width: 1; }
.note { color: var(--muted); font-size: 12px; }
"#;

fn stats_row(out: &mut String, label: &str, metric: &str, s: &DurationStats) {
    let _ = write!(
        out,
        "<tr><td>{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        esc(label),
        esc(metric),
        s.count,
        esc(&duration(s.mean_seconds)),
        esc(&duration(s.p50_seconds)),
        esc(&duration(s.p90_seconds)),
        esc(&duration(s.p95_seconds)),
        esc(&duration(s.max_seconds.map(|v| v as f64)))
    );
}

fn card(out: &mut String, key: &str, value: &str) {
    let _ = write!(
        out,
        r#"<div class="card"><div class="k">{}</div><div class="v">{}</div></div>"#,
        esc(key),
        esc(value)
    );
}

/// The report as one self-contained HTML page.
///
/// ```
/// # use watchstander::metrics::{Metrics, MetricsInput, render_html};
/// # use watchstander::time::{parse_instant, Zone};
/// let mut input = MetricsInput::new(parse_instant("2026-11-01T00:00:00Z")?, parse_instant("2026-11-08T00:00:00Z")?, Zone::UTC);
/// input.people = serde_json::from_value(serde_json::json!([{"id": "<b>mallory</b>"}]))?;
/// let html = render_html(&Metrics::new(input)?.report(Some("Team <script>"))?);
/// assert!(html.starts_with("<!doctype html>"));
/// assert!(!html.contains("<script>") && html.contains("Team &lt;script&gt;"));
/// assert!(html.contains("&lt;b&gt;mallory&lt;/b&gt;"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_html(r: &MetricsReport) -> String {
    let fmt = crate::time::format_instant;
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>{}</title><style>{STYLE}</style></head><body>"#,
        esc(&r.title)
    );
    let _ = write!(
        h,
        r#"<header><h1>{}</h1><div class="sub">{} – {} · weeks and months in {} · open items as of {}</div></header><main>"#,
        esc(&r.title),
        esc(&fmt(r.window.start)),
        esc(&fmt(r.window.end)),
        esc(r.window.zone.name()),
        esc(&fmt(r.as_of))
    );

    // Summary cards.
    let c = &r.response.counts;
    let o = &r.response.overall;
    h.push_str(r#"<div class="cards" id="summary">"#);
    card(&mut h, "incidents", &c.counted.to_string());
    card(
        &mut h,
        "MTTA p50",
        &duration(o.time_to_acknowledge.p50_seconds),
    );
    card(&mut h, "MTTR p50", &duration(o.time_to_resolve.p50_seconds));
    card(&mut h, "pages", &r.alerts.pages.to_string());
    card(
        &mut h,
        "sleep interruptions",
        &r.interruptions.total.sleep.to_string(),
    );
    card(
        &mut h,
        "true-positive rate",
        &percent(r.alerts.accuracy.true_positive_rate),
    );
    card(&mut h, "people at risk", &r.burnout.at_risk.to_string());
    card(&mut h, "data findings", &r.data_quality.total.to_string());
    h.push_str("</div>");

    // Trend.
    let periods = if r.response.weekly.len() > 26 {
        &r.response.monthly
    } else {
        &r.response.weekly
    };
    let labels: Vec<String> = periods.iter().map(|p| p.period.label.clone()).collect();
    // Minutes, or hours when the longest value is past three hours.
    let series = |f: fn(&super::MetricSet) -> &DurationStats| {
        let max = periods
            .iter()
            .filter_map(|p| f(&p.metrics).p90_seconds)
            .fold(0.0, f64::max);
        let (div, unit) = if max > 3.0 * 3600.0 {
            (3600.0, "h")
        } else {
            (60.0, "min")
        };
        let scale = |v: Option<f64>| v.map(|s| s / div);
        (
            periods
                .iter()
                .map(|p| scale(f(&p.metrics).p50_seconds))
                .collect::<Vec<_>>(),
            periods
                .iter()
                .map(|p| scale(f(&p.metrics).p90_seconds))
                .collect::<Vec<_>>(),
            unit,
        )
    };
    let (ack50, ack90, ack_unit) = series(|m| &m.time_to_acknowledge);
    let (res50, res90, res_unit) = series(|m| &m.time_to_resolve);
    let unit_name = |u: &str| if u == "h" { "hours" } else { "minutes" };
    let ack_title = format!("Time to acknowledge ({})", unit_name(ack_unit));
    let res_title = format!("Time to resolve ({})", unit_name(res_unit));
    let _ = write!(
        h,
        r#"<section id="response"><h2>Response</h2><p class="note">{} incidents counted of {} triggered; {} excluded (declined {}, merged {}, test {}); {} never acknowledged and {} still open are left out of MTTA and MTTR. Per {}, by trigger time.</p>"#,
        c.counted,
        c.triggered,
        c.excluded.total(),
        c.excluded.declined,
        c.excluded.merged,
        c.excluded.test,
        c.unacknowledged,
        c.open,
        if r.response.weekly.len() > 26 {
            "month"
        } else {
            "ISO week"
        }
    );
    h.push_str(&trend(
        "trend",
        &labels,
        &[
            Panel {
                title: &ack_title,
                unit: ack_unit,
                series: vec![
                    Series {
                        name: "MTTA p50",
                        color: "#4c78a8",
                        dashed: false,
                        values: ack50,
                    },
                    Series {
                        name: "MTTA p90",
                        color: "#4c78a8",
                        dashed: true,
                        values: ack90,
                    },
                ],
            },
            Panel {
                title: &res_title,
                unit: res_unit,
                series: vec![
                    Series {
                        name: "MTTR p50",
                        color: "#e45756",
                        dashed: false,
                        values: res50,
                    },
                    Series {
                        name: "MTTR p90",
                        color: "#e45756",
                        dashed: true,
                        values: res90,
                    },
                ],
            },
        ],
    ));
    h.push_str(r#"<table id="response-table"><thead><tr><th></th><th class="text">metric</th><th>n</th><th>mean</th><th>p50</th><th>p90</th><th>p95</th><th>max</th></tr></thead><tbody>"#);
    let mut rows = |key: &str, m: &super::MetricSet| {
        stats_row(&mut h, key, "time to acknowledge", &m.time_to_acknowledge);
        stats_row(&mut h, key, "time to mitigate", &m.time_to_mitigate);
        stats_row(&mut h, key, "time to resolve", &m.time_to_resolve);
        if m.time_to_detect.count > 0 {
            stats_row(&mut h, key, "time to detect", &m.time_to_detect);
        }
    };
    rows("all", o);
    for k in &r.response.by_severity {
        rows(&k.key, &k.metrics);
    }
    h.push_str("</tbody></table>");
    if !r.response.by_service.is_empty() {
        h.push_str(r#"<table id="service-table"><thead><tr><th class="text">service</th><th>incidents</th><th>MTTA p50</th><th>MTTR p50</th><th>MTTR p90</th></tr></thead><tbody>"#);
        for k in &r.response.by_service {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&k.key),
                k.incidents,
                esc(&duration(k.metrics.time_to_acknowledge.p50_seconds)),
                esc(&duration(k.metrics.time_to_resolve.p50_seconds)),
                esc(&duration(k.metrics.time_to_resolve.p90_seconds))
            );
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section>");

    // Frequency.
    let f = &r.frequency;
    let (unit, list) = if f.monthly.len() <= 2 {
        ("week", &f.weekly)
    } else {
        ("month", &f.monthly)
    };
    let _ = write!(
        h,
        r#"<section id="frequency"><h2>Incident frequency</h2><table><thead><tr><th class="text">{unit}</th><th>total</th><th>change</th>"#
    );
    for s in &f.severities {
        let _ = write!(h, "<th>{}</th>", esc(s));
    }
    h.push_str("</tr></thead><tbody>");
    for p in list {
        let _ = write!(
            h,
            "<tr><td>{}{}</td><td>{}</td><td>{}</td>",
            esc(&p.period.label),
            if p.period.partial {
                " <span class=\"note\">(partial)</span>"
            } else {
                ""
            },
            p.total,
            esc(&p.change.map_or("—".into(), |c| format!("{c:+}")))
        );
        for n in &p.by_severity {
            let _ = write!(h, "<td>{n}</td>");
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></section>");

    // Pages.
    let a = &r.alerts;
    let _ = write!(
        h,
        r#"<section id="pages"><h2>Pages</h2><p class="note">{} pages, {} interruptions (pages to one person within {} s count once), {} per on-call shift; true-positive rate {}; flapping {}. The heatmap counts pages by the local hour of week of the person paged.</p>"#,
        a.pages,
        a.interruptions,
        r.interruptions.merge_window_seconds,
        esc(&a.pages_per_shift.map_or("—".into(), number)),
        esc(&percent(a.accuracy.true_positive_rate)),
        esc(&percent(a.accuracy.flapping_share))
    );
    h.push_str(&heatmap(
        "heatmap",
        &r.interruptions.heatmap.cells,
        r.interruptions.heatmap.max,
    ));
    h.push_str(r#"<table id="noisiest"><thead><tr><th class="text">noisiest rules</th><th>pages</th><th>not actionable</th><th>true positive</th><th>flapping</th></tr></thead><tbody>"#);
    for x in &a.noisiest_rules {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&x.key),
            x.pages,
            x.not_actionable,
            esc(&percent(x.true_positive_rate)),
            esc(&percent(x.flapping_share))
        );
    }
    h.push_str("</tbody></table></section>");

    // People.
    let interruptions = &r.interruptions.per_person;
    let load: Vec<LoadRow> = r
        .burnout
        .people
        .iter()
        .map(|p| {
            let i = interruptions.iter().find(|x| x.person == p.person);
            LoadRow {
                label: p.name.clone().unwrap_or_else(|| p.person.clone()),
                hours: p.oncall_hours,
                business: i.map_or(0, |x| x.interruptions.business),
                off_hours: p.off_hours_interruptions,
                sleep: p.sleep_interruptions,
                flagged: p.risk != RiskLevel::None,
            }
        })
        .collect();
    let b = &r.burnout.balance;
    let _ = write!(
        h,
        r#"<section id="people"><h2>People</h2><p class="note">{} of {} people at risk. Rotation balance (Gini, 0 = even): on-call hours {:.2}, interruptions {:.2}. Hours are read in each person's own zone.</p>"#,
        r.burnout.at_risk, b.people, b.oncall_hours_gini, b.interruptions_gini
    );
    h.push_str(&load_bars("load", &load));
    h.push_str(r#"<table id="burnout"><thead><tr><th class="text">person</th><th class="text">zone</th><th>on call</th><th>share</th><th>interruptions</th><th>per 12 h</th><th>sleep</th><th>days in a row</th><th>weekend + holiday h</th><th class="text">risk</th><th class="text">why</th></tr></thead><tbody>"#);
    for p in &r.burnout.people {
        let risk = match p.risk {
            RiskLevel::High => "high",
            RiskLevel::Elevated => "elevated",
            RiskLevel::None => "none",
        };
        let why = p
            .reasons
            .iter()
            .map(|x| esc(&x.message))
            .collect::<Vec<_>>()
            .join("; ");
        let _ = write!(
            h,
            r#"<tr><td>{}</td><td class="text">{}</td><td>{} h</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="text"><span class="badge risk-{risk}">{risk}</span></td><td class="text why">{}</td></tr>"#,
            esc(p.name.as_deref().unwrap_or(&p.person)),
            esc(p.zone.name()),
            esc(&number(p.oncall_hours)),
            esc(&percent(Some(p.oncall_share))),
            p.interruptions,
            esc(&p
                .interruptions_per_12h
                .map_or("—".into(), |v| format!("{v:.2}"))),
            p.sleep_interruptions,
            p.longest_consecutive_days,
            esc(&number(p.weekend_hours + p.holiday_hours)),
            if why.is_empty() {
                "—".to_string()
            } else {
                why
            }
        );
    }
    h.push_str("</tbody></table></section>");

    // Process.
    let p = &r.process;
    h.push_str(r#"<section id="process"><h2>Process health</h2><div class="cards">"#);
    card(
        &mut h,
        "incidents with a runbook",
        &percent(p.runbook_incidents.share),
    );
    card(
        &mut h,
        "alert rules with a runbook",
        &percent(p.runbook_rules.share),
    );
    card(
        &mut h,
        "post-mortems complete",
        &percent(p.postmortems.completion_rate),
    );
    card(
        &mut h,
        "post-mortems on time",
        &percent(p.postmortems.on_time_rate),
    );
    card(
        &mut h,
        "post-mortems overdue",
        &p.postmortems.overdue.to_string(),
    );
    card(
        &mut h,
        "action items complete",
        &percent(p.action_items.completion_rate),
    );
    card(
        &mut h,
        "action items overdue",
        &p.action_items.overdue.to_string(),
    );
    h.push_str(r#"</div><table id="sla"><thead><tr><th class="text">severity</th><th>response SLA met</th><th>met / decided</th><th>resolve SLA met</th><th>met / decided</th><th>pending</th></tr></thead><tbody>"#);
    for x in &p.sla {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{} / {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&x.severity),
            esc(&percent(x.response.ratio)),
            x.response.met,
            x.response.met + x.response.breached,
            esc(&percent(x.resolve.as_ref().and_then(|a| a.ratio))),
            esc(&x.resolve.as_ref().map_or("—".into(), |a| format!(
                "{} / {}",
                a.met,
                a.met + a.breached
            ))),
            x.response.pending + x.resolve.as_ref().map_or(0, |a| a.pending)
        );
    }
    h.push_str("</tbody></table></section>");

    // Compensation.
    let comp = &r.compensation;
    let currency = comp.settings.currency.clone().unwrap_or_default();
    h.push_str(r#"<section id="compensation"><h2>On-call compensation</h2><table><thead><tr><th class="text">person</th><th>weekday h</th><th>weeknight h</th><th>weekend h</th><th>holiday h</th><th>total h</th><th>pages outside business hours</th><th>amount</th></tr></thead><tbody>"#);
    for x in &comp.totals {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2} {}</td></tr>",
            esc(x.name.as_deref().unwrap_or(&x.person)),
            esc(&number(x.weekday_hours)),
            esc(&number(x.weeknight_hours)),
            esc(&number(x.weekend_hours)),
            esc(&number(x.holiday_hours)),
            esc(&number(x.total_hours)),
            x.pages_outside_business_hours,
            x.amount,
            esc(&currency)
        );
    }
    h.push_str("</tbody></table></section>");

    // Data quality.
    let dq = &r.data_quality;
    h.push_str(r#"<section id="data-quality"><h2>Data quality</h2>"#);
    if dq.total == 0 {
        h.push_str("<p>No findings: every incident and page was usable.</p>");
    } else {
        let _ = write!(h, "<p>{} findings", dq.total);
        for (code, n) in &dq.by_code {
            let _ = write!(h, " · <code>{}</code> {}", esc(code), n);
        }
        h.push_str(r#"</p><table><thead><tr><th class="text">code</th><th class="text">level</th><th class="text">about</th><th class="text">what was found and done</th></tr></thead><tbody>"#);
        for f in dq.findings.iter().take(100) {
            let _ = write!(
                h,
                r#"<tr><td class="text">{}</td><td class="text">{}</td><td class="text">{}</td><td class="text">{}</td></tr>"#,
                esc(&f.code),
                esc(&format!("{:?}", f.level).to_lowercase()),
                esc(&f.subject),
                esc(&f.message)
            );
        }
        h.push_str("</tbody></table>");
        if dq.findings.len() > 100 || dq.truncated {
            h.push_str(r#"<p class="note">Only the first findings are listed; the counts above include all.</p>"#);
        }
    }
    h.push_str("</section></main></body></html>\n");
    h
}
