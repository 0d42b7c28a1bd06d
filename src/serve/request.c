/* SPDX-License-Identifier: MIT */
/* The web server's requests: routing and body checks (src/serve/request.h, docs/api.md). */
#include "serve/request.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/json_in.h"

static int say(char *msg, size_t size, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int say(char *msg, size_t size, int status, const char *fmt, ...)
{
    if (msg && size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, size, fmt, ap);
        va_end(ap);
    }
    return status;
}

int tw_serve_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 95 || name[0] == '.')
        return 0;
    for (size_t k = 0; k < n; k++) {
        char c = name[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
}

/* A page file: segments of name characters, none starting with '.', "/" meaning index.html. */
static int static_path(const char *url, tw_serve_request *req)
{
    if (strcmp(url, "/") == 0) {
        snprintf(req->file, sizeof req->file, "index.html");
        return 1;
    }
    if (url[0] != '/' || strlen(url + 1) >= sizeof req->file)
        return 0;
    const char *p = url + 1;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        char seg[96];
        if (n == 0 || n >= sizeof seg)
            return 0;
        memcpy(seg, p, n);
        seg[n] = '\0';
        if (!tw_serve_name_ok(seg))
            return 0;
        p += n;
        if (*p == '/')
            p++;
        if (slash && !*p)
            return 0; /* a trailing slash */
    }
    snprintf(req->file, sizeof req->file, "%s", url + 1);
    return 1;
}

/* A string field into out[size]: @return 200, or 400 with the sentence. */
static int text_field(const tw_jv *body, const char *key, char *out, size_t size, int name,
                      char *msg, size_t msize)
{
    const tw_jv *v = tw_jv_get(body, key);
    if (!v)
        return 200;
    if (v->type != TW_JV_STRING)
        return say(msg, msize, 400, "%s: expected a string", key);
    if (v->len >= size)
        return say(msg, msize, 400, "%s: longer than %zu bytes", key, size - 1);
    if (name && v->len && !tw_serve_name_ok(v->string))
        return say(msg, msize, 400, "%s: expected a name (letters, digits, '-', '_', '.'), "
                                    "got '%.60s'", key, v->string);
    memcpy(out, v->string, v->len + 1);
    return 200;
}

/* "horizon": short|medium|long or a number of years; "deficits": fixed|zero|proportional. */
static int model_fields(const tw_jv *body, tw_serve_request *req, char *msg, size_t size)
{
    const tw_jv *h = tw_jv_get(body, "horizon");
    if (h) {
        char buf[64];
        if (h->type == TW_JV_NUMBER)
            snprintf(buf, sizeof buf, "%.17g", h->number);
        else if (h->type == TW_JV_STRING && h->len < sizeof buf)
            memcpy(buf, h->string, h->len + 1);
        else
            return say(msg, size, 400, "horizon: expected short, medium, long or a number of "
                                       "years");
        if (tw_horizon_parse(buf, &req->horizon_years))
            return say(msg, size, 400, "--horizon expects short, medium, long or a number of "
                                       "years in (0, 1000], got '%s'", buf);
        req->has_horizon = 1;
    }
    const tw_jv *d = tw_jv_get(body, "deficits");
    if (d) {
        if (d->type != TW_JV_STRING || tw_deficit_closure_parse(d->string, &req->deficits))
            return say(msg, size, 400, "--deficits expects fixed, zero or proportional, got "
                                       "'%.40s'", d->type == TW_JV_STRING ? d->string : "");
        req->has_deficits = 1;
    }
    return 200;
}

typedef struct growable {
    char *s;
    size_t len, cap;
} growable;

static int grow_put(growable *g, const char *s, size_t n)
{
    if (g->len + n + 1 > g->cap) {
        size_t nc = g->cap ? g->cap : 256;
        while (nc < g->len + n + 1)
            nc *= 2;
        char *ns = realloc(g->s, nc);
        if (!ns)
            return -1;
        g->s = ns;
        g->cap = nc;
    }
    memcpy(g->s + g->len, s, n);
    g->len += n;
    g->s[g->len] = '\0';
    return 0;
}

