/* SPDX-License-Identifier: MIT */
/* R bindings of tradewar: the library's JSON documents as R objects, without a JSON package.
 * The documents are written by the library (docs/json.md): valid JSON, numbers with the fewest
 * digits that read back as the same double. Objects become named lists; arrays of scalars
 * atomic vectors (null as NA); arrays of objects with the same keys data frames whose columns
 * are those keys (a column of scalars atomic, else a list column); other arrays lists.
 * Numbers are read with strtod (correctly rounded in glibc), so every double is the one the
 * library printed. */
#include <stdlib.h>
#include <string.h>

#include "tw_r.h"

typedef struct jp {
    const char *p, *end;
    const char *error; /* first error, or NULL */
    /* A named list (or R_NilValue): the values of the top-level keys it names are skipped
     * (checked, not read) and replaced by its elements. */
    SEXP subst;
} jp;

static void skip_ws(jp *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
        j->p++;
}

static SEXP parse_value(jp *j, int depth);

/* Appends code point cp as UTF-8 to out (room for 4 bytes). @return bytes written. */
static int utf8_put(unsigned long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int hex4(const char *s, unsigned long *out)
{
    unsigned long v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned long)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned long)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned long)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

/* A string at j->p (after its opening quote) as a CHARSXP. */
static SEXP parse_string(jp *j)
{
    const char *s = j->p;
    size_t cap = 0;
    int escaped = 0;
    while (s + cap < j->end && s[cap] != '"') {
        escaped |= s[cap] == '\\';
        cap += s[cap] == '\\' ? 2 : 1;
    }
    if (!escaped && s + cap < j->end) { /* the common case: no escapes, no copy */
        j->p = s + cap + 1;
        return Rf_mkCharLenCE(s, (int)cap, CE_UTF8);
    }
    char *buf = R_alloc(cap + 1, 1); /* decoding never grows a string */
    size_t n = 0;
    while (j->p < j->end && *j->p != '"') {
        char c = *j->p++;
        if (c != '\\') {
            buf[n++] = c;
            continue;
        }
        if (j->p >= j->end)
            break;
        c = *j->p++;
        switch (c) {
        case 'n': buf[n++] = '\n'; break;
        case 't': buf[n++] = '\t'; break;
        case 'r': buf[n++] = '\r'; break;
        case 'b': buf[n++] = '\b'; break;
        case 'f': buf[n++] = '\f'; break;
        case 'u': {
            unsigned long cp, lo;
            if (j->end - j->p < 4 || hex4(j->p, &cp)) {
                j->error = "bad \\u escape";
                return NA_STRING;
            }
            j->p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && j->end - j->p >= 6 && j->p[0] == '\\' &&
                j->p[1] == 'u' && !hex4(j->p + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                j->p += 6;
            }
            n += (size_t)utf8_put(cp, buf + n);
            break;
        }
        default: buf[n++] = c; /* \" \\ \/ */
        }
    }
    if (j->p >= j->end) {
        j->error = "unterminated string";
        return NA_STRING;
    }
    j->p++;
    return Rf_mkCharLenCE(buf, (int)n, CE_UTF8);
}

/* 1 if x is a JSON scalar as parse_value makes them (a length-1 vector) or null. */
static int is_scalar(SEXP x)
{
    return x == R_NilValue ||
           ((TYPEOF(x) == REALSXP || TYPEOF(x) == STRSXP || TYPEOF(x) == LGLSXP) &&
            XLENGTH(x) == 1 && Rf_getAttrib(x, R_NamesSymbol) == R_NilValue);
}

/* A list of scalars of one type (nulls aside) as an atomic vector, else the list itself. */
static SEXP simplify_scalars(SEXP list)
{
    R_xlen_t n = XLENGTH(list);
    int type = NILSXP;
    for (R_xlen_t k = 0; k < n; k++) {
        SEXP e = VECTOR_ELT(list, k);
        if (!is_scalar(e))
            return list;
        if (e == R_NilValue)
            continue;
        if (type != NILSXP && type != TYPEOF(e))
            return list;
        type = TYPEOF(e);
    }
    if (type == NILSXP)
        type = LGLSXP; /* every entry null */
    SEXP out = PROTECT(Rf_allocVector((SEXPTYPE)type, n));
    for (R_xlen_t k = 0; k < n; k++) {
        SEXP e = VECTOR_ELT(list, k);
        if (type == REALSXP)
            REAL(out)[k] = e == R_NilValue ? NA_REAL : REAL(e)[0];
        else if (type == LGLSXP)
            LOGICAL(out)[k] = e == R_NilValue ? NA_LOGICAL : LOGICAL(e)[0];
        else
            SET_STRING_ELT(out, k, e == R_NilValue ? NA_STRING : STRING_ELT(e, 0));
    }
    UNPROTECT(1);
    return out;
}

