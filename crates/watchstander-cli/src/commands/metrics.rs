//! `watchstander metrics …`: response metrics, on-call health, process health, compensation
//! and the HTML report, over incident, page and schedule files.
//!
//! The input is a metrics document (`docs/formats/metrics.md`) given as INPUT, or assembled
//! from `--incidents`, `--pages`, `--schedules`, `--oncall` and `--people` files with a window
//! (`--start`, `--end`, `--zone`); flags add to (and the window flags override) INPUT. Without
//! any input the commands use the sample organisation's thirteen weeks.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::io::{self, CliError, Result};

/// Where the data comes from.
#[derive(clap::Args)]
pub struct Source {
    /// A metrics input document (JSON), or `-` for standard input. Default: the sample team.
    pub input: Option<PathBuf>,
    /// Incidents: an array of incident records, an object {"incidents": [...]} of records or
    /// of {"id", "events"} histories (with an optional incident "config"), or incident columns.
    #[arg(long)]
    pub incidents: Option<PathBuf>,
    /// Pages: an array of pages, {"pages": [...]}, or page columns.
    #[arg(long)]
    pub pages: Option<PathBuf>,
    /// Schedules whose shifts are the on-call time: one schedule, an array, or {"schedules": [...]}.
    #[arg(long)]
    pub schedules: Option<PathBuf>,
    /// On-call shifts: an array of {"person", "start", "end"}.
    #[arg(long)]
    pub oncall: Option<PathBuf>,
    /// People: an array of {"id", "name"?, "zone"?, "holidays"?}, or {"people": [...]}.
    #[arg(long)]
    pub people: Option<PathBuf>,
    /// Window start (RFC 3339).
    #[arg(long)]
    pub start: Option<String>,
    /// Window end (RFC 3339).
    #[arg(long)]
    pub end: Option<String>,
    /// The zone weeks and months are read in (IANA).
    #[arg(long)]
    pub zone: Option<String>,
    /// The instant open items are judged at (default: the window's end).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Print the operation's JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// Everything: response, frequency, pages, interruptions, burnout, process, compensation,
    /// data quality. `--html FILE` writes the self-contained HTML report.
    Report {
        #[command(flatten)]
        source: Source,
        /// Write the HTML report to this file.
        #[arg(long)]
        html: Option<PathBuf>,
        /// The report's title.
        #[arg(long)]
        title: Option<String>,
    },
    /// MTTA, MTTR, time to mitigate and detect with percentiles, by severity; frequency.
    Response(Source),
    /// Alert volume and accuracy, interruptions, burnout indicators and risk flags.
    Health(Source),
    /// Runbook coverage, post-mortems, action items, SLA attainment.
    Process(Source),
    /// On-call hours split into weekday, weeknight, weekend and holiday, priced.
    Compensation {
        #[command(flatten)]
        source: Source,
        /// Write the rows as CSV to this file (`-` for standard output).
        #[arg(long)]
        csv: Option<PathBuf>,
    },
}

/// The sample team's metrics document (`examples/org/metrics.json`).
pub const SAMPLE_METRICS: &str = include_str!("../../sample/metrics.json");

/// The sample input: thirteen weeks of incidents and pages, with the sample schedules.
pub fn sample_input() -> Result<Value> {
    let mut doc: Value = serde_json::from_str(SAMPLE_METRICS).map_err(|e| {
        CliError::input(format!(
            "the built-in sample metrics are not valid JSON: {e}"
        ))
    })?;
    doc["schedules"] = crate::sample::schedules()?["schedules"].clone();
    Ok(doc)
}

fn list_of(v: Value, key: &str) -> Value {
    match v {
        Value::Object(mut m) if m.contains_key(key) => m.remove(key).unwrap_or(Value::Null),
        Value::Array(_) => v,
        other => Value::Array(vec![other]),
    }
}

fn append(doc: &mut Map<String, Value>, key: &str, items: Value) {
    let Value::Array(items) = items else { return };
    match doc.get_mut(key) {
        Some(Value::Array(existing)) => existing.extend(items),
        _ => {
            doc.insert(key.into(), Value::Array(items));
        }
    }
}

