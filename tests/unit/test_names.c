/* test_names.c: name_ranks gives each name its rank among the distinct
 * names sorted by strcmp, as sorting them all would; with many names (the
 * hash table grown), repeats, empty and near-equal strings. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "names.h"
#include "rng.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The ranks by sorting every name and searching each. */
static size_t reference_ranks(const char *const *s, size_t n, int *rank)
{
    const char **sorted = xmalloc((n + 1) * sizeof *sorted);
    size_t d = 0;
    memcpy(sorted, s, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_str);
    for (size_t i = 0; i < n; i++)
        if (d == 0 || strcmp(sorted[d - 1], sorted[i]) != 0)
            sorted[d++] = sorted[i];
    for (size_t i = 0; i < n; i++)
        rank[i] = (int)((const char **)bsearch(&s[i], sorted, d, sizeof *sorted, cmp_str) - sorted);
    free(sorted);
    return d;
}

static void check(const char *what, const char *const *s, size_t n)
{
    int *got = xmalloc((n + 1) * sizeof *got), *want = xmalloc((n + 1) * sizeof *want);
    const char **distinct;
    size_t d = name_ranks(s, n, got, &distinct), wd = reference_ranks(s, n, want);
    int sorted = 1;
    for (size_t r = 1; r < d; r++)
        sorted &= strcmp(distinct[r - 1], distinct[r]) < 0;
    int named = 1;
    for (size_t i = 0; i < n; i++)
        named &= distinct[got[i]] == s[i] || strcmp(distinct[got[i]], s[i]) == 0;
    ok(d == wd && (n == 0 || memcmp(got, want, n * sizeof *got) == 0) && sorted && named,
       "%s: %zu names, %zu distinct, ranked as sorting them gives", what, n, d);
    free(got), free(want), free(distinct);
}

int main(void)
{
    const char *few[] = { "Roma", "Inter", "Roma", "", "Inter ", "inter", "AC Milan", "Roma" };
    check("repeats, the empty name, near-equal names", few, 8);
    check("none", few, 0);

    /* 3000 names of 1200 distinct, in random order: the table grows. */
    struct rng r;
    rng_seed(&r, 7);
    enum { N = 3000, D = 1200 };
    static char text[D][16];
    const char *many[N];
    for (int i = 0; i < D; i++)
        snprintf(text[i], sizeof text[i], "team %d", i * 7919 % 10007);
    for (int i = 0; i < N; i++)
        many[i] = text[i < D ? i : (int)(rng_uniform(&r) * D)];
    check("many", many, N);
    return done_testing();
}
