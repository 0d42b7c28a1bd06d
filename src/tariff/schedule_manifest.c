/* SPDX-License-Identifier: MIT */
/* A schedule's manifest (docs/tariff-schedules.md): the files that make one schedule, in the order
 * they must be read (concordance, trade lines, the lists directory, action files), with paths
 * relative to the manifest's directory. */
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "data/csv.h"
#include "tariff/schedule_internal.h"

static void resolve(const char *manifest, const char *rel, char *out, size_t size)
{
    const char *slash = strrchr(manifest, '/');
    if (rel[0] == '/' || !slash)
        snprintf(out, size, "%s", rel);
    else
        snprintf(out, size, "%.*s/%s", (int)(slash - manifest), manifest, rel);
}

tw_status tw_schedule_read_manifest(tw_schedule *s, const char *path, tw_error *err)
{
    if (!s || !path)
        return tw_fail(err, TW_ERR_USAGE, NULL, 0, 0, NULL, "tw_schedule_read_manifest: NULL");
    tw_csv *csv = NULL;
    tw_status st = tw_csv_open(path, &csv, err);
    if (st)
        return st;
    const tw_csv_column cols[] = {{"kind", 1}, {"importer", 1}, {"path", 1}, {"scale", 0}};
    int ix[4], has = 0;
    char lists[1024] = "", file[1024];
    st = tw_csv_header(csv, cols, 4, ix, err);
    while (!st && !(st = tw_csv_next(csv, &has, err)) && has) {
        const char *kind = tw_csv_get(csv, ix[0]), *imp = tw_csv_get(csv, ix[1]);
        resolve(path, tw_csv_get(csv, ix[2]), file, sizeof file);
        if (!*tw_csv_get(csv, ix[2]))
            st = tw_csv_fail(csv, ix[2], err, "expected a path");
        else if (strcmp(kind, "concordance") == 0)
            st = tw_schedule_read_concordance(s, file, err);
        else if (strcmp(kind, "lines") == 0) {
            double scale = 1.0;
            if (ix[3] >= 0 && *tw_csv_get(csv, ix[3]))
                st = tw_csv_number(csv, ix[3], &scale, err);
            if (!st && !(scale > 0))
                st = tw_csv_fail(csv, ix[3], err, "scale must be positive");
            if (!st && !*imp)
                st = tw_csv_fail(csv, ix[1], err, "trade lines need their importer");
            if (!st)
                st = tw_schedule_read_lines(s, imp, file, scale, err);
        } else if (strcmp(kind, "lists") == 0)
            snprintf(lists, sizeof lists, "%s", file);
        else if (strcmp(kind, "actions") == 0)
            st = tw_schedule_read_actions(s, file, *lists ? lists : NULL, err);
        else
            st = tw_csv_fail(csv, ix[0], err,
                             "unknown kind '%.20s' (concordance, lines, lists or actions)", kind);
        if (st == TW_ERR_USAGE) /* out of order: the manifest's fault, at this row */
            st = tw_csv_fail(csv, ix[0], err,
                             "out of order: the concordance first, then lines, then actions");
    }
    tw_csv_close(csv);
    return st;
}
