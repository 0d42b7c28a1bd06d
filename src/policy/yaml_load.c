/* SPDX-License-Identifier: MIT */
/* Loading YAML text into a libyaml document within bounds (src/policy/yaml_load.h): the size
 * check, the pre-scan of flow nesting, and a composer that builds the document from libyaml's
 * events, counting open collections and refusing a second document. */
#include "policy/yaml_load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

static tw_status nomem(tw_error *err)
{
    return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

static tw_status too_deep(const char *name, int line, int col, int max_depth, tw_error *err)
{
    return tw_fail(err, TW_ERR_INPUT, name, line, col, NULL,
                   "lists and mappings nested more than %d deep (the limit; a scenario needs a "
                   "few levels)",
                   max_depth);
}

/* ---- the pre-scan ---- */

/* A cursor over the text with libyaml's positions: lines end at '\n', '\r' or "\r\n";
 * columns count characters (bytes that do not continue a UTF-8 sequence). */
typedef struct cursor {
    const char *s;
    size_t len, at;
    int line, col; /* 1-based, of s[at] */
    char prev;     /* the character before s[at], '\n' at the start */
} cursor;

static int at_end(const cursor *c) { return c->at >= c->len; }
static char cur(const cursor *c) { return at_end(c) ? '\0' : c->s[c->at]; }
static char next(const cursor *c) { return c->at + 1 < c->len ? c->s[c->at + 1] : '\0'; }
static int blank(char ch) { return ch == ' ' || ch == '\t'; }
static int eol(char ch) { return ch == '\n' || ch == '\r' || ch == '\0'; }
static int blank_or_eol(char ch) { return blank(ch) || eol(ch); }

static void step(cursor *c)
{
    char ch = c->s[c->at++];
    if (ch == '\n' || (ch == '\r' && cur(c) != '\n')) {
        c->line++;
        c->col = 1;
    } else if (((unsigned char)ch & 0xC0) != 0x80 && ch != '\r') {
        c->col++;
    }
    c->prev = ch;
}

static void skip_line(cursor *c)
{
    while (!at_end(c) && !eol(cur(c)))
        step(c);
}

/* Skips a quoted scalar from its opening quote (it may span lines). */
static void skip_quoted(cursor *c)
{
    char q = cur(c);
    step(c);
    while (!at_end(c)) {
        char ch = cur(c);
        if (q == '"' && ch == '\\' && c->at + 1 < c->len) {
            step(c);
        } else if (ch == q) {
            step(c);
            if (q == '\'' && cur(c) == '\'') /* '' is a quote inside single quotes */
                step(c);
            else
                return;
            continue;
        }
        step(c);
    }
}

/* A flow collection from its opening bracket to the one that closes it: brackets outside
 * quoted scalars and comments count. Fails past max_depth levels. */
static tw_status scan_flow(cursor *c, const char *name, int max_depth, tw_error *err)
{
    int depth = 0;
    while (!at_end(c)) {
        char ch = cur(c);
        if (ch == '[' || ch == '{') {
            if (++depth > max_depth)
                return too_deep(name, c->line, c->col, max_depth, err);
        } else if (ch == ']' || ch == '}') {
            if (--depth == 0) {
                step(c);
                return TW_OK;
            }
        } else if ((ch == '"' || ch == '\'') && strchr(" \t\r\n[{,:", c->prev)) {
            skip_quoted(c); /* a quote starts a scalar only at the start of one */
            continue;
        } else if (ch == '#' && blank_or_eol(c->prev)) {
            skip_line(c);
            continue;
        }
        step(c);
    }
    return TW_OK;
}

/* Skips a block scalar (after `|` or `>`): the rest of its line, then every line that is
 * blank or indented more than the line it started on. */
static void skip_block_scalar(cursor *c, int indent)
{
    skip_line(c);
    for (;;) {
        size_t save_at = c->at;
        int save_line = c->line, save_col = c->col;
        char save_prev = c->prev;
        if (at_end(c))
            return;
        step(c); /* the line break */
        int n = 0;
        while (cur(c) == ' ') {
            step(c);
            n++;
        }
        if (eol(cur(c)) && !at_end(c))
            continue; /* a blank line belongs to the scalar */
        if (n <= indent || at_end(c)) {
            c->at = save_at; /* the scalar ended before this line */
            c->line = save_line;
            c->col = save_col;
            c->prev = save_prev;
            return;
        }
        skip_line(c);
    }
}

/* One line in block context, from its first character: indicators ("- ", "? ", ": ")
 * introduce nodes; a node that starts with a bracket is a flow collection, one that starts
 * with a quote a quoted scalar, `|` or `>` a block scalar, `#` a comment; any other text is a
 * plain scalar or key, in which brackets mean nothing. */
static tw_status scan_block_line(cursor *c, const char *name, int max_depth, tw_error *err)
{
    int indent = 0;
    while (cur(c) == ' ') {
        step(c);
        indent++;
    }
    if (c->col == 1 && cur(c) == '%') { /* a directive */
        skip_line(c);
        return TW_OK;
    }
    if (indent == 0 && c->at + 3 <= c->len &&
        (strncmp(c->s + c->at, "---", 3) == 0 || strncmp(c->s + c->at, "...", 3) == 0) &&
        blank_or_eol(c->at + 3 < c->len ? c->s[c->at + 3] : '\0')) {
        for (int k = 0; k < 3; k++)
            step(c);
    }
    int node_start = 1;
    while (!at_end(c) && !eol(cur(c))) {
        char ch = cur(c);
        if (blank(ch)) {
            step(c);
        } else if (ch == '#' && blank_or_eol(c->prev)) {
            skip_line(c);
        } else if ((ch == '-' || ch == '?' || ch == ':') && blank_or_eol(next(c)) &&
                   (node_start || ch == ':')) {
            step(c);
            node_start = 1;
        } else if (!node_start) {
            step(c); /* inside a plain scalar or key */
        } else if (ch == '[' || ch == '{') {
            tw_status st = scan_flow(c, name, max_depth, err);
            if (st)
                return st;
            node_start = 0;
        } else if (ch == '"' || ch == '\'') {
            skip_quoted(c);
            node_start = 0;
        } else if (ch == '|' || ch == '>') {
            skip_block_scalar(c, indent);
            return TW_OK;
        } else if (ch == '&' || ch == '!') { /* an anchor or a tag before the node */
            while (!at_end(c) && !blank_or_eol(cur(c)))
                step(c);
        } else {
            step(c);
            node_start = 0;
        }
    }
    return TW_OK;
}

/* Fails if flow collections are nested more than max_depth deep anywhere in the text. */
static tw_status prescan(const char *name, const char *data, size_t len, int max_depth,
                         tw_error *err)
{
    cursor c = {data, len, 0, 1, 1, '\n'};
    while (!at_end(&c)) {
        tw_status st = scan_block_line(&c, name, max_depth, err);
        if (st)
            return st;
        if (!at_end(&c))
            step(&c); /* the line break */
    }
    return TW_OK;
}

/* ---- composing the document from events ---- */

typedef struct anchor {
    char *name;
    int id;
    yaml_mark_t mark;
} anchor;

typedef struct composer {
    const char *name;
    tw_error *err;
    yaml_document_t *doc;
    int max_depth, depth;
    int *open; /* [max_depth] node ids of the open collections, outermost first */
    int *key;  /* [max_depth] an open mapping's key waiting for its value, 0 if none */
    anchor *anchors;
    int nanchors, cap;
} composer;

static tw_status invalid(composer *k, yaml_mark_t mark, const char *fmt, ...) TW_PRINTF(3, 4);
static tw_status invalid(composer *k, yaml_mark_t mark, const char *fmt, ...)
{
    char what[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return tw_fail(k->err, TW_ERR_INPUT, k->name, (int)mark.line + 1, (int)mark.column + 1, NULL,
                   "invalid YAML: %s", what);
}

/* Puts node id into the innermost open collection (nothing for the root). */
static tw_status attach(composer *k, int id)
{
    if (k->depth == 0)
        return TW_OK;
    int parent = k->open[k->depth - 1];
    yaml_node_t *p = yaml_document_get_node(k->doc, parent);
    int ok;
    if (p->type == YAML_SEQUENCE_NODE) {
        ok = yaml_document_append_sequence_item(k->doc, parent, id);
    } else if (!k->key[k->depth - 1]) {
        k->key[k->depth - 1] = id;
        ok = 1;
    } else {
        ok = yaml_document_append_mapping_pair(k->doc, parent, k->key[k->depth - 1], id);
        k->key[k->depth - 1] = 0;
    }
    return ok ? TW_OK : nomem(k->err);
}

static tw_status remember(composer *k, const yaml_char_t *name, int id, yaml_mark_t mark)
{
    if (!name)
        return TW_OK;
    for (int a = 0; a < k->nanchors; a++)
        if (strcmp(k->anchors[a].name, (const char *)name) == 0)
            return invalid(k, mark, "found duplicate anchor '&%s' (first at line %d, column %d)",
                           (const char *)name, (int)k->anchors[a].mark.line + 1,
                           (int)k->anchors[a].mark.column + 1);
    if (k->nanchors == k->cap) {
        int cap = k->cap ? 2 * k->cap : 16;
        anchor *na = realloc(k->anchors, (size_t)cap * sizeof *na);
        if (!na)
            return nomem(k->err);
        k->anchors = na;
        k->cap = cap;
    }
    anchor *a = &k->anchors[k->nanchors];
    if (!(a->name = strdup((const char *)name)))
        return nomem(k->err);
    a->id = id;
    a->mark = mark;
    k->nanchors++;
    return TW_OK;
}

/* libyaml's non-specific tag "!" is no tag (the default one), as yaml_parser_load has it. */
static const yaml_char_t *tag_of(const yaml_char_t *tag)
{
    return tag && strcmp((const char *)tag, "!") == 0 ? NULL : tag;
}

/* Adds the node an event starts (scalar, sequence or mapping) with its position. */
static tw_status add_node(composer *k, const yaml_event_t *ev)
{
    int id;
    const yaml_char_t *anchor_name;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        id = yaml_document_add_scalar(k->doc, tag_of(ev->data.scalar.tag), ev->data.scalar.value,
                                      (int)ev->data.scalar.length, ev->data.scalar.style);
        anchor_name = ev->data.scalar.anchor;
        break;
    case YAML_SEQUENCE_START_EVENT:
        id = yaml_document_add_sequence(k->doc, tag_of(ev->data.sequence_start.tag),
                                        ev->data.sequence_start.style);
        anchor_name = ev->data.sequence_start.anchor;
        break;
    default:
        id = yaml_document_add_mapping(k->doc, tag_of(ev->data.mapping_start.tag),
                                       ev->data.mapping_start.style);
        anchor_name = ev->data.mapping_start.anchor;
        break;
    }
    if (!id)
        return nomem(k->err);
    yaml_node_t *node = yaml_document_get_node(k->doc, id);
    node->start_mark = ev->start_mark;
    node->end_mark = ev->end_mark;
    tw_status st = remember(k, anchor_name, id, ev->start_mark);
    if (st || (st = attach(k, id)))
        return st;
    if (ev->type == YAML_SCALAR_EVENT)
        return TW_OK;
    /* A collection opens: the depth is counted here, before libyaml reads deeper. */
    if (k->depth == k->max_depth)
        return too_deep(k->name, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
                        k->max_depth, k->err);
    k->open[k->depth] = id;
    k->key[k->depth] = 0;
    k->depth++;
    return TW_OK;
}

static tw_status add_alias(composer *k, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    for (int a = k->nanchors - 1; a >= 0; a--)
        if (strcmp(k->anchors[a].name, name) == 0)
            return attach(k, k->anchors[a].id);
    return invalid(k, ev->start_mark, "found undefined alias");
}

/* One event; *docs counts the documents begun, *done is set at the end of the stream. */
static tw_status compose(composer *k, const yaml_event_t *ev, int *docs, int *done)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (*docs)
            return tw_fail(k->err, TW_ERR_INPUT, k->name, (int)ev->start_mark.line + 1,
                           (int)ev->start_mark.column + 1, NULL,
                           "a second YAML document starts here, but the file must hold one "
                           "(remove this document or make it a file of its own)");
        if (!yaml_document_initialize(k->doc, NULL, NULL, NULL, 1, 1))
            return nomem(k->err);
        (*docs)++;
        return TW_OK;
    case YAML_SCALAR_EVENT:
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: return add_node(k, ev);
    case YAML_ALIAS_EVENT: return add_alias(k, ev);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        k->depth--;
        yaml_document_get_node(k->doc, k->open[k->depth])->end_mark = ev->end_mark;
        return TW_OK;
    case YAML_STREAM_END_EVENT: *done = 1; return TW_OK;
    default: return TW_OK; /* stream start, document end */
    }
}