/// Adds an incidents file in any of its forms.
fn add_incidents(doc: &mut Map<String, Value>, v: Value) {
    let histories = |list: &Vec<Value>| list.iter().all(|i| i.get("events").is_some());
    match v {
        Value::Object(m) if m.contains_key("triggered_at") => {
            doc.insert("incident_columns".into(), Value::Object(m));
        }
        Value::Object(mut m) => {
            if let Some(c) = m.remove("config") {
                doc.insert("incident_config".into(), c);
            }
            let list = m.remove("incidents").unwrap_or(Value::Array(Vec::new()));
            add_incidents(doc, list);
        }
        Value::Array(list) if !list.is_empty() && histories(&list) => {
            let events: Vec<Value> = list.into_iter().map(|mut i| i["events"].take()).collect();
            append(doc, "incident_histories", Value::Array(events));
        }
        Value::Array(list) if list.first().is_some_and(Value::is_array) => {
            append(doc, "incident_histories", Value::Array(list));
        }
        other => append(doc, "incidents", other),
    }
}

/// The metrics input the arguments describe.
fn load(s: &Source) -> Result<Value> {
    let given_parts = s.incidents.is_some()
        || s.pages.is_some()
        || s.schedules.is_some()
        || s.oncall.is_some()
        || s.people.is_some();
    let mut doc = match (&s.input, given_parts) {
        (Some(p), _) => io::read_json(p)?,
        (None, false) => sample_input()?,
        (None, true) => json!({}),
    };
    let Value::Object(m) = &mut doc else {
        return Err(CliError::input(
            "the metrics input must be a JSON object".into(),
        ));
    };
    if let Some(p) = &s.incidents {
        add_incidents(m, io::read_json(p)?);
    }
    if let Some(p) = &s.pages {
        match io::read_json(p)? {
            Value::Object(c) if c.contains_key("at") => {
                m.insert("page_columns".into(), Value::Object(c));
            }
            v => append(m, "pages", list_of(v, "pages")),
        }
    }
    if let Some(p) = &s.schedules {
        append(m, "schedules", list_of(io::read_json(p)?, "schedules"));
    }
    if let Some(p) = &s.oncall {
        append(m, "oncall", list_of(io::read_json(p)?, "oncall"));
    }
    if let Some(p) = &s.people {
        let people = list_of(io::read_json(p)?, "people");
        // Keep only the fields a responder has (the sample organisation lists more).
        let people: Vec<Value> = people
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                let mut r = Map::new();
                for k in ["id", "name", "zone", "holidays", "holiday_calendars"] {
                    if let Some(v) = p.get(k) {
                        r.insert(k.into(), v.clone());
                    }
                }
                Value::Object(r)
            })
            .collect();
        append(m, "people", Value::Array(people));
    }
    for (key, v) in [
        ("start", &s.start),
        ("end", &s.end),
        ("zone", &s.zone),
        ("as_of", &s.as_of),
    ] {
        if let Some(v) = v {
            let v = if key == "zone" {
                v.clone()
            } else {
                io::instant_arg(v)?
            };
            m.insert(key.into(), Value::String(v));
        }
    }
    for key in ["start", "end", "zone"] {
        if !m.contains_key(key) {
            return Err(CliError::input(format!(
                "the window needs --{key} (or \"{key}\" in the input document)"
            )));
        }
    }
    Ok(doc)
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    if path.as_os_str() == "-" {
        out!("{text}");
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| CliError::unwritable(path, &e))
}

