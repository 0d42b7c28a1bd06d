# SPDX-License-Identifier: MIT
"""docs/python.md's example: its python blocks run in order in one namespace, and each
prints exactly the text block that follows it."""
import contextlib
import io
import os
import re

from conftest import ROOT


def blocks():
    text = open(os.path.join(ROOT, "docs", "python.md"), encoding="utf-8").read()
    found = re.findall(r"```(python|text)\n(.*?)```", text, flags=re.S)
    out = []
    for k, (kind, body) in enumerate(found):
        if kind == "python":
            expect = found[k + 1][1] if k + 1 < len(found) and found[k + 1][0] == "text" else None
            out.append((body, expect))
    return out


def test_python_md_example():
    code = blocks()
    assert len(code) >= 6
    ns = {}
    for body, expect in code:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(body, "docs/python.md", "exec"), ns)
        if expect is not None:
            assert buf.getvalue() == expect, f"block:\n{body}\nprinted:\n{buf.getvalue()}"
