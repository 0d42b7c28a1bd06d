/* SPDX-License-Identifier: MIT */
/* The web server's jobs (src/serve/jobs.h, docs/api.md "Jobs"): a table of jobs guarded by
 * one lock, TW_JOBS_WORKERS worker threads that take the oldest queued job, and the answers
 * of POST /api/jobs, GET /api/jobs[/<id>[/result]] and DELETE /api/jobs/<id>. Each job plays
 * on a game of its own (its own solvers) on the server's shared model, so no two threads ever
 * use one solver; cancellation is the library's (tw_cancel), polled by the game's loops. */
#include "serve/jobs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "serve/json_in.h"

typedef enum job_state { QUEUED, RUNNING, DONE, FAILED, CANCELLED } job_state;

static const char *const state_names[] = {"queued", "running", "done", "failed", "cancelled"};

typedef struct tw_job {
    unsigned long id;
    job_state state;
    tw_job_args a;
    tw_cancel *cancel;
    double created, started, finished, deadline, limit;
    int timed_out; /* the time limit stopped it */
    tw_job_progress pr;
    tw_buffer result; /* DONE: the command line's document */
    tw_buffer error;  /* FAILED: the error document {"error": {...}} */
    struct tw_serve_jobs *js;
    struct tw_job *next;
} tw_job;

typedef struct tw_serve_jobs {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    tw_job *head; /* oldest first */
    unsigned long next_id;
    int stop;
    pthread_t workers[TW_JOBS_WORKERS];
    int nworkers;
    tw_serve *s;
} job_table;

static void job_free(tw_job *j)
{
    tw_cancel_free(j->cancel);
    tw_buffer_release(&j->result);
    tw_buffer_release(&j->error);
    free(j);
}

/* The progress callback (from the game's threads, any of them): the stage's last line, and
 * the stop at the time limit. */
static int on_progress(void *ctx, const char *what, int step, double value)
{
    tw_job *j = ctx;
    pthread_mutex_t *lock = &j->js->lock;
    pthread_mutex_lock(lock);
    tw_job_progress *pr = &j->pr;
    int k = 0;
    while (k < pr->nstage && strcmp(pr->stage[k].what, what ? what : "") != 0)
        k++;
    if (k == pr->nstage && k < TW_JOB_STAGES)
        snprintf(pr->stage[pr->nstage++].what, sizeof pr->stage[k].what, "%s", what ? what : "");
    if (k < pr->nstage) {
        pr->stage[k].step = step;
        pr->stage[k].value = value;
        pr->last = k;
    }
    pr->updates++;
    int stop = tw_serve_now() > j->deadline;
    if (stop)
        j->timed_out = 1;
    pthread_mutex_unlock(lock);
    return stop;
}

/* The answer of a finished job's failure: the library's error document. */
static void fail_doc(tw_job *j, tw_status st, const tw_error *err, double limit)
{
    tw_buffer_release(&j->error);
    if (j->timed_out) {
        char msg[200];
        snprintf(msg, sizeof msg, "tradewar: error: the job took longer than the server's "
                                  "time limit (--timeout %g s) and was stopped", limit);
        tw_serve_error(&j->error, 504, tw_status_name(TW_ERR_CANCELLED), TW_EXIT_INTERRUPTED,
                       msg);
    } else {
        tw_serve_lib_error(&j->error, st, err);
    }
}

/* Drops finished jobs beyond TW_JOBS_KEEP or older than TW_JOBS_KEEP_SECONDS (lock held). */
static void prune(job_table *js, double now)
{
    int finished = 0;
    for (tw_job *j = js->head; j; j = j->next)
        finished += j->state >= DONE;
    for (tw_job **pp = &js->head; *pp;) {
        tw_job *j = *pp;
        if (j->state >= DONE &&
            (finished > TW_JOBS_KEEP || now - j->finished > TW_JOBS_KEEP_SECONDS)) {
            *pp = j->next;
            finished--;
            job_free(j);
        } else {
            pp = &j->next;
        }
    }
}

static void *worker(void *arg);

/* The oldest queued job (lock held), or NULL. */
static tw_job *next_queued(job_table *js)
{
    for (tw_job *j = js->head; j; j = j->next)
        if (j->state == QUEUED)
            return j;
    return NULL;
}

static void *worker(void *arg)
{
    job_table *js = arg;
    pthread_mutex_lock(&js->lock);
    for (;;) {
        tw_job *j;
        while (!js->stop && !(j = next_queued(js)))
            pthread_cond_wait(&js->wake, &js->lock);
        if (js->stop)
            break;
        j->state = RUNNING;
        j->started = tw_serve_now();
        j->deadline = j->started + j->limit;
        pthread_mutex_unlock(&js->lock);
        /* The job is this thread's until it is marked finished: only the progress and the
         * cancel flag are shared. */
        tw_buffer doc = {0};
        tw_error err;
        tw_status st = tw_job_args_run(&j->a, j->cancel, on_progress, j, &doc, &err);
        pthread_mutex_lock(&js->s->lock);
        js->s->solves++;
        pthread_mutex_unlock(&js->s->lock);
        pthread_mutex_lock(&js->lock);
        if (st == TW_OK) {
            j->state = DONE;
            j->result = doc;
        } else {
            tw_buffer_release(&doc);
            j->state = st == TW_ERR_CANCELLED && !j->timed_out ? CANCELLED : FAILED;
            if (j->state == FAILED)
                fail_doc(j, st, &err, j->limit);
        }
        j->finished = tw_serve_now();
        prune(js, j->finished);
    }
    pthread_mutex_unlock(&js->lock);
    return NULL;
}

