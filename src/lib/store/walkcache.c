/* walkcache.c: the weeks of a walk-forward, kept between runs (see
 * walkcache.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "walkcache.h"
#include "buildid.h"
#include "date.h"
#include "dataversion.h"
#include "fixturedigest.h"
#include "replace.h"
#include "sha256.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_LEN 64   /* hex SHA-256 */
#define CHECK_LEN 8  /* hex digits of a line's own digest, at its end */
/* What a key digests, by its form: a new form when what goes into keys,
 * or how, changes, so that a record of an older form is never found
 * (its week refitted), whatever its bytes. 2: the program by its build ID,
 * the rows by their fields' bytes (1, unnamed: the program's file and the
 * rows' text). */
#define KEY_FORM "walk-keys 2"
/* A file is rewritten with only the records a run used or added when its
 * records unused (of weeks no longer walked, of other history, options or
 * code) outweigh those, in bytes, and reach this much: about four seasons
 * of a 1x2_v2 walk. (Below it, two walks that share a file, a backfill's
 * with UNTIL and the data's own, would each drop the other's weeks.) */
static size_t compact_min_bytes = (size_t)4 << 20;

struct record {
    char key[KEY_LEN + 1];
    /* "-" or the predictions, then " |" and the chain's state when kept
     * (walk_cache_put_chained), up to the check */
    const char *values;
    const char *check;
    size_t bytes; /* of its line, with the newline */
    int used;     /* found by this run's walk */
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
    const char *state;     /* of the record the last get found: after "|", or NULL */
    char *pending;         /* new lines */
    size_t pending_len, pending_cap;
    int hits, bad;
    size_t bad_bytes; /* of the lines that did not check */
    int from_first_day; /* walk_cache_chained_from_first_day */
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
    r->check = line + len - CHECK_LEN;
    r->bytes = len + 1;
    r->used = 0;
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
        /* An empty line is what sealing off leaves when the torn line it
         * saw was another run's, whole by the time this one's write came
         * after it: nothing lost, nothing to report. */
        if (line == end) {
            c->bad_bytes++;
            continue;
        }
        grow(&c->rec, &cap_rec, c->nrec + 1, sizeof *c->rec);
        if (parse_line(line, &c->rec[c->nrec]) == 0) {
            c->nrec++;
        } else {
            c->bad++;
            c->bad_bytes += (size_t)(end - line) + 1;
        }
    }
    if (c->nrec > 1)
        qsort(c->rec, c->nrec, sizeof *c->rec, cmp_record);
    if (c->bad)
        warnf("%s: %d line%s that do not check skipped (a run killed while writing, or "
              "one still writing?)",
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
    char exe[PROGRAM_ID_LEN];
    c->path = xstrdup(path);
    c->set = set;
    c->X = X;
    c->nfeat = nfeat;
    c->history = history;
    program_identity(exe);
    size_t len = sizeof KEY_FORM + strlen(kind) + sizeof exe + 2;
    char *k = xmalloc(len);
    snprintf(k, len, KEY_FORM "\n%s\n%s", kind, exe);
    hex_digest(k, strlen(k), c->kind);
    free(k);
    load(c);
    order_rows(c);
    return c;
}

/* Digests the rows dated before `end` not digested yet. */
static void digest_rows_before(struct walk_cache *c, int end)
{
    for (; c->next < c->norder; c->next++) {
        size_t i = c->order[c->next];
        if (c->set->v[i].date >= end)
            break;
        fixture_digest_fields(&c->rows, &c->set->v[i]);
        if (c->X)
            sha256_add(&c->rows, c->X + i * c->nfeat, (size_t)c->nfeat * sizeof *c->X);
        if (c->history)
            sha256_add(&c->rows, &c->history[i], sizeof *c->history);
    }
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
     * (walkforward.h) depends on which of them the walk holds; always, for
     * a walk chained from its first week. */
    int first = c->from_first_day ? INT_MIN : month_start(week);
    int n = snprintf(text, sizeof text, "%s %d %d %zu %s", c->kind, week,
                     from > first ? from : first, k, rows);
    hex_digest(text, (size_t)n, c->key);
}

/* Reads n numbers (%a, exact) from s into p; returns the rest of s, or
 * NULL when a number is missing. */
static const char *parse_numbers(const char *s, size_t n, double *p)
{
    char *end;
    for (size_t i = 0; i < n; i++) {
        errno = 0;
        p[i] = strtod(s, &end);
        if (end == s || errno == ERANGE)
            return NULL;
        s = end;
    }
    return s;
}

/* The chain's state after the values, when the record keeps one. */
static const char *state_of(const char *rest)
{
    return rest && strncmp(rest, " |", 2) == 0 ? rest + 2 : NULL;
}

/* Reads a record's values, s: "-" (a week whose refit failed: *skipped
 * set) or 3k numbers into p. Returns what follows them, "" or the state's
 * " |..."; NULL when they are not all there or more follow. */
static const char *read_values(const char *s, size_t k, double *p, int *skipped)
{
    *skipped = s[0] == '-' && (s[1] == '\0' || state_of(s + 1));
    const char *rest = *skipped ? s + 1 : parse_numbers(s, 3 * k, p);
    return rest && (*rest == '\0' || state_of(rest)) ? rest : NULL;
}

