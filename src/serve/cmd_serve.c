/* SPDX-License-Identifier: MIT */
/* `tradewar serve`: the local web page and its JSON API (docs/page.md, docs/api.md). */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "serve/engine.h"
#include "serve/http.h"

int tw_cli_serve(int argc, char **argv); /* called by src/cli/main.c */

static void help(FILE *out)
{
    tw_serve_options so;
    tw_serve_options_init(&so);
    fprintf(out,
            "Usage: tradewar serve [--port P] [--host H] [--world NAME] [--page DIR]\n"
            "                      [--threads N] [--timeout S] [--cache N]\n"
            "\n"
            "Serves the tradewar page (docs/page.md) and its JSON API (docs/api.md) until\n"
            "interrupted (Ctrl-C). Open the address it prints in a browser.\n"
            "\n"
            "  --port P      TCP port (default 8080; 0: any free port, printed)\n"
            "  --host H      address to listen on (default 127.0.0.1, this machine only;\n"
            "                any other address lets other machines in, with a warning)\n"
            "  --world NAME  the page's first world and the API's default (default %s)\n"
            "  --page DIR    the built page (default %s)\n"
            "  --threads N   requests served at once, each with its own solver (default 4)\n"
            "  --timeout S   a request's computations stop after S seconds with status 504\n"
            "                (default %g)\n"
            "  --cache N     answers kept for repeated requests (default %d; 0: none)\n",
            TW_DEFAULT_WORLD, TW_WEB_DIR, so.timeout_seconds, so.cache_entries);
}

typedef struct serve_args {
    tw_http_options http;
    tw_serve_options engine;
} serve_args;

static int number_opt(const char *v, const char *name, double lo, double hi, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (!*v || *end || !(x >= lo && x <= hi))
        return tw_cli_usage_error("serve", "%s expects a number in [%g, %g], got '%s'", name, lo,
                                  hi, v);
    *out = x;
    return 0;
}

/* The command line into a. @return -1 to go on, or an exit code. */
static int parse_args(int argc, char **argv, serve_args *a)
{
    memset(a, 0, sizeof *a);
    tw_serve_options_init(&a->engine);
    a->http.host = "127.0.0.1";
    a->http.port = 8080;
    a->http.page_dir = TW_WEB_DIR;
    a->http.threads = 4;
    a->http.timeout_seconds = 30;
    for (int k = 1; k < argc; k++) {
        const char *v;
        int r;
        double x;
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            help(stdout);
            return TW_EXIT_OK;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--port", &v))) {
            if (r < 0 || number_opt(v, "--port", 0, 65535, &x) || x != floor(x))
                return r < 0 ? tw_cli_usage_error("serve", "--port needs a value") : TW_EXIT_USAGE;
            a->http.port = (int)x;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--host", &v))) {
            if (r < 0 || !*v)
                return tw_cli_usage_error("serve", "--host needs an address");
            a->http.host = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--world", &v))) {
            if (r < 0)
                return tw_cli_usage_error("serve", "--world needs a value");
            a->engine.default_world = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--page", &v))) {
            if (r < 0)
                return tw_cli_usage_error("serve", "--page needs a directory");
            a->http.page_dir = v;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--threads", &v))) {
            if (r < 0 || number_opt(v, "--threads", 1, 64, &x) || x != floor(x))
                return r < 0 ? tw_cli_usage_error("serve", "--threads needs a value")
                             : TW_EXIT_USAGE;
            a->http.threads = (int)x;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--timeout", &v))) {
            if (r < 0 || number_opt(v, "--timeout", 0.001, 86400, &x))
                return r < 0 ? tw_cli_usage_error("serve", "--timeout needs a value")
                             : TW_EXIT_USAGE;
            a->engine.timeout_seconds = x;
        } else if ((r = tw_cli_opt(argc, argv, &k, "--cache", &v))) {
            if (r < 0 || number_opt(v, "--cache", 0, 1e6, &x) || x != floor(x))
                return r < 0 ? tw_cli_usage_error("serve", "--cache needs a value")
                             : TW_EXIT_USAGE;
            a->engine.cache_entries = (int)x;
        } else {
            return tw_cli_usage_error("serve", "unknown option '%s'", argv[k]);
        }
    }
    return -1;
}

int tw_cli_serve(int argc, char **argv)
{
    serve_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    tw_serve *engine = tw_serve_create(&a.engine);
    if (!engine) {
        fprintf(stderr, "tradewar: error: out of memory\n");
        return TW_EXIT_INTERNAL;
    }
    /* The default world is made before listening, so that the first request is quick and a
     * bad --world fails here, with the command line's message and exit code. */
    tw_serve_request probe = {.kind = TW_SERVE_WORLD};
    snprintf(probe.world, sizeof probe.world, "%s",
             a.engine.default_world ? a.engine.default_world : TW_DEFAULT_WORLD);
    probe.horizon_years = INFINITY;
    tw_buffer b = {0};
    int status = tw_serve_handle(engine, &probe, &b);
    if (status != 200) {
        fprintf(stderr, "%s\n", b.data ? b.data : "tradewar: error: cannot load the world");
        tw_buffer_release(&b);
        tw_serve_free(engine);
        return status == 404 ? TW_EXIT_IO : TW_EXIT_INPUT;
    }
    tw_buffer_release(&b);
    /* Ctrl-C and SIGTERM are taken by this thread only (the server's threads inherit the
     * mask), so that a stop waits for the running requests. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    tw_http *h;
    int loopback;
    char msg[512];
    if (tw_http_start(engine, &a.http, &h, &loopback, msg, sizeof msg)) {
        fprintf(stderr, "tradewar serve: error: %s\n", msg);
        tw_serve_free(engine);
        return TW_EXIT_IO;
    }
    if (!loopback)
        fprintf(stderr, "tradewar serve: warning: listening on %s, which other machines may "
                        "reach: the server has no authentication\n",
                a.http.host);
    int ipv6 = strchr(a.http.host, ':') != NULL;
    printf("tradewar serve: http://%s%s%s:%d/ (world %s; Ctrl-C stops)\n", ipv6 ? "[" : "",
           a.http.host, ipv6 ? "]" : "", tw_http_port(h), probe.world);
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "tradewar serve: stopping\n");
    tw_http_stop(h);
    tw_serve_free(engine);
    return TW_EXIT_OK;
}
