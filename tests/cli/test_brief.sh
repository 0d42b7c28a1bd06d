#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `tradewar brief` (docs/brief.md): usage and error paths with their exit codes, and the brief's
# numbers against the `run` document of the same timeline, its table and its CSV files.
. "$(dirname "$0")/lib.sh"

expect_exit 2 "$TRADEWAR" brief
expect_stderr "tradewar brief: expected a scenario file or name"
expect_exit 0 "$TRADEWAR" brief --help
expect_stdout "Usage: tradewar brief SCENARIO.yaml|NAME"
expect_exit 0 "$TRADEWAR" --help
expect_stdout "  brief        the numbers readers cite"
expect_exit 2 "$TRADEWAR" brief x.yaml --bogus
expect_stderr "unknown option '--bogus'"
expect_exit 4 "$TRADEWAR" brief no_such_scenario
expect_stderr_exact "tradewar: error: no scenario named 'no_such_scenario' (see 'tradewar run --list', or give a path to a YAML file)"

# The tiny world with a dollar unit, households and a two-step war.
W=$TW_TMP/world
mkdir -p "$W"
cp "$TW_SOURCE_DIR"/tests/data/tiny/*.csv "$W"/
printf 'key,value\nname,tinyusd\nyear,2022\nunit,USD million\n' > "$W/world.csv"
printf 'code,households\nHOME,2000000\nFOR,1000000\nROW,\n' > "$W/households.csv"
cat > "$TW_TMP/war.yaml" <<YAML
title: tiny war
world: $W
baseline: 2025-01-01
players: [HOME, FOR]
watch: [ROW]
events:
  - date: 2025-02-01
    label: war
    tariffs: [{importers: HOME, exporters: FOR, add: 30%}]
  - date: 2025-03-01
    label: retaliation
    tariffs: [{importers: FOR, exporters: HOME, add: 20%}]
YAML

expect_exit 0 "$TRADEWAR" brief "$TW_TMP/war.yaml" --json --csv "$TW_TMP/csv"
cp "$LAST_OUT" "$TW_TMP/brief.json"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/war.yaml" --json
cp "$LAST_OUT" "$TW_TMP/run.json"
expect_exit 0 "$TRADEWAR" brief "$TW_TMP/war.yaml"
cp "$LAST_OUT" "$TW_TMP/brief.txt"
expect_stdout "2025-03-01  main: retaliation"

# Consistency: real income and GE revenue are the run's (JSON prints 17 digits: equal); static
# revenue, rates and shares as defined; the table shows the JSON's numbers rounded; the CSV
# files hold the JSON's numbers.
python3 - "$TW_TMP" <<'PY' || fail "brief numbers inconsistent (see above)"
import csv, json, math, sys
d = sys.argv[1]
b = json.load(open(d + "/brief.json"))
r = json.load(open(d + "/run.json"))
bad = []
def check(ok, what):
    if not ok:
        bad.append(what)
assert b["document"] == "brief" and b["usd_year"] == 2022 and b["unit"] == "USD million"
check(len(b["steps"]) == len(r["steps"]) == 2, "step count")
table = open(d + "/brief.txt").read().splitlines()
rows = {}
for k, (bs, rs) in enumerate(zip(b["steps"], r["steps"])):
    check(bs["date"] == rs["date"] and bs["label"] == rs["label"], "step %d" % k)
    codes = {c["code"]: c for c in rs["countries"]}
    groups = {g["name"]: g for g in rs["groups"]}
    for c in bs["countries"]:
        name = c["name"]
        check(c["real_income_pct"] == groups[name]["real_income_pct"], "real income %s" % name)
        rc = codes[name]
        check(abs(c["tariff_revenue_ge_usd"] - rc["tariff_revenue"] * 1e6) <= 1e-6 * abs(c["tariff_revenue_ge_usd"]) + 1e-6, "GE revenue %s" % name)
        check(abs(c["tariff_revenue_ge_base_usd"] - rc["tariff_revenue_base"] * 1e6) <= 1e-6 * abs(c["tariff_revenue_ge_base_usd"]) + 1e-6, "GE base revenue %s" % name)
        check(c["avg_tariff_goods_import_weighted_pct"] == rc["avg_tariff_goods_import_weighted_pct"], "statutory rate %s" % name)
        cpi = 100 * ((1 + rc["price_change_pct"] / 100) / (1 + rc["wage_change_pct"] / 100) - 1)
        check(abs(c["cpi_change_pct"] - cpi) < 1e-9, "consumer prices %s" % name)
        hh = {"HOME": 2e6, "FOR": 1e6}.get(name)
        if hh:
            cost = -c["real_income_pct"] / 100 * c["income_base_usd"] / hh
            check(abs(c["cost_per_household_usd"] - cost) <= 1e-9 * abs(cost) + 1e-9, "cost %s" % name)
        else:
            check(c["households"] is None and c["cost_per_household_usd"] is None, "no households %s" % name)
        shares = [p["import_share_goods_base_pct"] for p in c["partners"]]
        check(abs(sum(shares) - 100) < 1e-9, "shares before %s" % name)
        check(abs(sum(p["import_share_goods_pct"] for p in c["partners"]) - 100) < 1e-9, "shares after %s" % name)
        rows[(k, name)] = c
    # The table: the row of each group, rounded as printed.
    start = table.index(next(l for l in table if l.startswith(bs["date"])))
    for c in bs["countries"]:
        line = next(l for l in table[start:] if l.startswith(c["name"] + " "))
        f = line.split()
        want = ["%.3f" % c["real_income_pct"], "%.3f" % c["cpi_change_pct"],
                "n/a" if c["cost_per_household_usd"] is None else "%.0f" % c["cost_per_household_usd"],
                "%.1f" % (c["tariff_revenue_static_usd"] / 1e9), "%.1f" % (c["tariff_revenue_ge_usd"] / 1e9),
                "%.1f" % (c["tariff_revenue_ge_base_usd"] / 1e9),
                "%.1f" % c["avg_tariff_goods_import_weighted_baseline_pct"],
                "%.1f" % c["avg_tariff_goods_import_weighted_pct"],
                "%.1f" % c["avg_tariff_goods_counterfactual_import_weighted_pct"]]
        check(f[1:] == want, "table row %s step %d: %s vs %s" % (c["name"], k, f[1:], want))
with open(d + "/csv/brief_countries.csv") as fh:
    cr = list(csv.DictReader(fh))
check(len(cr) == 6, "countries.csv rows")
for row in cr:
    c = rows[(int(row["step"]), row["name"])]
    for key in ("real_income_pct", "cost_per_household_usd", "tariff_revenue_static_usd",
                "avg_tariff_goods_import_weighted_baseline_pct",
                "avg_tariff_goods_counterfactual_import_weighted_pct"):
        v = None if row[key] == "" else float(row[key])
        check(v == c[key], "csv %s %s" % (row["name"], key))
with open(d + "/csv/brief_partners.csv") as fh:
    pr = list(csv.DictReader(fh))
check(len(pr) == 2 * 3 * 3, "partners.csv rows")
for row in pr:
    p = next(p for p in rows[(int(row["step"]), row["importer"])]["partners"] if p["name"] == row["partner"])
    v = None if row["import_share_goods_pct"] == "" else float(row["import_share_goods_pct"])
    check(v == p["import_share_goods_pct"], "csv share %s<-%s" % (row["importer"], row["partner"]))
for w in bad:
    print("inconsistent:", w, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# Static revenue of HOME at step 1: its tariffs (today's plus 30% on FOR's goods) times the
# world's flows, recomputed from the CSV files of the world.
python3 - "$TW_TMP" "$W" <<'PY' || fail "static revenue is not rates x baseline flows"
import csv, json, sys
d, w = sys.argv[1], sys.argv[2]
b = json.load(open(d + "/brief.json"))
goods = {r["code"] for r in csv.DictReader(open(w + "/sectors.csv")) if r["goods"] == "1"}
def table(name, col):
    out = {}
    for r in csv.DictReader(open(w + "/" + name)):
        out[(r["sector"], r["exporter"], r["importer"])] = float(r[col])
    return out
flows, tariffs = table("flows.csv", "value"), table("tariffs.csv", "rate")
for k, extra in ((0, {("HOME", "FOR"): 0.3}), (1, {("HOME", "FOR"): 0.3, ("FOR", "HOME"): 0.2})):
    for c in b["steps"][k]["countries"]:
        n = c["name"]
        want = 0.0
        for (j, i, m), f in flows.items():
            if m != n or i == n:
                continue
            t = tariffs.get((j, i, m), 0.0) + (extra.get((m, i), 0.0) if j in goods else 0.0)
            want += t * f * 1e6
        if abs(c["tariff_revenue_static_usd"] - want) > 1e-9 * abs(want) + 1e-6:
            print("step", k, n, c["tariff_revenue_static_usd"], want, file=sys.stderr)
            sys.exit(1)
PY

# The shipped 2025 timeline on icio2022: identities that hold whatever the world's numbers (real
# income as in `run`, import shares of each importer adding up to 100 with the groups disjoint,
# the US count of households, static revenue at least the tariff-free zero).
expect_exit 0 "$TRADEWAR" brief us_china_2025 --json
cp "$LAST_OUT" "$TW_TMP/b2025.json"
expect_exit 0 "$TRADEWAR" run us_china_2025 --json
cp "$LAST_OUT" "$TW_TMP/r2025.json"
python3 - "$TW_TMP" <<'PY' || fail "the 2025 brief is inconsistent"
import json, sys
d = sys.argv[1]
b, r = json.load(open(d + "/b2025.json")), json.load(open(d + "/r2025.json"))
assert len(b["steps"]) == len(r["steps"]) > 5
bad = 0
for bs, rs in zip(b["steps"], r["steps"]):
    groups = {g["name"]: g["real_income_pct"] for g in rs["groups"]}
    for c in bs["countries"]:
        ok = c["real_income_pct"] == groups[c["name"]]
        ok &= abs(sum(p["import_share_goods_pct"] for p in c["partners"]) - 100) < 1e-9
        ok &= abs(sum(p["import_share_goods_base_pct"] for p in c["partners"]) - 100) < 1e-9
        ok &= c["tariff_revenue_static_usd"] >= 0 and c["tariff_revenue_ge_usd"] >= 0
        if c["name"] == "USA":
            ok &= c["households"] == 131430000
        if not ok:
            print("inconsistent:", bs["date"], bs["branch"], c["name"], file=sys.stderr)
            bad += 1
sys.exit(1 if bad else 0)
PY

# --horizon: the brief at the short run is the short-run `run` (real income equal to the last
# digit), says its horizon, and differs from the long run.
expect_exit 0 "$TRADEWAR" brief "$TW_TMP/war.yaml" --horizon short --json
cp "$LAST_OUT" "$TW_TMP/brief_short.json"
expect_exit 0 "$TRADEWAR" run "$TW_TMP/war.yaml" --horizon short --json
cp "$LAST_OUT" "$TW_TMP/run_short.json"
expect_exit 2 "$TRADEWAR" brief "$TW_TMP/war.yaml" --horizon soon
python3 - "$TW_TMP" <<'PY' || fail "brief --horizon short is not the short-run run"
import json, sys
d = sys.argv[1]
b, r = json.load(open(d + "/brief_short.json")), json.load(open(d + "/run_short.json"))
lb = json.load(open(d + "/brief.json"))
assert b["horizon"] == "short" and b["horizon_years"] == 1, (b["horizon"], b["horizon_years"])
assert lb["horizon"] == "long" and lb["horizon_years"] is None
differs = False
for bs, rs, ls in zip(b["steps"], r["steps"], lb["steps"]):
    groups = {g["name"]: g["real_income_pct"] for g in rs["groups"]}
    for c, lc in zip(bs["countries"], ls["countries"]):
        assert c["real_income_pct"] == groups[c["name"]], (bs["date"], c["name"])
        differs |= c["real_income_pct"] != lc["real_income_pct"]
assert differs, "the short run equals the long run"
PY

# Error paths: a CSV directory that cannot be created; a bad or missing households file.
touch "$TW_TMP/file"
expect_exit 4 "$TRADEWAR" brief "$TW_TMP/war.yaml" --csv "$TW_TMP/file/sub"
expect_stderr "tradewar: error: cannot create directory $TW_TMP/file/sub"
printf 'code,households\nHOME,10\nFRO,5\n' > "$TW_TMP/bad.csv"
expect_exit 3 "$TRADEWAR" brief "$TW_TMP/war.yaml" --households "$TW_TMP/bad.csv"
expect_stderr_exact "$TW_TMP/bad.csv:3:1: error: code: unknown country 'FRO' in world tinyusd (did you mean FOR?)"
[ -s "$LAST_OUT" ] && fail "stdout not empty on error"
expect_exit 4 "$TRADEWAR" brief "$TW_TMP/war.yaml" --households "$TW_TMP/none.csv"
# Without a households file the costs are n/a.
rm "$W/households.csv"
expect_exit 0 "$TRADEWAR" brief "$TW_TMP/war.yaml"
expect_stdout "No households file for this world: costs per household are n/a."

finish