pub fn run(c: Command) -> Result<()> {
    match c {
        Command::Report {
            source,
            html,
            title,
        } => {
            let mut input = load(&source)?;
            input["report"] = json!({"html": html.is_some(), "text": !source.json});
            if let Some(t) = title {
                input["report"]["title"] = json!(t);
            }
            let out = io::call("metrics.report", &input)?;
            if let Some(path) = &html {
                write_file(path, out["html"].as_str().unwrap_or_default())?;
                io::note(&format!("wrote {}", path.display()));
            }
            if source.json {
                io::print_json(&out["report"]);
            } else {
                out!("{}", out["text"].as_str().unwrap_or_default());
            }
            Ok(())
        }
        Command::Response(s) => {
            let out = io::call("metrics.response", &load(&s)?)?;
            if s.json {
                io::print_json(&out);
            } else {
                print_response(&out);
            }
            Ok(())
        }
        Command::Health(s) => {
            let out = io::call("metrics.health", &load(&s)?)?;
            if s.json {
                io::print_json(&out);
            } else {
                print_health(&out);
            }
            Ok(())
        }
        Command::Process(s) => {
            let out = io::call("metrics.process", &load(&s)?)?;
            if s.json {
                io::print_json(&out);
            } else {
                print_process(&out["process"]);
                print_quality(&out["data_quality"]);
            }
            Ok(())
        }
        Command::Compensation { source, csv } => {
            let out = io::call("metrics.compensation", &load(&source)?)?;
            if let Some(path) = &csv {
                write_file(path, out["csv"].as_str().unwrap_or_default())?;
                if path.as_os_str() == "-" {
                    return Ok(());
                }
            }
            if source.json {
                io::print_json(&out);
            } else {
                print_compensation(&out["compensation"]);
            }
            Ok(())
        }
    }
}

fn secs(v: &Value) -> String {
    match v.as_f64() {
        Some(s) => io::human_seconds(s.round() as i64),
        None => "—".into(),
    }
}

fn pct(v: &Value) -> String {
    v.as_f64()
        .map_or("—".into(), |x| format!("{:.0} %", x * 100.0))
}

fn num(v: &Value) -> String {
    v.as_f64().map_or("—".into(), |x| {
        if (x - x.round()).abs() < 0.05 {
            format!("{}", x.round() as i64)
        } else {
            format!("{x:.1}")
        }
    })
}

fn print_response(out: &Value) {
    let r = &out["response"];
    let c = &r["counts"];
    outln!(
        "{} incidents counted of {} triggered; excluded: {} declined, {} merged, {} test; {} unacknowledged, {} open\n",
        io::cell(&c["counted"]),
        io::cell(&c["triggered"]),
        io::cell(&c["excluded"]["declined"]),
        io::cell(&c["excluded"]["merged"]),
        io::cell(&c["excluded"]["test"]),
        io::cell(&c["unacknowledged"]),
        io::cell(&c["open"])
    );
    let mut t = io::table(&["", "metric", "n", "mean", "p50", "p90", "p95", "max"]);
    let mut add = |key: &str, m: &Value| {
        for (name, k) in [
            ("time to acknowledge", "time_to_acknowledge"),
            ("time to mitigate", "time_to_mitigate"),
            ("time to resolve", "time_to_resolve"),
            ("time to detect", "time_to_detect"),
        ] {
            let s = &m[k];
            if k == "time_to_detect" && s["count"] == 0 {
                continue;
            }
            t.add_row(vec![
                key.to_string(),
                name.to_string(),
                io::cell(&s["count"]),
                secs(&s["mean_seconds"]),
                secs(&s["p50_seconds"]),
                secs(&s["p90_seconds"]),
                secs(&s["p95_seconds"]),
                secs(&s["max_seconds"]),
            ]);
        }
    };
    add("all", &r["overall"]);
    for k in r["by_severity"].as_array().into_iter().flatten() {
        add(&io::cell(&k["key"]), &k["metrics"]);
    }
    outln!("{t}\n");
    let f = &out["frequency"];
    let sevs: Vec<String> = f["severities"]
        .as_array()
        .into_iter()
        .flatten()
        .map(io::cell)
        .collect();
    let mut header = vec!["week", "total", "change"];
    header.extend(sevs.iter().map(String::as_str));
    let mut t = io::table(&header);
    for p in f["weekly"].as_array().into_iter().flatten() {
        let mut row = vec![
            io::cell(&p["period"]["label"]),
            io::cell(&p["total"]),
            p["change"]
                .as_i64()
                .map_or("—".into(), |c| format!("{c:+}")),
        ];
        row.extend(
            p["by_severity"]
                .as_array()
                .into_iter()
                .flatten()
                .map(io::cell),
        );
        t.add_row(row);
    }
    outln!("Incident frequency\n{t}\n");
    print_quality(&out["data_quality"]);
}

