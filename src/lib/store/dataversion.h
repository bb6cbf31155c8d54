/* dataversion.h: a model version is the data it was fitted on (docs/design.md §6).
 *
 * The data of a model are the played matches before its cutoff, written as
 * canonical CSV (the header, then fixture_write of each row in the
 * canonical order, fixtures_sort's). Their digest is the SHA-256 of that
 * text, so that `sha256sum` of `split-league --played` output agrees with
 * it when the input is sorted and has no odds_source column; the version
 * names the last match date and the digest's first 8 hex digits:
 * 2024-05-19-3f9a1c2b. Models made before versions existed are version
 * "v2" (LEGACY_VERSION). */
#ifndef LF_DATAVERSION_H
#define LF_DATAVERSION_H

#include "fixtures.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "sha256.h"

#define LEGACY_VERSION "v2"
#define DATA_VERSION_LEN 19 /* YYYY-MM-DD-xxxxxxxx */

struct data_version {
    char name[DATA_VERSION_LEN + 1];
    char digest[65];            /* SHA-256 of the canonical rows, hex */
    int first_date, last_date;  /* of the played matches counted */
    int cutoff;                 /* matches before this date; INT_MAX: all */
    size_t matches;
};

/* The version of the played fixtures of v[0..n) before cutoff (INT_MAX for
 * all). Returns -1 (and an empty name) when there are none. */
int data_version_of(const struct fixture *v, size_t n, int cutoff, struct data_version *out);

/* The played rows of v[0..n) before cutoff (INT_MAX for all) in the
 * canonical order (fixtures_sort's), the order a version digests them in;
 * *count how many. Rows in date order, or two such runs (a league's, then
 * its linked divisions'), are merged in a pass, not sorted. A new array
 * the caller frees. */
const struct fixture **data_version_rows(const struct fixture *v, size_t n, int cutoff,
                                         size_t *count);

/* Whether rows a and b hold the same fields of those a version digests
 * (names, date, goals, odds, the statistics a row has: its canonical line
 * but the odds source), each compared as held, not as written. */
int data_version_same_row(const struct fixture *a, const struct fixture *b);

/* Whether the played rows of a and b (NULL: none) before cutoff are the
 * same rows (data_version_same_row) in the order a version digests them:
 * then they are the same version, known without writing them out and
 * digesting them. (Rows of the same text held otherwise, which no read
 * gives, count as other rows: never the same version when it is not.) */
int data_version_same_rows(const struct fixture_set *a, const struct fixture_set *b, int cutoff);

/* A line of text at a time, in one buffer reused row after row. */
struct row_text {
    struct text_buf line;
};
void row_text_open(struct row_text *t);
void row_text_close(struct row_text *t);

/* Feeds the canonical text of one row to a SHA-256, written through t: its
 * line as split-league --played writes it, with the statistics columns
 * when the row has them, without the odds source (the columns a model
 * reads). */
void data_version_digest_row(struct sha256 *c, struct row_text *t, const struct fixture *f);

/* The line data-version prints: version, first date, last date, matches
 * and digest, tab-separated. */
void data_version_print(FILE *fp, const struct data_version *dv);

/* 1 when name has the form of a version (YYYY-MM-DD-xxxxxxxx, a valid
 * date, lower-case hex) or is LEGACY_VERSION. */
int data_version_valid(const char *name);

/* Orders versions oldest first: LEGACY_VERSION before every dated one,
 * then by name (date first; the digest breaks ties of one date). */
int data_version_cmp(const char *a, const char *b);

/* The "data" member of every model file: version, digest, first_date,
 * last_date, matches and, when set, cutoff. */
void data_version_add_json(cJSON *root, const struct data_version *dv);

/* Dies, naming both, unless the data read (dv, from `path`) are version
 * `expected`: a model of version V is never made from other data. */
void data_version_require(const struct data_version *dv, const char *expected,
                          const char *path);

/* The versions of one set a program has digested, by cutoff (the last
 * one kept): a program writing several files of the same rows (fit-1x2
 * --all) digests them once. Zero it to start; the set must stay the same
 * and unchanged across the calls given the memo. With `files`, the
 * identities of the files the set was read from (versionmemo.h), a
 * version kept for them by an earlier program is taken, and one digested
 * is kept; with `rows` instead (and the set NULL), the rows of a version
 * (versionrows.h), which are read only when no version is kept for their
 * files. */
struct version_files;
struct version_rows;
struct version_memo {
    int have;
    int rc;
    struct data_version dv;
    const struct version_files *files;
    struct version_rows *rows;
};

/* Sets "version" (in place when the member exists) and "data" of a model
 * document to the version of set's played rows before cutoff; with
 * expected non-NULL, dies unless that is the version (named by path).
 * The _memo form takes the version from memo (not NULL) when it holds
 * that cutoff's (set NULL when memo has rows). */
void data_version_stamp(cJSON *root, const struct fixture_set *set, int cutoff,
                        const char *expected, const char *path);
void data_version_stamp_memo(cJSON *root, struct version_memo *memo,
                             const struct fixture_set *set, int cutoff, const char *expected,
                             const char *path);

/* For a file made from a model file (metrics, calibrator): the model at
 * model_path must have been fitted on set (its data.version, with its
 * data.cutoff); root gets the same version and data. A model without
 * "data" (made before versions) is version LEGACY_VERSION, unchecked.
 * With set NULL (a file made from the model alone), nothing is checked,
 * unless memo has rows. */
void data_version_follow(cJSON *root, const char *model_path, const struct fixture_set *set,
                         const char *in);
void data_version_follow_memo(cJSON *root, const char *model_path, struct version_memo *memo,
                              const struct fixture_set *set, const char *in);

#endif
