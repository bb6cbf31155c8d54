/* repeats.c: the same match read twice (repeats.h). */
#define _GNU_SOURCE /* asprintf */
#include "repeats.h"
#include "date.h"
#include "matchkey.h"
#include "rowerrors.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A hash of a match's key, for the table below. */
static uint64_t key_hash(const struct match_key *k)
{
    uint64_t h = (uint32_t)k->date;
    h = h * 0x9E3779B97F4A7C15u ^ (uint32_t)k->league;
    h = h * 0x9E3779B97F4A7C15u ^ (uint32_t)k->home;
    h = h * 0x9E3779B97F4A7C15u ^ (uint32_t)k->away;
    return (h * 0x9E3779B97F4A7C15u) >> 17;
}

static int same_key(const struct match_key *a, const struct match_key *b)
{
    return a->date == b->date && a->league == b->league && a->home == b->home &&
           a->away == b->away;
}

/* Each row looked up by its match key (matchkey.h) in a hash table of the
 * first rows met, in order: the first row of a match is met first. No
 * sort: a match's identity is all that is asked, and sorting the merge's
 * rows by their names was a tenth of it, twice. */
size_t *match_first_rows(const struct fixture *v, size_t n)
{
    struct match_key *key = match_keys(v, n);
    size_t cap = 16;
    while (cap < 2 * n) /* (at most half full: short probes) */
        cap *= 2;
    size_t *slot = xmalloc(cap * sizeof *slot), *first_of = xmalloc((n + 1) * sizeof *first_of);
    for (size_t s = 0; s < cap; s++)
        slot[s] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t s = (size_t)key_hash(&key[i]) & (cap - 1);
        while (slot[s] != SIZE_MAX && !same_key(&key[slot[s]], &key[i]))
            s = (s + 1) & (cap - 1);
        first_of[i] = slot[s];
        if (slot[s] == SIZE_MAX)
            slot[s] = i;
    }
    free(slot);
    free(key);
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

/* Whether v[0 .. n) holds both a played row and an unplayed one: else no
 * fixture has a result to go for, and the matches need not be found (a
 * season's file holds results only, or fixtures only). */
static int played_and_unplayed(const struct fixture *v, size_t n)
{
    int seen[2] = { 0, 0 };
    for (size_t i = 0; i < n && !(seen[0] && seen[1]); i++)
        seen[fixture_played(&v[i])] = 1;
    return seen[0] && seen[1];
}

size_t drop_played_fixtures(struct fixture_set *set, size_t first)
{
    if (first >= set->n || !played_and_unplayed(set->v + first, set->n - first))
        return 0; /* (nothing to drop, and maybe no array) */
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
