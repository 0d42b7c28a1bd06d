# SPDX-License-Identifier: MIT
"""`tradewar serve`'s JSON API (docs/api.md): every endpoint, every error status, the same
documents and error messages as the command line, concurrency, the cache, time limits and
malformed HTTP. Wall-clock fields ("seconds") are the only ones left out of comparisons."""
import json
import os
import re
import socket
import tempfile
import threading

from serve_lib import (Server, check, cli, cli_json, finish, no_seconds, odds_scenario, raw_post,
                       strip_times)

SHOCK = "importer,exporter,sector,tariff\nUSA,CHN,goods,0.5\nCHN,USA,goods,0.4\n"


def solve_cli(shock_text, *extra):
    """`tradewar solve --shock s.csv --json` on shock_text, run where s.csv is."""
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "s.csv"), "w") as f:
            f.write(shock_text)
        return cli("solve", "--shock", "s.csv", "--json", *extra, cwd=d)


def test_lists(s):
    st, doc, hdr = s.request("GET", "/api/worlds")
    check(st == 200 and "icio2022" in doc["worlds"] and doc["default"] == "icio2022",
          f"GET /api/worlds: {st} {doc}")
    check(hdr.get("Cache-Control") == "no-store", "API answers are not cached by browsers")
    st, doc, _ = s.request("GET", "/api/scenarios")
    names = [x["name"] for x in doc["scenarios"]] if st == 200 else []
    check("us_china_2025" in names, f"GET /api/scenarios lists us_china_2025: {names}")
    check(all("title" in x for x in doc["scenarios"]), "every shipped scenario has a title")
    st, doc, _ = s.request("GET", "/api/world/icio2022")
    ref = cli_json("world", "show", "--world", "icio2022", "--json")
    check(st == 200 and strip_times(doc) == strip_times(ref),
          "GET /api/world/icio2022 is `tradewar world show --json`")


def test_solve_equals_cli(s):
    st, doc, _ = s.request("POST", "/api/solve", {"shock": SHOCK, "name": "s.csv"})
    rc, out, err = solve_cli(SHOCK)
    check(st == 200 and rc == 0, f"solve answers 200 ({st}) and the CLI exits 0 ({rc})")
    if st == 200 and rc == 0:
        check(strip_times(doc) == strip_times(json.loads(out)),
              "POST /api/solve is `tradewar solve --json` for the same shock file")
    # The structured form is the same shock.
    rows = [{"importer": "USA", "exporter": "CHN", "sector": "goods", "tariff": 0.5},
            {"importer": "CHN", "exporter": "USA", "sector": "goods", "tariff": "40%"}]
    st2, doc2, _ = s.request("POST", "/api/solve", {"tariffs": rows, "name": "s.csv"})
    check(st2 == 200 and strip_times(doc2) == strip_times(doc),
          "the structured \"tariffs\" form gives the document of the same shock file")
    # Options: horizon, elasticities, deficits are those of the command line.
    st3, doc3, _ = s.request("POST", "/api/solve", {"shock": SHOCK, "name": "s.csv",
                                                   "horizon": "short", "deficits": "zero"})
    rc3, out3, _ = solve_cli(SHOCK, "--horizon", "short", "--deficits", "zero")
    check(st3 == 200 and rc3 == 0 and strip_times(doc3) == strip_times(json.loads(out3)),
          "horizon and deficits are solve's --horizon and --deficits")
    check(doc3 != doc, "the short horizon changes the answer")
    # A bare rate above 1 warns as on the command line.
    bare = "importer,exporter,sector,tariff\nUSA,CHN,goods,2\n"
    st4, doc4, _ = s.request("POST", "/api/solve", {"shock": bare, "name": "s.csv"})
    rc4, out4, _ = solve_cli(bare)
    check(st4 == 200 and rc4 == 0 and doc4["warnings"] == json.loads(out4)["warnings"] and
          len(doc4["warnings"]) > 0, "the shock's warnings are the command line's")


