/* SPDX-License-Identifier: MIT */
/* Scenario files: every error message of the reader and the binder (exact text, with file,
 * line and column), and timelines on the tiny world: a truce that expires reproduces the
 * pre-truce state, branches are independent, superseding truces, warm starts. */
#include "test_util.h"

#include <sys/stat.h>

#include "core/clock.h"

#define TINY TW_TEST_SOURCE_DIR "/tests/data/tiny"

static tw_world *world;
static tw_model *model;

static int setup_world(void **state)
{
    (void)state;
    tw_error err;
    if (tw_world_load(TINY, NULL, &world, &err))
        return -1;
    tw_model_options o;
    tw_model_options_init(&o);
    o.solver.tolerance = 1e-12;
    return tw_model_create(world, &o, &model, &err) ? -1 : 0;
}

static int teardown_world(void **state)
{
    (void)state;
    tw_model_free(model);
    tw_world_free(world);
    return 0;
}

/* A minimal valid head; cases append events or replace it. */
#define HEAD "title: t\nbaseline: 2025-01-01\n"
#define EV "events:\n  - date: 2025-02-01\n    label: x\n"

typedef struct error_case {
    const char *yaml;
    const char *message; /* tw_error_format of the error, exactly */
    int stage;           /* 0 load, 1 bind, 2 run */
} error_case;