/* One cell of a structured row: a string (no comma, quote or line break: it must stay one
 * CSV cell) or a number; absent or null is an empty cell. */
static int cell(growable *g, const tw_jv *row, const char *key, const char *what, size_t k,
                char *msg, size_t size)
{
    const tw_jv *v = tw_jv_get(row, key);
    char buf[64] = "";
    const char *s = buf;
    if (!v || v->type == TW_JV_NULL) {
        /* empty */
    } else if (v->type == TW_JV_NUMBER) {
        snprintf(buf, sizeof buf, "%.17g", v->number);
    } else if (v->type == TW_JV_STRING) {
        if (strpbrk(v->string, ",\"\r\n") || v->len > 200)
            return say(msg, size, 400, "%s[%zu].%s: expected a code, '*' or a number, got "
                                       "'%.40s'", what, k, key, v->string);
        s = v->string;
    } else {
        return say(msg, size, 400, "%s[%zu].%s: expected a string or a number", what, k, key);
    }
    if (grow_put(g, s, strlen(s)))
        return 500;
    return 200;
}

/* "shock" text, then the rows of "tariffs" or "changes" ({importer, exporter, sector, tariff,
 * tariff_add, iceberg_hat}), as one shock file: the shock reader then checks every field with
 * the messages of the command line (rows are lines 2... when "shock" is absent). With a
 * scenario step (req->has_step) neither is required: the step's policy is solved as it is. */
static int shock_fields(const tw_jv *body, tw_serve_request *req, char *msg, size_t size)
{
    static const char *const cols[6] = {"importer", "exporter", "sector",
                                        "tariff",   "tariff_add", "iceberg_hat"};
    const tw_jv *sh = tw_jv_get(body, "shock"), *rows = tw_jv_get(body, "tariffs");
    const char *what = "tariffs";
    if (tw_jv_get(body, "changes")) {
        if (rows)
            return say(msg, size, 400, "give one of \"tariffs\" and \"changes\" (the same "
                                       "rows)");
        rows = tw_jv_get(body, "changes");
        what = "changes";
    }
    if (sh && sh->type != TW_JV_STRING)
        return say(msg, size, 400, "shock: expected the text of a shock file");
    if (rows && rows->type != TW_JV_ARRAY)
        return say(msg, size, 400, "%s: expected a list of rows", what);
    if (!sh && !rows && !req->has_step)
        return say(msg, size, 400, "missing \"shock\" (a shock file's text) or \"tariffs\"");
    if (!sh && !rows)
        return 200; /* a scenario step's policy as it is */
    if (rows && rows->len > TW_SERVE_MAX_ROWS)
        return say(msg, size, 400, "%s: at most %d rows", what, TW_SERVE_MAX_ROWS);
    growable g = {0};
    int rc = 200;
    if (sh)
        rc = grow_put(&g, sh->string, sh->len) ? 500 : 200;
    if (rc == 200 && !sh)
        rc = grow_put(&g, "importer,exporter,sector,tariff,tariff_add,iceberg_hat\n", 55) ? 500
                                                                                       : 200;
    else if (rc == 200 && rows && rows->len && sh && sh->len && sh->string[sh->len - 1] != '\n')
        rc = grow_put(&g, "\n", 1) ? 500 : 200;
    for (size_t k = 0; rc == 200 && rows && k < rows->len; k++) {
        const tw_jv *row = &rows->items[k];
        if (row->type != TW_JV_OBJECT) {
            rc = say(msg, size, 400, "%s[%zu]: expected an object", what, k);
            break;
        }
        for (size_t q = 0; rc == 200 && q < row->len; q++) {
            int known = 0;
            for (int c = 0; c < 6; c++)
                known |= strcmp(row->keys[q], cols[c]) == 0;
            if (!known)
                rc = say(msg, size, 400, "%s[%zu]: unknown field '%.40s' (importer, "
                                         "exporter, sector, tariff, tariff_add, iceberg_hat)",
                         what, k, row->keys[q]);
        }
        for (int c = 0; rc == 200 && c < 6; c++) {
            if (c && grow_put(&g, ",", 1))
                rc = 500;
            if (rc == 200)
                rc = cell(&g, row, cols[c], what, k, msg, size);
        }
        if (rc == 200 && grow_put(&g, "\n", 1))
            rc = 500;
    }
    if (rc == 500)
        say(msg, size, 500, "out of memory");
    if (rc != 200) {
        free(g.s);
        return rc;
    }
    req->shock = g.s;
    req->shock_len = g.len;
    return 200;
}