fn print_health(out: &Value) {
    let a = &out["alerts"];
    let i = &out["interruptions"];
    outln!(
        "{} pages, {} interruptions ({} business, {} off hours, {} sleep); {} pages per shift; true-positive rate {}; flapping {}\n",
        io::cell(&a["pages"]),
        io::cell(&i["total"]["total"]),
        io::cell(&i["total"]["business"]),
        io::cell(&i["total"]["off_hours"]),
        io::cell(&i["total"]["sleep"]),
        num(&a["pages_per_shift"]),
        pct(&a["accuracy"]["true_positive_rate"]),
        pct(&a["accuracy"]["flapping_share"])
    );
    let mut t = io::table(&[
        "noisiest rule",
        "pages",
        "not actionable",
        "true positive",
        "flapping",
    ]);
    for r in a["noisiest_rules"].as_array().into_iter().flatten() {
        t.add_row(vec![
            io::cell(&r["key"]),
            io::cell(&r["pages"]),
            io::cell(&r["not_actionable"]),
            pct(&r["true_positive_rate"]),
            pct(&r["flapping_share"]),
        ]);
    }
    outln!("{t}\n");
    print_people(&out["burnout"]);
    print_quality(&out["data_quality"]);
}

/// The burnout table (also the demo's).
fn print_people(b: &Value) {
    let bal = &b["balance"];
    outln!(
        "People: {} at risk; rotation balance (Gini, 0 = even) on-call hours {}, interruptions {}",
        io::cell(&b["at_risk"]),
        bal["oncall_hours_gini"]
            .as_f64()
            .map_or("—".into(), |g| format!("{g:.2}")),
        bal["interruptions_gini"]
            .as_f64()
            .map_or("—".into(), |g| format!("{g:.2}"))
    );
    let mut t = io::table(&[
        "person",
        "zone",
        "on call",
        "share",
        "interruptions",
        "sleep",
        "per 12 h",
        "days in a row",
        "risk",
        "why",
    ]);
    for p in b["people"].as_array().into_iter().flatten() {
        let why: Vec<String> = p["reasons"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| io::cell(&r["message"]))
            .collect();
        t.add_row(vec![
            p.get("name")
                .filter(|n| !n.is_null())
                .map_or_else(|| io::cell(&p["person"]), io::cell),
            io::cell(&p["zone"]),
            format!("{} h", num(&p["oncall_hours"])),
            pct(&p["oncall_share"]),
            io::cell(&p["interruptions"]),
            io::cell(&p["sleep_interruptions"]),
            p["interruptions_per_12h"]
                .as_f64()
                .map_or("—".into(), |v| format!("{v:.2}")),
            io::cell(&p["longest_consecutive_days"]),
            io::cell(&p["risk"]),
            if why.is_empty() {
                "—".into()
            } else {
                why.join("; ")
            },
        ]);
    }
    outln!("{t}\n");
}

fn print_process(p: &Value) {
    outln!(
        "Runbooks: {} of incidents, {} of alert rules. Post-mortems: {} of {} complete, {} on time, {} overdue, {} pending. Action items: {} of {} complete, {} overdue.\n",
        pct(&p["runbook_incidents"]["share"]),
        pct(&p["runbook_rules"]["share"]),
        io::cell(&p["postmortems"]["completed"]),
        io::cell(&p["postmortems"]["required"]),
        pct(&p["postmortems"]["on_time_rate"]),
        io::cell(&p["postmortems"]["overdue"]),
        io::cell(&p["postmortems"]["pending"]),
        io::cell(&p["action_items"]["completed"]),
        io::cell(&p["action_items"]["total"]),
        io::cell(&p["action_items"]["overdue"])
    );
    let mut t = io::table(&[
        "severity",
        "response SLA met",
        "met / decided",
        "resolve SLA met",
        "met / decided",
    ]);
    for s in p["sla"].as_array().into_iter().flatten() {
        let r = &s["response"];
        let x = &s["resolve"];
        let decided = |a: &Value| {
            if a.is_null() {
                "—".to_string()
            } else {
                let met = a["met"].as_u64().unwrap_or(0);
                format!("{met} / {}", met + a["breached"].as_u64().unwrap_or(0))
            }
        };
        t.add_row(vec![
            io::cell(&s["severity"]),
            pct(&r["ratio"]),
            decided(r),
            pct(&x["ratio"]),
            decided(x),
        ]);
    }
    outln!("{t}\n");
}