/* The job table of s, made with its workers on first use. NULL: out of resources. */
static job_table *jobs_of(tw_serve *s)
{
    pthread_mutex_lock(&s->lock);
    job_table *js = s->jobs;
    if (!js && (js = calloc(1, sizeof *js))) {
        js->s = s;
        js->next_id = 1;
        pthread_mutex_init(&js->lock, NULL);
        pthread_cond_init(&js->wake, NULL);
        for (int k = 0; k < TW_JOBS_WORKERS; k++)
            if (pthread_create(&js->workers[js->nworkers], NULL, worker, js) == 0)
                js->nworkers++;
        s->jobs = js;
        if (!js->nworkers) {
            s->jobs = NULL;
            pthread_cond_destroy(&js->wake);
            pthread_mutex_destroy(&js->lock);
            free(js);
            js = NULL;
        }
    }
    pthread_mutex_unlock(&s->lock);
    return js;
}

void tw_serve_jobs_free(tw_serve *s)
{
    job_table *js = s->jobs;
    if (!js)
        return;
    pthread_mutex_lock(&js->lock);
    js->stop = 1;
    for (tw_job *j = js->head; j; j = j->next)
        tw_cancel_set(j->cancel);
    pthread_cond_broadcast(&js->wake);
    pthread_mutex_unlock(&js->lock);
    for (int k = 0; k < js->nworkers; k++)
        pthread_join(js->workers[k], NULL);
    for (tw_job *j = js->head, *next; j; j = next) {
        next = j->next;
        job_free(j);
    }
    pthread_cond_destroy(&js->wake);
    pthread_mutex_destroy(&js->lock);
    free(js);
    s->jobs = NULL;
}

/* Small JSON pieces into a buffer (out of memory: a short document, as tw_serve_error). */
static void put(tw_buffer *b, const char *s)
{
    tw_buffer_append(b, s, strlen(s));
}

static void put_string(tw_buffer *b, const char *s)
{
    put(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char e[8];
        if (*p == '"' || *p == '\\')
            snprintf(e, sizeof e, "\\%c", *p);
        else if (*p < 0x20)
            snprintf(e, sizeof e, "\\u%04x", *p);
        else
            e[0] = (char)*p, e[1] = '\0';
        put(b, e);
    }
    put(b, "\"");
}

static void put_number(tw_buffer *b, double v)
{
    char t[40];
    if (isfinite(v))
        snprintf(t, sizeof t, "%.17g", v);
    else
        snprintf(t, sizeof t, "null");
    put(b, t);
}

/* The member "error" of an error document (its inner object), or NULL. */
static void put_error(tw_buffer *b, const tw_buffer *doc)
{
    const char *p = doc->data ? strchr(doc->data, ':') : NULL;
    const char *q = doc->data ? strrchr(doc->data, '}') : NULL;
    if (!p || !q || q <= p) {
        put(b, "null");
        return;
    }
    tw_buffer_append(b, p + 1, (size_t)(q - p - 1));
}

/* The job's document (lock held): id, kind, state, progress, and the result or error. */
static void job_doc(const tw_job *j, tw_buffer *b, int with_result)
{
    char t[160];
    snprintf(t, sizeof t, "{\"id\": \"%lu\", \"url\": \"/api/jobs/%lu\", \"kind\": \"%s\", "
                          "\"state\": \"%s\", ",
             j->id, j->id, tw_job_kind_name(j->a.kind), state_names[j->state]);
    put(b, t);
    double end = j->state >= DONE ? j->finished : tw_serve_now();
    put(b, "\"seconds\": ");
    put_number(b, j->state == QUEUED ? 0.0 : end - j->started);
    put(b, ", \"time_limit_seconds\": ");
    put_number(b, j->limit);
    snprintf(t, sizeof t, ", \"cancel_requested\": %s",
             tw_cancel_is_set(j->cancel) && !j->timed_out ? "true" : "false");
    put(b, t);
    snprintf(t, sizeof t, ", \"progress\": {\"updates\": %ld, \"last\": ", j->pr.updates);
    put(b, t);
    put_string(b, j->pr.nstage ? j->pr.stage[j->pr.last].what : "");
    put(b, ", \"stages\": [");
    for (int k = 0; k < j->pr.nstage; k++) {
        put(b, k ? ", {\"what\": " : "{\"what\": ");
        put_string(b, j->pr.stage[k].what);
        snprintf(t, sizeof t, ", \"step\": %d, \"value\": ", j->pr.stage[k].step);
        put(b, t);
        put_number(b, j->pr.stage[k].value);
        put(b, "}");
    }
    put(b, "]}");
    if (j->state == DONE && with_result) {
        put(b, ", \"result\": ");
        tw_buffer_append(b, j->result.data, j->result.len);
    }
    if (j->state == FAILED) {
        put(b, ", \"error\": ");
        put_error(b, &j->error);
    }
    put(b, "}\n");
}