static const error_case CASES[] = {
    {"title: [a\n", "s.yaml:2:1: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence", 0},
    {"- a\n", "s.yaml:1:1: error: expected a mapping with title, baseline and events, found a list", 0},
    {"", "s.yaml: error: expected a mapping with title, baseline and events, found an empty document", 0},
    {HEAD "titel: x\n", "s.yaml:3:1: error: titel: unknown key 'titel' (did you mean 'title'?)", 0},
    {HEAD "zzzzzzz: x\n", "s.yaml:3:1: error: zzzzzzz: unknown key 'zzzzzzz'; expected one of: title, description, world, elasticities, deficits, baseline, end, players, watch, groups, events, reference, critical_elasticity, horizon, revenue_use", 0},
    {HEAD "horizon: soon\n", "s.yaml:3:10: error: horizon: expected short, medium, long or a number of years in (0, 1000], found 'soon'", 0},
    {HEAD "title: u\n", "s.yaml:3:1: error: title: duplicate key 'title': it was already given above", 0},
    {"baseline: 2025-01-01\n" EV, "s.yaml:1:1: error: title: expected key 'title', found none", 0},
    {"title: t\n" EV, "s.yaml:1:1: error: baseline: expected key 'baseline' (the date of the baseline's policy, YYYY-MM-DD), found none", 0},
    {"title: t\nbaseline: 2025-02-30\n", "s.yaml:2:11: error: baseline: expected a date YYYY-MM-DD between 1900 and 2200, found '2025-02-30'", 0},
    {"title: []\n", "s.yaml:1:8: error: title: expected a title, found a list", 0},
    {HEAD "deficits: floating\n", "s.yaml:3:11: error: deficits: expected fixed, zero or proportional, found 'floating'", 0},
    {HEAD "end: 2024-12-31\n", "s.yaml:3:6: error: end: expected a date after the baseline 2025-01-01, found '2024-12-31'", 0},
    {HEAD, "s.yaml:1:1: error: events: expected key 'events' (a list of dated events), found none", 0},
    {HEAD "events: []\n", "s.yaml:3:9: error: events: expected a non-empty list of events, found an empty list", 0},
    {HEAD "events:\n  - 3\n", "s.yaml:4:5: error: events[0]: expected a mapping with date, label and changes, found '3'", 0},
    {HEAD "events:\n  - label: x\n", "s.yaml:4:5: error: events[0]: expected key 'date' (YYYY-MM-DD), found none", 0},
    {HEAD "events:\n  - date: 2025-02-01\n", "s.yaml:4:5: error: events[0]: expected key 'label' (what happened), found none", 0},
    {HEAD EV, "s.yaml:4:5: error: events[0]: event changes nothing: expected at least one of tariffs, export_taxes, export_controls, barriers, services, game", 0},
    {HEAD EV "    tarifs: []\n", "s.yaml:6:5: error: events[0].tarifs: unknown key 'tarifs' (did you mean 'tariffs'?)", 0},
    {HEAD EV "    tariffs: []\n", "s.yaml:6:14: error: events[0].tariffs: expected a non-empty list of changes, found an empty list", 0},
    {HEAD EV "    tariffs: [5]\n", "s.yaml:6:15: error: events[0].tariffs[0]: expected a mapping with importers, exporters, sectors and a value, found '5'", 0},
    {HEAD EV "    tariffs: [{exporters: FOR, add: 1}]\n", "s.yaml:6:15: error: events[0].tariffs[0]: expected key 'importers' (a country code, a group or a list), found none", 0},
    {HEAD EV "    tariffs: [{importers: HOME, add: 1}]\n", "s.yaml:6:15: error: events[0].tariffs[0]: expected key 'exporters' (a country code, a group or a list), found none", 0},
    {HEAD EV "    tariffs: [{importers: [], exporters: FOR, add: 1}]\n", "s.yaml:6:27: error: events[0].tariffs[0].importers: expected a country code or group or a non-empty list of them, found an empty list", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, set: 1, add: 1}]\n", "s.yaml:6:62: error: events[0].tariffs[0]: give either a new level ('set') or an addition ('add'), not both", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR}]\n", "s.yaml:6:15: error: events[0].tariffs[0]: expected 'set' (a new level) or 'add' (points to add), found neither", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 10 points}]\n", "s.yaml:6:54: error: events[0].tariffs[0].add: expected points to add (0.10 or 10%), found '10 points'", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, set: -100%}]\n", "s.yaml:6:54: error: events[0].tariffs[0].set: expected a rate > -1 (0.25 or 25%) and at most 1000 (100000%), found '-100%'", 0},
    {HEAD EV "    export_controls: [{importers: HOME, exporters: FOR, ban: false}]\n", "s.yaml:6:62: error: events[0].export_controls[0].ban: expected true (to lift a ban, write 'lift: true'), found 'false'", 0},
    {HEAD EV "    export_controls: [{importers: HOME, exporters: FOR, ban: maybe}]\n", "s.yaml:6:62: error: events[0].export_controls[0].ban: expected true or false, found 'maybe'", 0},
    {HEAD EV "    export_controls: [{importers: HOME, exporters: FOR, lift: false}]\n", "s.yaml:6:63: error: events[0].export_controls[0].lift: expected true, found 'false'", 0},
    {HEAD EV "    export_controls: [{importers: HOME, exporters: FOR, ban: true, cap: 50%}]\n", "s.yaml:6:23: error: events[0].export_controls[0]: expected exactly one of 'ban: true', 'lift: true', 'cap', 'cap_value' or 'cut_value', found 2", 0},
    {HEAD EV "    export_controls: [{importers: HOME, exporters: FOR, cap: 50%, cut_value: 3}]\n", "s.yaml:6:78: error: events[0].export_controls[0].cut_value: give one of cap, cap_value and cut_value, not both cap and cut_value", 0},
    {HEAD EV "    export_controls: [{importers: HOME, exporters: FOR, cap: 0}]\n", "s.yaml:6:62: error: events[0].export_controls[0].cap: expected a share of the baseline flow > 0 (a ban is 'ban: true'), found '0'", 0},
    {HEAD EV "    export_controls: [{importers: HOME, exporters: FOR, cap_value: -3}]\n", "s.yaml:6:68: error: events[0].export_controls[0].cap_value: expected a value > 0 in the world's money unit, found '-3'", 0},
    {HEAD EV "    export_controls: [{importers: HOME, exporters: FOR, cap: 50%, rent: state}]\n", "s.yaml:6:73: error: events[0].export_controls[0].rent: expected 'importer' or 'exporter' (who receives the quota rent), found 'state'", 0},
    {HEAD EV "    barriers: [{importers: HOME, exporters: FOR}]\n", "s.yaml:6:16: error: events[0].barriers[0]: expected key 'iceberg_hat' (the factor on trade costs), found none", 0},
    {HEAD EV "    barriers: [{importers: HOME, exporters: FOR, iceberg_hat: 0}]\n", "s.yaml:6:63: error: events[0].barriers[0].iceberg_hat: expected a trade-cost factor > 0 (1.2 = costs up 20%), found '0'", 0},
    {HEAD EV "    services: [{importers: HOME, exporters: FOR}]\n", "s.yaml:6:16: error: events[0].services[0]: expected a cap ('cap', 'cap_value' or 'cut_value') or a cost ('iceberg_hat'), found neither", 0},
    {HEAD EV "    services: [{importers: HOME, exporters: FOR, cap: 1%, iceberg_hat: 2}]\n", "s.yaml:6:72: error: events[0].services[0]: give either a cap or a cost (iceberg_hat), not both", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n    truce: 90\n", "s.yaml:7:12: error: events[0].truce: expected a mapping with 'days' and optionally 'expiry', found '90'", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n    truce: {expiry: {a: snap_back}}\n", "s.yaml:7:12: error: events[0].truce: expected key 'days' (how long the pause lasts), found none", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n    truce: {days: ninety}\n", "s.yaml:7:19: error: events[0].truce.days: expected a whole number of days (1 to 36500), found 'ninety'", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n    truce: {days: 1.5}\n", "s.yaml:7:19: error: events[0].truce.days: expected a whole number of days (1 to 36500), found '1.5'", 0},
    {HEAD EV "    truce: {days: 90}\n", "s.yaml:6:12: error: events[0].truce: a truce pauses something: expected the event to list the changes of the pause, found none", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n    truce: {days: 9, expiry: {a: snapback}}\n", "s.yaml:7:34: error: events[0].truce.expiry.a: expected snap_back, permanent or {extend: DAYS}, found 'snapback'", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n    truce: {days: 9, expiry: {a: snap_back, a: permanent}}\n", "s.yaml:7:45: error: events[0].truce.expiry.a: duplicate branch name 'a'", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n    truce: {days: 9, expiry: {main: snap_back}}\n", "s.yaml:7:31: error: events[0].truce.expiry.main: expected a branch name of 1 to 63 characters other than 'main', found 'main'", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n    truce: {days: 9, expiry: []}\n", "s.yaml:7:30: error: events[0].truce.expiry: expected a mapping of branch names to outcomes (snap_back, permanent or extend: DAYS), found a list", 0},
    {HEAD "events:\n  - date: 2024-02-01\n    label: x\n    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n", "s.yaml:4:5: error: events[0].date: expected a date after the baseline 2025-01-01, found 2024-02-01", 0},
    {HEAD "end: 2025-01-15\n" EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n", "s.yaml:5:5: error: events[0].date: the event (2025-02-01) is after the scenario's end", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n  - date: 2025-01-20\n    label: y\n    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n", "s.yaml:7:5: error: events[1].date: events out of order: 2025-01-20 comes after events[0] (2025-02-01); list events by date", 0},
    {HEAD EV "    branch: extnded\n    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n", "s.yaml:6:13: error: events[0].branch: unknown branch 'extnded': a branch is named by an earlier truce's expiry outcomes", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n    truce: {days: 9, expiry: {extended: permanent}}\n  - date: 2025-03-01\n    label: y\n    branch: extnded\n    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n", "s.yaml:10:13: error: events[1].branch: unknown branch 'extnded' (did you mean 'extended'?)", 0},
    {HEAD "reference: last\n", "s.yaml:3:12: error: reference: expected baseline or first (the equilibrium results are measured against), found 'last'", 0},
    {HEAD "groups: [a]\n", "s.yaml:3:9: error: groups: expected a mapping of group names to lists of codes, found a list", 0},
    {HEAD "groups: {EU27: [HOME]}\n", "s.yaml:3:10: error: groups.EU27: expected a new group name of 1-16 letters, digits, '_' or '-' (all, goods, services and EU27 are built in), found 'EU27'", 0},
    /* YAML: one document; aliases refer to earlier anchors, each anchor once */
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n---\ntitle: u\n", "s.yaml:7:1: error: a second YAML document starts here, but the file must hold one (remove this document or make it a file of its own)", 0},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n...\n--- {a: 1}\n", "s.yaml:8:1: error: a second YAML document starts here, but the file must hold one (remove this document or make it a file of its own)", 0},
    {"title: *x\n", "s.yaml:1:8: error: invalid YAML: found undefined alias", 0},
    {"title: &a t\nbaseline: &a 2025-01-01\n", "s.yaml:2:11: error: invalid YAML: found duplicate anchor '&a' (first at line 1, column 8)", 0},
    /* binding */
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOT, add: 1}]\n", "s.yaml:6:44: error: events[0].tariffs[0].exporters: unknown country code 'FOT' (did you mean 'FOR'?)", 1},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: QQQQQQ, add: 1}]\n", "s.yaml:6:44: error: events[0].tariffs[0].exporters: unknown country code or group 'QQQQQQ' in world 'tiny'", 1},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, sectors: MAM, add: 1}]\n", "s.yaml:6:58: error: events[0].tariffs[0].sectors: unknown sector code 'MAM' (did you mean 'MAN'?)", 1},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, sectors: ROW, add: 1}]\n", "s.yaml:6:58: error: events[0].tariffs[0].sectors: expected a sector code or group, found 'ROW', which is a country or country group", 1},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: EU27, add: 1}]\n", "s.yaml:6:44: error: events[0].tariffs[0].exporters: 'EU27' has no member in world 'tiny'", 1},
    {HEAD EV "    tariffs: [{importers: HOME, exporters: HOME, add: 1}]\n", "s.yaml:6:27: error: events[0].tariffs[0].importers: importer and exporter are the same country: a policy cannot apply to a country's sales to itself", 1},
    {HEAD EV "    services: [{importers: HOME, exporters: FOR, sectors: MAN, cap: 50%}]\n", "s.yaml:6:59: error: events[0].services[0].sectors: expected services sectors only, found goods sector 'MAN' (use export_controls or barriers for goods)", 1},
    {HEAD EV "    services: [{importers: [HOME, ROW], exporters: FOR, cut_value: 1}]\n", "s.yaml:6:68: error: events[0].services[0]: cap_value and cut_value apply to one flow: expected one importer, one exporter and one sector, found 2, 1 and 1", 1},
    {HEAD "players: [HOME, FOT]\n" EV "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]\n", "s.yaml:3:17: error: players: unknown country code 'FOT' (did you mean 'FOR'?)", 1},
    {HEAD "groups: {pair: [HOME, AGR]}\n" EV "    tariffs: [{importers: pair, exporters: FOR, add: 1}]\n", "s.yaml:3:23: error: groups.pair: expected a country code or group, found 'AGR', which is a sector or sector group", 1},
    {HEAD EV "    tariffs:\n      - {importers: HOME, exporters: all, sectors: goods, set: 10%}\n      - {importers: HOME, exporters: FOR, sectors: AGR, set: 20%}\n", "s.yaml:8:62: error: events[0].tariffs[1]: contradicts events[0].tariffs[0] (same date 2025-02-01, overlapping importers, exporters and sectors, different change)", 1},
    {HEAD EV "    export_controls: [{importers: HOME, exporters: FOR, ban: true}]\n  - date: 2025-02-01\n    label: y\n    export_controls: [{importers: all, exporters: FOR, sectors: MAN, cap: 50%}]\n", "s.yaml:9:75: error: events[1].export_controls[0]: contradicts events[0].export_controls[0] (same date 2025-02-01, overlapping importers, exporters and sectors, different change)", 1},
    /* evaluation */
    {HEAD EV "    tariffs: [{importers: HOME, exporters: FOR, sectors: AGR, add: -150%}]\n", "s.yaml:6:68: error: events[0].tariffs[0]: on 2025-02-01 this takes the tariff of HOME on FOR, sector AGR, to -1.45, below -1", 2},
    {HEAD EV "    services: [{importers: HOME, exporters: FOR, cut_value: 1e6}]\n", "s.yaml:6:61: error: events[0].services[0]: the cut 1e+06 is not smaller than the baseline flow of FOR to HOME, sector SRV (6 USD million)", 2},
};

