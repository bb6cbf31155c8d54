/* test_matchkey.c: rows' matches as integers (matchkey.h). Keys compare
 * as the rows' dates and names would, names alike but for a byte or a
 * blank included; match_order is the order a stable sort by fixture_order
 * gives, on rows in random order, in sorted runs one after another (as
 * the merge's imports come), sorted, reversed, with rows that tie (the
 * same match on the same line), and on none, one and two rows. TAP. */
#include "fixtures.h"
#include "matchkey.h"
#include "rng.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

static const char *const names[] = { "Man City", "Man City ", "Man Utd", "Man", "",
                                      "K\xc3\xb6ln", "Koln", "a", "B", "Man City\t" };
#define NNAMES (sizeof names / sizeof names[0])

/* A row of names from the pool: each a copy of its own, as a parsed row's. */
static void random_row(struct rng *r, struct fixture *f, int date, long line)
{
    memset(f, 0, sizeof *f);
    f->league = xstrdup(names[rng_below(r, 3)]);
    f->season = xstrdup("2020-21");
    f->home = xstrdup(names[rng_below(r, NNAMES)]);
    f->away = xstrdup(names[rng_below(r, NNAMES)]);
    f->date = date;
    f->line = line;
}

static int sign(int c) { return (c > 0) - (c < 0); }

static void test_keys_compare_as_names(void)
{
    struct rng r;
    rng_seed(&r, 2026);
    size_t n = 500, wrong = 0;
    struct fixture *v = xmalloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        random_row(&r, &v[i], (int)rng_below(&r, 3), (long)i);
    struct match_key *key = match_keys(v, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            struct fixture a = v[i], b = v[j];
            a.line = b.line = 0; /* (fixture_order's last word: the match alone) */
            wrong += sign(match_key_cmp(&key[i], &key[j])) != sign(fixture_order(&a, &b));
        }
    ok(wrong == 0, "keys of %zu rows compare as their dates and names (%zu pairs differ)", n,
       wrong);
    free(key);
    for (size_t i = 0; i < n; i++)
        fixture_free(&v[i]);
    free(v);
}

/* The reference: a stable sort by fixture_order (the index breaks ties). */
static const struct fixture *ref_rows;
static int cmp_ref(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = fixture_order(&ref_rows[x], &ref_rows[y]);
    return c ? c : (x > y) - (x < y);
}

static int order_is_stable_sort(const struct fixture *v, size_t n)
{
    size_t *want = xmalloc((n + 1) * sizeof *want), *got = match_order(v, n);
    for (size_t i = 0; i < n; i++)
        want[i] = i;
    ref_rows = v;
    if (n > 1)
        qsort(want, n, sizeof *want, cmp_ref);
    int same = n == 0 || memcmp(want, got, n * sizeof *got) == 0;
    free(want);
    free(got);
    return same;
}

/* n rows in `runs` runs each sorted by date, their names at random (so
 * a run is sorted by date only); lines few, so that rows tie. */
static struct fixture *rows_in_runs(struct rng *r, size_t n, size_t runs)
{
    struct fixture *v = xmalloc((n + 1) * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        size_t at = i % (n / runs + 1);
        random_row(r, &v[i], (int)(at / 4), (long)rng_below(r, 3));
    }
    return v;
}

static void free_rows(struct fixture *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fixture_free(&v[i]);
    free(v);
}

static void test_order(void)
{
    struct rng r;
    rng_seed(&r, 95000);
    static const size_t runs[] = { 1, 2, 3, 8, 247, 2000 };
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        struct fixture *v = rows_in_runs(&r, 2000, runs[k]);
        ok(order_is_stable_sort(v, 2000), "2000 rows in %zu runs by date: a stable sort's order",
           runs[k]);
        free_rows(v, 2000);
    }
    /* Sorted already (the order itself), then reversed. */
    struct fixture *v = rows_in_runs(&r, 1000, 5);
    size_t *order = match_order(v, 1000);
    struct fixture *sorted = xmalloc(1000 * sizeof *sorted);
    for (size_t i = 0; i < 1000; i++)
        sorted[i] = v[order[999 - i]];
    ok(order_is_stable_sort(sorted, 1000), "rows in reverse order");
    for (size_t i = 0; i < 1000; i++)
        sorted[i] = v[order[i]];
    ok(order_is_stable_sort(sorted, 1000), "rows in order already: one run");
    free(sorted), free(order);
    free_rows(v, 1000);
    for (size_t n = 0; n <= 2; n++) {
        v = rows_in_runs(&r, n, 1);
        ok(order_is_stable_sort(v, n), "%zu rows", n);
        free_rows(v, n);
    }
}

int main(void)
{
    test_keys_compare_as_names();
    test_order();
    return done_testing();
}