def test_run_and_brief(s):
    for ep, cmd in (("run", "run"), ("brief", "brief")):
        st, doc, _ = s.request("POST", f"/api/{ep}", {"scenario": "us_china_2025"})
        ref = cli_json(cmd, "us_china_2025", "--json")
        check(st == 200 and strip_times(doc) == strip_times(ref),
              f"POST /api/{ep} is `tradewar {cmd} us_china_2025 --json`")
    # A scenario's text, with odds on its branches: the bytes of `tradewar run FILE --json`,
    # {"point", "policy_uncertainty"} (wall-clock "seconds" aside).
    text = odds_scenario()
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "odds.yaml")
        with open(path, "w") as f:
            f.write(text)
        rc, out, err = cli("run", path, "--json")
    st, data = raw_post(s.port, "/api/run", {"scenario_text": text})
    check(st == 200 and rc == 0 and no_seconds(data) == no_seconds(out.encode()),
          f"POST /api/run with odds is byte-equal to `tradewar run FILE --json` ({st}, {rc})")
    doc = json.loads(data) if st == 200 else {}
    u = doc.get("policy_uncertainty", {})
    check(u.get("risk_aversion") == 2 and [b["name"] for b in u.get("branches", [])] ==
          ["snapped back", "extended"], f"the odds and the default risk aversion: {str(u)[:200]}")
    # Risk neutral: the certainty equivalent is the expected mean, the value of certainty 0
    # (to rounding: about 1e-14 points, the certainty equivalent is computed in levels).
    st0, doc0, _ = s.request("POST", "/api/run", {"scenario_text": text, "risk_aversion": 0})
    c0 = doc0.get("policy_uncertainty", {}).get("certainty", {}) if st0 == 200 else {}
    check(st0 == 200 and strip_times(doc0["point"]) == strip_times(doc.get("point")) and c0 and
          all(abs(v["value_pct"]) < 1e-10 for v in c0.values()),
          f"risk_aversion 0: the same point, no value of certainty ({st0})")
    for bad in (-1, 101):
        rc, _, err = cli("run", "us_china_2025", "--risk-aversion", str(bad))
        d = expect_error(s, "POST", "/api/run", {"scenario": "us_china_2025", "risk_aversion": bad},
                         400)
        check(rc == 2 and d["error"]["message"] in err,
              f"risk_aversion {bad!r}: the CLI's usage error {d['error']['message']!r}")
    expect_error(s, "POST", "/api/run", {"scenario": "us_china_2025", "risk_aversion": "2"}, 400)
    expect_error(s, "POST", "/api/brief", {"scenario": "us_china_2025", "risk_aversion": 1}, 400)


HEADER = "importer,exporter,sector,tariff,tariff_add,iceberg_hat\n"
ROW = re.compile(r"^\s*- \{importers: (\w+), exporters: (\w+), sectors: (\w+), add: ([0-9.]+%)\}$")


def scenario_shock(name, until):
    """The shock file of the policy in force at date `until` of a shipped scenario whose events
    up to then are only tariff additions (checked: any other line fails the test)."""
    path = os.path.join(os.environ["TW_SOURCE_DIR"], "scenarios", f"{name}.yaml")
    rows, on = [], False
    for line in open(path):
        s = line.strip()
        if s.startswith("- date: "):
            on = s[8:] <= until
            continue
        if not on or s.startswith("#") or s in ("", "tariffs:") or s.startswith("label: "):
            continue
        m = ROW.match(line.rstrip("\n"))
        if not check(m, f"{name} up to {until}: only tariff additions, not {s!r}"):
            return None
        rows.append(f"{m[1]},{m[2]},{m[3]},,{m[4]},\n")
    return HEADER + "".join(rows)