static void every_error_message(void **state)
{
    (void)state;
    int print = getenv("TW_PRINT_MESSAGES") != NULL;
    for (size_t k = 0; k < sizeof CASES / sizeof *CASES; k++) {
        const error_case *c = &CASES[k];
        tw_error err;
        tw_scenario *s = NULL;
        tw_plan *p = NULL;
        tw_timeline *t = NULL;
        tw_status st = tw_scenario_load_buffer("s.yaml", c->yaml, strlen(c->yaml), &s, &err);
        int stage = 0;
        if (!st) {
            stage = 1;
            st = tw_scenario_bind(s, world, &p, &err);
        }
        if (!st) {
            stage = 2;
            st = tw_test_timeline_run(p, model, NULL, NULL, &t, &err);
        }
        char buf[2048] = "(accepted)";
        if (st)
            tw_error_format(&err, buf, sizeof buf);
        if (print)
            printf("case %zu: %s\n", k, buf);
        else if (st != TW_ERR_INPUT || stage != c->stage || strcmp(buf, c->message) != 0) {
            fprintf(stderr, "case %zu (stage %d, expected %d):\n  got      %s\n  expected %s\n", k,
                    stage, c->stage, buf, c->message);
            fail();
        }
        tw_timeline_free(t);
        tw_plan_free(p);
        tw_scenario_free(s);
    }
}

