/* walkcache.c: the weeks of a walk-forward, kept between runs (see
 * walkcache.h). */
#define _POSIX_C_SOURCE 200809L
#include "walkcache.h"
#include "date.h"
#include "dataversion.h"
#include "sha256.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KEY_LEN 64   /* hex SHA-256 */
#define CHECK_LEN 8  /* hex digits of a line's own digest, at its end */

struct record {
    char key[KEY_LEN + 1];
    const char *values; /* "-" or the predictions, up to the check */
};

struct walk_cache {
    char *path;
    char kind[KEY_LEN + 1];
    char *text; /* the file as read; records point into it */
    struct record *rec;
    size_t nrec;
    /* The rows keys are made of: played, in canonical order, digested
     * as far as the last week asked for. */
    const struct fixture_set *set;
    const double *X;
    const int *history;
    int nfeat;
    size_t *order, norder, next;
    struct sha256 rows;
    char key[KEY_LEN + 1]; /* of the last get */
    char *pending;         /* new lines */
    size_t pending_len, pending_cap;
    int hits, bad;
};

static void hex_digest(const char *text, size_t len, char out[KEY_LEN + 1])
{
    struct sha256 c;
    sha256_begin(&c);
    sha256_add(&c, text, len);
    sha256_hex(&c, out);
}

static int cmp_record(const void *a, const void *b)
{
    return strcmp(((const struct record *)a)->key, ((const struct record *)b)->key);
}

/* A line "KEY VALUES CHECK" whose CHECK is the start of the digest of
 * "KEY VALUES"; 0 when it checks. */
static int parse_line(char *line, struct record *r)
{
    size_t len = strlen(line);
    char digest[KEY_LEN + 1];
    if (len < KEY_LEN + 3 + CHECK_LEN || line[KEY_LEN] != ' ' || line[len - CHECK_LEN - 1] != ' ')
        return -1;
    hex_digest(line, len - CHECK_LEN - 1, digest);
    if (memcmp(digest, line + len - CHECK_LEN, CHECK_LEN) != 0)
        return -1;
    line[len - CHECK_LEN - 1] = '\0';
    line[KEY_LEN] = '\0';
    memcpy(r->key, line, KEY_LEN + 1);
    r->values = line + KEY_LEN + 1;
    return 0;
}

static void load(struct walk_cache *c)
{
    FILE *fp = fopen(c->path, "r");
    if (!fp) {
        if (errno != ENOENT)
            warnf("%s: %s: its weeks are recomputed", c->path, strerror(errno));
        return;
    }
    size_t len;
    c->text = read_all(fp, &len);
    fclose(fp);
    if (!c->text) {
        warnf("%s: read error: its weeks are recomputed", c->path);
        return;
    }
    size_t cap_rec = 0;
    for (char *line = c->text, *end; *line; line = end + 1) {
        end = strchr(line, '\n');
        if (!end) { /* a torn last line: the next append seals it off */
            c->bad++;
            break;
        }
        *end = '\0';
        grow(&c->rec, &cap_rec, c->nrec + 1, sizeof *c->rec);
        if (parse_line(line, &c->rec[c->nrec]) == 0)
            c->nrec++;
        else
            c->bad++;
    }
    if (c->nrec > 1)
        qsort(c->rec, c->nrec, sizeof *c->rec, cmp_record);
    if (c->bad)
        warnf("%s: %d line%s that do not check skipped (a run killed while writing?)",
              c->path, c->bad, c->bad == 1 ? "" : "s");
}

/* The played rows' indices in the canonical order (dataversion.h). */
static void order_rows(struct walk_cache *c)
{
    const struct fixture_set *set = c->set;
    size_t n;
    const struct fixture **rows = data_version_rows(set->v, set->n, INT_MAX, &n);
    c->order = xmalloc((n + 1) * sizeof *c->order);
    for (c->norder = 0; c->norder < n; c->norder++)
        c->order[c->norder] = (size_t)(rows[c->norder] - set->v);
    free(rows);
    sha256_begin(&c->rows);
}

struct walk_cache *walk_cache_open(const char *path, const char *kind,
                                   const struct fixture_set *set, const double *X,
                                   int nfeat, const int *history)
{
    struct walk_cache *c = xcalloc(1, sizeof *c);
    char exe[65];
    c->path = xstrdup(path);
    c->set = set;
    c->X = X;
    c->nfeat = nfeat;
    c->history = history;
    sha256_file("/proc/self/exe", exe);
    size_t len = strlen(kind) + sizeof exe + 2;
    char *k = xmalloc(len);
    snprintf(k, len, "%s\n%s", kind, exe);
    hex_digest(k, strlen(k), c->kind);
    free(k);
    load(c);
    order_rows(c);
    return c;
}

