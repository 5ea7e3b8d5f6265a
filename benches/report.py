#!/usr/bin/env python3
"""Prints the benchmark table from one run of benches/run.sh (standard library only).

    python3 benches/report.py target/bench-results

Reads criterion's estimates (median) for the Rust bench and the JSON lines the Python and Node
benches printed, and prints one table of timings, ratios (peer time / watchstander time) and
whether each target is met. The table is also written to results.md.
"""

import json
import sys
from pathlib import Path

OUT = Path(sys.argv[1])
ROOT = Path(__file__).resolve().parents[1]
CRITERION = ROOT / "target" / "criterion"


def criterion(group, bench):
    est = json.loads((CRITERION / group / bench / "new" / "estimates.json").read_text())
    return est["median"]["point_estimate"] / 1e9  # seconds per iteration


def jsonl(name):
    path = OUT / f"{name}.jsonl"
    rows, agreement = {}, None
    for line in path.read_text().splitlines():
        if not line.startswith("{"):
            continue
        d = json.loads(line)
        if "agreement" in d:
            agreement = d["agreement"]
        else:
            rows[(d["case"], d["impl"])] = d
    return rows, agreement


def fmt(s):
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    if s >= 1e-6:
        return f"{s * 1e6:.2f} µs"
    return f"{s * 1e9:.0f} ns"


lines = []
met_all = []


def row(lang, what, ours, peer_name, peer, target=None, met=None):
    ratio = f"{peer / ours:.1f}×" if peer is not None else "–"
    verdict = "–" if target is None else ("**met**" if met else "**NOT met**")
    if target is not None:
        met_all.append((f"{lang} {what}", met))
    lines.append(f"| {lang} | {what} | {fmt(ours)} | {peer_name} | "
                 f"{fmt(peer) if peer is not None else '–'} | {ratio} | {target or '–'} | {verdict} |")


lines.append("| lang | measure | watchstander | peer | peer time | ratio (peer ÷ ours) | target | |")
lines.append("|---|---|---:|---|---:|---:|---|---|")

# Rust
a_ours = criterion("a_year_of_shifts", "watchstander")
a_naive = criterion("a_year_of_shifts", "naive")
row("Rust", "(a) year of final shifts (columns)", a_ours, "naive Rust", a_naive,
    "≤ 1 ms and ≤ naive", a_ours <= 1e-3 and a_ours <= a_naive)
row("Rust", "(a) year of final shifts, every shift explained", criterion("a_year_of_shifts", "watchstander_explained"), "naive Rust", a_naive)
qp = criterion("b_oncall_queries", "watchstander_oncall_people_1M")
row("Rust", "(b) per query (`oncall_people_unix`, handles)", qp / 1e6, "naive linear scan",
    criterion("b_oncall_queries", "naive_linear_scan_10k") / 10_000)
q = criterion("b_oncall_queries", "watchstander_responders_1M")
qd = criterion("b_oncall_queries", "watchstander_oncall_detail_1M")
qn = criterion("b_oncall_queries", "naive_linear_scan_10k") / 10_000
row("Rust", "(b) 1M who-is-on-call queries, total", q, "naive linear scan", qn * 1_000_000)
row("Rust", "(b) per query (`responders`)", q / 1e6, "naive linear scan", qn, "≤ 1 µs/query", q / 1e6 <= 1e-6)
row("Rust", "(b) per query (`oncall`, with reasons)", qd / 1e6, "naive linear scan", qn, "≤ 1 µs/query", qd / 1e6 <= 1e-6)
row("Rust", "(b) per query (`oncall`, nothing explained before)",
    criterion("b_oncall_queries", "watchstander_oncall_unexplained_100k") / 1e5, "naive linear scan", qn)
c_ours = criterion("c_build", "watchstander_parse_validate_compile")
row("Rust", "(c) parse + validate + compile year", c_ours, "naive parse + expand", criterion("c_build", "naive_parse_expand"))
row("Rust", "(c) parse + validate only", criterion("c_build", "watchstander_parse_validate"), "–", None)

agreements = []
for lang, peers in [("Python", ["dateutil", "recurring-ical-events"]), ("Node", ["rrule"])]:
    rows, agreement = jsonl(lang.lower())
    agreements.append(f"{lang}: {agreement}")
    get = lambda case, impl="watchstander": rows[(case, impl)]["median_s"]  # noqa: E731
    a, cols = get("a"), get("a-columns")
    objects = "dicts" if lang == "Python" else "objects"
    for p in peers:
        peer = get("a", p)
        want = {"dateutil": (10, 100), "recurring-ical-events": (30, None), "rrule": (30, 100)}[p]
        row(lang, f"(a) year of final shifts, {objects}", a, p, peer, f"≥ {want[0]}×", peer / a >= want[0])
        if want[1]:
            row(lang, "(a) year of final shifts, columns", cols, p, peer, f"≥ {want[1]}×", peer / cols >= want[1])
    row(lang, "(a) year, every shift explained (op)", get("a-explained"), peers[0], get("a", peers[0]))
    for case, what in [("a-parse", "parse the JSON"), ("a-compile", "convert + validate + compile"),
                       ("a-convert", f"shifts → {objects}"), ("a-convert-columns", "shifts → columns")]:
        row(lang, f"(a) breakdown: {what}", get(case), "–", None)
    peer_name = "bisect" if lang == "Python" else "binary search"
    single, peer_single = get("b-single"), get("b-single", peer_name)
    if lang == "Python":
        row(lang, "(b) who is on call, one call (`responders`)", single, peer_name, peer_single,
            "no slower than bisect", single <= peer_single)
    else:
        row(lang, "(b) who is on call, one call (`responders`)", single, peer_name, peer_single,
            "≤ 3× binary search", single <= 3 * peer_single)
    batch, peer_batch = get("b-batch"), get("b-batch", peer_name)
    row(lang, "(b) batch per query (columns)", batch, peer_name, peer_batch, "≥ 3× faster", peer_batch / batch >= 3)
    row(lang, "(b) batch per query (lists of ids)", get("b-batch-lists"), peer_name, peer_batch)
    row(lang, "(b) per query via the `oncall` op (recompiles)", get("b-recompile"), "–", None)

