"""Incident replay from Python: a LiveIncident fed the mixed history of the Rust benchmark.

    target/bench-venv/bin/python benches/python/incident_bench.py [--quick]

For each size the run happens in a fresh child process, which generates the events 10 000 at a
time (as a service receiving them would), applies each batch with ``apply_all`` (dicts converted
natively, the core's O(log n) apply), reads the status at the end, and reports the time spent in
watchstander (event generation excluded) and the process's peak resident memory. Prints one JSON
object per size on stdout, like bench.py, plus the growth exponent from 100k to 1M.
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHUNK = 10_000


def child(n: int) -> None:
    sys.path.insert(0, str(HERE))
    from mixed_events import mixed

    import watchstander

    live = watchstander.incident.LiveIncident()
    events = mixed(n)
    spent = 0.0
    while True:
        batch = [e for _, e in zip(range(CHUNK), events)]
        if not batch:
            break
        t0 = time.perf_counter()
        results = live.apply_all(batch)
        spent += time.perf_counter() - t0
        bad = [r for r in results if r["outcome"] not in ("appended", "inserted")]
        assert not bad, bad[:1]
    t0 = time.perf_counter()
    live.status("2030-01-01T00:00:00Z")  # after the last event of any size
    status = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"n": n, "apply_s": spent, "status_s": status, "peak_bytes": peak, "len": live.len()}))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return
    sizes = [1_000, 100_000] if "--quick" in sys.argv else [1_000, 100_000, 1_000_000]
    runs = {}
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(n)], check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        runs[n] = r
        note = f"{n} events via apply_all in batches of {CHUNK}; peak RSS {r['peak_bytes'] / 2**20:.0f} MiB; status {r['status_s'] * 1e3:.1f} ms"
        print(json.dumps({"lang": "python", "case": f"d-{n}", "impl": "watchstander", "median_s": r["apply_s"],
                          "samples": 1, "note": note, "peak_bytes": r["peak_bytes"]}), flush=True)
        print(f"python d {n:>9} events {r['apply_s']:.3f} s  {note}", file=sys.stderr, flush=True)
    if 100_000 in runs and 1_000_000 in runs:
        e = math.log(runs[1_000_000]["apply_s"] / runs[100_000]["apply_s"]) / math.log(10)
        print(json.dumps({"lang": "python", "case": "d-exponent", "impl": "watchstander", "median_s": e,
                          "samples": 1, "note": "growth exponent of the apply time from 100k to 1M events"}), flush=True)
        print(f"python d growth exponent 100k -> 1M: {e:.2f}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
