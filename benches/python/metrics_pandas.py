"""Metrics benchmark: the response and on-call health metrics of 1 000 000 incidents and
10 000 000 pages, computed with pandas the way an SRE would script them, and with watchstander's
Python package through its columnar inputs (numpy arrays), on the same data.

    python benches/python/metrics_pandas.py            # full size
    python benches/python/metrics_pandas.py --quick    # 100 000 incidents, 1 000 000 pages

Needs numpy and pandas (benches/python/requirements.txt); watchstander is timed too when it is
installed (benches/run.sh builds it in release), otherwise only pandas is. The data is the
criterion bench's (crates/watchstander/benches/metrics.rs): mulberry32 draws computed
vectorised — the generator's state advances by a constant, so draw n stands alone — so Rust,
pandas and the package see the same incidents and pages, and the answers are compared before
anything is timed.

What the pandas version computes (docs/metrics.md has the definitions):

* response — per metric (time to acknowledge, mitigate, resolve, detect): count, mean, p50,
  p90, p95, max; overall, by severity, service, team, ISO week and month (in Europe/London);
  DORA's daily median time to restore; incident frequency per week by severity;
* health — pages per person and rule, true-positive rate and flapping share per rule,
  interruptions (pages to one person within 60 s count once) classified business / off /
  sleep hours in each person's zone, the hour-of-week heatmap, on-call hours, pages while on
  call, interruptions per 12 h on call, share of time on call, Gini of on-call hours.

The pandas merge chains pages (a page less than 60 s after the *previous* page joins the
interruption), the usual `diff()` idiom; watchstander measures 60 s from the *first* page of the
interruption. The bursts of this data last 40 s and start on whole two minutes, so both count
the same.

Prints human-readable lines on stderr and one JSON object per measurement on stdout:
``{"lang", "case", "impl", "median_s", "samples", "note"}``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import numpy as np
import pandas as pd

QUICK = "--quick" in sys.argv
INCIDENTS = 100_000 if QUICK else 1_000_000
PAGES = 1_000_000 if QUICK else 10_000_000
PEOPLE = 60
SAMPLES = 3 if QUICK else 5
WINDOW_START = 1_735_689_600  # 2025-01-01T00:00:00Z
WINDOW_END = 1_798_761_600  # 2027-01-01T00:00:00Z
SPAN = 2.0 * 365.0 * 86_400.0
ZONE = "Europe/London"
ZONES = ["Europe/London", "America/New_York", "Asia/Singapore", "Asia/Kolkata",
         "America/Los_Angeles", "Australia/Sydney"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# --- the data ---------------------------------------------------------------------------------

def draws(seed: int, first: int, count: int) -> np.ndarray:
    """mulberry32 draws number first .. first + count - 1 of `seed`, in [0, 1)."""
    n = np.arange(first, first + count, dtype=np.uint64)
    t = (np.uint32(seed) + ((n + 1).astype(np.uint32) * np.uint32(0x6D2B79F5))).astype(np.uint32)
    t = (t ^ (t >> np.uint32(15))) * (t | np.uint32(1))
    t ^= t + ((t ^ (t >> np.uint32(7))) * (t | np.uint32(61)))
    return (t ^ (t >> np.uint32(14))).astype(np.float64) / 4294967296.0


def incident_arrays():
    u = draws(1, 0, INCIDENTS * 14).reshape(INCIDENTS, 14)
    t = WINDOW_START + np.floor(u[:, 0] * SPAN).astype(np.int64)
    ack = np.where(u[:, 1] > 0.05, t + np.floor(u[:, 2] * u[:, 3] * 3600.0).astype(np.int64), -1)
    res = np.where(u[:, 4] > 0.02, t + 300 + np.floor(u[:, 5] * u[:, 6] * 259_200.0).astype(np.int64), -1)
    mit = np.where(res >= 0, t + (res - t) // 2, -1)
    imp = np.where(u[:, 7] < 0.3, t - np.floor(u[:, 8] * 1800.0).astype(np.int64), -1)
    return {
        "triggered_at": t, "acknowledged_at": ack, "mitigated_at": mit, "resolved_at": res,
        "impact_started_at": imp,
        "severity": np.floor(u[:, 9] * 4).astype(np.int64),
        "service": np.floor(u[:, 10] * 200).astype(np.int64),
        "team": np.floor(u[:, 11] * 20).astype(np.int64),
        "excluded": np.where(u[:, 12] < 0.03, 1 + np.floor(u[:, 13] * 3).astype(np.int64), 0),
    }


def page_arrays():
    k = np.arange(PAGES, dtype=np.int64)
    b, p = k // 3, k % 3
    bursts = (PAGES + 2) // 3
    ub = draws(2, 0, bursts * 3).reshape(bursts, 3)[b]
    up = draws(3, 0, PAGES * 2).reshape(PAGES, 2)
    rule = np.floor(ub[:, 2] * 500).astype(np.int64)
    return {
        "at": WINDOW_START + np.floor(ub[:, 0] * SPAN / 120.0).astype(np.int64) * 120 + 20 * p,
        "person": np.floor(ub[:, 1] * PEOPLE).astype(np.int64),
        "rule": rule,
        "service": rule % 200,
        "actionable": np.where(up[:, 0] < 0.1, -1, (up[:, 1] < 0.4).astype(np.int64)),
        "flapping": (p > 0).astype(np.int64),
    }


def shifts_table():
    """Weekly rotations of ten people per zone from Monday 6 January 2025, 09:00 UTC."""
    start = 1_736_154_000
    rows = []
    for w in range(104):
        for zone in range(6):
            who = zone + 6 * (w % 10)
            rows.append((f"p{who}", start + w * 604_800, start + (w + 1) * 604_800))
    return rows


def people_table():
    return [(f"p{i}", ZONES[i % 6]) for i in range(PEOPLE)]


# --- pandas -----------------------------------------------------------------------------------

def to_time(a):
    s = pd.Series(a)
    return pd.to_datetime(s.where(s >= 0), unit="s", utc=True)


def incident_frame(a):
    sev = np.array([f"SEV-{i + 1}" for i in range(4)])
    return pd.DataFrame({
        "triggered": to_time(a["triggered_at"]), "acknowledged": to_time(a["acknowledged_at"]),
        "mitigated": to_time(a["mitigated_at"]), "resolved": to_time(a["resolved_at"]),
        "impact": to_time(a["impact_started_at"]),
        "severity": pd.Categorical(sev[a["severity"]]),
        "service": pd.Categorical(np.char.add("service-", a["service"].astype(str))),
        "team": pd.Categorical(np.char.add("team-", a["team"].astype(str))),
        "excluded": a["excluded"],
    })


def page_frame(a):
    return pd.DataFrame({
        "person": pd.Categorical(np.char.add("p", a["person"].astype(str))),
        "sent": pd.to_datetime(a["at"], unit="s", utc=True),
        "rule": pd.Categorical(np.char.add("Rule", a["rule"].astype(str))),
        "actionable": a["actionable"], "flapping": a["flapping"].astype(bool),
    })


QS = [0.5, 0.9, 0.95]


def summarise(frame: pd.DataFrame, by=None):
    cols = ["tta", "ttm", "ttr", "ttd"]
    g = frame.groupby(by, observed=True)[cols] if by is not None else frame[cols]
    basic = g.agg(["count", "mean", "max"])
    quant = g.quantile(QS)
    return basic, quant


def response_pandas(df: pd.DataFrame):
    start = pd.Timestamp(WINDOW_START, unit="s", tz="UTC")
    end = pd.Timestamp(WINDOW_END, unit="s", tz="UTC")
    d = df[(df.triggered >= start) & (df.triggered < end)]
    excluded = d.excluded.value_counts()
    d = d[d.excluded == 0]
    secs = lambda a, b: (b - a).dt.total_seconds()
    ttr = secs(d.triggered, d.resolved)
    resolved_ok = ttr >= 0
    tta = secs(d.triggered, d.acknowledged)
    tta = tta.where((tta >= 0) & ~(resolved_ok & (d.acknowledged > d.resolved)))
    ttm = secs(d.triggered, d.mitigated.fillna(d.resolved.where(resolved_ok)))
    ttm = ttm.where((ttm >= 0) & ~(d.mitigated.notna() & resolved_ok & (d.mitigated > d.resolved)))
    ttd = secs(d.impact, d.triggered)
    m = pd.DataFrame({"tta": tta, "ttm": ttm, "ttr": ttr.where(resolved_ok), "ttd": ttd.where(ttd >= 0),
                      "severity": d.severity, "service": d.service, "team": d.team})
    local = d.triggered.dt.tz_convert(ZONE).dt.tz_localize(None)
    m["week"] = local.dt.to_period("W-SUN")
    m["month"] = local.dt.to_period("M")
    m["day"] = local.dt.floor("D")
    out = {"overall": summarise(m)}
    for key in ["severity", "service", "team", "week", "month"]:
        out[key] = summarise(m, key)
    out["daily_restore"] = (m.ttr // 60).groupby(m.day).median()
    freq = m.groupby(["week", "severity"], observed=True).size().unstack(fill_value=0)
    out["frequency"] = (freq, freq.sum(axis=1).diff())
    out["excluded"] = excluded
    return out


def gini(x):
    x = np.sort(np.asarray(x, dtype=float))
    n, total = len(x), x.sum()
    if n == 0 or total <= 0:
        return 0.0
    return float(((2 * np.arange(1, n + 1) - n - 1) * x).sum() / (n * total))


def health_pandas(pages: pd.DataFrame, people, shifts):
    start = pd.Timestamp(WINDOW_START, unit="s", tz="UTC")
    end = pd.Timestamp(WINDOW_END, unit="s", tz="UTC")
    p = pages[(pages.sent >= start) & (pages.sent < end)].sort_values(["person", "sent"], kind="stable")
    # Accuracy per rule.
    rules = p.assign(yes=p.actionable == 1, no=p.actionable == 0).groupby("rule", observed=True).agg(
        pages=("sent", "size"), actionable=("yes", "sum"), not_actionable=("no", "sum"), flapping=("flapping", "sum"))
    rules["tpr"] = rules.actionable / (rules.actionable + rules.not_actionable)
    rules["flapping_share"] = rules.flapping / rules.pages
    noisiest = rules.sort_values(["not_actionable", "pages"], ascending=False).head(10)
    # Interruptions: a new one when the person changes or 60 s have passed since the last page.
    new = (p.person != p.person.shift()) | (p.sent.diff().dt.total_seconds() >= 60)
    zone_of = dict(people)
    zones = p.person.astype(str).map(zone_of)
    weekday = pd.Series(0, index=p.index)
    hour = pd.Series(0, index=p.index)
    for zone, idx in zones.groupby(zones).groups.items():
        local = p.sent.loc[idx].dt.tz_convert(zone)
        weekday.loc[idx] = local.dt.day_of_week
        hour.loc[idx] = local.dt.hour
    heatmap = pd.crosstab(weekday, hour)
    sleep = (hour >= 22) | (hour < 8)
    business = ~sleep & (weekday < 5) & (hour >= 8) & (hour < 18)
    cls = np.select([sleep, business], ["sleep", "business"], "off_hours")
    inter = pd.DataFrame({"person": p.person, "sent": p.sent, "class": cls})[new.values]
    per_person = inter.groupby(["person", "class"], observed=True).size().unstack(fill_value=0)
    # On-call time and pages while on call.
    sh = pd.DataFrame(shifts, columns=["person", "start", "end"])
    sh["start"] = pd.to_datetime(sh.start, unit="s", utc=True).clip(lower=start, upper=end)
    sh["end"] = pd.to_datetime(sh.end, unit="s", utc=True).clip(lower=start, upper=end)
    sh = sh[sh.end > sh.start]
    hours = ((sh.end - sh.start).dt.total_seconds() / 3600).groupby(sh.person).sum()
    on = pd.merge_asof(inter.assign(person=inter.person.astype(str)).sort_values("sent"), sh.sort_values("start"),
                       left_on="sent", right_on="start", by="person", direction="backward")
    on_shift = on[on.sent < on.end].groupby("person").size()
    per12 = on_shift / (hours / 12)
    window_hours = (WINDOW_END - WINDOW_START) / 3600
    return {
        "rules": rules, "noisiest": noisiest, "heatmap": heatmap, "per_person": per_person,
        "hours": hours, "share": hours / window_hours, "per_12h": per12,
        "gini_hours": gini(hours.reindex([q for q, _ in people], fill_value=0).values),
    }


# --- watchstander ----------------------------------------------------------------------------

def ws_input(inc=None, pages=None, people=None, shifts=None):
    doc = {"start": "2025-01-01T00:00:00Z", "end": "2027-01-01T00:00:00Z", "zone": ZONE}
    if inc is not None:
        doc["incident_columns"] = dict(inc, severities=[f"SEV-{i + 1}" for i in range(4)],
                                       services=[f"service-{i}" for i in range(200)],
                                       teams=[f"team-{i}" for i in range(20)])
    if pages is not None:
        doc["page_columns"] = dict(pages, people=[f"p{i}" for i in range(PEOPLE)],
                                   rules=[f"Rule{i}" for i in range(500)],
                                   services=[f"service-{i}" for i in range(200)])
        doc["people"] = [{"id": q, "zone": z} for q, z in people]
        doc["oncall"] = [{"person": q, "start": pd.Timestamp(a, unit="s", tz="UTC").isoformat().replace("+00:00", "Z"),
                          "end": pd.Timestamp(b, unit="s", tz="UTC").isoformat().replace("+00:00", "Z")} for q, a, b in shifts]
    return doc


# --- comparison and timing --------------------------------------------------------------------

def close(a, b, what):
    if a is None and (b is None or (isinstance(b, float) and np.isnan(b))):
        return
    if not np.isclose(float(a), float(b), rtol=1e-9, atol=1e-6):
        raise SystemExit(f"answers differ: {what}: watchstander {a}, pandas {b}")


def compare_response(ws, pd_out):
    basic, quant = pd_out["overall"]
    names = {"tta": "time_to_acknowledge", "ttm": "time_to_mitigate", "ttr": "time_to_resolve", "ttd": "time_to_detect"}
    for short, long in names.items():
        s = ws["response"]["overall"][long]
        close(s["count"], basic.loc["count", short], f"{long} count")
        close(s["mean_seconds"], basic.loc["mean", short], f"{long} mean")
        close(s["max_seconds"], basic.loc["max", short], f"{long} max")
        for q, key in zip(QS, ["p50_seconds", "p90_seconds", "p95_seconds"]):
            close(s[key], quant.loc[q, short], f"{long} {key}")
    b, q = pd_out["severity"]
    for row in ws["response"]["by_severity"]:
        close(row["metrics"]["time_to_resolve"]["p90_seconds"], q.loc[(row["key"], 0.9), "ttr"], f"{row['key']} MTTR p90")
        close(row["metrics"]["time_to_acknowledge"]["mean_seconds"], b.loc[row["key"], ("tta", "mean")], f"{row['key']} MTTA mean")


def compare_health(ws, pd_out):
    per = pd_out["per_person"]
    for row in ws["interruptions"]["per_person"]:
        for cls in ["business", "off_hours", "sleep"]:
            got = row["interruptions"][cls]
            want = per.loc[row["person"], cls] if cls in per.columns and row["person"] in per.index else 0
            close(got, want, f"{row['person']} {cls} interruptions")
    rules = pd_out["rules"]
    for row in ws["alerts"]["by_rule"][:20]:
        close(row["true_positive_rate"], rules.loc[row["key"], "tpr"], f"{row['key']} true-positive rate")
    close(ws["burnout"]["balance"]["oncall_hours_gini"], pd_out["gini_hours"], "Gini of on-call hours")


def timed(fn, samples=SAMPLES):
    times, out = [], None
    for _ in range(samples):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def emit(case, impl, median, note=""):
    log(f"  {case:<40} {impl:<34} {median * 1000:10.1f} ms  {note}")
    print(json.dumps({"lang": "python", "case": case, "impl": impl, "median_s": median,
                      "samples": SAMPLES, "note": note}), flush=True)


def main():
    log(f"generating {INCIDENTS:,} incidents and {PAGES:,} pages")
    inc, pages = incident_arrays(), page_arrays()
    people, shifts = people_table(), shifts_table()
    inc_df, page_df = incident_frame(inc), page_frame(pages)
    try:
        import watchstander
    except ImportError:
        watchstander = None
        log("watchstander is not installed: timing pandas only (benches/run.sh builds it)")

    pd_resp = response_pandas(inc_df)
    pd_health = health_pandas(page_df, people, shifts)
    if watchstander is not None:
        ws_resp = watchstander.metrics.response(**ws_input(inc=inc))
        compare_response(ws_resp, pd_resp)
        ws_health = watchstander.metrics.health(**ws_input(pages=pages, people=people, shifts=shifts))
        compare_health(ws_health, pd_health)
        log("same answers: overall and per-severity response metrics, interruptions per person and class, "
            "true-positive rates, Gini of on-call hours")

    med, _ = timed(lambda: response_pandas(inc_df))
    emit(f"response, {INCIDENTS:,} incidents", "pandas", med)
    med_h, _ = timed(lambda: health_pandas(page_df, people, shifts))
    emit(f"health, {PAGES:,} pages", "pandas", med_h)
    if watchstander is not None:
        doc = ws_input(inc=inc)
        ours, _ = timed(lambda: watchstander.metrics.response(**doc))
        emit(f"response, {INCIDENTS:,} incidents", "watchstander (numpy columns)", ours, f"{med / ours:.1f}x pandas")
        doc = ws_input(pages=pages, people=people, shifts=shifts)
        ours_h, _ = timed(lambda: watchstander.metrics.health(**doc))
        emit(f"health, {PAGES:,} pages", "watchstander (numpy columns)", ours_h, f"{med_h / ours_h:.1f}x pandas")
        # The whole of what the issue measures: response and health metrics of the same history
        # (the sums of the medians above).
        full = f"response + health, {INCIDENTS:,} incidents and {PAGES:,} pages"
        emit(full, "pandas", med + med_h)
        emit(full, "watchstander (numpy columns)", ours + ours_h, f"{(med + med_h) / (ours + ours_h):.1f}x pandas")


if __name__ == "__main__":
    main()