static int check_keys(const tw_jv *body, const char *const *allowed, char *msg, size_t size)
{
    for (size_t k = 0; k < body->len; k++) {
        int ok = 0;
        for (int a = 0; allowed[a]; a++)
            ok |= strcmp(body->keys[k], allowed[a]) == 0;
        if (!ok)
            return say(msg, size, 400, "unknown field '%.40s'", body->keys[k]);
    }
    return 200;
}

static int scenario_fields(const tw_jv *body, tw_serve_request *req, char *msg, size_t size)
{
    int rc = text_field(body, "scenario", req->scenario, sizeof req->scenario, 1, msg, size);
    if (rc != 200)
        return rc;
    const tw_jv *t = tw_jv_get(body, "scenario_text");
    if (t && t->type != TW_JV_STRING)
        return say(msg, size, 400, "scenario_text: expected a scenario's YAML text");
    if (!!t == !!req->scenario[0])
        return say(msg, size, 400, "give one of \"scenario\" (a shipped scenario's name) and "
                                   "\"scenario_text\" (a scenario's YAML)");
    if (t) {
        req->scenario_text = malloc(t->len + 1);
        if (!req->scenario_text)
            return say(msg, size, 500, "out of memory");
        memcpy(req->scenario_text, t->string, t->len + 1);
        req->scenario_len = t->len;
    }
    return 200;
}

/* A solve relative to a scenario step: "scenario" or "scenario_text", "step" (an index into
 * the timeline document's steps, or a date YYYY-MM-DD) and "branch" (a date's branch). */