inc = OUT / "python-incident.jsonl"
if inc.exists():
    rows = {}
    for line in inc.read_text().splitlines():
        if line.startswith("{"):
            d = json.loads(line)
            rows[d["case"]] = d
    for n in (1_000, 100_000, 1_000_000):
        d = rows.get(f"d-{n}")
        if d:
            target, met = (None, None)
            if n == 1_000_000:
                target = "≤ 3 s and ≤ 1 GiB"
                met = d["median_s"] <= 3 and d["peak_bytes"] <= 2**30
            row("Python", f"(d) incident replay, {n:,} events (peak {d['peak_bytes'] / 2**20:.0f} MiB)",
                d["median_s"], "–", None, target, met)
    e = rows.get("d-exponent")
    if e:
        lines.append(f"| Python | (d) growth exponent 100k → 1M | {e['median_s']:.2f} | – | – | – | ≤ 1.1 | "
                     f"{'**met**' if e['median_s'] <= 1.1 else '**NOT met**'} |")
        met_all.append(("Python (d) growth exponent", e["median_s"] <= 1.1))

met_path = OUT / "python-metrics.jsonl"
if met_path.exists():
    rows = {}
    for line in met_path.read_text().splitlines():
        if line.startswith("{"):
            d = json.loads(line)
            rows[(d["case"].split(",")[0], d["impl"])] = d
    for case in ("response", "health"):
        ours = rows.get((case, "watchstander (numpy columns)"))
        peer = rows.get((case, "pandas"))
        if ours and peer:
            size = ours["case"].split(",", 1)[1].strip()
            row("Python", f"(m) metrics: {case}, {size}", ours["median_s"], "pandas", peer["median_s"],
                "≥ 20× pandas", peer["median_s"] / ours["median_s"] >= 20)
for est in sorted((CRITERION / "metrics").glob("*/new/estimates.json")):
    name = json.loads((est.parent / "benchmark.json").read_text())["function_id"]
    median = json.loads(est.read_text())["median"]["point_estimate"] / 1e9
    target, met = (None, None)
    if name.startswith("response"):
        target, met = "≤ 200 ms", median <= 0.2
    row("Rust", f"(m) metrics: {name}", median, "–", None, target, met)



def jsonl_rows(name):
    path = OUT / f"{name}.jsonl"
    if not path.exists():
        return None
    return [json.loads(l) for l in path.read_text().splitlines() if l.startswith("{")]


# Escalation planning through the bindings (issue 11): per incident, extrapolated to 10 000.
digests = {}
for lang in ("python", "node"):
    rows = jsonl_rows(f"{lang}-escalation")
    if not rows:
        continue
    name = "Python" if lang == "python" else "Node"
    for d in rows:
        if d["case"] == "esc-check":
            digests[name] = d["digest"]
            agreements.append(f"{name} escalation: {d['agreement']}")
            continue
        what = d["case"].removeprefix("esc-")
        row(name, f"(e) escalation plans, 10 000 incidents, `{what}` (from {d['incidents']:,}; "
                  f"{fmt(d['median_s'])} each)", d["per_10k_s"], "–", None)
if len(digests) == 2:
    same = len(set(digests.values())) == 1
    agreements.append(f"escalation, Python and Node: {'the same' if same else 'DIFFERENT'} notifications (digest)")

# The alert pipeline through the bindings (issue 12), against a plain Python pipeline.
for lang in ("python", "node"):
    rows = jsonl_rows(f"{lang}-alert")
    if not rows:
        continue
    name = "Python" if lang == "python" else "Node"
    plain = {d["case"]: d for d in rows if d.get("impl") == "plain Python"}
    for d in rows:
        if d["case"] == "alert-check":
            agreements.append(f"{name} alerts: {d['agreement']}")
            continue
        if d["impl"] == "plain Python":
            continue
        peer = plain.get(d["case"])
        rate = f", {d['alerts_per_s'] / 1e3:.0f} k alerts/s" if "alerts_per_s" in d else ""
        row(name, f"(p) alert pipeline: {d['case'].removeprefix('alert-')}, {d['impl']}{rate}", d["median_s"],
            "plain Python" if peer else "–", peer["median_s"] if peer else None)

text = "\n".join(lines)
text += "\n\nSame answers checked before timing:\n" + "\n".join(f"- {a}" for a in agreements)
rust_agree = next((l for l in (OUT / "rust.txt").read_text().splitlines() if l.startswith("agreement")), None)
text += f"\n- Rust: {rust_agree}\n"
text += "\nTargets: " + ", ".join(f"{w}: {'met' if m else 'NOT met'}" for w, m in met_all) + "\n"
(OUT / "results.md").write_text(text)
print(text)