/* Digests the rows dated before `end` not digested yet. */
static void digest_rows_before(struct walk_cache *c, int end)
{
    struct row_text text;
    row_text_open(&text);
    for (; c->next < c->norder; c->next++) {
        size_t i = c->order[c->next];
        if (c->set->v[i].date >= end)
            break;
        data_version_digest_row(&c->rows, &text, &c->set->v[i]);
        if (c->X)
            sha256_add(&c->rows, c->X + i * c->nfeat, (size_t)c->nfeat * sizeof *c->X);
        if (c->history)
            sha256_add(&c->rows, &c->history[i], sizeof *c->history);
    }
    row_text_close(&text);
}

static void week_key(struct walk_cache *c, int week, int from, int until, size_t k)
{
    int end = week + 7 < until ? week + 7 : until;
    digest_rows_before(c, end);
    char rows[KEY_LEN + 1], text[3 * KEY_LEN];
    sha256_hex(&c->rows, rows);
    /* The end is not in the key: rows that are the same before two ends
     * make the same week. The walk's first day is, from the first day of
     * the week's month on: a fit chained to the month's earlier weeks
     * (walkforward.h) depends on which of them the walk holds. */
    int first = month_start(week);
    int n = snprintf(text, sizeof text, "%s %d %d %zu %s", c->kind, week,
                     from > first ? from : first, k, rows);
    hex_digest(text, (size_t)n, c->key);
}

/* Reads 3k numbers (%a, exact) from s; 0 when they are all there. */
static int parse_values(const char *s, size_t k, double *p)
{
    char *end;
    for (size_t i = 0; i < 3 * k; i++) {
        errno = 0;
        p[i] = strtod(s, &end);
        if (end == s || errno == ERANGE)
            return -1;
        s = end;
    }
    return *s == '\0' ? 0 : -1;
}

int walk_cache_get(struct walk_cache *c, int week, int from, int until, size_t k,
                   double *p, int *skipped)
{
    week_key(c, week, from, until, k);
    struct record probe;
    memcpy(probe.key, c->key, sizeof probe.key);
    /* (bsearch wants an array, even of none: an empty cache has no rec) */
    const struct record *r = c->nrec == 0 ? NULL
        : bsearch(&probe, c->rec, c->nrec, sizeof *c->rec, cmp_record);
    if (!r)
        return 0;
    *skipped = strcmp(r->values, "-") == 0;
    if (!*skipped && parse_values(r->values, k, p) != 0)
        return 0; /* a record of another length under this key: recompute */
    c->hits++;
    return 1;
}

static void append_text(struct walk_cache *c, const char *s, size_t n)
{
    grow(&c->pending, &c->pending_cap, c->pending_len + n + 1, 1);
    memcpy(c->pending + c->pending_len, s, n);
    c->pending_len += n;
}

void walk_cache_put(struct walk_cache *c, size_t k, const double *p)
{
    size_t start = c->pending_len;
    char num[64], check[KEY_LEN + 1];
    append_text(c, c->key, KEY_LEN);
    if (!p)
        append_text(c, " -", 2);
    for (size_t i = 0; p && i < 3 * k; i++) {
        int n = snprintf(num, sizeof num, " %a", p[i]);
        append_text(c, num, (size_t)n);
    }
    hex_digest(c->pending + start, c->pending_len - start, check);
    append_text(c, " ", 1);
    append_text(c, check, CHECK_LEN);
    append_text(c, "\n", 1);
}

/* One write, after a newline when the file ends in a torn line. */
static void append_pending(struct walk_cache *c)
{
    int fd = open(c->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        warnf("%s: %s: the weeks computed are not kept", c->path, strerror(errno));
        return;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    char last = '\n';
    if (size > 0 && pread(fd, &last, 1, size - 1) != 1)
        last = '\n';
    if (last != '\n') {
        memmove(c->pending + 1, c->pending, c->pending_len);
        c->pending[0] = '\n';
        c->pending_len++;
    }
    ssize_t n = write(fd, c->pending, c->pending_len);
    if (n != (ssize_t)c->pending_len)
        warnf("%s: %s: the weeks computed are not kept", c->path,
              n < 0 ? strerror(errno) : "short write");
    if (close(fd) != 0)
        warnf("%s: %s", c->path, strerror(errno));
}

int walk_cache_close(struct walk_cache *c)
{
    if (c->pending_len > 0) {
        grow(&c->pending, &c->pending_cap, c->pending_len + 2, 1);
        append_pending(c);
    }
    int hits = c->hits;
    free(c->path), free(c->text), free(c->rec), free(c->order), free(c->pending);
    free(c);
    return hits;
}