fn print_compensation(c: &Value) {
    let currency = c["settings"]["currency"].as_str().unwrap_or("");
    let mut t = io::table(&[
        "person",
        "period",
        "weekday h",
        "weeknight h",
        "weekend h",
        "holiday h",
        "pages outside hours",
        "amount",
    ]);
    for r in c["rows"].as_array().into_iter().flatten() {
        t.add_row(vec![
            r.get("name")
                .filter(|n| !n.is_null())
                .map_or_else(|| io::cell(&r["person"]), io::cell),
            io::cell(&r["period"]["label"]),
            num(&r["weekday_hours"]),
            num(&r["weeknight_hours"]),
            num(&r["weekend_hours"]),
            num(&r["holiday_hours"]),
            io::cell(&r["pages_outside_business_hours"]),
            format!("{:.2} {currency}", r["amount"].as_f64().unwrap_or(0.0)),
        ]);
    }
    outln!("{t}");
    outln!(
        "Total: {:.2} {currency}\n",
        c["total_amount"].as_f64().unwrap_or(0.0)
    );
}

fn print_quality(dq: &Value) {
    let total = dq["total"].as_u64().unwrap_or(0);
    if total == 0 {
        outln!("Data quality: no findings");
        return;
    }
    let codes: Vec<String> = dq["by_code"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k} {}", io::cell(v)))
        .collect();
    outln!("Data quality: {total} findings ({})", codes.join(", "));
    const SHOWN: usize = 10;
    let findings = dq["findings"].as_array().map_or(0, Vec::len);
    if findings > SHOWN {
        outln!("  (the first {SHOWN} of {findings}; --json lists them all)");
    }
    for f in dq["findings"].as_array().into_iter().flatten().take(SHOWN) {
        if f["level"] != "info" {
            outln!(
                "  - {} {}: {}",
                io::cell(&f["code"]),
                io::cell(&f["subject"]),
                io::cell(&f["message"])
            );
        }
    }
}

/// The demo's health section: the sample team's thirteen weeks.
pub fn demo_section() -> Result<Value> {
    let input = sample_input()?;
    let response = io::call("metrics.response", &input)?;
    let health = io::call("metrics.health", &input)?;
    let o = &response["response"]["overall"];
    Ok(json!({
        "start": input["start"],
        "end": input["end"],
        "incidents": response["response"]["counts"]["counted"],
        "mtta_p50_seconds": o["time_to_acknowledge"]["p50_seconds"],
        "mttr_p50_seconds": o["time_to_resolve"]["p50_seconds"],
        "mttr_p90_seconds": o["time_to_resolve"]["p90_seconds"],
        "pages": health["alerts"]["pages"],
        "interruptions": health["interruptions"]["total"],
        "true_positive_rate": health["alerts"]["accuracy"]["true_positive_rate"],
        "noisiest_rule": health["alerts"]["noisiest_rules"][0]["key"],
        "burnout": health["burnout"],
        "data_quality": health["data_quality"]["by_code"],
    }))
}

/// Prints the demo's health section.
pub fn print_demo_section(s: &Value) {
    outln!(
        "On-call health, {} – {}: {} incidents, MTTA p50 {}, MTTR p50 {} (p90 {}); {} pages, {} interruptions ({} in sleep hours); true-positive rate {}; noisiest rule {}",
        io::cell(&s["start"]),
        io::cell(&s["end"]),
        io::cell(&s["incidents"]),
        secs(&s["mtta_p50_seconds"]),
        secs(&s["mttr_p50_seconds"]),
        secs(&s["mttr_p90_seconds"]),
        io::cell(&s["pages"]),
        io::cell(&s["interruptions"]["total"]),
        io::cell(&s["interruptions"]["sleep"]),
        pct(&s["true_positive_rate"]),
        io::cell(&s["noisiest_rule"])
    );
    print_people(&s["burnout"]);
    outln!("(`watchstander metrics report --html report.html` renders the full report.)");
}
