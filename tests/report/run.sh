#!/usr/bin/env bash
# Renders the metrics HTML report in headless Chromium and checks the charts are drawn.
#
#   tests/report/run.sh            # the sample team's report and an empty one
#   OUT=/tmp/r tests/report/run.sh # keep the HTML, DOM dumps and screenshots there
#
# Installs Debian's `chromium` with apt-get when it is missing (needs root or sudo); if it can
# be neither found nor installed, the test FAILS — it never skips. Needs cargo and python3.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${OUT:-$root/target/report-test}"
mkdir -p "$out"

fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Chromium.
if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium not found: installing Debian's chromium package"
    sudo_cmd=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || fail "chromium is missing and there is no root or sudo to install it"
        sudo_cmd="sudo"
    fi
    $sudo_cmd apt-get update -qq || fail "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null || fail "apt-get install chromium failed"
fi
command -v chromium >/dev/null 2>&1 || fail "chromium is still not on PATH"
echo "using $(chromium --version 2>/dev/null)"

# 2. The reports: the sample team's thirteen weeks, and an empty window.
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}"
(cd "$root" && cargo build -q -p watchstander-cli)
cli="$root/target/$CARGO_BUILD_TARGET/debug/watchstander"
"$cli" metrics report --html "$out/sample.html" --title "Payments on-call (sample)" >"$out/sample.txt"
"$cli" metrics report --html "$out/empty.html" --start 2026-11-02T00:00:00Z --end 2026-11-09T00:00:00Z \
    --zone UTC --people /dev/stdin >"$out/empty.txt" <<<'[]'

chrome() {
    # A fresh profile every run; no network, no updates, no sync.
    local profile
    profile="$(mktemp -d)"
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --no-first-run --disable-sync --disable-extensions \
        --user-data-dir="$profile" --hide-scrollbars "$@" 2>/dev/null
    rm -rf "$profile"
}

status=0
for name in sample empty; do
    html="$out/$name.html"
    # 3. The DOM as Chromium built it.
    chrome --dump-dom "file://$html" >"$out/$name.dom.html" || fail "chromium could not load $html"
    # 4. A screenshot of the top of the page (charts included).
    chrome --window-size=1280,2600 --screenshot="$out/$name.png" "file://$html" >/dev/null \
        || fail "chromium could not take a screenshot of $html"
    [ -s "$out/$name.png" ] || fail "no screenshot for $html"
    python3 - "$name" "$out/$name.dom.html" "$out/$name.png" "$here" <<'PY' || status=1
import re, sys
name, dom_path, png_path, here = sys.argv[1:5]
sys.path.insert(0, here)
import png

dom = open(dom_path, encoding="utf-8").read()
problems = []

def check(ok, what):
    print(("  ok   " if ok else "  FAIL ") + what)
    if not ok:
        problems.append(what)

print(f"{name}:")
check("<script" not in dom.lower(), "no script in the page")
check(not re.search(r'(src|href)="(https?:)?//', dom), "no external resource")
for chart in ("trend", "heatmap", "load"):
    m = re.search(r'<svg id="%s"[^>]*>(.*?)</svg>' % chart, dom, re.S)
    check(m is not None, f"chart #{chart} is in the DOM")
    if not m:
        continue
    body = m.group(1)
    labels = [t for t in re.findall(r'<text class="axis[^"]*"[^>]*>([^<]+)</text>', body) if t.strip()]
    check(len(labels) >= 3, f"#{chart} has axis labels ({len(labels)}: {', '.join(labels[:6])}...)")
    if chart == "trend":
        paths = re.findall(r'<path class="series" d="([^"]*)"', body)
        drawn = [d for d in paths if re.search(r"M[\d.]+ [\d.]+ L[\d.]+ [\d.]+", d)]
        if name == "sample":
            check(len(drawn) == 4, f"#trend draws 4 lines with at least two points ({len(drawn)})")
        else:
            check(len(paths) == 0, "#trend draws no line without incidents")
        check(any(l.endswith(" min") or l.endswith(" h") for l in labels), "#trend has a value axis with units")
    if chart == "heatmap":
        cells = re.findall(r'<rect class="cell"', body)
        check(len(cells) == 168, f"#heatmap has 7 x 24 cells ({len(cells)})")
        check(all(d in labels for d in ("Mon", "Sun", "00:00", "21:00")), "#heatmap labels weekdays and hours")
        coloured = set(re.findall(r'<rect class="cell"[^>]*fill="(#[0-9a-f]{6})"', body))
        if name == "sample":
            check(len(coloured) > 5, f"#heatmap cells are shaded by count ({len(coloured)} colours)")
    if chart == "load" and name == "sample":
        bars = re.findall(r'<rect class="bar"[^>]*width="([\d.]+)"', body)
        check(sum(float(w) > 1 for w in bars) >= 6, f"#load draws bars ({len(bars)})")
sizes = [int(s) for s in re.findall(r"svg \.axis[^{]*\{[^}]*font-size:\s*(\d+)px", dom)]
check(sizes and min(sizes) >= 10, f"axis labels are at least 10 px ({sizes})")
check("Data quality" in dom, "the data-quality section is there")

w, h, colours, drawn = png.stats(png_path)
check(w == 1280 and h == 2600, f"screenshot is 1280x2600 ({w}x{h})")
check(colours > 40, f"screenshot is not blank ({colours} colours)")
check(drawn > 0.03, f"screenshot has content ({drawn:.1%} of pixels differ from the background)")
sys.exit(1 if problems else 0)
PY
done
# A narrow band of the charts, easy to look at.
python3 "$here/png.py" crop "$out/sample.png" "$out/sample-charts.png" 0 1400
if [ "$status" != 0 ]; then
    fail "the report does not render as it should (see $out)"
fi
echo "PASS: the HTML report renders in $(chromium --version 2>/dev/null); screenshots and DOM dumps in $out"
