"""Fails when a dependency of the published crates declares a newer Rust than our `rust-version`.

Reads `cargo metadata` on standard input; walks the normal and build dependencies of
`watchstander` and `watchstander-cli`.
"""

import json
import sys


def version(v):
    return tuple(int(x) for x in (v or "0").split(".")[:3])


meta = json.load(sys.stdin)
ours = {p["name"]: p for p in meta["packages"] if p["source"] is None}
declared = version(ours["watchstander"]["rust_version"])
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
packages = {p["id"]: p for p in meta["packages"]}
todo = [ours[n]["id"] for n in ("watchstander", "watchstander-cli")]
seen, bad = set(), []
while todo:
    i = todo.pop()
    if i in seen:
        continue
    seen.add(i)
    p = packages[i]
    if version(p.get("rust_version")) > declared:
        bad.append("{} {} needs Rust {}".format(p["name"], p["version"], p["rust_version"]))
    todo += [d["pkg"] for d in nodes[i]["deps"] if any(k["kind"] in (None, "build") for k in d["dep_kinds"])]
if bad:
    print("\n".join(bad))
    sys.exit(1)
print("{} crates, none needs a Rust newer than {}".format(len(seen), ".".join(map(str, declared))))
