/* SPDX-License-Identifier: MIT */
/* Fault injection, the SQLite way: the allocator fails its k-th call, for k = 1, 2, ... until
 * the operation completes without meeting a failure. Every k must end in a clean
 * TW_ERR_NOMEM with nothing leaked (the live-allocation count returns to where it was; under
 * AddressSanitizer, LeakSanitizer checks it again at exit). Linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,--wrap=strdup,--wrap=strndup
 * (tests/fault/CMakeLists.txt), which reroutes the library's calls through the wrappers below;
 * allocations inside other libraries (libyaml, NLopt, LAPACK, libc) are not counted.
 * Usage: fault_alloc [solve|timeline|instruments|game|coalition|scenario_game]; FAULT_TRAP=k traps at the k-th allocation's failure
 * (run under gdb to see where it is). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tradewar/tradewar.h"

#ifndef TW_TEST_SOURCE_DIR
#error "TW_TEST_SOURCE_DIR must point at the source tree"
#endif

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static long calls;   /* allocation calls since the counter was reset */
static long fail_at; /* the call that fails (1-based); 0: none */
static long live;    /* allocations not yet freed */

static long trap_at; /* FAULT_TRAP=k: trap at the k-th failing call, to see it in a debugger */

static int fail_now(void)
{
    if (++calls != fail_at)
        return 0;
    if (trap_at == fail_at)
        __builtin_trap();
    return 1;
}

void *__wrap_malloc(size_t size)
{
    if (fail_now())
        return NULL;
    void *p = __real_malloc(size);
    live += p != NULL;
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (fail_now())
        return NULL;
    void *p = __real_calloc(n, size);
    live += p != NULL;
    return p;
}

void *__wrap_realloc(void *p, size_t size)
{
    if (fail_now())
        return NULL;
    void *q = __real_realloc(p, size);
    live += p == NULL && q != NULL;
    return q;
}

void __wrap_free(void *p)
{
    live -= p != NULL;
    __real_free(p);
}

char *__wrap_strdup(const char *s)
{
    if (fail_now())
        return NULL;
    char *p = __real_strdup(s);
    live += p != NULL;
    return p;
}

char *__wrap_strndup(const char *s, size_t n)
{
    if (fail_now())
        return NULL;
    char *p = __real_strndup(s, n);
    live += p != NULL;
    return p;
}

#define TINY TW_TEST_SOURCE_DIR "/tests/data/tiny"

/* World load, model, solver, a shock file, a solve and its results. */
static tw_status op_solve(tw_error *err)
{
    static const char shock[] = "importer,exporter,sector,tariff,iceberg_hat\n"
                                "HOME,FOR,*,0.5,\nFOR,HOME,goods,,2\n";
    tw_world *w = NULL;
    tw_model *m = NULL;
    tw_solver *s = NULL;
    tw_policy *p = NULL;
    tw_equilibrium *eq = NULL;
    tw_results *r = NULL;
    tw_status st = tw_world_load(TINY, NULL, &w, err);
    if (!st)
        st = tw_model_create(w, NULL, &m, err);
    if (!st)
        st = tw_solver_create(m, NULL, &s, err);
    if (!st)
        st = tw_policy_create(m, &p);
    if (!st)
        st = tw_shock_apply_buffer(m, p, "shock.csv", shock, sizeof shock - 1, err);
    if (!st && !(eq = tw_equilibrium_create(m)))
        st = TW_ERR_NOMEM;
    if (!st)
        st = tw_model_solve(m, s, p, eq, NULL, err);
    if (!st && !(r = tw_results_create(m)))
        st = TW_ERR_NOMEM;
    if (!st)
        st = tw_results_compute(m, eq, r);
    tw_results_free(r);
    tw_equilibrium_free(eq);
    tw_policy_free(p);
    tw_solver_free(s);
    tw_model_free(m);
    tw_world_free(w);
    return st;
}

/* Loads, binds and runs scenario `file` (in the fuzz corpus) on the tiny world, its games
 * solved by the strategy layer. */
