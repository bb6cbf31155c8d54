/* repeats.c: the same match read twice (repeats.h). */
#define _GNU_SOURCE /* asprintf */
#include "repeats.h"
#include "date.h"
#include "rowerrors.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The identity of a match: league, date and the two sides. */
static int cmp_key(const struct fixture *x, const struct fixture *y)
{
    int c;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    if ((c = strcmp(x->league, y->league)) || (c = strcmp(x->home, y->home)))
        return c;
    return strcmp(x->away, y->away);
}

/* By match, then by position in the set, which is input order. */
static int cmp_match(const void *a, const void *b)
{
    const struct fixture *x = *(const struct fixture *const *)a;
    const struct fixture *y = *(const struct fixture *const *)b;
    int c = cmp_key(x, y);
    return c ? c : (x > y) - (x < y);
}

size_t *match_first_rows(const struct fixture *v, size_t n)
{
    const struct fixture **by_match = xmalloc((n + 1) * sizeof *by_match);
    size_t *first_of = xmalloc((n + 1) * sizeof *first_of);
    for (size_t i = 0; i < n; i++)
        by_match[i] = &v[i];
    if (n > 1)
        qsort(by_match, n, sizeof *by_match, cmp_match);
    for (size_t i = 0, first = 0; i < n; i++) {
        if (cmp_key(by_match[i], by_match[first]) != 0)
            first = i;
        first_of[by_match[i] - v] = i == first ? SIZE_MAX : (size_t)(by_match[first] - v);
    }
    free(by_match);
    return first_of;
}

/* The repeats said of each file: its first ROW_ERRORS_SHOWN, then their
 * count (rowerrors.h), so that a file given twice does not bury the other
 * messages under a line for each of its matches. */
struct file_repeats {
    struct row_errors *v;
    size_t n, cap;
};

static struct row_errors *repeats_of(struct file_repeats *files, const char *source)
{
    for (size_t i = 0; i < files->n; i++)
        if (strcmp(files->v[i].name, source) == 0)
            return &files->v[i];
    grow(&files->v, &files->cap, files->n + 1, sizeof *files->v);
    files->v[files->n] = (struct row_errors){ source, 0 };
    return &files->v[files->n++];
}

/* Drops the repeats, saying each when report (the first of each file, then
 * their count), and giving each to `each` when there is one. */
static size_t drop_repeats(struct fixture_set *set, size_t first, int report, repeat_fn *each,
                           void *ctx)
{
    if (first >= set->n)
        return 0; /* (no rows to look at, and maybe no array: v + first undefined) */
    const struct fixture *v = set->v + first;
    size_t n = set->n - first;
    size_t *first_of = match_first_rows(v, n);
    char *keep = xmalloc(n + 1);
    struct file_repeats files = { 0 };
    /* Report first and drop after, while every row is still in place. */
    for (size_t i = 0; i < n; i++) {
        const struct fixture *f = &v[i];
        size_t j = first_of[i];
        char date[11], *why;
        keep[i] = j == SIZE_MAX;
        if (keep[i] || !report)
            continue;
        date_format(f->date, date);
        if (asprintf(&why, "duplicate match %s %s %s v %s (first at %s:%ld)", f->league, date,
                     f->home, f->away, v[j].source, v[j].line) < 0)
            die("out of memory");
        struct row_errors *said = repeats_of(&files, f->source);
        row_error(said, f->line, "%s", why);
        if (each) {
            char *message;
            if (asprintf(&message, "%s:%ld: %s", f->source, f->line, why) < 0)
                die("out of memory");
            each(f->league, message, ctx);
            free(message);
        }
        free(why);
    }
    for (size_t k = 0; k < files.n; k++)
        row_errors_end(&files.v[k]);
    free(files.v);
    size_t dropped = fixtures_keep(set, first, keep);
    free(keep);
    free(first_of);
    return dropped;
}

size_t drop_repeated_matches(struct fixture_set *set, size_t first, int report)
{
    return drop_repeats(set, first, report, NULL, NULL);
}

size_t drop_repeated_matches_each(struct fixture_set *set, size_t first, repeat_fn *each,
                                  void *ctx)
{
    return drop_repeats(set, first, 1, each, ctx);
}

/* played[g]: the first played row of the match whose first row is g, or
 * SIZE_MAX when none of its rows is played. */
static size_t *first_played_rows(const struct fixture *v, size_t n, const size_t *first_of)
{
    size_t *played = xmalloc((n + 1) * sizeof *played);
    for (size_t i = 0; i < n; i++)
        played[i] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t g = first_of[i] == SIZE_MAX ? i : first_of[i];
        if (fixture_played(&v[i]) && played[g] == SIZE_MAX)
            played[g] = i;
    }
    return played;
}

size_t *match_repeated_rows(const struct fixture *v, size_t n, const size_t *first_of)
{
    size_t *played = first_played_rows(v, n, first_of);
    size_t *repeats = xmalloc((n + 1) * sizeof *repeats);
    for (size_t i = 0; i < n; i++) {
        size_t g = first_of[i] == SIZE_MAX ? i : first_of[i];
        if (fixture_played(&v[i]))
            repeats[i] = played[g] < i ? played[g] : SIZE_MAX;
        else
            repeats[i] = played[g] == SIZE_MAX ? first_of[i] : SIZE_MAX;
    }
    free(played);
    return repeats;
}

size_t drop_played_fixtures(struct fixture_set *set, size_t first)
{
    if (first >= set->n)
        return 0; /* (no rows to look at, and maybe no array) */
    const struct fixture *v = set->v + first;
    size_t n = set->n - first;
    size_t *first_of = match_first_rows(v, n);
    size_t *played = first_played_rows(v, n, first_of);
    char *keep = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        const struct fixture *f = &v[i];
        size_t j = played[first_of[i] == SIZE_MAX ? i : first_of[i]];
        char date[11];
        keep[i] = fixture_played(f) || j == SIZE_MAX;
        if (keep[i])
            continue;
        date_format(f->date, date);
        warnf("%s:%ld: fixture %s %s %s v %s played since: its result kept (%s:%ld)", f->source,
              f->line, f->league, date, f->home, f->away, v[j].source, v[j].line);
    }
    size_t dropped = fixtures_keep(set, first, keep);
    free(keep);
    free(played);
    free(first_of);
    return dropped;
}
