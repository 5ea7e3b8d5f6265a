#!/usr/bin/env python3
"""Prints the benchmark table from one run of benches/run.sh (standard library only).

    python3 benches/report.py target/bench-results

Reads criterion's estimates (median) for the Rust bench and the JSON lines the Python and Node
benches printed, and prints one table of timings, ratios (peer time / watchstander time) and
whether each target of issue 3 is met. The table is also written to results.md.
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
for lang, peers, target in [("Python", ["dateutil", "recurring-ical-events"], 100), ("Node", ["rrule"], 10)]:
    rows, agreement = jsonl(lang.lower())
    agreements.append(f"{lang}: {agreement}")
    a = rows[("a", "watchstander")]["median_s"]
    for p in peers:
        peer = rows[("a", p)]["median_s"]
        row(lang, "(a) year of final shifts", a, p, peer, f"≥ {target}×", peer / a >= target)
    b = rows[("b", "watchstander")]
    n = 1_000_000 if "1000000" in b["note"] else 100_000
    peer_b = rows[("b", peers[0])]["median_s"]
    row(lang, f"(b) {n:,} queries, one `oncall_many`", b["median_s"], f"{peers[0]} timeline + bisect", peer_b)
    row(lang, "(b) per query", b["median_s"] / n, f"{peers[0]} timeline + bisect", peer_b / n)
    row(lang, "(b) per query via `oncall` (recompiles)", rows[("b1", "watchstander")]["median_s"], "–", None)
    c = rows[("c", "watchstander")]["median_s"]
    for p in peers:
        row(lang, "(c) parse + validate + compile year", c, p, rows[("c", p)]["median_s"])

text = "\n".join(lines)
text += "\n\nSame answers checked before timing:\n" + "\n".join(f"- {a}" for a in agreements)
rust_agree = next((l for l in (OUT / "rust.txt").read_text().splitlines() if l.startswith("agreement")), None)
text += f"\n- Rust: {rust_agree}\n"
text += "\nTargets: " + ", ".join(f"{w}: {'met' if m else 'NOT met'}" for w, m in met_all) + "\n"
(OUT / "results.md").write_text(text)
print(text)
