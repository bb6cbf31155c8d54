/* test_merge.c: merge_sorted merges two sorted runs into one sorted run,
 * stably (the first run's element first among equals), whatever their
 * lengths and element size. TAP. */
#include "merge.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* An element sorted by key alone; run and at tell where it came from. */
struct item {
    int key;
    char run;
    int at;
};

static int key_before(const void *x, const void *y, void *ctx)
{
    (void)ctx;
    return ((const struct item *)x)->key < ((const struct item *)y)->key;
}

/* Runs of keys a[0 .. na) and b[0 .. nb) (each sorted) merged: the result
 * has every element once, in key order, and among equal keys those of
 * the first run first, each run's in their order. */
static int merges_stably(const int *a, size_t na, const int *b, size_t nb)
{
    struct item *x = calloc(na + 1, sizeof *x), *y = calloc(nb + 1, sizeof *y);
    struct item *out = malloc((na + nb + 1) * sizeof *out);
    for (size_t i = 0; i < na; i++)
        x[i] = (struct item){ a[i], 'a', (int)i };
    for (size_t i = 0; i < nb; i++)
        y[i] = (struct item){ b[i], 'b', (int)i };
    merge_sorted(x, na, y, nb, sizeof *x, key_before, NULL, out);
    size_t from_a = 0, from_b = 0;
    int good = 1;
    for (size_t i = 0; i < na + nb; i++) {
        const struct item *e = &out[i];
        /* each run's elements in their order, none lost or repeated */
        if (e->run == 'a')
            good &= e->at == (int)from_a++;
        else
            good &= e->run == 'b' && e->at == (int)from_b++;
        if (i > 0) {
            const struct item *p = &out[i - 1];
            good &= p->key < e->key || (p->key == e->key && !(p->run == 'b' && e->run == 'a'));
        }
    }
    good &= from_a == na && from_b == nb;
    free(x), free(y), free(out);
    return good;
}

/* The context reaches the comparison: keys are indices into it. */
static int index_before(const void *x, const void *y, void *ctx)
{
    const int *value = ctx;
    return value[*(const size_t *)x] < value[*(const size_t *)y];
}

int main(void)
{
    int a[] = { 1, 3, 3, 5, 9 }, b[] = { 0, 3, 4, 9, 9, 12 };
    ok(merges_stably(a, 5, b, 6), "interleaved runs, ties across them: first run first");
    ok(merges_stably(a, 5, b, 0), "an empty second run");
    ok(merges_stably(a, 0, b, 6), "an empty first run");
    ok(merges_stably(a, 0, b, 0), "two empty runs");
    int low[] = { 1, 2 }, high[] = { 7, 8, 9 };
    ok(merges_stably(high, 3, low, 2), "the second run wholly before the first");
    ok(merges_stably(low, 2, high, 3), "the first run wholly before the second");
    int same[] = { 4, 4, 4 };
    ok(merges_stably(same, 3, same, 3), "every key equal: the first run whole, then the second");

    /* Longer runs of random keys, against counting. */
    srand(7);
    int good = 1;
    for (int trial = 0; trial < 200; trial++) {
        size_t na = (size_t)(rand() % 40), nb = (size_t)(rand() % 40);
        int x[40] = { 0 }, y[40] = { 0 };
        for (size_t i = 0, k = 0; i < na; i++)
            x[i] = (int)(k += (size_t)(rand() % 3));
        for (size_t i = 0, k = 0; i < nb; i++)
            y[i] = (int)(k += (size_t)(rand() % 3));
        good &= merges_stably(x, na, y, nb);
    }
    ok(good, "200 random pairs of runs, with repeated keys");

    /* An empty run may be NULL (no element read, no arithmetic on it). */
    struct item one[2] = { { 1, 'b', 0 }, { 2, 'b', 1 } }, both[2];
    merge_sorted(NULL, 0, one, 2, sizeof *one, key_before, NULL, both);
    ok(both[0].key == 1 && both[1].key == 2, "an empty first run given as NULL");
    merge_sorted(one, 2, NULL, 0, sizeof *one, key_before, NULL, both);
    ok(both[0].key == 1 && both[1].key == 2, "an empty second run given as NULL");

    int value[] = { 50, 10, 30, 20, 40 };
    size_t first[] = { 1, 2, 0 }, second[] = { 3, 4 }, merged[5];
    merge_sorted(first, 3, second, 2, sizeof *first, index_before, value, merged);
    size_t want[] = { 1, 3, 2, 4, 0 };
    ok(memcmp(merged, want, sizeof want) == 0, "elements compared through the caller's context");
    return done_testing();
}