static tw_job *find(job_table *js, const char *id)
{
    char *end;
    unsigned long n = strtoul(id, &end, 10);
    for (tw_job *j = js->head; j && !*end; j = j->next)
        if (j->id == n)
            return j;
    return NULL;
}

static int no_job(tw_buffer *body, const char *id)
{
    char msg[200];
    snprintf(msg, sizeof msg, "no job '%s' (finished jobs are kept for %d s, %d at most)", id,
             TW_JOBS_KEEP_SECONDS, TW_JOBS_KEEP);
    return tw_serve_error(body, 404, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE, msg);
}

/* POST /api/jobs: checked, then queued (202), or refused (400, 429). */
static int start(tw_serve *s, job_table *js, const tw_serve_request *req, tw_buffer *body)
{
    tw_job *j = calloc(1, sizeof *j);
    if (!j || !(j->cancel = tw_cancel_create())) {
        free(j);
        return tw_serve_error(body, 500, tw_status_name(TW_ERR_NOMEM), TW_EXIT_INTERNAL,
                              "tradewar: error: out of memory");
    }
    int status = tw_job_args_parse(s, req->job_body, req->job_len, &j->a, body);
    if (status != 200) {
        job_free(j);
        return status;
    }
    j->js = js;
    j->limit = s->o.timeout_seconds;
    pthread_mutex_lock(&js->lock);
    double now = tw_serve_now();
    prune(js, now);
    int active = 0;
    for (tw_job *q = js->head; q; q = q->next)
        active += q->state <= RUNNING;
    if (active >= TW_JOBS_MAX_ACTIVE) {
        pthread_mutex_unlock(&js->lock);
        job_free(j);
        char msg[200];
        snprintf(msg, sizeof msg, "tradewar: error: %d jobs are queued or running, the most the "
                                  "server takes: wait for one to finish, or cancel one",
                 TW_JOBS_MAX_ACTIVE);
        return tw_serve_error(body, 429, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE, msg);
    }
    j->id = js->next_id++;
    j->created = now;
    tw_job **pp = &js->head;
    while (*pp)
        pp = &(*pp)->next;
    *pp = j;
    job_doc(j, body, 0);
    pthread_cond_signal(&js->wake);
    pthread_mutex_unlock(&js->lock);
    return 202;
}

/* GET /api/jobs: every job kept, without results. */
static void list(job_table *js, tw_buffer *body)
{
    char t[200];
    snprintf(t, sizeof t, "{\"limits\": {\"workers\": %d, \"queued_or_running\": %d, "
                          "\"finished_kept\": %d, \"finished_kept_seconds\": %d}, \"jobs\": [",
             TW_JOBS_WORKERS, TW_JOBS_MAX_ACTIVE, TW_JOBS_KEEP, TW_JOBS_KEEP_SECONDS);
    put(body, t);
    prune(js, tw_serve_now());
    for (tw_job *j = js->head; j; j = j->next) {
        if (j != js->head)
            put(body, ", ");
        tw_buffer one = {0};
        job_doc(j, &one, 0);
        if (one.len)
            tw_buffer_append(body, one.data, one.len - 1); /* without its line break */
        tw_buffer_release(&one);
    }
    put(body, "]}\n");
}

int tw_serve_jobs(tw_serve *s, const tw_serve_request *req, tw_buffer *body)
{
    job_table *js = jobs_of(s);
    if (!js)
        return tw_serve_error(body, 503, tw_status_name(TW_ERR_NOMEM), TW_EXIT_INTERNAL,
                              "tradewar: error: cannot start the job workers");
    if (strcmp(req->method, "POST") == 0)
        return start(s, js, req, body);
    pthread_mutex_lock(&js->lock);
    int status = 200;
    if (!req->job_id[0]) {
        list(js, body);
    } else {
        tw_job *j = find(js, req->job_id);
        if (!j) {
            status = no_job(body, req->job_id);
        } else if (strcmp(req->method, "DELETE") == 0) {
            if (j->state == QUEUED) {
                j->state = CANCELLED;
                j->finished = tw_serve_now();
            }
            if (j->state <= RUNNING)
                tw_cancel_set(j->cancel); /* the game stops at its next check */
            job_doc(j, body, 0);
        } else if (req->job_result && j->state != DONE) {
            char msg[160];
            snprintf(msg, sizeof msg, "job %lu is %s: a result comes with \"done\"", j->id,
                     state_names[j->state]);
            status = tw_serve_error(body, 409, tw_status_name(TW_ERR_USAGE), TW_EXIT_USAGE, msg);
        } else if (req->job_result) {
            tw_buffer_append(body, j->result.data, j->result.len);
        } else {
            job_doc(j, body, 1);
        }
    }
    pthread_mutex_unlock(&js->lock);
    return status;
}
