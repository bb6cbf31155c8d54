/* test_repeats.c: the same match read twice, dropped after its first row;
 * a fixture dropped for its result; other rows kept in their order. TAP
 * output. */
#define _POSIX_C_SOURCE 200809L
#include "date.h"
#include "fixtures.h"
#include "repeats.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static void add(struct fixture_set *set, const char *league, int day, const char *home,
                const char *away, long line)
{
    struct fixture f = { 0 };
    f.league = xstrdup(league), f.season = xstrdup("2016-17");
    f.home = xstrdup(home), f.away = xstrdup(away);
    f.date = days_from_civil(2017, 4, day), f.line = line, f.source = "t.csv";
    grow(&set->v, &set->cap, set->n + 1, sizeof *set->v);
    set->v[set->n++] = f;
}

static int lines_are(const struct fixture_set *set, const long *want, size_t n)
{
    if (set->n != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (set->v[i].line != want[i])
            return 0;
    return 1;
}

/* What drop_repeated_matches_each gave. */
struct seen {
    char league[4][16], message[4][128];
    size_t n;
};

static void note(const char *league, const char *message, void *ctx)
{
    struct seen *s = ctx;
    if (s->n < 4) {
        snprintf(s->league[s->n], sizeof s->league[0], "%s", league);
        snprintf(s->message[s->n++], sizeof s->message[0], "%s", message);
    }
}

/* match_first_rows against the pairs compared one by one, on many rows
 * of few matches (leagues, days and sides drawn from a handful), names
 * alike but for a byte among them: every row's first row the reference's. */
static void test_first_rows_many(void)
{
    static const char *const side[] = { "Nice", "Metz", "Nice ", "nice", "Lyon" };
    static const char *const league[] = { "ligue_1", "ligue_2", "ligue_1 " };
    struct fixture_set set = { 0 };
    unsigned seed = 1;
    for (long i = 0; i < 3000; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned x = seed >> 8;
        add(&set, league[x % 3], 1 + (int)(x / 3 % 20), side[x / 60 % 5], side[x / 300 % 5], i);
    }
    size_t *first_of = match_first_rows(set.v, set.n), wrong = 0;
    for (size_t i = 0; i < set.n; i++) {
        size_t want = SIZE_MAX;
        for (size_t j = 0; j < i && want == SIZE_MAX; j++) {
            const struct fixture *a = &set.v[j], *b = &set.v[i];
            if (a->date == b->date && !strcmp(a->league, b->league) &&
                !strcmp(a->home, b->home) && !strcmp(a->away, b->away))
                want = j;
        }
        wrong += first_of[i] != want;
    }
    ok(wrong == 0, "3000 rows of few matches: each row's first row (%zu wrong)", wrong);
    free(first_of);
    fixtures_free(&set);
}

int main(void)
{
    test_first_rows_many();
    struct fixture_set set = { 0 };
    add(&set, "ligue_1", 16, "Nice", "Metz", 1);
    add(&set, "ligue_1", 16, "Metz", "Nice", 2);   /* the reverse fixture */
    add(&set, "ligue_1", 17, "Nice", "Metz", 3);   /* another day */
    add(&set, "ligue_2", 16, "Nice", "Metz", 4);   /* another league */
    add(&set, "ligue_1", 16, "Nice", "Metz", 5);   /* line 1 again */
    add(&set, "ligue_1", 16, "Nice", "Metz", 6);   /* and again */
    add(&set, "ligue_1", 15, "Lyon", "Bastia", 7);
    ok(drop_repeated_matches(&set, 0, 0) == 2, "two repeats of one match dropped");
    ok(lines_are(&set, (const long[]){ 1, 2, 3, 4, 7 }, 5),
       "its first row kept; the reverse fixture, another day, another league kept, in order");
    ok(drop_repeated_matches(&set, 0, 0) == 0, "none left");

    /* Only the part from `first` on is looked at. */
    add(&set, "ligue_1", 15, "Lyon", "Bastia", 8); /* repeats line 7, before the part */
    add(&set, "ligue_1", 18, "Lyon", "Bastia", 9);
    add(&set, "ligue_1", 18, "Lyon", "Bastia", 10);
    ok(drop_repeated_matches(&set, 5, 0) == 1, "a part: its own repeat only");
    ok(lines_are(&set, (const long[]){ 1, 2, 3, 4, 7, 8, 9 }, 7),
       "rows before the part untouched, the part's first rows kept");
    ok(drop_repeated_matches(&set, 0, 0) == 1, "the whole set: the part's row that repeats an earlier one");
    ok(lines_are(&set, (const long[]){ 1, 2, 3, 4, 7, 9 }, 6), "the earlier row is the one kept");

    struct fixture_set none = { 0 };
    ok(drop_repeated_matches(&none, 0, 1) == 0 && none.n == 0, "no rows");
    fixtures_free(&set);

    /* A fixture read before its result: the result stays, wherever it is. */
    struct fixture_set fx = { 0 };
    add(&fx, "ligue_1", 20, "Nice", "Metz", 1);
    fx.v[0].home_goals = fx.v[0].away_goals = NO_GOALS; /* the fixture, first */
    add(&fx, "ligue_1", 21, "Lyon", "Metz", 2);
    fx.v[1].home_goals = fx.v[1].away_goals = NO_GOALS; /* not played yet */
    add(&fx, "ligue_1", 20, "Nice", "Metz", 3);         /* its result */
    add(&fx, "ligue_1", 22, "Lyon", "Nice", 4);         /* a result alone */
    add(&fx, "ligue_1", 22, "Lyon", "Nice", 5);
    fx.v[4].home_goals = fx.v[4].away_goals = NO_GOALS; /* its fixture, after it */
    ok(drop_played_fixtures(&fx, 0) == 2, "the fixtures of the two results dropped");
    ok(lines_are(&fx, (const long[]){ 2, 3, 4 }, 3),
       "the fixture not played kept, the results kept, in order");
    ok(drop_played_fixtures(&fx, 0) == 0, "none left");
    ok(drop_played_fixtures(&none, 0) == 0 && none.n == 0, "no rows");
    fixtures_free(&fx);

    /* Each repeat given to the caller, with its league and its words. */
    struct fixture_set two = { 0 };
    add(&two, "ligue_1", 16, "Nice", "Metz", 1);
    add(&two, "ligue_2", 16, "Caen", "Metz", 2);
    add(&two, "ligue_2", 16, "Caen", "Metz", 3);
    add(&two, "ligue_1", 16, "Nice", "Metz", 4);
    struct seen said = { 0 };
    ok(drop_repeated_matches_each(&two, 0, note, &said) == 2 && two.n == 2, "both repeats dropped");
    ok(said.n == 2 && strcmp(said.league[0], "ligue_2") == 0 &&
           strcmp(said.league[1], "ligue_1") == 0,
       "each given with its league, in input order");
    ok(strcmp(said.message[1],
              "t.csv:4: duplicate match ligue_1 2017-04-16 Nice v Metz (first at t.csv:1)") == 0,
       "in the words said on stderr");
    fixtures_free(&two);

    /* The repeats where a fixture and its result are none: a fixture
     * given twice beside its result goes for the result; two results, or
     * two fixtures with no result, repeat. */
    struct fixture_set mix = { 0 };
    add(&mix, "ligue_1", 20, "Nice", "Metz", 1); /* fixture */
    add(&mix, "ligue_1", 20, "Nice", "Metz", 2); /* result */
    add(&mix, "ligue_1", 20, "Nice", "Metz", 3); /* fixture again */
    add(&mix, "ligue_1", 21, "Lyon", "Metz", 4); /* result */
    add(&mix, "ligue_1", 21, "Lyon", "Metz", 5); /* result again */
    add(&mix, "ligue_1", 22, "Lyon", "Nice", 6); /* fixture */
    add(&mix, "ligue_1", 22, "Lyon", "Nice", 7); /* fixture again */
    for (size_t k = 0; k < mix.n; k++)
        if (k == 0 || k == 2 || k == 5 || k == 6)
            mix.v[k].home_goals = mix.v[k].away_goals = NO_GOALS;
    size_t *first_of = match_first_rows(mix.v, mix.n);
    size_t *rep = match_repeated_rows(mix.v, mix.n, first_of);
    const size_t want[] = { SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, 3, SIZE_MAX, 5 };
    ok(memcmp(rep, want, sizeof want) == 0,
       "fixtures beside their result repeat nothing; a second result or fixture alone does");
    free(rep), free(first_of);
    fixtures_free(&mix);
    return done_testing();
}