def test_step(s):
    """A solve relative to a scenario step is `tradewar solve` of the equivalent shock file."""
    changes = [{"importer": "USA", "exporter": "CHN", "sector": "goods", "tariff_add": 0.2}]
    req = {"scenario": "us_china_2025", "step": "2025-02-10", "changes": changes, "name": "s.csv"}
    st, doc, _ = s.request("POST", "/api/solve", req)
    text = scenario_shock("us_china_2025", "2025-02-10")
    if text is None:
        return
    rc, out, err = solve_cli(text + "USA,CHN,goods,,0.2,\n")
    check(st == 200 and rc == 0, f"a step solve answers 200 ({st}) and the CLI 0 ({rc}: {err})")
    if st == 200 and rc == 0:
        check(strip_times(doc) == strip_times(json.loads(out)),
              "a solve at a scenario step with changes is `tradewar solve` of the same policy")
    st1, doc1, _ = s.request("POST", "/api/solve", dict(req, step=1))
    check(st1 == 200 and strip_times(doc1) == strip_times(doc), "step 1 is the step of 2025-02-10")
    # The step's own policy against the timeline's step (warm-started there: 1e-6 points).
    tl = s.request("POST", "/api/run", {"scenario": "us_china_2025"})[1]
    for k, date, branch in ((7, "2025-06-30", None), (8, "2025-09-01", "snapped back"),
                            (10, "2025-12-31", "extended")):
        body = {"scenario": "us_china_2025", "step": date}
        if branch:
            body["branch"] = branch
        st, d, _ = s.request("POST", "/api/solve", body)
        ok = check(st == 200, f"step {date} {branch}: {st} {str(d)[:200]}")
        ri = {c["code"]: c["real_income_pct"] for c in d["countries"]} if ok else {}
        for g in tl["steps"][k]["groups"] if ok else []:
            if g["name"] in ("USA", "CHN"):
                check(abs(ri[g["name"]] - g["real_income_pct"]) < 1e-6,
                      f"{date} {branch}: {g['name']} {ri[g['name']]} is step {k}'s "
                      f"{g['real_income_pct']}")
    # The summary is the full document's subset.
    st, summ, _ = s.request("POST", "/api/solve", dict(req, detail="summary"))
    check(st == 200 and summ.get("detail") == "summary", f"a summary answers 200: {st}")
    if st == 200:
        full = strip_times(doc)
        summ = strip_times(summ)
        for k, v in summ.items():
            if k == "countries":
                check(all(c.items() <= f.items() for c, f in zip(v, full[k])) and
                      len(v) == len(full[k]), "the summary's countries are the full ones'")
            elif k == "trade":
                want = [t for t in full[k] if t["importer"] in ("USA", "CHN")]
                check(v == want and len(v) > 0, "the summary's trade rows are those into USA, CHN")
            elif k != "detail":
                check(full.get(k) == v, f"the summary's {k} is the full document's")
        check({"output", "input_nests"} <= full.keys() - summ.keys(), "the summary is smaller")
    # Errors: the CLI's message for a bad change (the changes are the shock file's lines 2...),
    # the server's for a bad step.
    bad = [{"importer": "USA", "exporter": "XXX", "sector": "goods", "tariff_add": 0.1}]
    rc, _, err = solve_cli(HEADER + "USA,XXX,goods,,0.1,\n")
    expect_error(s, "POST", "/api/solve", dict(req, changes=bad), 400, err.strip())
    for body, msg in (
            (dict(req, step=99), "tradewar: error: step: the scenario has 11 steps (0 to 10), "
                                 "got 99"),
            (dict(req, step="2024-12-31"), "tradewar: error: step: 2024-12-31 is before the "
                                           "scenario's first step (2025-02-04)"),
            (dict(req, branch="nope"), "tradewar: error: branch: the scenario has no branch "
                                       "named 'nope' (branches: main, snapped back, extended)"),
            (dict(req, step=1, branch="extended"), None), (dict(req, step="10 Feb"), None),
            (dict(req, step=-1), None), (dict(req, step=1.5), None), (dict(req, step=True), None),
            (dict(req, deficits="zero"), None), (dict(req, tariffs=changes), None),
            ({"step": 1, "changes": changes}, None), ({"scenario": "us_china_2025"}, None),
            ({"shock": SHOCK, "branch": "main"}, None), (dict(req, detail="all"), None)):
        expect_error(s, "POST", "/api/solve", body, 400, msg)
    expect_error(s, "POST", "/api/solve", dict(req, scenario="no_such"), 404)


