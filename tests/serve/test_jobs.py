# SPDX-License-Identifier: MIT
"""`tradewar serve`'s jobs (docs/api.md "Jobs"): wars and escalations run by worker threads,
with progress, cancellation, a queue limit and a time limit. Each kind's result is the
document of the command line's --json for the same flags, byte for byte once the wall-clock
"seconds" fields are set aside; bad fields get the command line's messages."""
import http.client
import json
import os
import threading
import time

from serve_lib import Server, check, cli, finish, no_seconds

WAR = {"kind": "war", "players": "USA,CHN"}
WAR_ARGS = ["war", "--players", "USA,CHN"]
ESC = {"kind": "escalate", "players": ["USA", "CHN"], "rules": "tit-for-tat",
       "opening": [0.1, 0], "rounds": 6, "period_days": 60}
ESC_ARGS = ["escalate", "--players", "USA,CHN", "--rules", "tit-for-tat", "--opening", "0.1,0",
            "--rounds", "6", "--period-days", "60"]
TALKS = {"kind": "talks", "players": "USA,CHN", "rule": "nash", "delta": 0.8}
TALKS_ARGS = ["talks", "--players", "USA,CHN", "--rule", "nash", "--delta", "0.8"]
ENFORCE = {"kind": "enforce", "players": "USA,CHN", "delta": 0.9, "agreement": "free_trade"}
ENFORCE_ARGS = ["enforce", "--players", "USA,CHN", "--delta", "0.9", "--agreement", "free-trade"]
KINDS = (("war", WAR, WAR_ARGS), ("escalate", ESC, ESC_ARGS), ("talks", TALKS, TALKS_ARGS),
         ("enforce", ENFORCE, ENFORCE_ARGS))
# Under ThreadSanitizer (CI's TSan stage sets TW_SERVE_QUICK), to keep CI's time: wars and
# escalations only, a few of the bad inputs, no queue overflow (eight long wars), and three
# jobs at once (what it looks at).
QUICK = bool(os.environ.get("TW_SERVE_QUICK"))
if QUICK:
    KINDS = KINDS[:2]
# A long war: every country of the default world a player (stopped by DELETE).
LONG = {"kind": "war", "players": "all"}
GUARD = 600  # seconds before a wait is called a hang (not a timing check)


def raw_get(port, path):
    """(status, body bytes) of a GET, without parsing."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    c.request("GET", path)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def wait(s, jid, until=("done", "failed", "cancelled")):
    """The job's document once its state is one of until."""
    end = time.monotonic() + GUARD
    while time.monotonic() < end:
        st, doc, _ = s.request("GET", f"/api/jobs/{jid}")
        if st != 200 or doc["state"] in until:
            return doc if st == 200 else {"state": f"HTTP {st}", "error": doc}
        time.sleep(0.1)
    return {"state": "hang"}


def start(s, body):
    st, doc, hdr = s.request("POST", "/api/jobs", body)
    ok = check(st == 202 and doc.get("state") == "queued" and doc.get("url") ==
               f"/api/jobs/{doc.get('id')}", f"POST /api/jobs {body}: 202 queued, got {st} {doc}")
    return doc["id"] if ok else None


def cli_doc(args):
    rc, out, err = cli(*args, "--json")
    check(rc == 0, f"tradewar {' '.join(args)} --json exits 0: {err[-400:]}")
    return out.encode()


def same_as_cli(s, jid, ref, what):
    st, data = raw_get(s.port, f"/api/jobs/{jid}/result")
    check(st == 200, f"{what}: GET /result answers 200, got {st}")
    check(no_seconds(data) == no_seconds(ref),
          f"{what}: the result is byte-equal to the command line's --json (seconds aside)")
    st, doc, _ = s.request("GET", f"/api/jobs/{jid}")
    check(st == 200 and json.dumps(doc.get("result"), sort_keys=True) ==
          json.dumps(json.loads(data), sort_keys=True),
          f"{what}: the job document's \"result\" is that document")
    return doc


