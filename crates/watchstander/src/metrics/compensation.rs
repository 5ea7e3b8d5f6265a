//! On-call compensation: hours on call per person and period, split into weekday, weeknight,
//! weekend and holiday hours on the person's own clock ([`WorkingHours`]),
//! plus the interruptions outside business hours, priced at configurable rates and exportable as
//! CSV.
//!
//! `amount = weekday_hours × weekday + weeknight_hours × weeknight + weekend_hours × weekend +
//! holiday_hours × holiday + pages_outside_business_hours × page_outside_business_hours`.
//! Rates default to 0 (hours only). Holidays are the person's (`people[].holidays` and the
//! shared `holiday_calendars` they name); an hour on a holiday is a holiday hour whatever the
//! weekday. `pages_outside_business_hours` counts interruptions (pages merged within the merge
//! window), so a storm of 30 pages in a minute is paid once.
//!
//! ```
//! use watchstander::metrics::csv_field;
//! assert_eq!(csv_field("Okafor, Bob"), "\"Okafor, Bob\"");
//! assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\""); // no formula injection
//! ```

use serde::{Deserialize, Serialize};

use super::hours::{split_interval, Split, WorkingHours};
use super::people::Roster;
use super::period::{Calendar, Granularity, Period};
use super::walk::Walk;
use super::{MetricsError, OnCall};

fn month() -> Granularity {
    Granularity::Month
}

/// Prices per hour of each kind, and per interruption outside business hours.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsCompensationRates"))]
pub struct CompensationRates {
    /// Per on-call hour in business hours of a business day.
    #[serde(default)]
    pub weekday: f64,
    /// Per on-call hour outside business hours of a business day.
    #[serde(default)]
    pub weeknight: f64,
    /// Per on-call hour on a non-business day.
    #[serde(default)]
    pub weekend: f64,
    /// Per on-call hour on a holiday.
    #[serde(default)]
    pub holiday: f64,
    /// Per interruption outside business hours.
    #[serde(default)]
    pub page_outside_business_hours: f64,
}

/// How compensation is computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsCompensationSettings"))]
pub struct CompensationSettings {
    /// The rates.
    #[serde(default)]
    pub rates: CompensationRates,
    /// A currency label for the amounts (e.g. `EUR`); informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Pay periods: `month` (default) or `week`, in the report's zone.
    #[serde(default = "month")]
    pub period: Granularity,
}

impl Default for CompensationSettings {
    fn default() -> Self {
        CompensationSettings {
            rates: CompensationRates::default(),
            currency: None,
            period: month(),
        }
    }
}

impl CompensationSettings {
    /// Checks the rates (finite, non-negative).
    pub fn validate(&self) -> Result<(), MetricsError> {
        let r = &self.rates;
        for (name, v) in [
            ("weekday", r.weekday),
            ("weeknight", r.weeknight),
            ("weekend", r.weekend),
            ("holiday", r.holiday),
            ("page_outside_business_hours", r.page_outside_business_hours),
        ] {
            if !v.is_finite() || v < 0.0 {
                return Err(MetricsError::setting(
                    format!("compensation.rates.{name}"),
                    format!("{v} is not a finite, non-negative rate"),
                ));
            }
        }
        Ok(())
    }
}

/// One person's on-call time in one pay period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsCompensationRow"))]
pub struct CompensationRow {
    /// Who.
    pub person: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The pay period (the whole window in `totals`).
    pub period: Period,
    /// Hours in business hours of business days.
    pub weekday_hours: f64,
    /// Hours outside business hours of business days.
    pub weeknight_hours: f64,
    /// Hours on non-business days.
    pub weekend_hours: f64,
    /// Hours on holidays.
    pub holiday_hours: f64,
    /// All on-call hours.
    pub total_hours: f64,
    /// Interruptions outside business hours.
    pub pages_outside_business_hours: u64,
    /// The price.
    pub amount: f64,
}

/// On-call compensation of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsCompensation"))]
pub struct Compensation {
    /// The settings used.
    pub settings: CompensationSettings,
    /// Per person and period (people with nothing in a period are left out).
    pub rows: Vec<CompensationRow>,
    /// Per person over the whole window.
    pub totals: Vec<CompensationRow>,
    /// Everything together.
    pub total_amount: f64,
}

fn hours(s: i64) -> f64 {
    s as f64 / 3600.0
}