/* A list of objects with the same keys in the same order as a data frame, else NULL. */
static SEXP as_data_frame(SEXP list)
{
    R_xlen_t n = XLENGTH(list);
    SEXP first = VECTOR_ELT(list, 0);
    if (TYPEOF(first) != VECSXP)
        return R_NilValue;
    SEXP keys = Rf_getAttrib(first, R_NamesSymbol);
    if (keys == R_NilValue)
        return R_NilValue;
    R_xlen_t nk = XLENGTH(keys);
    for (R_xlen_t k = 1; k < n; k++) {
        SEXP e = VECTOR_ELT(list, k);
        SEXP ek = TYPEOF(e) == VECSXP ? Rf_getAttrib(e, R_NamesSymbol) : R_NilValue;
        if (ek == R_NilValue || XLENGTH(ek) != nk)
            return R_NilValue;
        for (R_xlen_t c = 0; c < nk; c++)
            if (strcmp(CHAR(STRING_ELT(ek, c)), CHAR(STRING_ELT(keys, c))))
                return R_NilValue;
    }
    SEXP df = PROTECT(Rf_allocVector(VECSXP, nk));
    for (R_xlen_t c = 0; c < nk; c++) {
        SEXP col = PROTECT(Rf_allocVector(VECSXP, n));
        for (R_xlen_t k = 0; k < n; k++)
            SET_VECTOR_ELT(col, k, VECTOR_ELT(VECTOR_ELT(list, k), c));
        SET_VECTOR_ELT(df, c, simplify_scalars(col));
        UNPROTECT(1);
    }
    Rf_setAttrib(df, R_NamesSymbol, keys);
    SEXP rn = PROTECT(Rf_allocVector(INTSXP, 2));
    INTEGER(rn)[0] = NA_INTEGER;
    INTEGER(rn)[1] = -(int)n;
    Rf_setAttrib(df, R_RowNamesSymbol, rn);
    Rf_setAttrib(df, R_ClassSymbol, Rf_mkString("data.frame"));
    UNPROTECT(2);
    return df;
}

/* Steps over the value at j->p without making R objects (a replaced table): strings with
 * their escapes, nested brackets and the characters of scalars; the brackets must balance
 * (the document is the library's; its tables are not read, so not checked further). */
static void skip_value(jp *j)
{
    /* 1: a character of a scalar (number, true, false, null); 2: white space or separator. */
    static unsigned char cls[256];
    if (!cls['0']) {
        for (const char *c = "-+.eE0123456789truefalsn"; *c; c++)
            cls[(unsigned char)*c] = 1;
        for (const char *c = " \n\r\t,:"; *c; c++)
            cls[(unsigned char)*c] = 2;
    }
    int depth = 0;
    skip_ws(j);
    const char *p = j->p, *end = j->end;
    for (;;) {
        unsigned char c = p < end ? (unsigned char)*p : 0;
        if (c == '"') {
            for (p++; p < end && *p != '"'; p++)
                if (*p == '\\')
                    p++;
            if (p >= end) {
                j->error = "unterminated string";
                break;
            }
            p++;
        } else if (c == '{' || c == '[') {
            if (++depth > 64) {
                j->error = "nested too deeply";
                break;
            }
            p++;
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
            p++;
        } else if (cls[c] == 2 && depth > 0) {
            p++;
        } else if (cls[c] == 1) {
            while (p < end && cls[(unsigned char)*p] == 1)
                p++;
        } else {
            j->error = p >= end ? "unexpected end" : "unexpected character";
            break;
        }
        if (depth == 0)
            break;
    }
    j->p = p;
}

/* The element of j->subst named key, or NULL when there is none. */
static SEXP substitute(const jp *j, SEXP key)
{
    if (j->subst == R_NilValue)
        return NULL;
    SEXP names = Rf_getAttrib(j->subst, R_NamesSymbol);
    for (R_xlen_t k = 0; k < XLENGTH(j->subst); k++)
        if (!strcmp(CHAR(STRING_ELT(names, k)), CHAR(key)))
            return VECTOR_ELT(j->subst, k);
    return NULL;
}

