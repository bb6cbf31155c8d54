/* matchkey.c: matches as integers (matchkey.h). */
#include "matchkey.h"
#include "merge.h"
#include "names.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct match_key *match_keys(const struct fixture *v, size_t n)
{
    struct match_key *key = xmalloc((n + 1) * sizeof *key);
    const char **league = xmalloc((n + 1) * sizeof *league);
    int *rank = xmalloc((2 * n + 1) * sizeof *rank);
    for (size_t i = 0; i < n; i++)
        league[i] = v[i].league;
    name_ranks(league, n, rank, NULL);
    for (size_t i = 0; i < n; i++)
        key[i] = (struct match_key){ v[i].date, rank[i], 0, 0 };
    fixtures_team_ranks(v, n, rank, NULL);
    for (size_t i = 0; i < n; i++)
        key[i].home = rank[2 * i], key[i].away = rank[2 * i + 1];
    free(league);
    free(rank);
    return key;
}

/* Whether row a goes before row b: by match, then line (fixture_order),
 * then index, which makes the order total: the same whatever sort finds
 * it, and the same as a stable sort's. */
static int goes_before(const struct match_key *key, const struct fixture *v, size_t a, size_t b)
{
    int c = match_key_cmp(&key[a], &key[b]);
    if (c)
        return c < 0;
    if (v[a].line != v[b].line)
        return v[a].line < v[b].line;
    return a < b;
}

/* The starts of the sorted runs of order[0 .. n), n > 0, and n after the
 * last; *count: how many runs. */
static size_t *sorted_runs(const size_t *order, size_t n, const struct match_key *key,
                           const struct fixture *v, size_t *count)
{
    size_t *edge = NULL, cap = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || goes_before(key, v, order[i], order[i - 1])) {
            grow(&edge, &cap, k + 2, sizeof *edge);
            edge[k++] = i;
        }
    edge[k] = n;
    *count = k;
    return edge;
}

/* What index_before compares by. */
struct match_rows {
    const struct match_key *key;
    const struct fixture *v;
};

/* goes_before for two indices into the rows, as merge_sorted asks it. */
static int index_before(const void *x, const void *y, void *ctx)
{
    const struct match_rows *m = ctx;
    return goes_before(m->key, m->v, *(const size_t *)x, *(const size_t *)y);
}

/* order sorted by goes_before: its sorted runs merged in pairs, pass after
 * pass. The merge's input is its imports one after another, each sorted
 * (import-fixtures --into writes them so): a league's seasons make one
 * run, and the 95,000 rows of eight leagues are sorted in three passes. */
static void sort_by_runs(size_t *order, size_t n, const struct match_key *key,
                         const struct fixture *v)
{
    size_t runs, *edge = sorted_runs(order, n, key, v, &runs);
    size_t *from = order, *to = xmalloc(n * sizeof *to), *spare = to;
    struct match_rows rows = { key, v };
    while (runs > 1) {
        size_t merged = 0;
        for (size_t r = 0; r < runs; r += 2) {
            size_t hi = edge[r + 1 < runs ? r + 2 : r + 1]; /* (a last run alone: copied) */
            size_t lo = edge[r], mid = edge[r + 1];
            merge_sorted(from + lo, mid - lo, from + mid, hi - mid, sizeof *from, index_before,
                         &rows, to + lo);
            edge[merged++] = edge[r];
        }
        edge[merged] = n;
        runs = merged;
        size_t *was = from;
        from = to, to = was;
    }
    if (from != order)
        memcpy(order, from, n * sizeof *order);
    free(spare);
    free(edge);
}

size_t *match_order(const struct fixture *v, size_t n)
{
    size_t *order = xmalloc((n + 1) * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    if (n > 1) {
        struct match_key *key = match_keys(v, n);
        sort_by_runs(order, n, key, v);
        free(key);
    }
    return order;
}
