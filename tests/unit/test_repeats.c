/* test_repeats.c: the same match read twice, dropped after its first row;
 * other rows kept in their order. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "date.h"
#include "fixtures.h"
#include "repeats.h"
#include "util.h"

#include <stdio.h>
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

int main(void)
{
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
    return done_testing();
}