def test_draws(s):
    """"draws" and "seed" are `tradewar solve --draws N --seed S --json` ({"point",
    "uncertainty"}); with "detail": "summary" both parts are the summary's subsets."""
    body = {"shock": SHOCK, "name": "s.csv", "draws": 4, "seed": 3}
    st, doc, _ = s.request("POST", "/api/solve", body)
    rc, out, err = solve_cli(SHOCK, "--draws", "4", "--seed", "3")
    check(st == 200 and rc == 0, f"draws answer 200 ({st}) and the CLI exits 0 ({rc}: {err[-300:]})")
    if st == 200 and rc == 0:
        check(strip_times(doc) == strip_times(json.loads(out)),
              "POST /api/solve with draws is `tradewar solve --draws 4 --seed 3 --json`")
    st2, summ, _ = s.request("POST", "/api/solve", dict(body, detail="summary"))
    check(st2 == 200 and summ["point"].get("detail") == "summary", f"draws with a summary: {st2}")
    if st == 200 and st2 == 200:
        u, v = doc["uncertainty"], summ["uncertainty"]
        check({k: x for k, x in v.items() if k != "trade"} == {k: x for k, x in u.items() if k != "trade"},
              "the summary's bands of countries and settings are the full ones")
        check(v["trade"] == [t for t in u["trade"] if t["importer"] in ("USA", "CHN")],
              "the summary's trade bands are those into USA and CHN")
        check(any(c["real_income_pct"]["p5"] < c["real_income_pct"]["p95"] for c in v["countries"]),
              "the bands have width")
    # From a scenario step, without "seed": `tradewar solve --draws 3` (its default seed) of
    # the equivalent shock file, every draw on the step's policy.
    text = scenario_shock("us_china_2025", "2025-02-10")
    changes = [{"importer": "USA", "exporter": "CHN", "sector": "goods", "tariff_add": 0.2}]
    st3, doc3, _ = s.request("POST", "/api/solve", {"scenario": "us_china_2025", "step": 1,
                                                   "changes": changes, "name": "s.csv", "draws": 3})
    rc3, out3, err3 = solve_cli((text or "") + "USA,CHN,goods,,0.2,\n", "--draws", "3")
    check(text and st3 == 200 and rc3 == 0 and strip_times(doc3) == strip_times(json.loads(out3)),
          f"draws from a scenario step are `tradewar solve --draws 3 --json` of the equivalent "
          f"shock file ({st3}, {rc3}: {err3[-200:]})")
    for extra, args in (({"draws": "many"}, ("--draws", "many")),
                        ({"draws": 4, "seed": -1}, ("--draws", "4", "--seed", "-1")),
                        ({"seed": 3}, ("--seed", "3"))):
        rc, _, err = solve_cli(SHOCK, *args)
        d = expect_error(s, "POST", "/api/solve", dict({"shock": SHOCK}, **extra), 400)
        check(rc == 2 and d["error"]["message"] in err,
              f"{extra}: the CLI's usage error {d['error']['message']!r} in {err!r}")
    expect_error(s, "POST", "/api/solve", dict(body, draws=0), 400)
    expect_error(s, "POST", "/api/solve", dict(body, warm=True), 400)


def test_optimal(s):
    st, doc, _ = s.request("POST", "/api/optimal", {"country": "USA", "partners": "CHN"})
    ref = cli_json("optimal", "--country", "USA", "--partners", "CHN", "--json")
    check(st == 200 and strip_times(doc) == strip_times(ref),
          "POST /api/optimal is `tradewar optimal --country USA --partners CHN --json`")
    rc, _, err = cli("optimal", "--country", "XXX", "--json")
    d = expect_error(s, "POST", "/api/optimal", {"country": "XXX"}, 400)
    check(d["error"]["exit_code"] == rc == 2 and d["error"]["message"] in err,
          f"an unknown country is the CLI's usage error: {d['error']} {err!r}")
    expect_error(s, "POST", "/api/optimal", {"country": "USA", "instrument": "bad"}, 400)
    expect_error(s, "POST", "/api/optimal", {"country": "USA", "partners": "USA"}, 400)
    expect_error(s, "POST", "/api/optimal", {}, 400)