def test_kinds(s, refs):
    for name, body, args in KINDS:
        jid = start(s, body)
        doc = wait(s, jid)
        check(doc["state"] == "done", f"{name}: the job ends done, got {doc}")
        if doc["state"] != "done":
            continue
        same_as_cli(s, jid, refs[name], name)
        pr = doc["progress"]
        check(pr["updates"] > 0 and pr["stages"] and pr["last"] in
              [x["what"] for x in pr["stages"]],
              f"{name}: progress shows the reporter's stages: {pr}")
        want = "escalation round" if name == "escalate" else "war round"
        check(any(x["what"].startswith(want) for x in pr["stages"]),
              f"{name}: progress has the {want}s: {pr}")
    # Flags with values of every JSON form, and switches.
    body = {"kind": "war", "players": ["USA", "CHN", "DEU"], "among-players": True,
            "method": "best-response", "gain_tolerance": 1e-6, "max_rate": "1.5"}
    if QUICK:
        return
    args = ["war", "--players", "USA,CHN,DEU", "--among-players", "--method", "best-response",
            "--gain-tolerance", "1e-6", "--max-rate", "1.5"]
    jid = start(s, body)
    doc = wait(s, jid)
    if check(doc["state"] == "done", f"a war with switches ends done: {doc}"):
        same_as_cli(s, jid, cli_doc(args), "war --among-players --method best-response")
    # The model's options: the political-economy payoff (ossa2014 has the weights) and the
    # CES nests (cp1993: the critical inputs' nest, then a rule; small worlds, under a second).
    for body, args in (
            ({"kind": "war", "world": "ossa2014", "players": "USA,CHN", "political_economy": True,
              "payoff": "auto"},
             ["war", "--world", "ossa2014", "--players", "USA,CHN", "--political-economy",
              "--payoff", "auto"]),
            ({"kind": "escalate", "world": "cp1993", "players": "USA,MEX", "rules": "tit-for-tat",
              "opening": "0.1,0", "rounds": 3, "critical_elasticity": 0.3,
              "input_elasticity": ["*:*=0.5", "AGR:*=2"]},
             ["escalate", "--world", "cp1993", "--players", "USA,MEX", "--rules", "tit-for-tat",
              "--opening", "0.1,0", "--rounds", "3", "--critical-elasticity", "0.3",
              "--input-elasticity", "*:*=0.5", "--input-elasticity", "AGR:*=2"])):
        ref = cli_doc(args)
        plain = [a for a in args if a not in ("--political-economy",)]
        for opt in ("--critical-elasticity", "--input-elasticity", "--input-elasticity"):
            if opt in plain:
                k = plain.index(opt)
                del plain[k:k + 2]
        check(no_seconds(cli_doc(plain)) != no_seconds(ref),
              f"{args[0]}: the options change the command line's answer")
        jid = start(s, body)
        doc = wait(s, jid)
        if check(doc["state"] == "done", f"{args[0]} with model options ends done: {doc}"):
            same_as_cli(s, jid, ref, " ".join(args[:1] + args[5:]))


def first_line(err):
    return err.strip().splitlines()[0] if err.strip() else ""


