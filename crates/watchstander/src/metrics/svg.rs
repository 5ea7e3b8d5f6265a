//! Inline SVG charts for the HTML report: a trend of two metrics, an hour-of-week heatmap and
//! per-person load bars. Plain SVG elements (`path`, `rect`, `line`, `text`), no scripts, every
//! text escaped.

use std::fmt::Write;

/// Escapes text for HTML and SVG (elements and attribute values).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A round upper bound for an axis, and its tick step: 1, 2 or 5 × 10ⁿ.
pub(crate) fn nice_max(v: f64) -> (f64, f64) {
    if !v.is_finite() || v <= 0.0 {
        return (1.0, 0.25);
    }
    let raw = v / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    ((v / step).ceil() * step, step)
}

fn num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else if v.abs() >= 10.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// One line of a trend panel.
pub(crate) struct Series<'a> {
    pub(crate) name: &'a str,
    pub(crate) color: &'a str,
    pub(crate) dashed: bool,
    pub(crate) values: Vec<Option<f64>>,
}

/// One panel of the trend chart.
pub(crate) struct Panel<'a> {
    pub(crate) title: &'a str,
    pub(crate) unit: &'a str,
    pub(crate) series: Vec<Series<'a>>,
}

const W: f64 = 760.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;

/// Panels stacked over one x axis of period labels.
pub(crate) fn trend(id: &str, labels: &[String], panels: &[Panel<'_>]) -> String {
    let panel_h = 170.0;
    let gap = 34.0;
    let bottom = 44.0;
    let h = panels.len() as f64 * (panel_h + gap) + bottom;
    let plot_w = W - LEFT - RIGHT;
    let n = labels.len().max(1);
    let x = |i: usize| {
        if n == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg id="{}" class="chart" viewBox="0 0 {W} {h}" width="{W}" height="{h}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(id),
        esc(&panels
            .iter()
            .map(|p| p.title)
            .collect::<Vec<_>>()
            .join(", "))
    );
    for (k, p) in panels.iter().enumerate() {
        let top = gap + k as f64 * (panel_h + gap);
        let base = top + panel_h;
        let max = p
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .copied()
            .fold(0.0, f64::max);
        let (ymax, step) = nice_max(max);
        let y = |v: f64| base - panel_h * (v / ymax).clamp(0.0, 1.0);
        let _ = write!(
            s,
            r#"<text class="panel-title" x="{LEFT}" y="{}">{}</text>"#,
            top - 10.0,
            esc(p.title)
        );
        let mut t = 0.0;
        while t <= ymax + step * 1e-6 {
            let yy = y(t);
            let _ = write!(
                s,
                r##"<line class="grid" x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{} {}</text>"##,
                W - RIGHT,
                LEFT - 6.0,
                yy + 4.0,
                esc(&num(t)),
                esc(p.unit)
            );
            t += step;
        }
        let _ = write!(
            s,
            r#"<line class="axis-line" x1="{LEFT}" x2="{LEFT}" y1="{top}" y2="{base}"/><line class="axis-line" x1="{LEFT}" x2="{}" y1="{base}" y2="{base}"/>"#,
            W - RIGHT
        );
        if max == 0.0
            && p.series
                .iter()
                .all(|s| s.values.iter().all(Option::is_none))
        {
            let _ = write!(
                s,
                r#"<text class="legend" x="{:.1}" y="{:.1}" text-anchor="middle">no data in this window</text>"#,
                LEFT + plot_w / 2.0,
                top + panel_h / 2.0
            );
        }
        for (si, ser) in p.series.iter().enumerate() {
            let mut d = String::new();
            let mut pen_down = false;
            for (i, v) in ser.values.iter().enumerate() {
                match v {
                    Some(v) => {
                        let _ = write!(
                            d,
                            "{}{:.1} {:.1} ",
                            if pen_down { "L" } else { "M" },
                            x(i),
                            y(*v)
                        );
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            if !d.is_empty() {
                let _ = write!(
                    s,
                    r#"<path class="series" d="{}" fill="none" stroke="{}" stroke-width="2"{}/>"#,
                    d.trim_end(),
                    esc(ser.color),
                    if ser.dashed {
                        r#" stroke-dasharray="6 4""#
                    } else {
                        ""
                    }
                );
            }
            for (i, v) in ser.values.iter().enumerate() {
                if let Some(v) = v {
                    let _ = write!(
                        s,
                        r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{}"><title>{}: {} {}</title></circle>"#,
                        x(i),
                        y(*v),
                        esc(ser.color),
                        esc(&format!(
                            "{} {}",
                            ser.name,
                            labels.get(i).map_or("", |l| l.as_str())
                        )),
                        esc(&num(*v)),
                        esc(p.unit)
                    );
                }
            }
            let lx = W - RIGHT - 110.0 * (p.series.len() - si) as f64;
            let ly = top - 10.0;
            let _ = write!(
                s,
                r#"<line x1="{lx}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2"{}/><text class="legend" x="{}" y="{ly}">{}</text>"#,
                lx + 18.0,
                ly - 4.0,
                ly - 4.0,
                esc(ser.color),
                if ser.dashed {
                    r#" stroke-dasharray="6 4""#
                } else {
                    ""
                },
                lx + 24.0,
                esc(ser.name)
            );
        }
    }
    let every = labels.len().div_ceil(10).max(1);
    let base = h - bottom;
    for (i, l) in labels.iter().enumerate() {
        if i % every != 0 && i + 1 != labels.len() {
            continue;
        }
        let anchor = if labels.len() > 1 && i == 0 {
            "start"
        } else if labels.len() > 1 && i + 1 == labels.len() {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            s,
            r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
            x(i),
            base + 18.0,
            esc(l)
        );
    }
    s.push_str("</svg>");
    s
}

/// Seven rows (Monday first) of 24 cells.
pub(crate) fn heatmap(id: &str, cells: &[Vec<u64>], max: u64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let (cell, left, top) = (26.0, 48.0, 24.0);
    let w = left + 24.0 * cell + 70.0;
    let h = top + 7.0 * cell + 34.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg id="{}" class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="pages by hour of week" xmlns="http://www.w3.org/2000/svg">"#,
        esc(id)
    );
    for (d, name) in DAYS.iter().enumerate() {
        let y = top + d as f64 * cell;
        let _ = write!(
            s,
            r#"<text class="axis" x="{}" y="{:.1}" text-anchor="end">{name}</text>"#,
            left - 6.0,
            y + cell * 0.65
        );
        for hour in 0..24usize {
            let v = cells.get(d).and_then(|r| r.get(hour)).copied().unwrap_or(0);
            let f = if max > 0 { v as f64 / max as f64 } else { 0.0 };
            // From a pale grey-blue (0) to a deep red (max).
            let lerp = |a: f64, b: f64| (a + (b - a) * f).round() as u8;
            let fill = if v == 0 {
                "#eef1f6".to_string()
            } else {
                format!(
                    "#{:02x}{:02x}{:02x}",
                    lerp(253.0, 165.0),
                    lerp(219.0, 15.0),
                    lerp(199.0, 21.0)
                )
            };
            let _ = write!(
                s,
                r#"<rect class="cell" x="{:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{fill}"><title>{} {:02}:00–{:02}:59: {v} pages</title></rect>"#,
                left + hour as f64 * cell,
                cell - 2.0,
                cell - 2.0,
                name,
                hour,
                hour
            );
        }
    }
    for hour in (0..24usize).step_by(3) {
        let _ = write!(
            s,
            r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{hour:02}:00</text>"#,
            left + hour as f64 * cell + cell / 2.0,
            top - 8.0
        );
    }
    let _ = write!(
        s,
        r##"<text class="axis" x="{left}" y="{:.1}">0</text><rect x="{:.1}" y="{:.1}" width="60" height="10" fill="#fddbc7"/><rect x="{:.1}" y="{:.1}" width="60" height="10" fill="#a50f15"/><text class="axis" x="{:.1}" y="{:.1}">{max} pages in one hour</text>"##,
        h - 8.0,
        left + 14.0,
        h - 17.0,
        left + 74.0,
        h - 17.0,
        left + 140.0,
        h - 8.0
    );
    s.push_str("</svg>");
    s
}

/// One person's bars.
pub(crate) struct LoadRow {
    pub(crate) label: String,
    pub(crate) hours: f64,
    pub(crate) business: u64,
    pub(crate) off_hours: u64,
    pub(crate) sleep: u64,
    pub(crate) flagged: bool,
}

/// Per person: on-call hours, and interruptions stacked by business, off and sleep hours.
pub(crate) fn load_bars(id: &str, rows: &[LoadRow]) -> String {
    let (row_h, label_w, top) = (26.0, 150.0, 36.0);
    let bar_w = (W - label_w - 40.0) / 2.0 - 30.0;
    let h = top + rows.len().max(1) as f64 * row_h + 40.0;
    let max_h = rows.iter().map(|r| r.hours).fold(0.0, f64::max);
    let max_i = rows
        .iter()
        .map(|r| (r.business + r.off_hours + r.sleep) as f64)
        .fold(0.0, f64::max);
    let (hmax, hstep) = nice_max(max_h);
    let (imax, istep) = nice_max(max_i);
    let x1 = label_w;
    let x2 = label_w + bar_w + 60.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg id="{}" class="chart" viewBox="0 0 {W} {h}" width="{W}" height="{h}" role="img" aria-label="on-call hours and interruptions per person" xmlns="http://www.w3.org/2000/svg">"#,
        esc(id)
    );
    let _ = write!(
        s,
        r##"<text class="panel-title" x="{x1}" y="16">Hours on call</text><text class="panel-title" x="{x2}" y="16">Interruptions</text><rect x="{:.1}" y="7" width="10" height="10" fill="#9ecae9"/><text class="legend" x="{:.1}" y="16">business</text><rect x="{:.1}" y="7" width="10" height="10" fill="#f58518"/><text class="legend" x="{:.1}" y="16">off hours</text><rect x="{:.1}" y="7" width="10" height="10" fill="#b10026"/><text class="legend" x="{:.1}" y="16">sleep</text>"##,
        x2 + 110.0,
        x2 + 124.0,
        x2 + 184.0,
        x2 + 198.0,
        x2 + 264.0,
        x2 + 278.0
    );
    for (i, r) in rows.iter().enumerate() {
        let y = top + i as f64 * row_h;
        let _ = write!(
            s,
            r#"<text class="axis{}" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            if r.flagged { " flagged" } else { "" },
            label_w - 8.0,
            y + 14.0,
            esc(&r.label)
        );
        let wh = bar_w * (r.hours / hmax).clamp(0.0, 1.0);
        let _ = write!(
            s,
            r##"<rect class="bar" x="{x1}" y="{y:.1}" width="{wh:.1}" height="18" fill="#4c78a8"><title>{}: {:.1} h on call</title></rect><text class="value" x="{:.1}" y="{:.1}">{}</text>"##,
            esc(&r.label),
            r.hours,
            x1 + wh + 4.0,
            y + 13.0,
            esc(&num(r.hours))
        );
        let mut x = x2;
        for (v, color, what) in [
            (r.business, "#9ecae9", "business hours"),
            (r.off_hours, "#f58518", "off hours"),
            (r.sleep, "#b10026", "sleep hours"),
        ] {
            let w = bar_w * (v as f64 / imax).clamp(0.0, 1.0);
            if w > 0.0 {
                let _ = write!(
                    s,
                    r#"<rect class="bar" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="18" fill="{color}"><title>{}: {v} in {what}</title></rect>"#,
                    esc(&r.label)
                );
            }
            x += w;
        }
        let _ = write!(
            s,
            r#"<text class="value" x="{:.1}" y="{:.1}">{}</text>"#,
            x + 4.0,
            y + 13.0,
            r.business + r.off_hours + r.sleep
        );
    }
    let base = top + rows.len().max(1) as f64 * row_h + 4.0;
    for (x0, max, step, unit) in [(x1, hmax, hstep, "h"), (x2, imax, istep, "")] {
        let _ = write!(
            s,
            r#"<line class="axis-line" x1="{x0}" x2="{:.1}" y1="{base:.1}" y2="{base:.1}"/>"#,
            x0 + bar_w
        );
        let mut t = 0.0;
        while t <= max + step * 1e-6 {
            let xx = x0 + bar_w * t / max;
            let _ = write!(
                s,
                r#"<text class="axis" x="{xx:.1}" y="{:.1}" text-anchor="middle">{}{}</text>"#,
                base + 16.0,
                esc(&num(t)),
                unit
            );
            t += step;
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_attributes() {
        assert_eq!(
            esc(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn axis_bounds_are_round() {
        assert_eq!(nice_max(37.0), (40.0, 10.0));
        assert_eq!(nice_max(0.0), (1.0, 0.25));
        assert_eq!(nice_max(f64::NAN), (1.0, 0.25));
        let (m, s) = nice_max(1234.0);
        assert!(m >= 1234.0 && (m / s).fract() == 0.0);
    }

    #[test]
    fn a_missing_value_breaks_the_line() {
        let svg = trend(
            "t",
            &["a".into(), "b".into(), "c".into()],
            &[Panel {
                title: "MTTA",
                unit: "min",
                series: vec![Series {
                    name: "p50",
                    color: "#000",
                    dashed: false,
                    values: vec![Some(1.0), None, Some(3.0)],
                }],
            }],
        );
        let d = svg
            .split(r#"class="series" d=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(d.matches('M').count(), 2);
        assert_eq!(d.matches('L').count(), 0);
    }
}