fn row(
    person: &str,
    name: Option<&String>,
    period: Period,
    split: &Split,
    pages: u64,
    r: &CompensationRates,
) -> CompensationRow {
    let (wd, wn, we, ho) = (
        hours(split.weekday),
        hours(split.weeknight),
        hours(split.weekend),
        hours(split.holiday),
    );
    CompensationRow {
        person: person.to_string(),
        name: name.cloned(),
        period,
        weekday_hours: wd,
        weeknight_hours: wn,
        weekend_hours: we,
        holiday_hours: ho,
        total_hours: hours(split.total()),
        pages_outside_business_hours: pages,
        amount: wd * r.weekday
            + wn * r.weeknight
            + we * r.weekend
            + ho * r.holiday
            + pages as f64 * r.page_outside_business_hours,
    }
}

impl Compensation {
    pub(crate) fn compute(
        roster: &Roster,
        oncall: &OnCall,
        walk: &Walk,
        cal: &Calendar,
        hours_def: &WorkingHours,
        settings: &CompensationSettings,
        whole: Period,
    ) -> Result<Compensation, MetricsError> {
        let periods = cal.periods(settings.period);
        let mut rows = Vec::new();
        let mut totals = Vec::new();
        for (i, m) in roster.members.iter().enumerate() {
            let stretches = oncall.of(i as u32);
            let pages = walk
                .people
                .get(i)
                .map(|p| p.outside_business.as_slice())
                .unwrap_or(&[]);
            let mut all = Split::default();
            for (k, p) in periods.iter().enumerate() {
                let (ps, pe) = (p.start.timestamp(), p.end.timestamp());
                let mut split = Split::default();
                for &(a, b) in stretches {
                    let (a, b) = (a.max(ps), b.min(pe));
                    if b > a {
                        split.add(&split_interval(
                            hours_def,
                            m.zone,
                            &m.holidays,
                            a,
                            b,
                            |_, _| {},
                        )?);
                    }
                }
                let n = pages.get(k).copied().unwrap_or(0);
                if split.total() > 0 || n > 0 {
                    rows.push(row(
                        &m.id,
                        m.name.as_ref(),
                        p.clone(),
                        &split,
                        n,
                        &settings.rates,
                    ));
                }
                all.add(&split);
            }
            let n: u64 = pages.iter().sum();
            if all.total() > 0 || n > 0 {
                totals.push(row(
                    &m.id,
                    m.name.as_ref(),
                    whole.clone(),
                    &all,
                    n,
                    &settings.rates,
                ));
            }
        }
        Ok(Compensation {
            settings: settings.clone(),
            total_amount: totals.iter().map(|r| r.amount).sum(),
            rows,
            totals,
        })
    }

    /// The rows (then the totals, with period `total`) as CSV: a header line, then one line per
    /// row, RFC 4180 quoting, hours and amounts with two decimals.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "person,name,period,start,end,weekday_hours,weeknight_hours,weekend_hours,holiday_hours,total_hours,pages_outside_business_hours,amount,currency\r\n",
        );
        let currency = self.settings.currency.clone().unwrap_or_default();
        for (r, label) in self
            .rows
            .iter()
            .map(|r| (r, r.period.label.clone()))
            .chain(self.totals.iter().map(|r| (r, "total".to_string())))
        {
            let fields = [
                csv_field(&r.person),
                csv_field(r.name.as_deref().unwrap_or("")),
                csv_field(&label),
                crate::time::format_instant(r.period.start),
                crate::time::format_instant(r.period.end),
                format!("{:.2}", r.weekday_hours),
                format!("{:.2}", r.weeknight_hours),
                format!("{:.2}", r.weekend_hours),
                format!("{:.2}", r.holiday_hours),
                format!("{:.2}", r.total_hours),
                r.pages_outside_business_hours.to_string(),
                format!("{:.2}", r.amount),
                csv_field(&currency),
            ];
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

/// One CSV field: quoted when it holds a comma, quote, line break or edge space, and prefixed
/// with `'` when it starts like a spreadsheet formula (`=`, `+`, `-`, `@`, tab, carriage return),
/// so opening the file never runs a formula from the data.
pub fn csv_field(s: &str) -> String {
    let mut v = String::with_capacity(s.len() + 2);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        v.push('\'');
    }
    v.push_str(s);
    if v.contains([',', '"', '\n', '\r']) || v.starts_with(' ') || v.ends_with(' ') || v != s {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}