def expect_error(s, method, path, body, status, want_msg=None, headers=None):
    st, doc, _ = s.request(method, path, body, headers)
    ok = check(st == status and isinstance(doc, dict) and "error" in doc,
               f"{method} {path} {str(body)[:60]!r}: status {status} with an error document, "
               f"got {st} {str(doc)[:200]}")
    if ok and want_msg is not None:
        check(doc["error"]["message"] == want_msg,
              f"message {doc['error']['message']!r} is {want_msg!r}")
    return doc


def test_errors(s):
    bad = "importer,exporter,sector,tariff\nUSA,XXX,goods,0.5\n"
    rc, _, err = solve_cli(bad)
    doc = expect_error(s, "POST", "/api/solve", {"shock": bad, "name": "s.csv"}, 400,
                       err.strip())
    check(doc["error"]["exit_code"] == rc == 3, "a bad shock has the CLI's exit code 3")
    rc, _, err = cli("solve", "--shock", "s.csv", "--world", "nowhere", "--json")
    expect_error(s, "POST", "/api/solve", {"shock": SHOCK, "world": "nowhere"}, 404)
    expect_error(s, "POST", "/api/solve", {"shock": SHOCK, "world": "../data"}, 400)
    expect_error(s, "POST", "/api/solve", {"shock": SHOCK, "elasticities": "nope"}, 400)
    expect_error(s, "POST", "/api/solve", {"shock": SHOCK, "horizon": "forever"}, 400)
    expect_error(s, "POST", "/api/solve", {"shock": SHOCK, "deficits": "some"}, 400)
    expect_error(s, "POST", "/api/solve", {"shock": SHOCK, "colour": "red"}, 400)
    expect_error(s, "POST", "/api/solve", {"world": "icio2022"}, 400)
    expect_error(s, "POST", "/api/solve", "{\"shock\": ", 400)
    expect_error(s, "POST", "/api/solve", "[1, 2]", 400)
    expect_error(s, "POST", "/api/solve", {"tariffs": [{"importer": "US,A"}]}, 400)
    expect_error(s, "POST", "/api/solve", {"tariffs": [{"tarif": 0.1}]}, 400)
    expect_error(s, "POST", "/api/run", {"scenario": "no_such_scenario"}, 404)
    expect_error(s, "POST", "/api/run", {"scenario": "../scenarios/us_china_2025"}, 400)
    expect_error(s, "POST", "/api/run", {}, 400)
    expect_error(s, "POST", "/api/brief", {"scenario_text": "title: [unclosed\n"}, 400)
    expect_error(s, "GET", "/api/world/nowhere", None, 404)
    expect_error(s, "GET", "/api/nothing", None, 404)
    expect_error(s, "GET", "/../../etc/passwd", None, 404)
    expect_error(s, "GET", "/%2e%2e/%2e%2e/etc/passwd", None, 404)
    expect_error(s, "GET", "/.hidden", None, 404)
    expect_error(s, "GET", "/no_such_file.js", None, 404)
    expect_error(s, "GET", "/api/solve", None, 405)
    expect_error(s, "POST", "/api/worlds", "{}", 405)
    expect_error(s, "PUT", "/index.html", "x", 405)
    # A declared length over the cap is refused before the body is sent.
    with socket.create_connection(("127.0.0.1", s.port), timeout=30) as c:
        c.sendall(b"POST /api/solve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2097152"
                  b"\r\n\r\n")
        out = c.recv(65536)
    check(out.startswith(b"HTTP/1.1 413") and b"larger than" in out,
          f"a body declared over 1 MiB is 413: {out[:60]}")
    expect_error(s, "POST", "/api/solve", "x" * ((1 << 20) + 1), 413)
    expect_error(s, "GET", "/api/worlds", None, 403, headers={"Host": "evil.example:80"})