static tw_status run_scenario(const char *file, tw_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/fuzz_scenario/%s", TW_TEST_SOURCE_DIR,
             file);
    tw_world *w = NULL;
    tw_model *m = NULL;
    tw_scenario *sc = NULL;
    tw_plan *p = NULL;
    tw_solver *s = NULL;
    tw_timeline *t = NULL;
    tw_status st = tw_scenario_load(path, &sc, err);
    if (!st)
        st = tw_world_load(TINY, NULL, &w, err);
    if (!st) {
        tw_model_options o;
        tw_model_options_init(&o);
        o.deficits = tw_scenario_deficits(sc);
        st = tw_model_create(w, &o, &m, err);
    }
    if (!st)
        st = tw_scenario_bind(sc, w, &p, err);
    if (!st)
        st = tw_solver_create(m, NULL, &s, err);
    if (!st)
        st = tw_timeline_run_games(p, m, s, tw_scenario_game_solve, NULL, &t, err);
    tw_timeline_free(t);
    tw_solver_free(s);
    tw_plan_free(p);
    tw_scenario_free(sc);
    tw_model_free(m);
    tw_world_free(w);
    return st;
}

/* Every instrument (export taxes, bans, barriers, services quotas) under proportional
 * deficits. */
static tw_status op_instruments(tw_error *err) { return run_scenario("instruments.yaml", err); }

/* A scenario game: an escalation by rules. */
static tw_status op_scenario_game(tw_error *err)
{
    return run_scenario("game_escalation.yaml", err);
}

/* A scenario with groups, quotas and a truce with three branches: load, bind, timeline. */
static tw_status op_timeline(tw_error *err)
{
    tw_world *w = NULL;
    tw_model *m = NULL;
    tw_scenario *sc = NULL;
    tw_plan *p = NULL;
    tw_solver *s = NULL;
    tw_timeline *t = NULL;
    tw_status st = tw_world_load(TINY, NULL, &w, err);
    if (!st)
        st = tw_model_create(w, NULL, &m, err);
    if (!st)
        st = tw_scenario_load(TW_TEST_SOURCE_DIR
                              "/tests/fuzz/corpus/fuzz_scenario/truce_branches.yaml",
                              &sc, err);
    if (!st)
        st = tw_scenario_bind(sc, w, &p, err);
    if (!st)
        st = tw_solver_create(m, NULL, &s, err);
    if (!st)
        st = tw_timeline_run(p, m, s, &t, err);
    tw_timeline_free(t);
    tw_solver_free(s);
    tw_plan_free(p);
    tw_scenario_free(sc);
    tw_model_free(m);
    tw_world_free(w);
    return st;
}

/* Output: the timeline of the truce scenario, its JSON document into a memory buffer, and an
 * elasticity sweep of it (tradewar/io.h, tradewar/sweep.h). */
static tw_status op_output(tw_error *err)
{
    tw_world *w = NULL;
    tw_model *m = NULL;
    tw_scenario *sc = NULL;
    tw_plan *plan = NULL;
    tw_solver *s = NULL;
    tw_timeline *t = NULL;
    tw_elasticity_sweep *sw = NULL;
    tw_buffer b = {0};
    tw_status st = tw_world_load(TINY, NULL, &w, err);
    if (!st)
        st = tw_model_create(w, NULL, &m, err);
    if (!st)
        st = tw_scenario_load(TW_TEST_SOURCE_DIR
                              "/tests/fuzz/corpus/fuzz_scenario/truce_branches.yaml",
                              &sc, err);
    if (!st)
        st = tw_scenario_bind(sc, w, &plan, err);
    if (!st)
        st = tw_solver_create(m, NULL, &s, err);
    if (!st)
        st = tw_timeline_run(plan, m, s, &t, err);
    if (!st)
        st = tw_json_write_timeline(tw_sink_buffer(&b), plan, t, err);
    if (!st)
        st = tw_json_write_world(tw_sink_buffer(&b), w, m, err);
    double sig[2] = {1.0, 0.5};
    if (!st)
        st = tw_elasticity_sweep_run(w, sc, NULL, sig, 2, NULL, NULL, &sw, err);
    tw_elasticity_sweep_free(sw);
    tw_buffer_release(&b);
    tw_timeline_free(t);
    tw_plan_free(plan);
    tw_solver_free(s);
    tw_scenario_free(sc);
    tw_model_free(m);
    tw_world_free(w);
    return st;
}

