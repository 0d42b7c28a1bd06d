/* SPDX-License-Identifier: MIT */
/* The provenance table of a policy (model/provenance.h). */
#include "model/provenance.h"

#include <stdlib.h>
#include <string.h>

static size_t entries(const tw_policy *p) { return (size_t)p->d.n * p->d.n * p->d.j; }

void tw_provenance_free(struct tw_provenance *t)
{
    if (!t)
        return;
    for (int k = 0; k < t->n; k++) {
        free(t->src[k].file);
        free(t->src[k].field);
    }
    free(t->src);
    for (int k = 0; k < TW_PROV_KINDS; k++)
        free(t->entry[k]);
    free(t);
}

int tw_provenance_source(tw_policy *p, const char *file, int line, int column,
                         const char *field)
{
    if (!p->prov && !(p->prov = calloc(1, sizeof *p->prov)))
        return -1;
    struct tw_provenance *t = p->prov;
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 16;
        tw_prov_source *ns = realloc(t->src, (size_t)cap * sizeof *ns);
        if (!ns)
            return -1;
        t->src = ns;
        t->cap = cap;
    }
    tw_prov_source *s = &t->src[t->n];
    s->file = strdup(file ? file : "");
    s->field = strdup(field ? field : "");
    if (!s->file || !s->field) {
        free(s->file);
        free(s->field);
        return -1;
    }
    s->line = line;
    s->column = column;
    return t->n++;
}

int tw_provenance_mark(tw_policy *p, tw_prov_kind kind, size_t at, int src)
{
    struct tw_provenance *t = p->prov;
    if (!t || src < 0)
        return -1;
    if (!t->entry[kind]) {
        size_t len = entries(p);
        /* Zero pages until written: a shock that sets a few entries costs a few pages. */
        if (!(t->entry[kind] = calloc(len, sizeof(int))))
            return -1;
    }
    t->entry[kind][at] = src + 1;
    return 0;
}

int tw_provenance_index(const tw_policy *p, tw_prov_kind kind, size_t at)
{
    const struct tw_provenance *t = p->prov;
    return t && t->entry[kind] ? t->entry[kind][at] - 1 : -1;
}

const tw_prov_source *tw_provenance_of(const tw_policy *p, tw_prov_kind kind, size_t at)
{
    int k = tw_provenance_index(p, kind, at);
    return k >= 0 ? &p->prov->src[k] : NULL;
}

void tw_provenance_restore(tw_policy *dst, const tw_policy *src, size_t at)
{
    if (!dst->prov)
        return;
    for (int k = 0; k < TW_PROV_KINDS; k++)
        if (dst->prov->entry[k])
            dst->prov->entry[k][at] = tw_provenance_index(src, (tw_prov_kind)k, at) + 1;
}

int tw_provenance_copy(tw_policy *dst, const tw_policy *src)
{
    tw_provenance_free(dst->prov);
    dst->prov = NULL;
    const struct tw_provenance *s = src->prov;
    if (!s)
        return 0;
    struct tw_provenance *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    dst->prov = t;
    if (s->n && !(t->src = calloc((size_t)s->n, sizeof *t->src)))
        goto fail;
    t->cap = s->n;
    for (int k = 0; k < s->n; k++) {
        t->src[k] = s->src[k];
        t->src[k].file = strdup(s->src[k].file);
        t->src[k].field = strdup(s->src[k].field);
        t->n = k + 1;
        if (!t->src[k].file || !t->src[k].field)
            goto fail;
    }
    size_t len = entries(src);
    for (int k = 0; k < TW_PROV_KINDS; k++) {
        if (!s->entry[k])
            continue;
        if (!(t->entry[k] = malloc(len * sizeof(int))))
            goto fail;
        memcpy(t->entry[k], s->entry[k], len * sizeof(int));
    }
    return 0;
fail:
    tw_provenance_free(t);
    dst->prov = NULL;
    return -1;
}
