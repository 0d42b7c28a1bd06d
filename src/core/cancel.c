/* SPDX-License-Identifier: MIT */
/* The cancellation flag: an atomic int, so that a signal handler or another thread may set it
 * while a computation polls it. */
#include <stdatomic.h>
#include <stdlib.h>

#include "tradewar/core.h"

/* A signal handler may only touch lock-free atomics (C17 7.14.1.1). */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "tw_cancel needs a lock-free atomic int");

struct tw_cancel {
    atomic_int set;
};

tw_cancel *tw_cancel_create(void)
{
    tw_cancel *c = malloc(sizeof *c);
    if (c)
        atomic_init(&c->set, 0);
    return c;
}

void tw_cancel_free(tw_cancel *c) { free(c); }

void tw_cancel_set(tw_cancel *c)
{
    if (c)
        atomic_store(&c->set, 1);
}

void tw_cancel_reset(tw_cancel *c)
{
    if (c)
        atomic_store(&c->set, 0);
}

int tw_cancel_is_set(const tw_cancel *c)
{
    return c ? atomic_load(&((tw_cancel *)c)->set) : 0;
}