static int step_fields(const tw_jv *body, tw_serve_request *req, char *msg, size_t size)
{
    const tw_jv *st = tw_jv_get(body, "step");
    int sc = tw_jv_get(body, "scenario") || tw_jv_get(body, "scenario_text");
    if (!st && !sc) {
        if (tw_jv_get(body, "branch"))
            return say(msg, size, 400, "branch: only with \"scenario\" and a \"step\" date");
        return 200;
    }
    if (!st)
        return say(msg, size, 400, "missing \"step\" (an index into the scenario's steps or a "
                                   "date YYYY-MM-DD)");
    if (req->has_deficits)
        return say(msg, size, 400, "deficits: a scenario step is solved with the scenario's "
                                   "deficits");
    int rc = scenario_fields(body, req, msg, size);
    if (rc != 200)
        return rc;
    req->has_step = 1;
    req->step_index = -1;
    if (st->type == TW_JV_NUMBER) {
        if (!(st->number >= 0 && st->number <= 1e6) || st->number != floor(st->number))
            return say(msg, size, 400, "step: expected an index (0, 1, ...) or a date "
                                       "YYYY-MM-DD, got %.17g", st->number);
        req->step_index = (int)st->number;
    } else if (st->type == TW_JV_STRING) {
        int y, mo, d, n = -1;
        if (st->len != 10 || sscanf(st->string, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 ||
            n != 10 || mo < 1 || mo > 12 || d < 1 || d > 31)
            return say(msg, size, 400, "step: expected an index (0, 1, ...) or a date "
                                       "YYYY-MM-DD, got '%.40s'", st->string);
        memcpy(req->step_date, st->string, 11);
    } else {
        return say(msg, size, 400, "step: expected an index (0, 1, ...) or a date YYYY-MM-DD");
    }
    rc = text_field(body, "branch", req->step_branch, sizeof req->step_branch, 0, msg, size);
    if (rc == 200 && req->step_branch[0] && req->step_index >= 0)
        rc = say(msg, size, 400, "branch: only with a \"step\" date (an index names one step)");
    return rc;
}

/* "draws" (a whole number in [1, TW_DRAWS_MAX] or "sets") and "seed" (a whole number in
 * [0, 2^64), as a number below 2^53 or a string of digits): `tradewar solve --draws --seed`. */
static int draws_fields(const tw_jv *body, tw_serve_request *req, char *msg, size_t size)
{
    const tw_jv *d = tw_jv_get(body, "draws"), *sd = tw_jv_get(body, "seed");
    if (d && d->type == TW_JV_STRING && strcmp(d->string, "sets") == 0)
        req->draws = -1;
    else if (d && d->type == TW_JV_NUMBER && d->number >= 1 && d->number <= TW_DRAWS_MAX &&
             d->number == floor(d->number))
        req->draws = (int)d->number;
    else if (d)
        return say(msg, size, 400, "tradewar solve: --draws expects a whole number in [1, %d] "
                                   "or 'sets'", TW_DRAWS_MAX);
    if (sd) {
        char buf[32] = "";
        if (sd->type == TW_JV_NUMBER && sd->number >= 0 && sd->number <= 9007199254740992.0 &&
            sd->number == floor(sd->number))
            snprintf(buf, sizeof buf, "%.0f", sd->number);
        else if (sd->type == TW_JV_STRING && sd->len > 0 && sd->len < sizeof buf &&
                 strspn(sd->string, "0123456789") == sd->len)
            memcpy(buf, sd->string, sd->len + 1);
        errno = 0;
        char *end = buf;
        unsigned long long v = buf[0] ? strtoull(buf, &end, 10) : 0;
        if (!buf[0] || *end || errno)
            return say(msg, size, 400, "tradewar solve: --seed expects a whole number in "
                                       "[0, 2^64)");
        if (!d)
            return say(msg, size, 400, "tradewar solve: --seed, --design, --correlation, "
                                       "--threads and --shard go with --draws N|sets");
        req->seed = (uint64_t)v;
        req->has_seed = 1;
    }
    if (req->draws && req->warm)
        return say(msg, size, 400, "draws: not with \"warm\"");
    return 200;
}

/* "country" (required), "partners" (comma-separated codes), "instrument". */
static int optimal_fields(const tw_jv *body, tw_serve_request *req, char *msg, size_t size)
{
    int rc = text_field(body, "country", req->country, sizeof req->country, 1, msg, size);
    if (rc == 200 && !req->country[0])
        rc = say(msg, size, 400, "missing \"country\" (the government choosing its tariffs)");
    if (rc == 200)
        rc = text_field(body, "partners", req->partners, sizeof req->partners, 0, msg, size);
    for (const char *p = req->partners; rc == 200 && *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == ',' || *p == '_' || *p == '-'))
            rc = say(msg, size, 400, "partners: expected comma-separated country codes");
    char kind[32] = "uniform";
    if (rc == 200)
        rc = text_field(body, "instrument", kind, sizeof kind, 0, msg, size);
    if (rc == 200 && tw_instrument_kind_parse(kind, &req->instrument))
        rc = say(msg, size, 400, "--instrument expects uniform, sector or partner-sector, got "
                                 "'%s'", kind);
    return rc;
}

