/* dataversion.c: the version of a model's data (see dataversion.h). */
#define _POSIX_C_SOURCE 200809L
#include "dataversion.h"
#include "date.h"
#include "json.h"
#include "merge.h"
#include "util.h"
#include "versionmemo.h"
#include "versionrows.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void row_text_open(struct row_text *t) { memset(t, 0, sizeof *t); }

void row_text_close(struct row_text *t) { text_buf_free(&t->line); }

/* Feeds the canonical text of the header (row NULL) or of one row to the
 * digest: the bytes split-league --played writes, the statistics columns
 * included when a row has them (the models read them), the odds source not
 * (no model reads it). */
static void digest_text(struct sha256 *c, struct row_text *t, const struct fixture *f,
                        struct fixture_columns cols)
{
    if (f)
        fixture_line(&t->line, f, cols);
    else
        fixture_header_line(&t->line, cols);
    sha256_add(c, t->line.s, t->line.len);
}

void data_version_digest_row(struct sha256 *c, struct row_text *t, const struct fixture *f)
{
    struct fixture_columns cols = { .odds_source = 0, .stats = f->stats_present != 0 };
    digest_text(c, t, f, cols);
}

static int cmp_fixture_ptr(const void *a, const void *b)
{
    return fixture_order(*(const struct fixture *const *)a, *(const struct fixture *const *)b);
}

/* The end of the sorted run of row[from .. k) that starts at from. */
static size_t sorted_run(const struct fixture **row, size_t from, size_t k)
{
    size_t end = from + 1;
    while (end < k && cmp_fixture_ptr(&row[end - 1], &row[end]) <= 0)
        end++;
    return end;
}

static int row_before(const void *x, const void *y, void *ctx)
{
    (void)ctx;
    return cmp_fixture_ptr(x, y) < 0;
}

/* Merges the sorted runs row[0 .. mid) and row[mid .. k), the first's
 * rows first among equals (as qsort, glibc's merge sort, keeps them). */
static void merge_runs(const struct fixture **row, size_t mid, size_t k)
{
    const struct fixture **out = xmalloc(k * sizeof *out);
    merge_sorted(row, mid, row + mid, k - mid, sizeof *row, row_before, NULL, out);
    memcpy(row, out, k * sizeof *row);
    free(out);
}

/* The played rows before cutoff in the canonical order (fixtures_sort's), so
 * that the digest does not depend on the order of an input file. Files
 * come sorted, and a model's rows are its league's then its linked
 * divisions': one sorted run, or two merged in a pass (sorting them was a
 * quarter of the digest); anything else is sorted. */
const struct fixture **data_version_rows(const struct fixture *v, size_t n, int cutoff,
                                         size_t *count)
{
    const struct fixture **row = xmalloc((n ? n : 1) * sizeof *row);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (fixture_played(&v[i]) && v[i].date < cutoff)
            row[k++] = &v[i];
    size_t first = k ? sorted_run(row, 0, k) : 0;
    if (first < k) {
        if (sorted_run(row, first, k) == k)
            merge_runs(row, first, k);
        else
            qsort(row, k, sizeof *row, cmp_fixture_ptr);
    }
    *count = k;
    return row;
}

int data_version_same_row(const struct fixture *a, const struct fixture *b)
{
    if (a->date != b->date || a->home_goals != b->home_goals ||
        a->away_goals != b->away_goals || a->stats_present != b->stats_present ||
        memcmp(a->odds, b->odds, sizeof a->odds) != 0 || strcmp(a->league, b->league) != 0 ||
        strcmp(a->season, b->season) != 0 || strcmp(a->home, b->home) != 0 ||
        strcmp(a->away, b->away) != 0)
        return 0;
    for (int k = 0; k < NSTATS; k++)
        if ((a->stats_present & 1u << k) && a->stats[k] != b->stats[k])
            return 0;
    return 1;
}

int data_version_same_rows(const struct fixture_set *a, const struct fixture_set *b, int cutoff)
{
    size_t na, nb;
    const struct fixture **ra = data_version_rows(a ? a->v : NULL, a ? a->n : 0, cutoff, &na);
    const struct fixture **rb = data_version_rows(b ? b->v : NULL, b ? b->n : 0, cutoff, &nb);
    int same = na == nb;
    for (size_t i = 0; same && i < na; i++)
        same = data_version_same_row(ra[i], rb[i]);
    free(ra);
    free(rb);
    return same;
}

int data_version_of(const struct fixture *v, size_t n, int cutoff, struct data_version *out)
{
    struct sha256 c;
    sha256_begin(&c);
    memset(out, 0, sizeof *out);
    out->cutoff = cutoff;
    out->first_date = INT_MAX;
    out->last_date = INT_MIN;
    size_t k;
    const struct fixture **row = data_version_rows(v, n, cutoff, &k);
    struct fixture_columns cols = { .odds_source = 0, .stats = 0 };
    for (size_t i = 0; i < k; i++)
        cols.stats |= row[i]->stats_present != 0;
    struct row_text text;
    row_text_open(&text);
    digest_text(&c, &text, NULL, cols);
    for (size_t i = 0; i < k; i++)
        digest_text(&c, &text, row[i], cols);
    row_text_close(&text);
    out->matches = k;
    if (k > 0) {
        out->first_date = row[0]->date;
        out->last_date = row[k - 1]->date;
    }
    free(row);
    sha256_hex(&c, out->digest);
    if (out->matches == 0)
        return -1;
    char date[11];
    date_format(out->last_date, date);
    snprintf(out->name, sizeof out->name, "%s-%.8s", date, out->digest);
    return 0;
}

