/* SPDX-License-Identifier: MIT */
/* Memory estimates from the dimensions. The large arrays are the [j][n][i] ones (N^2 J
 * entries); the counts below follow the allocations of model/model.c (policies, equilibria,
 * the model) and model/workspace.c (the solver's coefficients and state vectors). A world too
 * large for the machine is refused with a clear message instead of swapping for minutes. */
#include "solve/memory.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"

/* Sizes of the state vector's history and Krylov arrays (model/workspace.c). */
#define KRYLOV 40
#define STATE_VECTORS 16 /* z, gz, f, best, zprev, z0, zstart, zpath, zkeep, gprev, fprev, rhs,
                          * nk_f, nk_dz, nk_zt, nk_ft */

static double nij(tw_dims d) { return (double)d.n * (double)d.n * (double)d.j; }
static double nj(tw_dims d) { return (double)d.n * (double)d.j; }

double tw_memory_policy_bytes(tw_dims d)
{
    /* tariff, iceberg, export tax, quota (doubles) and quota rent holders (bytes). */
    return nij(d) * (4.0 * sizeof(double) + 1.0);
}

double tw_memory_equilibrium_bytes(tw_dims d)
{
    /* pi and the policy in force at most (tariff, export tax, iceberg, quota wedge [j][n][i]
     * and the quota holders, bytes: without export taxes, trade-cost changes or quotas only
     * the tariffs are kept, model/model_internal.h); c, p, x, output [n][j]; eight [n]
     * arrays. */
    return nij(d) * (5.0 * sizeof(double) + 1.0) + nj(d) * 4.0 * sizeof(double) +
           (double)d.n * 8.0 * sizeof(double);
}

double tw_memory_model_bytes(tw_dims d)
{
    /* pi0 [j][n][i], x0 and h [n][j], the input-output structure [n][k][j], the own-only row
     * flags [j][n] (one byte each), the baseline policy (while the baseline is solved) and
     * equilibrium. */
    return nij(d) * sizeof(double) + nj(d) * (2.0 + 2.0 * d.j) * sizeof(double) + nj(d) +
           tw_memory_policy_bytes(d) + tw_memory_equilibrium_bytes(d);
}

double tw_memory_solver_bytes(tw_dims d, int depth)
{
    double dd = depth > 0 ? depth : 1;
    double state = (double)d.n + 2.0 * nj(d);
    /* Coefficients a, b, r, e [j][n][i]; the continuation's policy (made when a path is
     * walked); the map's [n][j] scratch
     * (thirteen arrays, plus the CES shares); the state vectors, the Anderson history (df, dg
     * and the least-squares copy), the LAPACK work array (64 per row) and the Krylov basis. */
    return nij(d) * 4.0 * sizeof(double) + tw_memory_policy_bytes(d) +
           nj(d) * (14.0 + d.j) * sizeof(double) +
           state * (STATE_VECTORS + 3.0 * dd + 64.0 + KRYLOV + 1.0) * sizeof(double);
}

/* Parses "123", "512M", "4G"...; 0 if malformed. */
static double parse_size(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !(v > 0))
        return 0;
    double unit = 1;
    switch (*end) {
    case 'k': case 'K': unit = 1024.0; end++; break;
    case 'm': case 'M': unit = 1024.0 * 1024.0; end++; break;
    case 'g': case 'G': unit = 1024.0 * 1024.0 * 1024.0; end++; break;
    case 't': case 'T': unit = 1024.0 * 1024.0 * 1024.0 * 1024.0; end++; break;
    default: break;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    return *end ? 0 : v * unit;
}

static double mem_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        double kb = 0;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "MemAvailable: %lf kB", &kb) == 1)
                break;
        fclose(f);
        if (kb > 0)
            return kb * 1024.0;
    }
#ifdef _SC_AVPHYS_PAGES
    long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    if (pages > 0 && size > 0)
        return (double)pages * (double)size;
#endif
    return 0;
}

double tw_memory_limit(double limit, const char **source)
{
    const char *src = "memory limit option";
    double v = limit > 0 ? limit : 0;
    if (!(v > 0)) {
        const char *env = getenv("TRADEWAR_MEMORY_LIMIT");
        src = "TRADEWAR_MEMORY_LIMIT";
        v = env && *env ? parse_size(env) : 0;
    }
    if (!(v > 0)) {
        src = "available memory (MemAvailable)";
        v = mem_available();
    }
    if (source)
        *source = src;
    return v;
}

/* Formats a byte count with a binary unit. */
static void human(double bytes, char *buf, size_t size)
{
    const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (bytes >= 1024.0 && u < 5) {
        bytes /= 1024.0;
        u++;
    }
    snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

tw_status tw_memory_check(double need, double limit, tw_dims d, const char *what,
                          tw_error *err)
{
    const char *source;
    double have = tw_memory_limit(limit, &source);
    if (!(have > 0) || need <= have)
        return TW_OK;
    char a[32], b[32];
    human(need, a, sizeof a);
    human(have, b, sizeof b);
    return tw_fail(err, TW_ERR_NOMEM, NULL, 0, 0, NULL,
                   "%s of this world (%d countries x %d sectors) need an estimated %s, more "
                   "than the %s of %s: nothing was allocated (the [sector][importer][exporter] "
                   "arrays grow with countries squared; set TRADEWAR_MEMORY_LIMIT, e.g. 64G, to "
                   "change the limit)",
                   what, d.n, d.j, a, source, b);
}
