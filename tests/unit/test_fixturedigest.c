/* test_fixturedigest.c: a row's fields as bytes (fixture_digest_fields)
 * tell rows apart exactly as their canonical lines do (fixture_line with
 * the statistics columns when the row has statistics, without the odds
 * source): rows drawn from few values, so that many lines repeat, give
 * the same digest exactly when they give the same line; a run of rows the
 * same exactly when its lines are; and the odds source and input line,
 * which a line does not hold, change nothing. TAP output. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "fixturedigest.h"
#include "rng.h"
#include "textbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define NROWS 400

/* Names that run into each other ("a" then "b" against "ab" then ""),
 * with a separator, and odds that a line writes alike (none, or not
 * above 0) or apart. */
static const char *const names[] = { "", "a", "b", "ab", "a,b" };
static const double odds[] = { 0, -1, 2.5, 2.5000000000000004, 1.1 };

static const char *pick_name(struct rng *r) { return names[rng_below(r, 5)]; }

/* A row that differs from a base row in up to two of its fields, each
 * set from a few values. */
static void random_row(struct rng *r, struct fixture *f)
{
    static const unsigned present[] = { 0, 1, ALL_STATS, 1u << NSTATS };
    *f = (struct fixture){ .league = "a", .season = "b", .home = "ab", .away = "",
                           .date = 19000, .odds = { 2.5, 0, 1.1 } };
    for (int n = (int)rng_below(r, 3); n > 0; n--) {
        int k = (int)rng_below(r, 3);
        switch (rng_below(r, 11)) {
        case 0: f->league = (char *)pick_name(r); break;
        case 1: f->season = (char *)pick_name(r); break;
        case 2: f->home = (char *)pick_name(r); break;
        case 3: f->away = (char *)pick_name(r); break;
        case 4: f->date += (int)rng_below(r, 2); break;
        case 5: /* played or not */
            f->home_goals = f->away_goals = rng_below(r, 2) ? NO_GOALS : 0;
            break;
        case 6: f->away_goals = f->home_goals == NO_GOALS ? NO_GOALS : (int)rng_below(r, 2); break;
        case 7: f->odds[k] = odds[rng_below(r, 5)]; break;
        case 8: f->stats_present = present[rng_below(r, 4)]; break;
        case 9: f->stats[k] = (int)rng_below(r, 2); break;
        default: /* what a line does not hold */
            f->odds_source = (int)rng_below(r, 2), f->line = (long)rng_below(r, 3);
            break;
        }
    }
}

static void line_of(const struct fixture *f, char **out)
{
    struct text_buf t = { 0 };
    struct fixture_columns cols = { .odds_source = 0, .stats = f->stats_present != 0 };
    fixture_line(&t, f, cols);
    *out = strdup(t.s);
    text_buf_free(&t);
}

static void digest_of(const struct fixture *v, size_t n, char hex[65])
{
    struct sha256 c;
    sha256_begin(&c);
    for (size_t i = 0; i < n; i++)
        fixture_digest_fields(&c, &v[i]);
    sha256_hex(&c, hex);
}

static void test_rows_as_lines(void)
{
    struct rng r;
    rng_seed(&r, 20261201);
    static struct fixture v[NROWS];
    static char *line[NROWS], hex[NROWS][65];
    for (size_t i = 0; i < NROWS; i++) {
        random_row(&r, &v[i]);
        line_of(&v[i], &line[i]);
        digest_of(&v[i], 1, hex[i]);
    }
    long pairs = 0, same = 0, wrong = 0;
    for (size_t i = 0; i < NROWS; i++)
        for (size_t j = i + 1; j < NROWS; j++) {
            int lines = strcmp(line[i], line[j]) == 0, digests = strcmp(hex[i], hex[j]) == 0;
            pairs++, same += lines;
            if (lines != digests && wrong++ < 3)
                diag("lines %s, digests %s:\n# %s# %s", lines ? "same" : "differ",
                     digests ? "same" : "differ", line[i], line[j]);
        }
    ok(wrong == 0, "%ld pairs of rows: the same digest exactly when the same line", pairs);
    ok(same > 100 && same < pairs / 2, "(%ld pairs with the same line: both cases tried)", same);
    /* Runs of two rows: the same bytes exactly when the same lines. */
    long runs_wrong = 0;
    for (size_t i = 0; i + 3 < NROWS; i += 2) {
        char a[65], b[65];
        digest_of(&v[i], 2, a);
        digest_of(&v[i + 2], 2, b);
        int lines = strcmp(line[i], line[i + 2]) == 0 && strcmp(line[i + 1], line[i + 3]) == 0;
        runs_wrong += lines != (strcmp(a, b) == 0);
    }
    ok(runs_wrong == 0, "runs of rows: the same digest exactly when the same lines");
    for (size_t i = 0; i < NROWS; i++)
        free(line[i]);
}

static void test_not_in_a_line(void)
{
    struct fixture f = { .league = "serie_a", .season = "2023-24", .date = 19580,
                         .home = "Inter", .away = "Monza", .home_goals = 2, .away_goals = 0,
                         .odds = { 1.2, 6, 15 }, .odds_source = 1, .line = 7 };
    char a[65], b[65];
    digest_of(&f, 1, a);
    f.odds_source = 2, f.line = 70, f.home_key = 3, f.season_key = 1;
    digest_of(&f, 1, b);
    ok(strcmp(a, b) == 0, "the odds source, the input line and interned keys change nothing");
    f.odds[1] = 6.0000000000000009;
    digest_of(&f, 1, b);
    ok(strcmp(a, b) != 0, "an odds one bit apart: another digest");
}

static void test_long_name(void)
{
    /* A name longer than the bytes gathered before a feed. */
    char *big = malloc(1001);
    memset(big, 'x', 1000);
    big[1000] = '\0';
    struct fixture f = { .league = "l", .season = "s", .home = big, .away = "a",
                         .home_goals = NO_GOALS, .away_goals = NO_GOALS };
    struct fixture g = f;
    g.home = "x", g.away = "a";
    char a[65], b[65];
    digest_of(&f, 1, a);
    digest_of(&g, 1, b);
    ok(strcmp(a, b) != 0, "a 1000-character name: fed whole, told from a short one");
    big[999] = 'y';
    digest_of(&f, 1, b);
    ok(strcmp(a, b) != 0, "its last character counts");
    free(big);
}

int main(void)
{
    test_rows_as_lines();
    test_not_in_a_line();
    test_long_name();
    return done_testing();
}
