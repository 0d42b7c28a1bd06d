/* SPDX-License-Identifier: MIT */
/* Fuzz target: the web server's request parser (src/serve/request.c, src/serve/json_in.c).
 * The input's first line is "METHOD PATH", the rest the body. Every input is either a checked
 * request or an HTTP error status with a sentence; never a crash, and a page file never
 * leaves the page directory. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nl = memchr(text, '\n', size);
    size_t head = nl ? (size_t)(nl - text) : size;
    char line[512], method[16] = "GET", path[500] = "/";
    if (head >= sizeof line)
        head = sizeof line - 1;
    memcpy(line, text, head);
    line[head] = '\0';
    if (strlen(line) != head) /* a NUL in the request line: MHD never passes one */
        return 0;
    char *sp = strchr(line, ' ');
    if (sp) {
        *sp = '\0';
        size_t ml = strlen(line), pl = strlen(sp + 1);
        ml = ml < sizeof method ? ml : sizeof method - 1;
        pl = pl < sizeof path ? pl : sizeof path - 1;
        memcpy(method, line, ml);
        method[ml] = '\0';
        memcpy(path, sp + 1, pl);
        path[pl] = '\0';
    }
    const char *body = nl ? nl + 1 : NULL;
    size_t len = nl ? size - head - 1 : 0;
    if (nl && (size_t)(nl - text) >= sizeof line) { /* a long first line: all of it is body */
        body = text;
        len = size;
    }
    tw_serve_request req;
    char msg[512];
    int st = tw_serve_request_parse(method, path, body, len, &req, msg, sizeof msg);
    if (st != 200 && st != 400 && st != 404 && st != 405 && st != 413 && st != 500)
        abort();
    if (st != 200 && !msg[0])
        abort(); /* every error says why */
    if (st == 200) {
        if (req.kind == TW_SERVE_STATIC &&
            (req.file[0] == '/' || req.file[0] == '.' || strstr(req.file, "/.") ||
             strstr(req.file, "//"))) /* no segment "..", ".x" or empty */
            abort();
        /* A solve has a shock, except at a scenario step (its policy as it is). */
        if (req.kind == TW_SERVE_SOLVE && (req.shock ? strlen(req.shock) > req.shock_len
                                                     : !req.has_step))
            abort();
        if (req.has_step && (!req.scenario[0] == !req.scenario_text ||
                             (req.step_index < 0 && strlen(req.step_date) != 10)))
            abort();
        if (!(req.risk_aversion >= 0 && req.risk_aversion <= 100)) /* run's --risk-aversion */
            abort();
        if ((req.kind == TW_SERVE_RUN || req.kind == TW_SERVE_BRIEF) &&
            !req.scenario[0] == !req.scenario_text)
            abort();
        if (req.world[0] && !tw_serve_name_ok(req.world))
            abort();
        if (req.kind == TW_SERVE_JOBS &&
            (strspn(req.job_id, "0123456789") != strlen(req.job_id) ||
             (req.job_result && !req.job_id[0]) ||
             (strcmp(req.method, "POST") == 0) != (req.job_body != NULL) ||
             (req.job_body && strlen(req.job_body) > req.job_len)))
            abort(); /* jobs: a numeric id; a POST's body kept whole */
    }
    tw_serve_request_release(&req);
    return 0;
}