def test_bad_inputs(s):
    cases = [
        ({"kind": "war", "players": "USA,XXX"}, ["war", "--players", "USA,XXX"]),
        ({"kind": "war", "players": "USA"}, ["war", "--players", "USA"]),
        ({"kind": "war", "players": "USA,USA"}, ["war", "--players", "USA,USA"]),
        ({"kind": "war"}, ["war"]),
        ({"kind": "war", "players": "USA,CHN", "method": "guess"},
         ["war", "--players", "USA,CHN", "--method", "guess"]),
        ({"kind": "war", "players": "USA,CHN", "max_rate": -1},
         ["war", "--players", "USA,CHN", "--max-rate", "-1"]),
        ({"kind": "war", "players": "USA,CHN", "gain_tolerance": 0},
         ["war", "--players", "USA,CHN", "--gain-tolerance", "0"]),
        ({"kind": "war", "players": "USA,CHN", "instrument": "tariffs"},
         ["war", "--players", "USA,CHN", "--instrument", "tariffs"]),
        ({"kind": "war", "players": "USA,CHN", "horizon": "forever"},
         ["war", "--players", "USA,CHN", "--horizon", "forever"]),
        ({"kind": "war", "players": "USA,CHN", "deficits": "some"},
         ["war", "--players", "USA,CHN", "--deficits", "some"]),
        ({"kind": "war", "players": "USA,CHN", "colour": "red"},
         ["war", "--players", "USA,CHN", "--colour", "red"]),
        ({"kind": "escalate", "players": "USA,CHN"}, ["escalate", "--players", "USA,CHN"]),
        ({"kind": "escalate", "players": "USA,CHN", "rules": "revenge"},
         ["escalate", "--players", "USA,CHN", "--rules", "revenge"]),
        ({"kind": "escalate", "players": "USA,CHN", "rules": "hold,hold,hold"},
         ["escalate", "--players", "USA,CHN", "--rules", "hold,hold,hold"]),
        ({"kind": "escalate", "players": "USA,CHN", "rules": "hold", "opening": "0.1,0.2,0.3"},
         ["escalate", "--players", "USA,CHN", "--rules", "hold", "--opening", "0.1,0.2,0.3"]),
        ({"kind": "escalate", "players": "USA,CHN", "rules": "hold", "cap": -1},
         ["escalate", "--players", "USA,CHN", "--rules", "hold", "--cap", "-1"]),
        ({"kind": "escalate", "players": "USA,CHN", "rules": "hold", "rounds": 0},
         ["escalate", "--players", "USA,CHN", "--rules", "hold", "--rounds", "0"]),
        ({"kind": "escalate", "players": "USA,CHN", "rules": "hold", "start": "2025-13-01"},
         ["escalate", "--players", "USA,CHN", "--rules", "hold", "--start", "2025-13-01"]),
        ({"kind": "talks", "players": "USA,CHN", "weights": "1,2,3"},
         ["talks", "--players", "USA,CHN", "--weights", "1,2,3"]),
        ({"kind": "talks", "players": "USA,CHN", "threat": "bombs"},
         ["talks", "--players", "USA,CHN", "--threat", "bombs"]),
        ({"kind": "talks", "players": "USA,CHN", "delta": 1},
         ["talks", "--players", "USA,CHN", "--delta", "1"]),
        ({"kind": "talks", "players": "USA,CHN", "only_increases": True},
         ["talks", "--players", "USA,CHN", "--only-increases"]),
        ({"kind": "talks", "players": "CHN"}, ["talks", "--players", "CHN"]),
        ({"kind": "enforce", "players": "USA,CHN", "agreement": "peace"},
         ["enforce", "--players", "USA,CHN", "--agreement", "peace"]),
        ({"kind": "enforce", "players": "USA,CHN", "periods": -2},
         ["enforce", "--players", "USA,CHN", "--periods", "-2"]),
        ({"kind": "enforce"}, ["enforce"]),
        ({"kind": "enforce", "players": "USA,CHN", "rounds": 3},
         ["enforce", "--players", "USA,CHN", "--rounds", "3"]),
        ({"kind": "war", "players": "USA,CHN", "payoff": "votes"},
         ["war", "--players", "USA,CHN", "--payoff", "votes"]),
        # Nest rules, on cp1993 (a small world to load).
        ({"kind": "war", "world": "cp1993", "players": "USA,MEX", "input_elasticity": "AGX:*=0.5"},
         ["war", "--world", "cp1993", "--players", "USA,MEX", "--input-elasticity", "AGX:*=0.5"]),
        ({"kind": "escalate", "world": "cp1993", "players": "USA,MEX", "rules": "hold",
          "input_elasticity": ["*:*=0.5", "nonsense"]},
         ["escalate", "--world", "cp1993", "--players", "USA,MEX", "--rules", "hold",
          "--input-elasticity", "*:*=0.5", "--input-elasticity", "nonsense"]),
        ({"kind": "talks", "world": "cp1993", "players": "USA,MEX", "critical_elasticity": 30},
         ["talks", "--world", "cp1993", "--players", "USA,MEX", "--critical-elasticity", "30"]),
    ]
    for body, args in cases[:4] if QUICK else cases:
        rc, _, err = cli(*args, "--json")
        st, doc, _ = s.request("POST", "/api/jobs", body)
        e = doc.get("error", {}) if isinstance(doc, dict) else {}
        check(st == 400 and rc == 2 and e.get("exit_code") == 2 and
              e.get("message") == first_line(err),
              f"{body}: 400 with the CLI's message {first_line(err)!r} (exit {rc}), got {st} {e}")
    for body in ({"players": "USA,CHN"}, {"kind": "peace"}, {"kind": 3},
                 {"kind": "war", "players": "USA,CHN", "draws": 10},
                 {"kind": "war", "players": "USA,CHN", "among_players": "yes"},
                 {"kind": "war", "players": "USA,CHN", "world": "../data"},
                 "[1]", "{\"kind\": "):
        st, doc, _ = s.request("POST", "/api/jobs", body)
        check(st == 400 and "error" in doc, f"{body}: 400 with an error document, got {st} {doc}")
    st, doc, _ = s.request("POST", "/api/jobs", {"kind": "war", "players": "USA,CHN",
                                                 "world": "nowhere"})
    rc, _, err = cli("war", "--players", "USA,CHN", "--world", "nowhere")
    check(st == 404 and doc["error"]["exit_code"] == rc == 4 and
          doc["error"]["message"].split(" (shipped")[0] in err,
          f"an unknown world is the CLI's error (less its '; or give a directory': the server "
          f"takes names only): {st} {doc} {err}")


