#!/usr/bin/env python3
"""Keeps JSON Schema support in the core crate behind its `schema` cargo feature.

A Rust user who only calls the typed API, and the Python and Node bindings, which run the
operations of `ops` but never generate schemas, should not compile `schemars`. So outside the
modules that exist only for schemas (`schema`, `incident::schema`, gated where they are
declared), every use of `schemars` in `crates/watchstander/src` is conditional:

    #[derive(Debug, Serialize, JsonSchema)]   ->  #[derive(Debug, Serialize)]
                                                  #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
    #[schemars(rename = "X")]                 ->  #[cfg_attr(feature = "schema", schemars(rename = "X"))]
    use schemars::JsonSchema;                 ->  (removed: the derive names the full path)
    impl schemars::JsonSchema for X {         ->  #[cfg(feature = "schema")] on the line before
    fn f(_: &mut schemars::SchemaGenerator)   ->  (same, for top-level helper functions)
    crate::schema::string_schema!(...)        ->  (same)
    pub mod schema;                           ->  (same, in lib.rs and incident/mod.rs)

    scripts/schema-feature.py            rewrite the sources (idempotent)
    scripts/schema-feature.py --check    fail if a file needs rewriting (run by scripts/test.sh)
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "crates" / "watchstander" / "src"
SKIP = {SRC / "schema.rs", SRC / "incident" / "schema.rs"}
# Modules that exist only for schemas: declared under the feature.
GATED = {"pub mod schema;"}
CFG = '#[cfg(feature = "schema")]'
DERIVE = '#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]'
NAME = re.compile(r"\s*(schemars::)?JsonSchema\s*")


def skipped(path):
    return path in SKIP


def rewrite(text, path_is_root=False):
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        indent = line[: len(line) - len(line.lstrip())]
        stripped = line.strip()
        # A derive attribute, on one line or several.
        if stripped.startswith("#[derive("):
            j = i
            while not lines[j].rstrip().endswith(")]"):
                j += 1
            block = lines[i : j + 1]
            joined = " ".join(l.strip() for l in block)
            inner = joined[len("#[derive(") : -2]
            names = [n.strip() for n in inner.split(",") if n.strip()]
            if any(NAME.fullmatch(n) for n in names):
                kept = [n for n in names if not NAME.fullmatch(n)]
                if j == i:
                    out.append(f"{indent}#[derive({', '.join(kept)})]")
                else:
                    # Keep rustfmt's multi-line shape: drop the JsonSchema entry only.
                    for l in block:
                        if NAME.fullmatch(l.strip().rstrip(",")):
                            continue
                        out.append(re.sub(r",\s*(schemars::)?JsonSchema(?=\s*,|\s*$)", "", l))
                out.append(indent + DERIVE)
            else:
                out.extend(block)
            i = j + 1
            continue
        m = re.fullmatch(r"#\[schemars\((.*)\)\]", stripped)
        if m:
            out.append(f'{indent}#[cfg_attr(feature = "schema", schemars({m.group(1)}))]')
            i += 1
            continue
        if stripped == "use schemars::JsonSchema;":
            i += 1
            continue
        needs_cfg = (
            re.match(r"impl(<[^>]*>)? (schemars::)?JsonSchema for ", stripped)
            or (indent == "" and re.match(r"(pub(\([a-z]+\))? )?fn \w+.*schemars::", stripped))
            or stripped.startswith("crate::schema::string_schema!(")
            or (stripped.startswith("use schemars::"))
            or (stripped in GATED and path_is_root)
        )
        if needs_cfg and (not out or out[-1].strip() != CFG):
            out.append(indent + CFG)
        out.append(line)
        i += 1
    return "\n".join(out)


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for path in sorted(SRC.rglob("*.rs")):
        if skipped(path):
            continue
        text = path.read_text(encoding="utf-8")
        new = rewrite(text, path in (SRC / "lib.rs", SRC / "incident" / "mod.rs"))
        if new != text:
            stale.append(path.relative_to(ROOT))
            if not check:
                path.write_text(new, encoding="utf-8")
    if check and stale:
        print("JSON Schema code outside the `schema` feature (run scripts/schema-feature.py):")
        for p in stale:
            print(f"  {p}")
        sys.exit(1)
    if not check:
        if stale:
            # Derive lists got shorter: let rustfmt lay them out again.
            subprocess.run(["cargo", "fmt", "-p", "watchstander"], cwd=ROOT, check=True)
        print(f"rewrote {len(stale)} files")


if __name__ == "__main__":
    main()