/* The text of `count` copies of unit, then tail (the caller frees it). */
static char *repeat(const char *head, const char *unit, int count, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *t = malloc(hl + ul * (size_t)count + tl + 1);
    assert_non_null(t);
    memcpy(t, head, hl);
    for (int k = 0; k < count; k++)
        memcpy(t + hl + ul * (size_t)k, unit, ul);
    memcpy(t + hl + ul * (size_t)count, tail, tl + 1);
    return t;
}

/* Loads text and checks the exact error message (NULL: loads). */
static void expect_load(const char *text, size_t len, const char *message)
{
    tw_error err;
    tw_scenario *s = NULL;
    tw_status st = tw_scenario_load_buffer("s.yaml", text, len, &s, &err);
    char buf[2048] = "(loaded)";
    if (st)
        tw_error_format(&err, buf, sizeof buf);
    if (message ? (st != TW_ERR_INPUT || strcmp(buf, message) != 0) : st != TW_OK) {
        fprintf(stderr, "got      %s\nexpected %s\n", buf, message ? message : "(loaded)");
        fail();
    }
    tw_scenario_free(s);
}

#define TOO_DEEP "error: lists and mappings nested more than 64 deep (the limit; a scenario " \
                 "needs a few levels)"

/* Nesting is bounded before parsing (the pre-scan counts flow brackets) and while parsing
 * (open collections are counted event by event): 64 levels load, 65 do not, whichever way
 * they are written. */
static void nesting_is_bounded(void **state)
{
    (void)state;
    /* 64 flow levels pass the pre-scan; inside the root mapping they make 65 levels, which the
     * event count refuses at the 64th bracket. */
    char *t = repeat("title: ", "[", 64, "]\n");
    expect_load(t, strlen(t), "s.yaml:1:71: " TOO_DEEP);
    free(t);
    t = repeat("", "[", 65, "");
    expect_load(t, strlen(t), "s.yaml:1:65: " TOO_DEEP); /* found by the pre-scan */
    free(t);
    t = repeat("", "- ", 64, "x\n"); /* block lists: only the event count sees them */
    expect_load(t, strlen(t), "s.yaml:1:1: error: expected a mapping with title, baseline and "
                              "events, found a list");
    free(t);
    t = repeat("", "- ", 65, "x\n");
    expect_load(t, strlen(t), "s.yaml:1:129: " TOO_DEEP);
    free(t);
    t = repeat("", "[", 64, "");
    char *u = repeat(t, "]", 64, "\n");
    expect_load(u, strlen(u), "s.yaml:1:1: error: expected a mapping with title, baseline and "
                              "events, found a list");
    free(u);
    free(t);
    /* Brackets in quoted, plain and block scalars and in comments are text, not nesting. */
    t = repeat(HEAD "description: |\n  ", "[", 100,
               "\n# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
               "elasticities: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
               "  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\n"
               "world: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"\"\n"
               "events:\n  - date: 2025-02-01\n    label: a [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
               "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
               "    tariffs: [{importers: HOME, exporters: FOR, add: 1}]  # ]]]]]]\n");
    expect_load(t, strlen(t), NULL);
    free(t);
}

/* 100,000 nested brackets in 200 KB took libyaml over 30 s (its scanner is quadratic in the
 * depth of flow collections); now they are refused at once. */
static void deep_brackets_are_refused_fast(void **state)
{
    (void)state;
    char *t = repeat("title: ", "[", 100000, "]\n");
    char *u = repeat(t, "]", 99999, "");
    double t0 = tw_clock_seconds();
    expect_load(u, strlen(u), "s.yaml:1:72: " TOO_DEEP); /* the 65th bracket */
    double dt = tw_clock_seconds() - t0;
    if (dt > 1.0) {
        fprintf(stderr, "refusing 100,000 nested brackets took %.2f s\n", dt);
        fail();
    }
    free(u);
    free(t);
}

/* The size is bounded: 1 MiB loads, a byte more is refused where it starts (in memory and from
 * a file, which is not read further). */