def test_paths(s):
    for path, status in (("/api/jobs/999999", 404), ("/api/jobs/abc", 404),
                         ("/api/jobs/1/other", 404), ("/api/jobs/", 404)):
        st, doc, _ = s.request("GET", path)
        check(st == status and "error" in doc, f"GET {path}: {status}, got {st} {doc}")
    st, doc, _ = s.request("DELETE", "/api/jobs/999999")
    check(st == 404, f"DELETE of an unknown job: 404, got {st}")
    for method, path in (("DELETE", "/api/jobs"), ("PUT", "/api/jobs"), ("POST", "/api/jobs/1"),
                         ("DELETE", "/api/jobs/1/result")):
        st, doc, _ = s.request(method, path, "{}")
        check(st == 405, f"{method} {path}: 405, got {st}")
    st, doc, _ = s.request("GET", "/api/jobs")
    check(st == 200 and doc["limits"]["queued_or_running"] > 0 and
          all(j["state"] in ("queued", "running", "done", "failed", "cancelled")
              for j in doc["jobs"]) and len(doc["jobs"]) > 0,
          f"GET /api/jobs lists the jobs kept with the limits: {str(doc)[:300]}")
    check(all("result" not in j for j in doc["jobs"]), "the list carries no results")


def test_cancel(s):
    jid = start(s, LONG)
    doc = wait(s, jid, until=("running", "done", "failed", "cancelled"))
    check(doc["state"] == "running", f"the long war runs: {doc['state']}")
    st, doc, _ = s.request("GET", f"/api/jobs/{jid}/result")
    check(st == 409, f"no result while running: 409, got {st}")
    t0 = time.monotonic()
    st, doc, _ = s.request("DELETE", f"/api/jobs/{jid}")
    check(st == 200 and doc["cancel_requested"], f"DELETE answers 200, cancel requested: {doc}")
    doc = wait(s, jid)
    took = time.monotonic() - t0
    print(f"cancel of a war among every country: {doc['state']} after {took:.2f} s")
    check(doc["state"] == "cancelled" and "result" not in doc,
          f"DELETE ends the war cancelled, without a result: {doc}")
    # A queued job cancelled before it starts.
    a, b, c = start(s, LONG), start(s, LONG), start(s, LONG)
    st, doc, _ = s.request("DELETE", f"/api/jobs/{c}")
    for x in (a, b, c):
        s.request("DELETE", f"/api/jobs/{x}")
    for x in (a, b, c):
        check(wait(s, x)["state"] == "cancelled", f"job {x} ends cancelled")


def test_queue_limit(s):
    limit = s.request("GET", "/api/jobs")[1]["limits"]["queued_or_running"]
    ids = [start(s, LONG) for _ in range(limit)]
    st, doc, _ = s.request("POST", "/api/jobs", LONG)
    check(st == 429 and str(limit) in doc["error"]["message"],
          f"job {limit + 1} is refused with 429 and says why: {st} {doc}")
    for x in ids:
        s.request("DELETE", f"/api/jobs/{x}")
    for x in ids:
        check(wait(s, x)["state"] == "cancelled", f"queued job {x} ends cancelled")
    jid = start(s, WAR)
    check(jid is not None, "once they are cancelled, jobs are taken again")
    if jid:
        s.request("DELETE", f"/api/jobs/{jid}")
        wait(s, jid)


def test_concurrency(s, refs):
    """Several jobs at once (more than the workers) give the documents of one at a time."""
    bodies = [("war", WAR), ("escalate", ESC), ("talks", TALKS), ("enforce", ENFORCE),
              ("war", WAR)]
    if QUICK:
        bodies = [("war", WAR), ("escalate", ESC), ("war", WAR)]
    got = [None] * len(bodies)

    def go(k):
        got[k] = start(s, bodies[k][1])

    threads = [threading.Thread(target=go, args=(k,)) for k in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k, (name, _) in enumerate(bodies):
        if got[k] is None:
            continue
        doc = wait(s, got[k])
        if check(doc["state"] == "done", f"concurrent {name} {k}: done, got {doc['state']}"):
            same_as_cli(s, got[k], refs[name], f"concurrent {name} {k}")


def test_time_limit():
    with Server("--timeout", "0.5") as s:
        jid = start(s, LONG)
        doc = wait(s, jid)
        check(doc["state"] == "failed" and "time limit" in doc["error"]["message"] and
              doc["error"]["http_status"] == 504,
              f"a job over the time limit fails and says why: {doc}")


def test_shutdown_with_jobs():
    """SIGTERM with a job running: the job is cancelled and the server exits 0 (checked by
    Server's exit)."""
    with Server() as s:
        jid = start(s, LONG)
        wait(s, jid, until=("running", "done", "failed", "cancelled"))


def main():
    refs = {name: cli_doc(args) for name, _, args in KINDS}
    with Server("--timeout", "3600") as s:
        test_bad_inputs(s)
        test_kinds(s, refs)
        test_paths(s)
        test_cancel(s)
        if not QUICK:
            test_queue_limit(s)
        test_concurrency(s, refs)
    test_time_limit()
    test_shutdown_with_jobs()
    finish()


if __name__ == "__main__":
    main()