/* The brief of the truce scenario (tradewar/brief.h): households, the run, its JSON. */
static tw_status op_brief(tw_error *err)
{
    tw_world *w = NULL;
    tw_model *m = NULL;
    tw_scenario *sc = NULL;
    tw_plan *plan = NULL;
    tw_solver *s = NULL;
    tw_brief *br = NULL;
    tw_buffer b = {0};
    double hh[3];
    static const char csv[] = "code,households\nHOME,10\nFOR,20\n";
    tw_status st = tw_world_load(TINY, NULL, &w, err);
    if (!st)
        st = tw_households_load_buffer("h.csv", csv, sizeof csv - 1, w, hh, err);
    if (!st)
        st = tw_model_create(w, NULL, &m, err);
    if (!st)
        st = tw_scenario_load(TW_TEST_SOURCE_DIR
                              "/tests/fuzz/corpus/fuzz_scenario/truce_branches.yaml",
                              &sc, err);
    if (!st)
        st = tw_scenario_bind(sc, w, &plan, err);
    if (!st)
        st = tw_solver_create(m, NULL, &s, err);
    tw_brief_options o;
    tw_brief_options_init(&o);
    o.households = hh;
    if (!st)
        st = tw_brief_run(plan, m, s, NULL, NULL, &o, &br, err);
    if (!st)
        st = tw_json_write_brief(tw_sink_buffer(&b), br, err);
    tw_buffer_release(&b);
    tw_brief_free(br);
    tw_plan_free(plan);
    tw_solver_free(s);
    tw_scenario_free(sc);
    tw_model_free(m);
    tw_world_free(w);
    return st;
}

/* The set-up of the game operations: the tiny world, its model and a game on it, a start policy
 * (today's), an output policy and an equilibrium. */
typedef struct game_env {
    tw_world *w;
    tw_model *m;
    tw_game *g;
    tw_policy *start, *out;
    tw_equilibrium *eq;
} game_env;

/* Fills e (all NULL first, so that game_env_free frees what was made). @return the status. */
static tw_status game_env_open(game_env *e, tw_error *err)
{
    memset(e, 0, sizeof *e);
    tw_status st = tw_world_load(TINY, NULL, &e->w, err);
    if (!st)
        st = tw_model_create(e->w, NULL, &e->m, err);
    if (!st)
        st = tw_game_create(e->m, NULL, &e->g, err);
    if (!st)
        st = tw_policy_create(e->m, &e->start);
    if (!st)
        st = tw_policy_create(e->m, &e->out);
    if (!st && !(e->eq = tw_equilibrium_create(e->m)))
        st = TW_ERR_NOMEM;
    return st;
}

static void game_env_free(game_env *e)
{
    tw_equilibrium_free(e->eq);
    tw_policy_free(e->out);
    tw_policy_free(e->start);
    tw_game_free(e->g);
    tw_model_free(e->m);
    tw_world_free(e->w);
}

/* A game: HOME's best uniform tariff against today's policy. */
static tw_status op_game(tw_error *err)
{
    game_env e;
    tw_status st = game_env_open(&e, err);
    if (!st) {
        tw_instrument ins = {.country = tw_world_country_index(e.w, "HOME"),
                             .kind = TW_INSTRUMENT_UNIFORM};
        tw_optimize_report rep;
        st = tw_game_best_response(e.g, &ins, NULL, e.start, e.out, e.eq, &rep, err);
    }
    game_env_free(&e);
    return st;
}

