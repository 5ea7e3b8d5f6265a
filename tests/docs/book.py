#!/usr/bin/env python3
"""Runs every code block of the user guide (the chapters listed in docs/SUMMARY.md).

* `python` blocks run against the installed `watchstander` package, the blocks of one chapter
  in order in one interpreter (a chapter is one program, as a reader follows it);
* `js` blocks run with Node against the package in bindings/node: the CommonJS blocks of a
  chapter together, each block that `import`s as its own ES module;
* `sh` blocks run with bash (`set -euo pipefail`) with the `watchstander` command on PATH;
* `json`, `toml` and `yaml` blocks must parse (see `parse_json` for the JSON shapes shown);
* `rust` blocks are doc tests of the core crate (`cargo test -p watchstander --doc`): this
  checks that their chapter is included there (`guide` in crates/watchstander/src/lib.rs);
* `text`, `console`, `markdown` and unlabelled blocks are prose (diagrams, transcripts,
  documents shown as-is) and are not run.

Any other language fails, so a new kind of block gets a runner before it lands.

    tests/docs/book.py --python PYTHON --cli DIR_WITH_WATCHSTANDER [--only CHAPTER ...]
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PROSE = {"", "text", "console", "markdown"}
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


def chapters():
    summary = (DOCS / "SUMMARY.md").read_text(encoding="utf-8")
    return [DOCS / m for m in re.findall(r"\]\(([^)]+\.md)\)", summary)]


def blocks(path):
    """(language, code, line) of each fenced block."""
    out = []
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group("fence"), m.group("info").strip()
        lang = info.split(",")[0].split()[0] if info else ""
        body, start = [], i + 1
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i])
            i += 1
        out.append((lang, "\n".join(body) + "\n", start))
        i += 1
    return out


def json_values(code):
    decoder, i, code = json.JSONDecoder(), 0, code.strip()
    while i < len(code):
        _, i = decoder.raw_decode(code, i)
        while i < len(code) and code[i].isspace():
            i += 1


def parse_json(code, chapter):
    """A JSON document; or one per line (variants listed together); or an object's members
    shown alone;
    several documents one after the other; an outline, once its `...`
    elisions are dropped (`"rules": {...}`). In operations.md, an operation's example input cut after 40
    lines ends in `…`: the whole example is run by `ops::tests::every_example_runs`."""
    elided = re.sub(r",(\s*[\]}])", r"\1", re.sub(r"\.\.\.[^\]}\n]*", "", code))
    attempts = [lambda: json.loads(code), lambda: json_values(code), lambda: json.loads(elided),
                lambda: json.loads("{" + code + "}")]
    if chapter.name == "operations.md" and code.rstrip().endswith("…"):
        return
    for attempt in attempts:
        try:
            attempt()
            return
        except ValueError as e:
            error = e
    raise error


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {r.returncode}\n{r.stdout}\n{r.stderr}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--cli", help="directory holding the built `watchstander` command")
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()

    guide = (ROOT / "crates" / "watchstander" / "src" / "lib.rs").read_text(encoding="utf-8")
    work = pathlib.Path(tempfile.mkdtemp(prefix="watchstander-book-"))
    # `require('watchstander')` / `import ... from 'watchstander'` resolve to the checkout's package.
    (work / "node_modules").mkdir()
    (work / "node_modules" / "watchstander").symlink_to(ROOT / "bindings" / "node")
    env = dict(os.environ)
    if args.cli:
        env["PATH"] = f"{pathlib.Path(args.cli).resolve()}{os.pathsep}{env['PATH']}"

    passed, failed, prose = 0, [], 0
    for chapter in chapters():
        rel = chapter.relative_to(DOCS)
        if args.only and str(rel) not in args.only:
            continue
        found = blocks(chapter)
        py = [c for lang, c, _ in found if lang == "python"]
        cjs = [c for lang, c, _ in found if lang == "js" and not re.search(r"^import ", c, re.M)]
        jobs = []
        if py:
            f = work / f"{rel.as_posix().replace('/', '_')}.py"
            f.write_text("\n".join(py), encoding="utf-8")
            jobs.append((f"{rel} python ({len(py)} blocks)", [args.python, str(f)]))
        if cjs:
            f = work / f"{rel.as_posix().replace('/', '_')}.cjs"
            f.write_text("\n".join(cjs), encoding="utf-8")
            jobs.append((f"{rel} js ({len(cjs)} blocks)", ["node", str(f)]))
        for lang, code, line in found:
            where = f"{rel}:{line} {lang or 'text'}"
            if lang in PROSE:
                prose += 1
            elif lang in ("python",) or (lang == "js" and code in cjs):
                pass
            elif lang == "js":
                f = work / f"{rel.as_posix().replace('/', '_')}_{line}.mjs"
                f.write_text(code, encoding="utf-8")
                jobs.append((where, ["node", str(f)]))
            elif lang == "sh":
                jobs.append((where, ["bash", "-euo", "pipefail", "-c", code]))
            elif lang == "json":
                jobs.append((where, lambda code=code, chapter=chapter: parse_json(code, chapter)))
            elif lang == "toml":
                import tomllib

                jobs.append((where, lambda code=code: tomllib.loads(code)))
            elif lang == "yaml":
                jobs.append((where, [args.python, "-c", "import sys, yaml; yaml.safe_load(sys.stdin)"], code))
            elif lang == "rust":
                if f'docs/{rel.as_posix()}")]' not in guide:
                    failed.append((where, f"{rel} has Rust blocks but is not in the `guide` doc tests of lib.rs"))
                else:
                    passed += 1
            else:
                failed.append((where, f"no runner for ```{lang} blocks"))
        for job in jobs:
            name, what = job[0], job[1]
            try:
                if callable(what):
                    what()
                else:
                    run(what, cwd=work if what[0] == "node" else ROOT, env=env,
                        input=job[2] if len(job) > 2 else None)
                passed += 1
            except Exception as e:  # noqa: BLE001 - reported below
                failed.append((name, str(e)))
    for name, err in failed:
        print(f"FAIL {name}\n{err}\n")
    print(f"book: {len(chapters())} chapters, {prose} prose blocks not run")
    print(f"{passed} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