/* Reads every event of the parser's text into k->doc. */
static tw_status compose_all(composer *k, yaml_parser_t *parser)
{
    int docs = 0, done = 0;
    tw_status st = TW_OK;
    while (!st && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(parser, &ev)) {
            if (parser->error == YAML_MEMORY_ERROR)
                st = nomem(k->err);
            else
                st = tw_fail(k->err, TW_ERR_INPUT, k->name, (int)parser->problem_mark.line + 1,
                             (int)parser->problem_mark.column + 1, NULL, "invalid YAML: %s%s%s",
                             parser->problem ? parser->problem : "syntax error",
                             parser->context ? " " : "", parser->context ? parser->context : "");
            break;
        }
        st = compose(k, &ev, &docs, &done);
        yaml_event_delete(&ev);
    }
    if (!docs && !st)
        memset(k->doc, 0, sizeof *k->doc); /* no document: an empty one, as libyaml has it */
    else if (docs && st)
        yaml_document_delete(k->doc);
    return st;
}

/* The line and column of byte `at` of data (as libyaml counts them). */
static void position(const char *data, size_t at, int *line, int *col)
{
    cursor c = {data, at, 0, 1, 1, '\n'};
    while (!at_end(&c))
        step(&c);
    *line = c.line;
    *col = c.col;
}

tw_status tw_yaml_load(const char *name, const char *data, size_t len, size_t max_bytes,
                       int max_depth, yaml_document_t *doc, tw_error *err)
{
    if (len > max_bytes) {
        int line, col;
        position(data, max_bytes, &line, &col);
        return tw_fail(err, TW_ERR_INPUT, name, line, col, NULL,
                       "file too large: it goes on past %zu bytes, the limit", max_bytes);
    }
    tw_status st = prescan(name, data, len, max_depth, err);
    if (st)
        return st;
    composer k = {name, err, doc, max_depth, 0, NULL, NULL, NULL, 0, 0};
    k.open = malloc((size_t)(max_depth > 0 ? max_depth : 1) * sizeof *k.open);
    k.key = malloc((size_t)(max_depth > 0 ? max_depth : 1) * sizeof *k.key);
    yaml_parser_t parser;
    if (!k.open || !k.key || !yaml_parser_initialize(&parser)) {
        free(k.open);
        free(k.key);
        return nomem(err);
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    st = compose_all(&k, &parser);
    yaml_parser_delete(&parser);
    for (int a = 0; a < k.nanchors; a++)
        free(k.anchors[a].name);
    free(k.anchors);
    free(k.open);
    free(k.key);
    return st;
}
