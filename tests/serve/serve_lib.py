# SPDX-License-Identifier: MIT
"""Helpers of the `tradewar serve` tests: start a server on a free port, send requests,
compare documents with the command line's. Standard library only (Debian's python3)."""
import http.client
import json
import os
import re
import signal
import subprocess
import sys

TRADEWAR = os.environ.get("TRADEWAR", "tradewar")
FAILURES = []


def check(cond, what):
    """Records a failed check (the test goes on, and exits non-zero at the end)."""
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, file=sys.stderr)
    return cond


def finish():
    print(f"{len(FAILURES)} failed" if FAILURES else "all checks passed")
    sys.exit(1 if FAILURES else 0)


class Server:
    """`tradewar serve --port 0 ARGS` for the length of a with block."""

    def __init__(self, *args):
        self.args = list(args)

    def __enter__(self):
        self.proc = subprocess.Popen([TRADEWAR, "serve", "--port", "0", *self.args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if "http://" not in line:
            err = self.proc.stderr.read()
            raise RuntimeError(f"serve did not start: {line!r} {err!r}")
        self.port = int(line.split("http://")[1].split("/")[0].rsplit(":", 1)[1])
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        try:
            _, err = self.proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        check(self.proc.returncode == 0, f"serve exits 0 on SIGTERM, got {self.proc.returncode}")
        check("ERROR" not in err and "runtime error" not in err,
              f"serve's standard error is clean: {err[-2000:]}")
        return False

    def request(self, method, path, body=None, headers=None):
        """(status, parsed JSON or raw bytes, headers) of one request."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        try:
            c.request(method, path, body=body, headers=headers or {})
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered before reading the whole body (413): read the answer
        r = c.getresponse()
        data = r.read()
        c.close()
        ctype = r.getheader("Content-Type", "")
        if ctype.startswith("application/json"):
            data = json.loads(data)
        return r.status, data, dict(r.getheaders())


def strip_times(doc):
    """doc without wall-clock fields ("seconds"), which differ between any two runs."""
    if isinstance(doc, dict):
        return {k: strip_times(v) for k, v in doc.items() if k != "seconds"}
    if isinstance(doc, list):
        return [strip_times(v) for v in doc]
    return doc


def cli(*args, cwd=None):
    """(exit code, standard output, standard error) of the command line."""
    p = subprocess.run([TRADEWAR, *args], capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def cli_json(*args, cwd=None):
    rc, out, err = cli(*args, cwd=cwd)
    if not check(rc == 0, f"tradewar {' '.join(args)} exits 0: {err[-500:]}"):
        return None
    return json.loads(out)


def odds_scenario():
    """A test scenario with odds on its branches (no shipped one has odds): us_china_2025 with
    illustrative probabilities on the Geneva truce's expiry, snapped back 40% and extended 60%
    (as tests/cli/test_draws.sh makes it; test values, not estimates)."""
    path = os.path.join(os.environ["TW_SOURCE_DIR"], "scenarios", "us_china_2025.yaml")
    out, done = [], False
    for line in open(path):
        out.append(line)
        if not done and "extended: {extend: 90}" in line:
            out.append("      probabilities: {snapped back: 40%, extended: 0.6}\n")
            done = True
    check(done, "us_china_2025 has the truce the odds scenario gives probabilities to")
    return "".join(out)


def raw_post(port, path, body):
    """(status, body bytes) of a POST of JSON body, without parsing."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    c.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def no_seconds(text):
    """The document's text with each wall-clock "seconds" value replaced by 0."""
    return re.sub(rb'"seconds": ?[-0-9.eE+]+', b'"seconds":0', text)