def raw(port, data):
    """Sends bytes on a fresh connection and returns what comes back (or b'')."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as c:
        try:
            c.sendall(data)
            c.shutdown(socket.SHUT_WR)
            out = b""
            while chunk := c.recv(65536):
                out += chunk
            return out
        except OSError:
            return b""


def test_malformed_http(s):
    for data in (b"\x00\xff garbage\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                 b"POST /api/solve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n",
                 b"POST /api/solve HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked"
                 b"\r\n\r\nzz\r\n", b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\n\r\n",
                 b"GET / HTTP/1.1\r\n" + b"X: " + b"y" * 100000 + b"\r\n\r\n"):
        raw(s.port, data)
    big = b"x" * (2 << 20)
    out = raw(s.port, b"POST /api/solve HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: "
                      b"chunked\r\n\r\n" + b"%x\r\n" % len(big) + big + b"\r\n0\r\n\r\n")
    check(out.startswith(b"HTTP/1.1 413"), f"a chunked body over the cap is 413: {out[:40]}")
    st, _, _ = s.request("GET", "/api/worlds")
    check(st == 200, "the server still answers after malformed requests")


def policies(k):
    return {"tariffs": [{"importer": "USA", "exporter": "CHN", "sector": "goods",
                         "tariff": 0.1 * (k + 1)}], "name": f"p{k}.csv"}


def test_concurrency():
    """Many requests at once give the answers of one at a time (no cache, so that every
    answer is a solve of its own on a pooled solver)."""
    with Server("--cache", "0", "--threads", "4") as s:
        one = [strip_times(s.request("POST", "/api/solve", policies(k))[1]) for k in range(4)]
        got = [None] * 12

        def work(i):
            got[i] = strip_times(s.request("POST", "/api/solve", policies(i % 4))[1])

        ts = [threading.Thread(target=work, args=(i,)) for i in range(12)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        check(all(got[i] == one[i % 4] for i in range(12)),
              "12 concurrent solves equal the same solves one at a time")
        check(len({json.dumps(x, sort_keys=True) for x in one}) == 4,
              "the four policies give four different answers")


def test_warm(s):
    """A warm start answers within the solver's tolerance of the cold solve: real income to
    1e-6 points (the solver stops at a residual of 1e-10 relative to the baseline's values)."""
    cold = s.request("POST", "/api/solve", policies(9))[1]
    s.request("POST", "/api/solve", policies(5))  # the model's last solution is now another
    st, warm, _ = s.request("POST", "/api/solve", dict(policies(9), warm=True))
    check(st == 200, f"a warm solve answers 200: {st}")
    if st == 200:
        diff = max(abs(a["real_income_pct"] - b["real_income_pct"])
                   for a, b in zip(cold["countries"], warm["countries"]))
        check(diff < 1e-6, f"a warm solve is within 1e-6 points of the cold one: {diff}")
    expect_error(s, "POST", "/api/solve", dict(policies(9), warm="yes"), 400)


def test_cache(s):
    a = s.request("POST", "/api/solve", policies(7))[1]
    b = s.request("POST", "/api/solve", policies(7))[1]
    check(a == b, "a repeated request is answered with the same document (cache)")


def test_timeout():
    with Server("--timeout", "0.001", "--cache", "0") as s:
        doc = expect_error(s, "POST", "/api/solve", {"shock": SHOCK}, 504)
        check("time limit" in doc["error"]["message"], "a time-out says so")


def test_command_line():
    rc, _, err = cli("serve", "--port", "70000")
    check(rc == 2 and "--port" in err, f"serve --port 70000 is a usage error (2): {rc} {err}")
    rc, _, err = cli("serve", "--world", "nowhere", "--port", "0")
    check(rc == 4 and "no world named 'nowhere'" in err, f"serve --world nowhere: 4, {rc} {err}")
    rc, _, err = cli("serve", "--bogus")
    check(rc == 2, "an unknown option is a usage error")


def main():
    test_command_line()
    with Server() as s:
        test_lists(s)
        test_solve_equals_cli(s)
        if not os.environ.get("TW_SERVE_QUICK"):
            test_run_and_brief(s)
            test_step(s)
            test_draws(s)
        test_errors(s)
        test_optimal(s)
        test_malformed_http(s)
        test_cache(s)
        test_warm(s)
    test_concurrency()
    test_timeout()
    finish()


if __name__ == "__main__":
    main()
