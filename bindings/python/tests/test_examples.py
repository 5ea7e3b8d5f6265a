"""The typed examples (checked by mypy --strict and tsc --strict in CI) use every module."""

import pathlib
import re

import watchstander

ROOT = pathlib.Path(__file__).resolve().parents[3]


def modules():
    return sorted({name.split(".", 1)[0] for name, _ in watchstander.operations()})


def test_the_python_example_uses_every_module():
    text = (ROOT / "examples" / "python" / "oncall_bot.py").read_text()
    names = re.search(r"from watchstander import \(?([\w,\s]+)\)?", text).group(1)
    imported = {n.strip() for n in names.split(",") if n.strip()}
    assert set(modules()) <= imported, set(modules()) - imported
    for m in modules():
        assert f"{m}." in text, f"examples/python/oncall_bot.py does not call watchstander.{m}"


def test_the_typescript_example_uses_every_module():
    text = (ROOT / "examples" / "node" / "oncall_bot.ts").read_text()
    for m in modules():
        assert re.search(rf"\b{m}\.", text), f"examples/node/oncall_bot.ts does not call {m}"