/* The body of a POST into req. */
static int post_body(const char *body, size_t len, tw_serve_request *req, char *msg, size_t size)
{
    static const char *const solve_keys[] = {
        "world", "elasticities", "horizon", "deficits", "shock",  "tariffs", "changes",
        "name",  "warm",         "detail",  "scenario", "scenario_text", "step", "branch",
        "draws", "seed",         NULL};
    static const char *const run_keys[] = {"world", "elasticities", "horizon", "scenario",
                                           "scenario_text", "risk_aversion", NULL};
    static const char *const brief_keys[] = {"world", "elasticities", "horizon", "scenario",
                                             "scenario_text", NULL};
    static const char *const optimal_keys[] = {"world", "elasticities", "horizon", "deficits",
                                               "country", "partners", "instrument", NULL};
    if (len > TW_SERVE_MAX_BODY)
        return say(msg, size, 413, "request body larger than %zu bytes", TW_SERVE_MAX_BODY);
    tw_jv v;
    char why[160];
    int jrc = tw_jv_parse(body ? body : "", len, &v, why, sizeof why);
    if (jrc == -2)
        return say(msg, size, 500, "out of memory");
    if (jrc)
        return say(msg, size, 400, "request body: not JSON: %s", why);
    int rc = 200;
    if (v.type != TW_JV_OBJECT)
        rc = say(msg, size, 400, "request body: expected a JSON object");
    if (rc == 200)
        rc = check_keys(&v, req->kind == TW_SERVE_SOLVE     ? solve_keys
                            : req->kind == TW_SERVE_OPTIMAL ? optimal_keys
                            : req->kind == TW_SERVE_RUN     ? run_keys
                                                            : brief_keys,
                        msg, size);
    if (rc == 200)
        rc = text_field(&v, "world", req->world, sizeof req->world, 1, msg, size);
    if (rc == 200)
        rc = text_field(&v, "elasticities", req->elasticities, sizeof req->elasticities, 0,
                        msg, size);
    if (rc == 200)
        rc = model_fields(&v, req, msg, size);
    if (rc == 200 && req->kind == TW_SERVE_SOLVE) {
        snprintf(req->name, sizeof req->name, "shock.csv");
        rc = text_field(&v, "name", req->name, sizeof req->name, 1, msg, size);
        if (rc == 200 && !req->name[0])
            rc = say(msg, size, 400, "name: expected a name (letters, digits, '-', '_', '.')");
        const tw_jv *warm = tw_jv_get(&v, "warm");
        if (rc == 200 && warm && warm->type != TW_JV_BOOL)
            rc = say(msg, size, 400, "warm: expected true or false");
        req->warm = warm && warm->boolean;
        const tw_jv *detail = tw_jv_get(&v, "detail");
        if (rc == 200 && detail && (detail->type != TW_JV_STRING ||
                                    (strcmp(detail->string, "full") != 0 &&
                                     strcmp(detail->string, "summary") != 0)))
            rc = say(msg, size, 400, "detail: expected \"full\" or \"summary\"");
        req->summary = rc == 200 && detail && strcmp(detail->string, "summary") == 0;
        if (rc == 200)
            rc = step_fields(&v, req, msg, size);
        if (rc == 200)
            rc = draws_fields(&v, req, msg, size);
        if (rc == 200)
            rc = shock_fields(&v, req, msg, size);
    } else if (rc == 200 && req->kind == TW_SERVE_OPTIMAL) {
        rc = optimal_fields(&v, req, msg, size);
    } else if (rc == 200) {
        rc = scenario_fields(&v, req, msg, size);
        const tw_jv *ra = tw_jv_get(&v, "risk_aversion");
        if (rc == 200 && ra && (ra->type != TW_JV_NUMBER ||
                                !(ra->number >= 0 && ra->number <= 100)))
            rc = say(msg, size, 400, "tradewar run: --risk-aversion needs a number in [0, 100]");
        if (ra && rc == 200)
            req->risk_aversion = ra->number;
    }
    tw_jv_release(&v);
    return rc;
}

/* /api/jobs (GET the list, POST a job) and /api/jobs/<id>[/result] (GET, DELETE): the id is
 * digits; the body of a POST is kept for src/serve/jobs.c, which checks it. */