static void size_is_bounded(void **state)
{
    (void)state;
    size_t max = TW_SCENARIO_MAX_BYTES;
    char *t = malloc(max + 2);
    assert_non_null(t);
    memset(t, ' ', max + 1);
    t[0] = '#';
    t[max + 1] = '\0';
    expect_load(t, max, "s.yaml: error: expected a mapping with title, baseline and events, "
                        "found an empty document");
    expect_load(t, max + 1, "s.yaml:1:1048577: error: file too large: it goes on past 1048576 "
                            "bytes, the limit");
    char dir[64], path[128], want[300];
    tw_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/big.yaml", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (int k = 0; k < 3; k++) /* 3 MiB */
        assert_int_equal(fwrite(t, 1, max, f), max);
    fclose(f);
    tw_error err;
    tw_scenario *s;
    assert_int_equal(tw_scenario_load(path, &s, &err), TW_ERR_INPUT);
    char buf[2048];
    tw_error_format(&err, buf, sizeof buf);
    snprintf(want, sizeof want, "%s:1:1048577: error: file too large: it goes on past 1048576 "
                                "bytes, the limit", path);
    assert_string_equal(buf, want);
    tw_test_rmdir(dir);
    free(t);
}

/* The world a file names: a directory written with a '/' is relative to the file's own
 * directory; a bare name (a shipped world) and an absolute path are kept as written. */
static void world_paths_are_relative_to_the_file(void **state)
{
    (void)state;
    static const struct {
        const char *world, *want; /* want: "%s" is the file's directory */
    } cases[] = {{"../worlds/tiny", "%s/sub/../worlds/tiny"},
                 {"./tiny", "%s/sub/./tiny"},
                 {"icio2022", "icio2022"},
                 {"/abs/tiny", "/abs/tiny"}};
    char dir[64], sub[96];
    tw_test_tmpdir(dir, sizeof dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char text[256], path[160], want[256];
        snprintf(text, sizeof text, "world: %s\n" HEAD EV "    tariffs: [{importers: HOME, "
                                    "exporters: FOR, add: 1}]\n",
                 cases[k].world);
        tw_test_write(sub, "s.yaml", text);
        snprintf(path, sizeof path, "%s/s.yaml", sub);
        snprintf(want, sizeof want, cases[k].want, dir);
        tw_error err;
        tw_scenario *s;
        assert_ok(tw_scenario_load(path, &s, &err), &err);
        assert_string_equal(tw_scenario_world(s), want);
        tw_scenario_free(s);
    }
    /* From memory there is no file to be relative to. */
    const char *y = "world: ../worlds/tiny\n" HEAD EV "    tariffs: [{importers: HOME, exporters: "
                    "FOR, add: 1}]\n";
    tw_error err;
    tw_scenario *s;
    assert_ok(tw_scenario_load_buffer("m.yaml", y, strlen(y), &s, &err), &err);
    assert_string_equal(tw_scenario_world(s), "../worlds/tiny");
    tw_scenario_free(s);
    tw_test_rmdir(dir);
}

/* Anchors and aliases still work: an alias shares the anchored node. */
static void aliases_share_nodes(void **state)
{
    (void)state;
    const char *y = HEAD "groups: {pair: &p [HOME, FOR]}\nplayers: *p\n" EV
                    "    tariffs: [{importers: *p, exporters: ROW, add: &r 10%},"
                    " {importers: ROW, exporters: *p, add: *r}]\n";
    tw_error err;
    tw_scenario *s;
    tw_plan *p;
    assert_ok(tw_scenario_load_buffer("a.yaml", y, strlen(y), &s, &err), &err);
    assert_int_equal(tw_scenario_player_count(s), 2);
    assert_string_equal(tw_scenario_player(s, 1), "FOR");
    assert_ok(tw_scenario_bind(s, world, &p, &err), &err);
    tw_plan_free(p);
    tw_scenario_free(s);
}

/* Loads, binds and runs a scenario on the tiny world. */
static tw_timeline *run(const char *yaml)
{
    tw_error err;
    tw_scenario *s;
    assert_ok(tw_scenario_load_buffer("t.yaml", yaml, strlen(yaml), &s, &err), &err);
    tw_plan *p;
    assert_ok(tw_scenario_bind(s, world, &p, &err), &err);
    tw_timeline *t;
    assert_ok(tw_test_timeline_run(p, model, NULL, NULL, &t, &err), &err);
    tw_plan_free(p);
    tw_scenario_free(s);
    return t;
}

static void assert_same_results(const tw_results *a, const tw_results *b, double tol,
                                const char *what)
{
    for (int n = 0; n < a->d.n; n++) {
        assert_close(a->country[n].real_income_pct, b->country[n].real_income_pct, tol,
                     "%s: real income %d", what, n);
        assert_close(a->country[n].wage_hat, b->country[n].wage_hat, tol, "%s: wage %d", what, n);
        for (int i = 0; i < a->d.n; i++)
            assert_close(a->trade[n * a->d.n + i], b->trade[n * a->d.n + i],
                         tol * (1 + b->trade[n * a->d.n + i]), "%s: trade %d<-%d", what, n, i);
    }
}

#define ESCALATE                                                                                 \
    HEAD "events:\n"                                                                             \
         "  - date: 2025-02-01\n    label: war\n"                                                \
         "    tariffs: [{importers: HOME, exporters: FOR, add: 50%},"                            \
         " {importers: FOR, exporters: HOME, add: 40%}]\n"                                       \
         "    export_controls: [{importers: HOME, exporters: FOR, sectors: MAN, cap: 70%}]\n"