int walk_cache_get(struct walk_cache *c, int week, int from, int until, size_t k,
                   double *p, int *skipped)
{
    week_key(c, week, from, until, k);
    struct record probe;
    memcpy(probe.key, c->key, sizeof probe.key);
    /* (bsearch wants an array, even of none: an empty cache has no rec) */
    struct record *r = c->nrec == 0 ? NULL
        : bsearch(&probe, c->rec, c->nrec, sizeof *c->rec, cmp_record);
    c->state = NULL;
    if (!r)
        return 0;
    const char *rest = read_values(r->values, k, p, skipped);
    if (!rest)
        return 0; /* a record of another length under this key: recompute */
    c->state = state_of(rest);
    c->hits++;
    r->used = 1;
    return 1;
}

void walk_cache_chained_from_first_day(struct walk_cache *c)
{
    c->from_first_day = 1;
}

const char *walk_cache_chain_kept(const struct walk_cache *c, size_t max)
{
    if (!c->state)
        return NULL;
    size_t n = 0; /* each number is written after a space */
    for (const char *s = c->state; (s = strchr(s, ' ')); s++)
        n++;
    return n <= max ? c->state : NULL;
}

int walk_cache_chain_read(const char *kept, double *state, size_t max)
{
    size_t n = 0;
    while (*kept != '\0') {
        if (n == max || !(kept = parse_numbers(kept, 1, &state[n])))
            return -1;
        n++;
    }
    return (int)n;
}

static void append_text(struct walk_cache *c, const char *s, size_t n)
{
    grow(&c->pending, &c->pending_cap, c->pending_len + n + 1, 1);
    memcpy(c->pending + c->pending_len, s, n);
    c->pending_len += n;
}

static void append_numbers(struct walk_cache *c, const double *v, size_t n)
{
    char num[64];
    for (size_t i = 0; i < n; i++) {
        int len = snprintf(num, sizeof num, " %a", v[i]);
        append_text(c, num, (size_t)len);
    }
}

/* The record of the last get's week: its predictions, then the chain's
 * state when `state` is not NULL. */
static void put_record(struct walk_cache *c, size_t k, const double *p, const double *state,
                       size_t nstate)
{
    size_t start = c->pending_len;
    char check[KEY_LEN + 1];
    append_text(c, c->key, KEY_LEN);
    if (p)
        append_numbers(c, p, 3 * k);
    else
        append_text(c, " -", 2);
    if (state) {
        append_text(c, " |", 2);
        append_numbers(c, state, nstate);
    }
    hex_digest(c->pending + start, c->pending_len - start, check);
    append_text(c, " ", 1);
    append_text(c, check, CHECK_LEN);
    append_text(c, "\n", 1);
}

void walk_cache_put(struct walk_cache *c, size_t k, const double *p)
{
    put_record(c, k, p, NULL, 0);
}

void walk_cache_put_chained(struct walk_cache *c, size_t k, const double *p,
                            const double *state, size_t nstate)
{
    static const double none;
    put_record(c, k, p, state ? state : &none, nstate);
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

/* Whether the records the run did not use (and the lines that did not
 * check) outweigh those it used and added, in bytes, and reach
 * compact_min_bytes. */
static int worth_compacting(const struct walk_cache *c)
{
    size_t unused = c->bad_bytes, live = c->pending_len;
    for (size_t i = 0; i < c->nrec; i++)
        *(c->rec[i].used ? &live : &unused) += c->rec[i].bytes;
    return unused >= compact_min_bytes && unused > live;
}

void walk_cache_compact_above(size_t bytes)
{
    compact_min_bytes = bytes;
}

/* The lines of the records the run used, as they were read (parse_line
 * cut each at its key and its check). */
static int write_used(int fd, const struct walk_cache *c)
{
    for (size_t i = 0; i < c->nrec; i++) {
        const struct record *r = &c->rec[i];
        if (r->used && (write_all(fd, r->key, KEY_LEN) || write_all(fd, " ", 1) ||
                        write_all(fd, r->values, strlen(r->values)) ||
                        write_all(fd, " ", 1) || write_all(fd, r->check, CHECK_LEN) ||
                        write_all(fd, "\n", 1)))
            return -1;
    }
    return 0;
}

/* The file replaced by one of the records used and the new ones, written
 * aside and renamed over it, so that a reader sees one file or the other.
 * (A record another run appended meanwhile is lost with the old file: a
 * week refitted again, never a wrong one.) The file rewritten is the one
 * the path names, through symlinks, with its permissions: a cache linked
 * from elsewhere stays linked (a rename over the link would leave its
 * file behind, stale). 0 when done. */
static int compact(struct walk_cache *c)
{
    struct stat st;
    struct replacement r;
    char *file = realpath(c->path, NULL);
    int rc = !file || stat(file, &st) != 0 || replace_begin(&r, file, 0600) != 0 ? -1 : 0;
    if (rc == 0)
        rc = replace_end(&r, fchmod(r.fd, st.st_mode & 07777) == 0 && write_used(r.fd, c) == 0 &&
                                 write_all(r.fd, c->pending, c->pending_len) == 0);
    free(file);
    return rc;
}

int walk_cache_close(struct walk_cache *c)
{
    int compacted = worth_compacting(c) && compact(c) == 0;
    if (!compacted && c->pending_len > 0) {
        grow(&c->pending, &c->pending_cap, c->pending_len + 2, 1);
        append_pending(c);
    }
    int hits = c->hits;
    free(c->path), free(c->text), free(c->rec), free(c->order), free(c->pending);
    free(c);
    return hits;
}
