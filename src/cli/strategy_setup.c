/* SPDX-License-Identifier: MIT */
/* Games among players for the talks and enforce commands: instruments on each other, and the
 * threat point (the Nash war among them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/strategy_cli.h"

void tw_sc_bilateral_instruments(const tw_sc_common *c, const int *players, int np,
                                 int (*partners)[TW_SC_MAX_PLAYERS], tw_instrument *ins)
{
    for (int p = 0; p < np; p++) {
        int k = 0;
        for (int q = 0; q < np; q++)
            if (q != p)
                partners[p][k++] = players[q];
        ins[p] = (tw_instrument){.country = players[p], .kind = c->kind,
                                 .partners = partners[p], .n_partners = k,
                                 .services = c->services, .upper = c->max_rate};
    }
}