/* A truce that expires without outcomes snaps back: the state after expiry is the state before
 * the truce, in policy and in equilibrium. */
static void truce_expiry_restores_pre_truce_state(void **state)
{
    (void)state;
    tw_timeline *t = run(ESCALATE
                         "  - date: 2025-03-01\n    label: truce\n"
                         "    tariffs: [{importers: HOME, exporters: FOR, add: -50%},"
                         " {importers: FOR, exporters: HOME, set: 0}]\n"
                         "    export_controls: [{importers: HOME, exporters: FOR, sectors: MAN, lift: true}]\n"
                         "    truce: {days: 30}\n");
    assert_int_equal(tw_timeline_steps(t), 3);
    tw_timeline_step war = tw_timeline_step_get(t, 0), pause = tw_timeline_step_get(t, 1),
                     back = tw_timeline_step_get(t, 2);
    assert_string_equal(back.date, "2025-03-31");
    assert_string_equal(back.branch, "main");
    assert_true(pause.results->country[0].real_income_pct !=
                war.results->country[0].real_income_pct);
    tw_dims d = tw_world_dims(world);
    for (int k = 0; k < d.n * d.n; k++)
        assert_close(back.bilateral_tariff[k], war.bilateral_tariff[k], 0.0, "tariffs %d", k);
    assert_same_results(back.results, war.results, 1e-9, "after expiry vs before truce");
    tw_timeline_free(t);
}

/* Branches are independent: a branch computed alongside others equals the same branch
 * computed alone, and events of one branch never reach another. */
static void branches_are_independent(void **state)
{
    (void)state;
    const char *both =
        ESCALATE "  - date: 2025-03-01\n    label: truce\n"
                 "    tariffs: [{importers: HOME, exporters: FOR, add: -50%}]\n"
                 "    truce: {days: 30, expiry: {back: snap_back, longer: {extend: 60}}}\n"
                 "  - date: 2025-05-01\n    label: deal\n    branch: longer\n"
                 "    tariffs: [{importers: FOR, exporters: HOME, add: -40%}]\n";
    const char *alone =
        ESCALATE "  - date: 2025-03-01\n    label: truce\n"
                 "    tariffs: [{importers: HOME, exporters: FOR, add: -50%}]\n"
                 "    truce: {days: 30, expiry: {back: snap_back}}\n";
    tw_timeline *t = run(both), *u = run(alone);
    assert_int_equal(tw_timeline_branch_count(t), 3);
    assert_string_equal(tw_timeline_branch(t, 1), "back");
    assert_string_equal(tw_timeline_branch(t, 2), "longer");
    int path[16];
    int n = tw_timeline_branch_path(t, 1, path, 16);
    assert_int_equal(n, 3);
    tw_timeline_step tb = tw_timeline_step_get(t, path[n - 1]);
    int m = tw_timeline_branch_path(u, 1, path, 16);
    assert_int_equal(m, 3);
    tw_timeline_step ub = tw_timeline_step_get(u, path[m - 1]);
    assert_same_results(tb.results, ub.results, 1e-9, "branch 'back' with and without 'longer'");
    /* 'longer': extension step, the deal, then the extended truce's snap back (60 days). */
    n = tw_timeline_branch_path(t, 2, path, 16);
    assert_int_equal(n, 5);
    tw_timeline_step ext = tw_timeline_step_get(t, path[2]);
    tw_timeline_step deal = tw_timeline_step_get(t, path[3]);
    tw_timeline_step end = tw_timeline_step_get(t, path[4]);
    assert_string_equal(ext.date, "2025-03-31");
    assert_string_equal(deal.date, "2025-05-01");
    assert_string_equal(end.date, "2025-05-30");
    /* The extension changes no policy: its equilibrium is the truce's. */
    assert_same_results(ext.results, tw_timeline_step_get(t, 1).results, 1e-9, "extension");
    tw_dims d = tw_world_dims(world);
    /* After the snap back, HOME's tariff on FOR is back at war level, FOR's keeps the deal. */
    assert_close(end.bilateral_tariff[0 * d.n + 1],
                 tw_timeline_step_get(t, 0).bilateral_tariff[0 * d.n + 1], 0.0, "snap back");
    assert_true(end.bilateral_tariff[1 * d.n + 0] <
                tw_timeline_step_get(t, 0).bilateral_tariff[1 * d.n + 0] - 0.3);
    tw_timeline_free(t);
    tw_timeline_free(u);
}

/* A new truce on or before the old one's expiry supersedes it; snapping back the new one
 * restores the cells of both to their values before the first. */
static void superseding_truce(void **state)
{
    (void)state;
    tw_timeline *t = run(ESCALATE
                         "  - date: 2025-03-01\n    label: truce\n"
                         "    tariffs: [{importers: HOME, exporters: FOR, add: -50%}]\n"
                         "    truce: {days: 30}\n"
                         "  - date: 2025-03-31\n    label: second truce\n"
                         "    tariffs: [{importers: FOR, exporters: HOME, add: -40%}]\n"
                         "    truce: {days: 10}\n");
    assert_int_equal(tw_timeline_steps(t), 4);
    tw_timeline_step war = tw_timeline_step_get(t, 0), second = tw_timeline_step_get(t, 2),
                     back = tw_timeline_step_get(t, 3);
    assert_string_equal(second.label, "second truce");
    assert_string_equal(back.date, "2025-04-10");
    assert_same_results(back.results, war.results, 1e-9, "both truces snapped back");
    tw_timeline_free(t);
}

