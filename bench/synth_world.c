/* SPDX-License-Identifier: MIT */
/* Writes a synthetic world of N countries and J sectors (gravity-like flows from a fixed
 * pseudo-random sequence, tariffs, value-added and input-output shares) and a tariff shock,
 * for the peak-memory benchmark of large worlds (bench/peak_memory.sh): the data are not meant
 * to describe any economy, only to have the shape of one (every bilateral-sector flow
 * positive, domestic sales largest, 70% value added).
 *
 * Usage: synth_world DIR N J  (DIR is created; files: world.csv, countries.csv, sectors.csv,
 * flows.csv, tariffs.csv, value_added.csv, io.csv, and DIR/shock.csv: country C0000 raises its
 * tariffs on C0001 by 25 points in every sector). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t state = 0x9e3779b97f4a7c15u;

/* A uniform draw in [0, 1) (splitmix64). */
static double uniform(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "synth_world: cannot write %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return f;
}

static void done(FILE *f)
{
    if (ferror(f) || fclose(f)) {
        fprintf(stderr, "synth_world: write error\n");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: synth_world DIR N J\n");
        return 2;
    }
    const char *dir = argv[1];
    int n = atoi(argv[2]), j = atoi(argv[3]);
    if (n < 2 || n > 9999 || j < 1 || j > 999) {
        fprintf(stderr, "synth_world: N in [2, 9999], J in [1, 999]\n");
        return 2;
    }
    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "synth_world: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    FILE *f = open_in(dir, "world.csv");
    fprintf(f, "key,value\nname,synth%dx%d\nunit,USD million\ndescription,synthetic world "
               "of %d countries and %d sectors (bench/synth_world.c)\n",
            n, j, n, j);
    done(f);
    f = open_in(dir, "countries.csv");
    fprintf(f, "code,name\n");
    for (int c = 0; c < n; c++)
        fprintf(f, "C%04d,Country %d\n", c, c);
    done(f);
    f = open_in(dir, "sectors.csv");
    fprintf(f, "code,name,theta,goods\n");
    for (int s = 0; s < j; s++)
        fprintf(f, "S%03d,Sector %d,%.2f,%d\n", s, s, 2.0 + 8.0 * uniform(), s < (3 * j) / 4);
    done(f);
    /* Country sizes and positions on a line: flows fall with distance. */
    double *size = malloc((size_t)n * sizeof *size), *pos = malloc((size_t)n * sizeof *pos);
    if (!size || !pos)
        return 1;
    for (int c = 0; c < n; c++) {
        size[c] = 1.0 + 99.0 * uniform() * uniform();
        pos[c] = uniform();
    }
    f = open_in(dir, "flows.csv");
    FILE *t = open_in(dir, "tariffs.csv");
    fprintf(f, "exporter,importer,sector,value\n");
    fprintf(t, "importer,exporter,sector,rate\n");
    for (int e = 0; e < n; e++)
        for (int i = 0; i < n; i++)
            for (int s = 0; s < j; s++) {
                double dist = e == i ? 0.02 : 0.05 + (pos[e] > pos[i] ? pos[e] - pos[i]
                                                                       : pos[i] - pos[e]);
                double v = size[e] * size[i] * (0.5 + uniform()) / (dist * dist) *
                           (e == i ? 20.0 : 1.0);
                fprintf(f, "C%04d,C%04d,S%03d,%.6f\n", e, i, s, v);
                if (e != i && s < (3 * j) / 4)
                    fprintf(t, "C%04d,C%04d,S%03d,%.4f\n", i, e, s, 0.1 * uniform());
            }
    done(f);
    done(t);
    f = open_in(dir, "value_added.csv");
    t = open_in(dir, "io.csv");
    fprintf(f, "country,sector,share\n");
    fprintf(t, "country,input_sector,using_sector,share\n");
    for (int c = 0; c < n; c++)
        for (int s = 0; s < j; s++) {
            fprintf(f, "C%04d,S%03d,0.7\n", c, s);
            for (int k = 0; k < j; k++)
                fprintf(t, "C%04d,S%03d,S%03d,%.17g\n", c, k, s, 0.3 / j);
        }
    done(f);
    done(t);
    f = open_in(dir, "shock.csv");
    fprintf(f, "importer,exporter,sector,tariff\n");
    for (int s = 0; s < (3 * j) / 4; s++)
        fprintf(f, "C0000,C0001,S%03d,0.25\n", s);
    done(f);
    free(size);
    free(pos);
    return 0;
}
