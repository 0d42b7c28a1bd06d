/* SPDX-License-Identifier: MIT */
/* The web server's HTTP side on libmicrohttpd (src/serve/http.h): bodies capped, page files
 * only from the page directory, the Host header checked on loopback (so that another site
 * cannot reach the server through DNS rebinding), JSON errors everywhere. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "serve/http.h"

#include <arpa/inet.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "serve/request.h"

struct tw_http {
    struct MHD_Daemon *d;
    tw_serve *engine;
    char root[PATH_MAX]; /* the page directory, resolved; "" when it does not exist */
    int loopback;
    int port;
};

typedef struct conn {
    tw_buffer body;
    int too_big;
} conn;

static enum MHD_Result reply(struct MHD_Connection *c, int status, tw_buffer *b,
                            const char *type, int api)
{
    /* The buffer's memory goes to the response, which frees it. */
    size_t len = b->len;
    char *data = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    struct MHD_Response *r =
        data ? MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE)
             : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(data);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", api ? "no-store" : "no-cache");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data: blob:; "
                            "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    enum MHD_Result rc = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result send_error(struct MHD_Connection *c, int status, const char *msg)
{
    tw_buffer b = {0};
    tw_serve_error(&b, status, status == 413 ? tw_status_name(TW_ERR_INPUT) : tw_status_name(TW_ERR_USAGE), 2, msg);
    return reply(c, status, &b, "application/json", 1);
}

static const char *content_type(const char *file)
{
    static const char *const map[][2] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".json", "application/json"},
        {".svg", "image/svg+xml"},             {".png", "image/png"},
        {".map", "application/json"},          {".txt", "text/plain; charset=utf-8"},
        {".ico", "image/x-icon"}};
    const char *dot = strrchr(file, '.');
    for (size_t k = 0; dot && k < sizeof map / sizeof *map; k++)
        if (strcmp(dot, map[k][0]) == 0)
            return map[k][1];
    return "application/octet-stream";
}

/* A page file (its name already checked by the request parser), only when its real path is
 * inside the page directory. */
static enum MHD_Result send_file(tw_http *h, struct MHD_Connection *c, const char *file)
{
    char path[PATH_MAX + 300], real[PATH_MAX];
    struct stat sb;
    size_t rl = strlen(h->root);
    snprintf(path, sizeof path, "%s/%s", h->root, file);
    if (!h->root[0] || !realpath(path, real) || strncmp(real, h->root, rl) != 0 ||
        real[rl] != '/' || stat(real, &sb) != 0 || !S_ISREG(sb.st_mode) ||
        sb.st_size > (off_t)256 << 20)
        return send_error(c, 404, h->root[0] ? "no such page"
                                             : "no such page (the page was not built: see "
                                               "docs/page.md)");
    FILE *f = fopen(real, "rb");
    tw_buffer b = {0};
    char chunk[65536];
    size_t got;
    int bad = !f;
    while (!bad && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        bad = tw_buffer_append(&b, chunk, got) != TW_OK;
    if (f) {
        bad |= ferror(f) != 0;
        fclose(f);
    }
    if (bad) {
        tw_buffer_release(&b);
        return send_error(c, 500, "cannot read the page's file");
    }
    return reply(c, 200, &b, content_type(file), 0);
}

/* On loopback, only requests addressed to a loopback name. */
static int host_ok(const tw_http *h, struct MHD_Connection *c)
{
    if (!h->loopback)
        return 1;
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    if (!host)
        return 1; /* HTTP/1.0 without Host: not a browser on another site */
    static const char *const names[] = {"localhost", "127.0.0.1", "[::1]"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t n = strlen(names[k]);
        if (strncasecmp(host, names[k], n) == 0 && (host[n] == '\0' || host[n] == ':'))
            return 1;
    }
    return 0;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    tw_http *h = cls;
    conn *k = *con_cls;
    if (!k) {
        if (!(k = calloc(1, sizeof *k)))
            return MHD_NO;
        *con_cls = k;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > TW_SERVE_MAX_BODY)
            k->too_big = 1;
        if (k->too_big) /* answered at once: the body is not read */
            return send_error(c, 413, "request body larger than 1048576 bytes");
        return MHD_YES;
    }
    if (*upload_size) {
        if (!k->too_big && k->body.len + *upload_size <= TW_SERVE_MAX_BODY) {
            if (tw_buffer_append(&k->body, upload, *upload_size) != TW_OK)
                k->too_big = 1;
        } else {
            k->too_big = 1;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (k->too_big)
        return send_error(c, 413, "request body larger than 1048576 bytes");
    if (!host_ok(h, c))
        return send_error(c, 403, "the server answers requests for localhost only");
    tw_serve_request req;
    char msg[512];
    int status = tw_serve_request_parse(method, url, k->body.data, k->body.len, &req, msg,
                                        sizeof msg);
    enum MHD_Result rc;
    if (status != 200) {
        rc = send_error(c, status, msg);
    } else if (req.kind == TW_SERVE_STATIC) {
        rc = send_file(h, c, req.file);
    } else {
        tw_buffer b = {0};
        status = tw_serve_handle(h->engine, &req, &b);
        rc = reply(c, status, &b, "application/json", 1);
    }
    tw_serve_request_release(&req);
    return rc;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    (void)why;
    conn *k = *con_cls;
    if (k) {
        tw_buffer_release(&k->body);
        free(k);
        *con_cls = NULL;
    }
}

static int resolve(const char *host, int port, struct sockaddr_storage *ss, int *loopback,
                   char *msg, size_t size)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    int rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc || !res) {
        snprintf(msg, size, "--host: cannot resolve '%s': %s", host, gai_strerror(rc));
        return -1;
    }
    memset(ss, 0, sizeof *ss);
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    if (ss->ss_family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;
        a->sin_port = htons((unsigned short)port);
        *loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    } else {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_port = htons((unsigned short)port);
        *loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
    }
    return 0;
}

int tw_http_start(tw_serve *engine, const tw_http_options *o, tw_http **out, int *loopback,
                  char *msg, size_t size)
{
    tw_http *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(msg, size, "out of memory");
        return -1;
    }
    h->engine = engine;
    if (!o->page_dir || !realpath(o->page_dir, h->root))
        h->root[0] = '\0';
    struct sockaddr_storage ss;
    if (resolve(o->host ? o->host : "127.0.0.1", o->port, &ss, &h->loopback, msg, size)) {
        free(h);
        return -1;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    h->d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, answer, h,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads > 0 ? o->threads : 4),
                            MHD_OPTION_CONNECTION_TIMEOUT,
                            (unsigned)(o->timeout_seconds > 0 ? o->timeout_seconds : 30),
                            MHD_OPTION_CONNECTION_LIMIT, 256u,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!h->d) {
        snprintf(msg, size, "cannot listen on %s port %d (in use, or not allowed)",
                 o->host ? o->host : "127.0.0.1", o->port);
        free(h);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port : o->port;
    *loopback = h->loopback;
    *out = h;
    return 0;
}

int tw_http_port(const tw_http *h)
{
    return h->port;
}

void tw_http_stop(tw_http *h)
{
    if (!h)
        return;
    MHD_stop_daemon(h->d);
    free(h);
}