/* HOME's best tariffs by sector: the single-rate first stage, then the rates by sector
 * (src/strategy/optimal.c), each with its own instrument map and adjoint warm start. */
static tw_status op_game_sector(tw_error *err)
{
    game_env e;
    tw_status st = game_env_open(&e, err);
    if (!st) {
        tw_instrument ins = {.country = tw_world_country_index(e.w, "HOME"),
                             .kind = TW_INSTRUMENT_SECTOR};
        tw_optimize_report rep;
        st = tw_game_best_response(e.g, &ins, NULL, e.start, e.out, e.eq, &rep, err);
    }
    game_env_free(&e);
    return st;
}

/* Coalitions (tradewar/coalition.h): FOR and ROW together against HOME's one tariff, as a
 * war settled at a loose tolerance (one round and its verification), then the exact
 * derivative of the pair's payoff. Narrow bounds keep each line search to a few solves. */
static tw_status op_coalition(tw_error *err)
{
    game_env e;
    tw_status st = game_env_open(&e, err);
    if (!st) {
        int home = tw_world_country_index(e.w, "HOME");
        int pair[2] = {tw_world_country_index(e.w, "FOR"), tw_world_country_index(e.w, "ROW")};
        tw_coalition cs[2] = {{.members = &home, .n_members = 1, .lower = 0.05, .upper = 0.0501},
                              {.members = pair, .n_members = 2, .lower = 0.05, .upper = 0.0501}};
        tw_war_options o;
        tw_war_options_init(&o);
        o.tolerance = 1.0;
        o.gain_tolerance = 1.0;
        st = tw_game_coalition_war(e.g, cs, 2, &o, e.start, e.out, e.eq, NULL, NULL, err);
        double v, dv;
        if (!st)
            st = tw_game_coalition_derivative(e.g, &cs[1], e.out, e.eq, &v, &dv, err);
        if (!st)
            st = tw_coalition_apply(e.m, &cs[1], 0.1, e.out, err);
    }
    game_env_free(&e);
    return st;
}

/* Runs op with the k-th allocation failing, for every k until op completes. @return the number
 * of failures found (bad status or leak). */
static int sweep(const char *name, tw_status (*op)(tw_error *))
{
    int bad = 0;
    long k;
    for (k = 1;; k++) {
        tw_error err;
        memset(&err, 0, sizeof err);
        long before = live;
        calls = 0;
        fail_at = k;
        tw_status st = op(&err);
        fail_at = 0;
        int injected = calls >= k;
        char msg[2048];
        tw_error_format(&err, msg, sizeof msg);
        if (!injected) {
            if (st != TW_OK) {
                fprintf(stderr, "%s: fails without an injected failure (%d allocations): %s: %s\n",
                        name, (int)calls, tw_status_name(st), msg);
                bad++;
            }
            break;
        }
        if (st != TW_ERR_NOMEM) {
            fprintf(stderr, "%s: allocation %ld failed: got status '%s', expected 'out of "
                            "memory': %s\n",
                    name, k, tw_status_name(st), msg);
            bad++;
        }
        if (live != before) {
            fprintf(stderr, "%s: allocation %ld failed: %ld allocation(s) leaked\n", name, k,
                    live - before);
            bad++;
        }
        if (bad > 20)
            break;
    }
    printf("%s: %ld allocation points, %d problem(s)\n", name, k - 1, bad);
    return bad;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        tw_status (*op)(tw_error *);
    } ops[] = {{"solve", op_solve},
               {"timeline", op_timeline},
               {"instruments", op_instruments},
               {"game", op_game},
               {"game_sector", op_game_sector},
               {"coalition", op_coalition},
               {"scenario_game", op_scenario_game},
               {"output", op_output},
               {"brief", op_brief}};
    int bad = 0;
    const char *trap = getenv("FAULT_TRAP");
    trap_at = trap ? atol(trap) : 0;
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++)
        if (argc < 2 || strcmp(argv[1], ops[k].name) == 0)
            bad += sweep(ops[k].name, ops[k].op);
    return bad ? 1 : 0;
}