/* An array or object at j->p (after its bracket): elements into a growing list. */
static SEXP parse_container(jp *j, int object, int depth)
{
    R_xlen_t n = 0, cap = 8;
    PROTECT_INDEX ix, kx;
    SEXP items, keys = R_NilValue;
    PROTECT_WITH_INDEX(items = Rf_allocVector(VECSXP, cap), &ix);
    PROTECT_WITH_INDEX(keys = object ? Rf_allocVector(STRSXP, cap) : R_NilValue, &kx);
    char close = object ? '}' : ']';
    skip_ws(j);
    if (j->p < j->end && *j->p == close)
        j->p++;
    else
        for (;;) {
            SEXP key = R_NilValue;
            if (object) {
                skip_ws(j);
                if (j->p >= j->end || *j->p != '"') {
                    j->error = "expected a key";
                    break;
                }
                j->p++;
                key = PROTECT(parse_string(j));
                skip_ws(j);
                if (j->error || j->p >= j->end || *j->p != ':') {
                    UNPROTECT(1);
                    j->error = j->error ? j->error : "expected ':'";
                    break;
                }
                j->p++;
            }
            SEXP repl = object && depth == 0 ? substitute(j, key) : NULL;
            if (repl)
                skip_value(j);
            SEXP v = PROTECT(repl ? repl : parse_value(j, depth + 1));
            if (j->error) {
                UNPROTECT(object ? 2 : 1);
                break;
            }
            if (n == cap) {
                cap *= 2;
                REPROTECT(items = Rf_xlengthgets(items, cap), ix);
                if (object)
                    REPROTECT(keys = Rf_xlengthgets(keys, cap), kx);
            }
            SET_VECTOR_ELT(items, n, v);
            if (object)
                SET_STRING_ELT(keys, n, key);
            n++;
            UNPROTECT(object ? 2 : 1);
            skip_ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->end && *j->p == close) {
                j->p++;
                break;
            }
            j->error = object ? "expected ',' or '}'" : "expected ',' or ']'";
            break;
        }
    REPROTECT(items = Rf_xlengthgets(items, n), ix);
    SEXP out = items;
    if (object) {
        REPROTECT(keys = Rf_xlengthgets(keys, n), kx);
        Rf_setAttrib(items, R_NamesSymbol, keys);
    } else if (n > 0) {
        out = as_data_frame(items);
        if (out == R_NilValue)
            out = simplify_scalars(items);
    }
    UNPROTECT(2);
    return out;
}

static SEXP parse_value(jp *j, int depth)
{
    skip_ws(j);
    if (depth > 64) {
        j->error = "nested too deeply";
        return R_NilValue;
    }
    if (j->p >= j->end) {
        j->error = "unexpected end";
        return R_NilValue;
    }
    char c = *j->p;
    if (c == '{' || c == '[') {
        j->p++;
        return parse_container(j, c == '{', depth);
    }
    if (c == '"') {
        j->p++;
        SEXP s = PROTECT(parse_string(j));
        SEXP out = Rf_ScalarString(s);
        UNPROTECT(1);
        return out;
    }
    if (j->end - j->p >= 4 && !strncmp(j->p, "null", 4)) {
        j->p += 4;
        return R_NilValue;
    }
    if (j->end - j->p >= 4 && !strncmp(j->p, "true", 4)) {
        j->p += 4;
        return Rf_ScalarLogical(1);
    }
    if (j->end - j->p >= 5 && !strncmp(j->p, "false", 5)) {
        j->p += 5;
        return Rf_ScalarLogical(0);
    }
    char *stop;
    double v = strtod(j->p, &stop); /* the buffer is NUL-terminated: strtod cannot overrun */
    if (stop == j->p) {
        j->error = "unexpected character";
        return R_NilValue;
    }
    j->p = stop;
    return Rf_ScalarReal(v);
}

/* The JSON document in the string json as R objects, the values of the top-level keys that
 * the named list subst names replaced by its elements (subst may be R_NilValue). */
SEXP tw_r_json_parse_with(SEXP json, SEXP subst)
{
    if (!Rf_isString(json) || XLENGTH(json) != 1 || STRING_ELT(json, 0) == NA_STRING)
        Rf_error("json must be one string");
    SEXP s = STRING_ELT(json, 0);
    jp j = {CHAR(s), CHAR(s) + LENGTH(s), NULL, subst};
    SEXP out = PROTECT(parse_value(&j, 0));
    skip_ws(&j);
    if (!j.error && j.p != j.end)
        j.error = "text after the document";
    if (j.error)
        Rf_error("not a JSON document (%s at byte %ld)", j.error, (long)(j.p - CHAR(s)));
    UNPROTECT(1);
    return out;
}

/* .Call entry: the JSON document in the string json as R objects. */
SEXP tw_r_json_parse(SEXP json) { return tw_r_json_parse_with(json, R_NilValue); }