/* Each step's warm-started solution equals a cold solve of the same policy. */
static void warm_start_matches_cold(void **state)
{
    (void)state;
    tw_timeline *t = run(ESCALATE);
    tw_error err;
    tw_policy *p;
    assert_ok(tw_policy_create(model, &p), NULL);
    tw_dims d = tw_world_dims(world);
    for (int j = 0; j < d.j; j++) {
        if (!tw_world_sector_is_goods(world, j))
            continue;
        tw_policy_tariffs(p)[tw_ix_nij(d, 0, 1, j)] += 0.5;
        tw_policy_tariffs(p)[tw_ix_nij(d, 1, 0, j)] += 0.4;
    }
    int man = tw_world_sector_index(world, "MAN");
    tw_equilibrium *eq = tw_equilibrium_create(model);
    tw_policy_quotas(p)[tw_ix_nij(d, 0, 1, man)] =
        0.7 * tw_equilibrium_border_value(eq, 0, 1, man); /* eq unsolved: zeros */
    /* border value of the baseline: solve the baseline policy first */
    tw_policy *b;
    assert_ok(tw_policy_create(model, &b), NULL);
    assert_ok(tw_test_model_solve(model, b, eq, NULL, &err), &err);
    tw_policy_quotas(p)[tw_ix_nij(d, 0, 1, man)] =
        0.7 * tw_equilibrium_border_value(eq, 0, 1, man);
    tw_policy_quota_rent(p)[tw_ix_nij(d, 0, 1, man)] = TW_RENT_EXPORTER;
    tw_equilibrium *cold = tw_equilibrium_create(model);
    assert_ok(tw_test_model_solve(model, p, cold, NULL, &err), &err);
    tw_results *r = tw_results_create(model);
    assert_ok(tw_results_compute(model, cold, r), NULL);
    assert_same_results(tw_timeline_step_get(t, 0).results, r, 1e-9, "timeline vs cold solve");
    tw_results_free(r);
    tw_equilibrium_free(cold);
    tw_equilibrium_free(eq);
    tw_policy_free(b);
    tw_policy_free(p);
    tw_timeline_free(t);
}

/* reference: first measures every step against the first: real income then compounds as
 * (1 + r_k) / (1 + r_0) - 1 of the baseline-relative changes. */
static void reference_first_step(void **state)
{
    (void)state;
    const char *tail = "  - date: 2025-03-01\n    label: more\n"
                       "    tariffs: [{importers: HOME, exporters: ROW, add: 30%}]\n";
    char a[2048], b[2048];
    snprintf(a, sizeof a, "%s%s", ESCALATE, tail);
    snprintf(b, sizeof b, "reference: first\n%s%s", ESCALATE, tail);
    tw_timeline *t = run(a), *u = run(b);
    assert_int_equal(tw_timeline_steps(u), 2);
    for (int n = 0; n < 3; n++) {
        double r0 = tw_timeline_step_get(t, 0).results->country[n].real_income_pct;
        double r1 = tw_timeline_step_get(t, 1).results->country[n].real_income_pct;
        assert_close(tw_timeline_step_get(u, 0).results->country[n].real_income_pct, 0.0, 1e-12,
                     "first step against itself, country %d", n);
        assert_close(tw_timeline_step_get(u, 1).results->country[n].real_income_pct,
                     100.0 * ((1 + r1 / 100) / (1 + r0 / 100) - 1), 1e-9,
                     "second step against the first, country %d", n);
    }
    tw_timeline_free(t);
    tw_timeline_free(u);
}

/* Groups, built-in and user-defined, select the right countries. */
static void groups_resolve(void **state)
{
    (void)state;
    tw_error err;
    tw_scenario *s;
    const char *y = HEAD "players: [pair]\ngroups:\n  pair: [HOME, FOR]\n  both: [pair, ROW]\n"
                    "  farm: [AGR]\n" EV "    tariffs: [{importers: both, exporters: ROW, sectors: farm, set: 10%}]\n";
    assert_ok(tw_scenario_load_buffer("g.yaml", y, strlen(y), &s, &err), &err);
    tw_plan *p;
    assert_ok(tw_scenario_bind(s, world, &p, &err), &err);
    int out[8];
    assert_int_equal(tw_plan_country_group(p, "pair", out, 8), 2);
    assert_int_equal(tw_plan_country_group(p, "both", out, 8), 3);
    assert_int_equal(tw_plan_country_group(p, "all", out, 8), 3);
    assert_int_equal(tw_plan_country_group(p, "EU27", out, 8), 0);
    assert_int_equal(tw_plan_country_group(p, "nope", out, 8), -1);
    assert_string_equal(tw_scenario_player(s, 0), "pair");
    tw_plan_free(p);
    tw_scenario_free(s);
}

/* Binding gives a new plan and leaves the scenario as it was: one scenario bound to two
 * worlds gives two plans whose timelines agree; a plan runs only with a model of its world;
 * freeing NULL is a no-op. */
