# SPDX-License-Identifier: MIT
"""Shared fixtures: the command-line program the bindings are compared with."""
import json
import os
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def cli_path():
    return os.environ.get("TRADEWAR_CLI", os.path.join(ROOT, "build", "tradewar"))


def run_cli(*args, check=True):
    """Runs the program from the source tree's root; returns (exit code, stdout, stderr)."""
    p = subprocess.run([cli_path(), *args], cwd=ROOT, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"tradewar {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.returncode, p.stdout, p.stderr


def cli_json(*args):
    return json.loads(run_cli(*args, "--json")[1])


def drop_timings(doc):
    """The document without wall times (the only fields that differ between two runs)."""
    if isinstance(doc, dict):
        return {k: drop_timings(v) for k, v in doc.items() if k != "seconds"}
    if isinstance(doc, list):
        return [drop_timings(v) for v in doc]
    return doc


@pytest.fixture(autouse=True)
def _in_root(monkeypatch):
    monkeypatch.chdir(ROOT)