static int jobs_path(const char *method, const char *rest, const char *body, size_t len,
                     tw_serve_request *req, char *msg, size_t size)
{
    req->kind = TW_SERVE_JOBS;
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    int post = strcmp(method, "POST") == 0, del = strcmp(method, "DELETE") == 0;
    snprintf(req->method, sizeof req->method, "%s", get ? "GET" : post ? "POST" : "DELETE");
    if (!*rest) {
        if (!get && !post)
            return say(msg, size, 405, "/api/jobs: only GET and POST");
        if (post && len > TW_SERVE_MAX_BODY)
            return say(msg, size, 413, "request body larger than %zu bytes", TW_SERVE_MAX_BODY);
        if (post) {
            if (!(req->job_body = malloc(len + 1)))
                return say(msg, size, 500, "out of memory");
            if (len)
                memcpy(req->job_body, body, len);
            req->job_body[len] = '\0';
            req->job_len = len;
        }
        return 200;
    }
    const char *id = rest + 1; /* after "/" */
    size_t n = strspn(id, "0123456789");
    if (n == 0 || n >= sizeof req->job_id || (id[n] && strcmp(id + n, "/result") != 0))
        return say(msg, size, 404, "no job '%.40s' (ids are numbers: docs/api.md)", id);
    memcpy(req->job_id, id, n);
    req->job_id[n] = '\0';
    req->job_result = id[n] != '\0';
    if (get || (del && !req->job_result))
        return 200;
    return say(msg, size, 405, "%s: only GET%s", req->job_result ? "a job's result" : "a job",
               req->job_result ? "" : " and DELETE");
}

int tw_serve_request_parse(const char *method, const char *url, const char *body, size_t len,
                           tw_serve_request *req, char *msg, size_t size)
{
    memset(req, 0, sizeof *req);
    req->horizon_years = INFINITY;
    req->deficits = TW_DEFICITS_FIXED;
    req->risk_aversion = 2.0; /* `tradewar run`'s default, docs/uncertainty.md §7 */
    if (msg && size)
        msg[0] = '\0';
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    int post = strcmp(method, "POST") == 0;
    if (strncmp(url, "/api/", 5) != 0) {
        if (!static_path(url, req))
            return say(msg, size, 404, "no such page");
        req->kind = TW_SERVE_STATIC;
        return get ? 200 : say(msg, size, 405, "%s: only GET", url);
    }
    const char *api = url + 5;
    if (strcmp(api, "worlds") == 0 || strcmp(api, "scenarios") == 0) {
        req->kind = api[0] == 'w' ? TW_SERVE_WORLDS : TW_SERVE_SCENARIOS;
        return get ? 200 : say(msg, size, 405, "%s: only GET", url);
    }
    if (strncmp(api, "world/", 6) == 0) {
        req->kind = TW_SERVE_WORLD;
        if (!tw_serve_name_ok(api + 6))
            return say(msg, size, 404, "no world named '%.60s'", api + 6);
        snprintf(req->world, sizeof req->world, "%s", api + 6);
        return get ? 200 : say(msg, size, 405, "%s: only GET", url);
    }
    if (strcmp(api, "jobs") == 0 || strncmp(api, "jobs/", 5) == 0)
        return jobs_path(method, api + 4, body, len, req, msg, size);
    if (strcmp(api, "solve") == 0)
        req->kind = TW_SERVE_SOLVE;
    else if (strcmp(api, "run") == 0)
        req->kind = TW_SERVE_RUN;
    else if (strcmp(api, "brief") == 0)
        req->kind = TW_SERVE_BRIEF;
    else if (strcmp(api, "optimal") == 0)
        req->kind = TW_SERVE_OPTIMAL;
    else
        return say(msg, size, 404, "no such endpoint '%.60s' (docs/api.md)", url);
    if (!post)
        return say(msg, size, 405, "%s: only POST", url);
    return post_body(body, len, req, msg, size);
}

void tw_serve_request_release(tw_serve_request *req)
{
    if (!req)
        return;
    free(req->shock);
    free(req->scenario_text);
    free(req->job_body);
    req->shock = req->scenario_text = req->job_body = NULL;
}