void data_version_print(FILE *fp, const struct data_version *dv)
{
    char first[11], last[11];
    date_format(dv->first_date, first);
    date_format(dv->last_date, last);
    fprintf(fp, "%s\t%s\t%s\t%zu\t%s\n", dv->name, first, last, dv->matches, dv->digest);
}

int data_version_valid(const char *name)
{
    if (strcmp(name, LEGACY_VERSION) == 0)
        return 1;
    if (strlen(name) != DATA_VERSION_LEN || name[10] != '-')
        return 0;
    char date[11];
    memcpy(date, name, 10);
    date[10] = '\0';
    int days;
    if (date_parse_iso(date, &days))
        return 0;
    for (const char *p = name + 11; *p; p++)
        if (!isdigit((unsigned char)*p) && !(*p >= 'a' && *p <= 'f'))
            return 0;
    return 1;
}

int data_version_cmp(const char *a, const char *b)
{
    int la = strcmp(a, LEGACY_VERSION) == 0, lb = strcmp(b, LEGACY_VERSION) == 0;
    if (la || lb)
        return lb - la;
    return strcmp(a, b);
}

void data_version_add_json(cJSON *root, const struct data_version *dv)
{
    cJSON *d = json_add_object(root, "data");
    json_add_string(d, "version", dv->name);
    json_add_string(d, "digest", dv->digest);
    json_add_date(d, "first_date", dv->first_date);
    json_add_date(d, "last_date", dv->last_date);
    json_add_number(d, "matches", (double)dv->matches);
    if (dv->cutoff != INT_MAX)
        json_add_date(d, "cutoff", dv->cutoff);
}

void data_version_require(const struct data_version *dv, const char *expected,
                          const char *path)
{
    if (strcmp(dv->name, expected) != 0)
        die("%s: the data are version %s, not %s: the data of version %s are no longer "
            "these; nothing written",
            path, dv->name[0] ? dv->name : "(no played matches)", expected, expected);
}

static void set_version_member(cJSON *root, const char *name)
{
    cJSON *v = cJSON_CreateString(name);
    if (!v || (cJSON_GetObjectItemCaseSensitive(root, "version")
                   ? !cJSON_ReplaceItemInObjectCaseSensitive(root, "version", v)
                   : !cJSON_AddItemToObject(root, "version", v)))
        die("out of memory");
}

/* The version of set (or memo's rows) before cutoff, from memo when it
 * holds that cutoff's (else taken from what earlier programs kept of the
 * files, or digested, and kept there). */
static int memo_version(struct version_memo *memo, const struct fixture_set *set, int cutoff,
                        const struct data_version **dv)
{
    if (!memo->have || memo->dv.cutoff != cutoff) {
        memo->rc = memo->rows ? version_rows_version(memo->rows, cutoff, &memo->dv)
                              : version_memo_of(memo->files, set, cutoff, &memo->dv);
        memo->have = 1;
    }
    *dv = &memo->dv;
    return memo->rc;
}

void data_version_stamp_memo(cJSON *root, struct version_memo *memo,
                             const struct fixture_set *set, int cutoff, const char *expected,
                             const char *path)
{
    const struct data_version *dv;
    if (memo_version(memo, set, cutoff, &dv) != 0)
        die("%s: no played matches%s", path, cutoff != INT_MAX ? " before the cutoff" : "");
    if (expected)
        data_version_require(dv, expected, path);
    set_version_member(root, dv->name);
    cJSON_DeleteItemFromObjectCaseSensitive(root, "data");
    data_version_add_json(root, dv);
}

void data_version_stamp(cJSON *root, const struct fixture_set *set, int cutoff,
                        const char *expected, const char *path)
{
    struct version_memo memo = { 0 };
    data_version_stamp_memo(root, &memo, set, cutoff, expected, path);
}

void data_version_follow_memo(cJSON *root, const char *model_path, struct version_memo *memo,
                              const struct fixture_set *set, const char *in)
{
    cJSON *model = json_read_file(model_path);
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(model, "data");
    if (!data) {
        set_version_member(root, LEGACY_VERSION);
        cJSON_Delete(model);
        return;
    }
    const char *expected = json_get_string(data, "version", model_path);
    if (!set && !memo->rows) {
        set_version_member(root, expected);
        cJSON_AddItemToObject(root, "data", cJSON_Duplicate(data, 1));
        cJSON_Delete(model);
        return;
    }
    int cutoff = INT_MAX;
    if (cJSON_GetObjectItemCaseSensitive(data, "cutoff") &&
        date_parse_iso(json_get_string(data, "cutoff", model_path), &cutoff))
        die("%s: data.cutoff is not a date", model_path);
    const struct data_version *dv;
    memo_version(memo, set, cutoff, &dv);
    if (strcmp(dv->name, expected) != 0)
        die("%s: the data are version %s, but %s was fitted on version %s: "
            "a file of version %s is made from its own data only; nothing written",
            in, dv->name[0] ? dv->name : "(no played matches)", model_path, expected, expected);
    set_version_member(root, dv->name);
    data_version_add_json(root, dv);
    cJSON_Delete(model);
}

void data_version_follow(cJSON *root, const char *model_path, const struct fixture_set *set,
                         const char *in)
{
    struct version_memo memo = { 0 };
    data_version_follow_memo(root, model_path, &memo, set, in);
}
