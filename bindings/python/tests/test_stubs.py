"""The hand-written type stubs (``*.pyi``) describe exactly the functions the package has:
same names, same keyword parameters, so a type checker never accepts a call that fails."""

import ast
import inspect
import pathlib

import pytest

import watchstander

PACKAGE = pathlib.Path(watchstander.__file__).resolve().parent
STUBS = sorted(p for p in PACKAGE.glob("*.pyi") if not p.name.startswith("_"))


def stub_functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            args = node.args
            out[node.name] = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    return out


def test_there_are_stubs_to_check():
    assert STUBS, f"no public .pyi next to {PACKAGE}"


@pytest.mark.parametrize("stub", STUBS, ids=lambda p: p.name)
def test_stub_matches_the_module(stub):
    module = getattr(watchstander, stub.stem)
    runtime = {
        name: list(inspect.signature(fn).parameters)
        for name, fn in vars(module).items()
        if inspect.isfunction(fn) and fn.__module__ == module.__name__ and not name.startswith("_")
    }
    assert stub_functions(stub) == runtime
