/* SPDX-License-Identifier: MIT */
/* Internals of the product-level tariff schedules (include/tradewar/schedule.h). */
#ifndef TW_TARIFF_SCHEDULE_INTERNAL_H
#define TW_TARIFF_SCHEDULE_INTERNAL_H

#include <stdint.h>

#include "tradewar/schedule.h"

#define TW_HS_LEN 11 /* up to ten digits and a NUL */
#define TW_CODE_LEN 8

typedef enum sched_kind { SCHED_RATE = 0, SCHED_EXEMPT = 1, SCHED_SUPERSEDES = 2 } sched_kind;

/* A sorted set of HS prefixes (2, 4, 6, 8 or 10 digits). */
typedef struct sched_codes {
    int n;
    char (*code)[TW_HS_LEN];
} sched_codes;

typedef struct sched_list {
    char name[64];
    sched_codes codes;
    unsigned char *hit; /* [line]: the line's code is in the list (made at first use) */
} sched_list;

typedef struct sched_action {
    int date;
    int until; /* first day no longer covered; INT32_MAX when open */
    char importer[TW_CODE_LEN];
    int all_exporters;
    int n_exporters;
    char (*exporter)[TW_CODE_LEN];
    int authority;
    int over; /* SCHED_SUPERSEDES: the authority superseded */
    sched_kind kind;
    int all_products;
    sched_codes inline_codes; /* owned */
    int list;                 /* index into lists, -1 for inline codes or all */
    double rate;              /* percent */
    double share;             /* fraction of a line covered, 0..1 */
    int inclusive;            /* rate includes the line's baseline rate */
    int specificity;          /* 2 (names exporters) + 1 (names products) */
    char source[120];         /* the row's source column (legal reference), may be empty */
    int file;                 /* index into files */
    int line;
    int *match; /* indices of matching trade lines */
    long n_match;
} sched_action;

typedef struct sched_line {
    int importer; /* index into countries */
    int exporter;
    int sector; /* -1 when the HS6 maps to none */
    char hs[TW_HS_LEN];
    double value;
    double duty; /* -1 when the file gives none */
} sched_line;

struct tw_schedule {
    /* concordance */
    int n_hs6;
    char (*hs6)[7]; /* sorted */
    int *hs6_sector;
    int n_sectors;
    char (*sector)[16];
    /* countries seen in lines and actions */
    int n_countries, cap_countries;
    char (*country)[TW_CODE_LEN];
    /* trade lines */
    long n_lines, cap_lines;
    sched_line *lines;
    /* authorities */
    int n_auth;
    char auth[TW_SCHEDULE_MAX_AUTHORITIES][32];
    /* lists and actions */
    int n_lists, cap_lists;
    sched_list *lists;
    int n_actions, cap_actions;
    sched_action *actions;
    int n_files;
    char (*files)[512];
};

struct tw_schedule_rates {
    const tw_schedule *s;
    int date;
    int n_auth;
    double *part; /* [line * n_auth + a], percent */
    double *total;
};

/* Index of country code c, added if absent; -1 on allocation failure. */
int tw_sched_country(tw_schedule *s, const char *c);
/* Index of country code c, -1 if unknown. */
int tw_sched_country_find(const tw_schedule *s, const char *c);
/* Index of the sector of the HS6 prefix of hs, -1 if the HS6 is not in the concordance or maps
 * to no sector; *known (may be NULL) is 1 if the HS6 is in the concordance. */
int tw_sched_sector_of(const tw_schedule *s, const char *hs, int *known);
/* 1 if code (2-10 digits, even length) begins some HS6 of the concordance. */
int tw_sched_code_known(const tw_schedule *s, const char *code);
/* 1 if the line code hs matches the set (some element is a prefix of hs). */
int tw_sched_codes_match(const sched_codes *set, const char *hs);
/* Sorts and removes duplicates. */
void tw_sched_codes_sort(sched_codes *set);
/* Index of list name, reading list_dir/name.csv if not yet read. */
tw_status tw_sched_list_get(tw_schedule *s, const char *list_dir, const char *name, int *index,
                            const char *from_file, int line, int col, tw_error *err);
/* Parses an HS code field: digits and dots; dots removed; even length 2..10. @return 0 ok. */
int tw_sched_parse_code(const char *text, char out[TW_HS_LEN]);

/* tw_schedule_read_actions on a buffer; name is used in messages (fuzz target, tests). */
tw_status tw_sched_read_actions_buffer(tw_schedule *s, const char *name, const char *data,
                                       size_t len, const char *list_dir, tw_error *err);

/* Resolves the rate of one line given the actions that match it (applied in any order). */
typedef struct sched_state {
    double rate[TW_SCHEDULE_MAX_AUTHORITIES];
    int date[TW_SCHEDULE_MAX_AUTHORITIES];
    int spec[TW_SCHEDULE_MAX_AUTHORITIES];
    uint32_t exempt;
    uint32_t supersedes[TW_SCHEDULE_MAX_AUTHORITIES];
} sched_state;
void tw_sched_state_init(sched_state *st);
void tw_sched_state_apply(sched_state *st, const sched_action *a, int date, double base_pct);
/* Writes n_auth parts and returns their sum. */
double tw_sched_state_finish(const sched_state *st, int n_auth, double *parts);

#endif