static void plans_leave_the_scenario_alone(void **state)
{
    (void)state;
    tw_error err;
    tw_scenario *s;
    tw_world *other;
    tw_model *other_model;
    assert_ok(tw_world_load(TINY, NULL, &other, &err), &err);
    tw_model_options o;
    tw_model_options_init(&o);
    o.solver.tolerance = 1e-12;
    assert_ok(tw_model_create(other, &o, &other_model, &err), &err);
    const char *y = HEAD "groups: {pair: [HOME, FOR]}\n" EV
                    "    tariffs: [{importers: pair, exporters: ROW, add: 20%}]\n";
    assert_ok(tw_scenario_load_buffer("p.yaml", y, strlen(y), &s, &err), &err);
    tw_plan *a, *b;
    assert_ok(tw_scenario_bind(s, world, &a, &err), &err);
    assert_ok(tw_scenario_bind(s, other, &b, &err), &err);
    assert_ptr_equal(tw_plan_scenario(a), s);
    assert_ptr_equal(tw_plan_world(b), other);
    int out[8];
    assert_int_equal(tw_plan_country_group(a, "pair", out, 8), 2);
    assert_int_equal(tw_plan_country_group(b, "pair", out, 8), 2);
    tw_timeline *ta, *tb, *tc = NULL;
    assert_ok(tw_test_timeline_run(a, model, NULL, NULL, &ta, &err), &err);
    assert_ok(tw_test_timeline_run(b, other_model, NULL, NULL, &tb, &err), &err);
    assert_same_results(tw_timeline_step_get(ta, 0).results, tw_timeline_step_get(tb, 0).results,
                        0.0, "the same scenario bound to two copies of a world");
    /* A plan of one world does not run on a model of another. */
    assert_int_equal(tw_test_timeline_run(a, other_model, NULL, NULL, &tc, &err), TW_ERR_USAGE);
    assert_null(tc);
    tw_plan *none = NULL;
    assert_int_equal(tw_scenario_bind(s, NULL, &none, &err), TW_ERR_USAGE);
    assert_null(none);
    tw_plan_free(NULL);
    tw_timeline_free(ta);
    tw_timeline_free(tb);
    tw_plan_free(a);
    /* The other plan still runs after the first is gone. */
    assert_ok(tw_test_timeline_run(b, other_model, NULL, NULL, &tb, &err), &err);
    tw_timeline_free(tb);
    tw_plan_free(b);
    tw_scenario_free(s);
    tw_model_free(other_model);
    tw_world_free(other);
}

/* One spelling rule: in keys and in the values tradewar defines, a hyphen is an underscore. A
 * scenario written with hyphens is the scenario written with underscores; the two spellings
 * of one key are one key. */
static void hyphens_and_underscores_are_one_spelling(void **state)
{
    (void)state;
    const char *canonical =
        HEAD "critical_elasticity: 0.5\n"
             "events:\n  - date: 2025-02-01\n    label: x\n"
             "    export_taxes: [{importers: HOME, exporters: FOR, set: 5%}]\n"
             "    export_controls: [{importers: HOME, exporters: FOR, sectors: MAN, cap: 80%,"
             " rent: importer}]\n"
             "    barriers: [{importers: ROW, exporters: FOR, iceberg_hat: 1.1}]\n"
             "  - date: 2025-03-01\n    label: y\n"
             "    tariffs: [{importers: HOME, exporters: FOR, add: 10%}]\n"
             "    truce: {days: 30, expiry: {back: snap_back, kept: permanent}}\n";
    const char *hyphens =
        HEAD "critical-elasticity: 0.5\n"
             "events:\n  - date: 2025-02-01\n    label: x\n"
             "    export-taxes: [{importers: HOME, exporters: FOR, set: 5%}]\n"
             "    export-controls: [{importers: HOME, exporters: FOR, sectors: MAN, cap: 80%,"
             " rent: importer}]\n"
             "    barriers: [{importers: ROW, exporters: FOR, iceberg-hat: 1.1}]\n"
             "  - date: 2025-03-01\n    label: y\n"
             "    tariffs: [{importers: HOME, exporters: FOR, add: 10%}]\n"
             "    truce: {days: 30, expiry: {back: snap-back, kept: permanent}}\n";
    tw_timeline *a = run(canonical), *b = run(hyphens);
    assert_int_equal(tw_timeline_steps(a), 4);
    assert_int_equal(tw_timeline_steps(b), 4);
    for (int k = 0; k < 4; k++)
        assert_same_results(tw_timeline_step_get(a, k).results,
                            tw_timeline_step_get(b, k).results, 0.0, "hyphens and underscores");
    tw_timeline_free(a);
    tw_timeline_free(b);
    expect_load(HEAD EV "    export_controls: [{importers: HOME, exporters: FOR, cap_value: 1,"
                        " cap-value: 2}]\n",
                strlen(HEAD EV "    export_controls: [{importers: HOME, exporters: FOR, "
                               "cap_value: 1, cap-value: 2}]\n"),
                "s.yaml:6:71: error: events[0].export_controls[0].cap-value: duplicate key "
                "'cap-value': it was already given above");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_error_message),
        cmocka_unit_test(truce_expiry_restores_pre_truce_state),
        cmocka_unit_test(branches_are_independent),
        cmocka_unit_test(superseding_truce),
        cmocka_unit_test(warm_start_matches_cold),
        cmocka_unit_test(reference_first_step),
        cmocka_unit_test(groups_resolve),
        cmocka_unit_test(plans_leave_the_scenario_alone),
        cmocka_unit_test(nesting_is_bounded),
        cmocka_unit_test(deep_brackets_are_refused_fast),
        cmocka_unit_test(size_is_bounded),
        cmocka_unit_test(aliases_share_nodes),
        cmocka_unit_test(world_paths_are_relative_to_the_file),
        cmocka_unit_test(hyphens_and_underscores_are_one_spelling),
    };
    return cmocka_run_group_tests(tests, setup_world, teardown_world);
}
