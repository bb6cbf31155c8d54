/* test_validation_window.c: the matches a model's validation walk scores
 * (validation_window, walkforward.h): the last season among the played
 * matches before `until`, from the season before while the last holds
 * fewer than half as many. */
#define _GNU_SOURCE /* testfixtures.h: fmemopen */
#include "fixtures.h"
#include "tap.h"
#include "testfixtures.h"
#include "walkforward.h"

#include <limits.h>
#include <string.h>

#define DAY0 18000 /* 2019-04-14: any day */

/* n matches of `season` a day apart from `first`, played (1-0) when
 * `played`, else not yet. */
static void add_season(struct fixture_set *s, const char *season, int first, int n,
                       int played)
{
    for (int i = 0; i < n; i++)
        add_fixture(s, season, first + i, "A", "B", played ? 1 : NO_GOALS,
                    played ? 0 : NO_GOALS);
}

static void set_free(struct fixture_set *s)
{
    fixtures_free(s);
    memset(s, 0, sizeof *s);
}

/* The window of s before until as "FIRST_SEASON..SEASON@FROM-DAY0". */
static const char *window_of(const struct fixture_set *s, int until)
{
    static char text[128];
    struct validation_window w;
    validation_window(s, until, &w);
    if (!w.season) {
        snprintf(text, sizeof text, "none%s", w.from == INT_MAX ? "" : " (from set)");
        return text;
    }
    snprintf(text, sizeof text, "%s..%s@%d", w.first_season, w.season, w.from - DAY0);
    return text;
}

static void check(const struct fixture_set *s, int until, const char *want, const char *what)
{
    const char *got = window_of(s, until);
    ok(strcmp(got, want) == 0, "%s: %s (want %s)", what, got, want);
}

static void test_no_match_played(void)
{
    struct fixture_set s = { 0 };
    check(&s, INT_MAX, "none", "no rows: no window");
    add_season(&s, "2019-20", DAY0, 10, 0);
    check(&s, INT_MAX, "none", "only fixtures to come: no window");
    add_season(&s, "2018-19", DAY0 - 300, 10, 1);
    check(&s, DAY0 - 300, "none", "nothing played before until: no window");
    set_free(&s);
}

static void test_one_season(void)
{
    struct fixture_set s = { 0 };
    add_season(&s, "2019-20", DAY0, 5, 1);
    check(&s, INT_MAX, "2019-20..2019-20@0", "a league of one season, 5 matches: that season");
    set_free(&s);
}

static void test_half_of_the_season_before(void)
{
    struct fixture_set s = { 0 };
    add_season(&s, "2017-18", DAY0 - 730, 90, 1);
    add_season(&s, "2018-19", DAY0 - 365, 90, 1);
    add_season(&s, "2019-20", DAY0, 90, 1);
    check(&s, INT_MAX, "2019-20..2019-20@0", "a whole last season: it alone");
    check(&s, DAY0 + 45, "2019-20..2019-20@0", "45 of the 90 before: half, it alone");
    check(&s, DAY0 + 44, "2018-19..2019-20@-365", "44 of the 90 before: from the season before");
    check(&s, DAY0 + 1, "2018-19..2019-20@-365", "a season's first match: from the season before");
    check(&s, DAY0, "2018-19..2018-19@-365", "until the last season's first day: the one before");
    set_free(&s);
}

static void test_rows_to_come(void)
{
    /* The last season's 90 fixtures, 10 played: the 80 to come count for
     * neither side, and its first day is that of all its rows. */
    struct fixture_set s = { 0 };
    add_season(&s, "2018-19", DAY0 - 365, 90, 1);
    add_fixture(&s, "2019-20", DAY0 - 1, "C", "D", NO_GOALS, NO_GOALS);
    add_season(&s, "2019-20", DAY0, 10, 1);
    add_season(&s, "2019-20", DAY0 + 10, 79, 0);
    check(&s, INT_MAX, "2018-19..2019-20@-365", "10 played, 80 to come: from the season before");
    set_free(&s);

    add_season(&s, "2018-19", DAY0 - 365, 90, 1);
    add_season(&s, "2019-20", DAY0, 40, 1);
    add_season(&s, "2019-20", DAY0 + 40, 50, 0);
    add_season(&s, "2020-21", DAY0 + 365, 90, 0);
    check(&s, INT_MAX, "2018-19..2019-20@-365",
          "40 played, a season to come after it: from the season before");
    set_free(&s);
}

static void test_season_before_partial(void)
{
    /* The data start in the middle of 2018-19: its 30 matches are what
     * the last is weighed against. */
    struct fixture_set s = { 0 };
    add_season(&s, "2018-19", DAY0 - 100, 30, 1);
    add_season(&s, "2019-20", DAY0, 15, 1);
    check(&s, INT_MAX, "2019-20..2019-20@0", "15 beside a partial 30: half, it alone");
    check(&s, DAY0 + 14, "2018-19..2019-20@-100", "14 beside a partial 30: from the partial one");
    set_free(&s);
}

static void test_labels_of_other_styles(void)
{
    /* A league moving to calendar-year seasons: "2020" after "2019-20";
     * only the season just before counts, not the one two back. */
    struct fixture_set s = { 0 };
    add_season(&s, "2018-19", DAY0 - 500, 300, 1);
    add_season(&s, "2019-20", DAY0 - 150, 40, 1);
    add_season(&s, "2020", DAY0, 19, 1);
    check(&s, INT_MAX, "2019-20..2020@-150", "19 beside 40: from the season just before");
    add_fixture(&s, "2020", DAY0 + 20, "A", "B", 2, 2);
    check(&s, INT_MAX, "2020..2020@0", "20 beside 40: it alone");
    set_free(&s);
}

static void test_match_of_the_season_before_played_late(void)
{
    /* A 2018-19 match put off and played once 2019-20 had begun, the
     * latest match of all: the last season is still the one that began
     * last, 2019-20, not 2018-19 (with a walk over both). */
    struct fixture_set s = { 0 };
    add_season(&s, "2018-19", DAY0 - 365, 90, 1);
    add_season(&s, "2019-20", DAY0, 60, 1);
    add_fixture(&s, "2018-19", DAY0 + 70, "C", "D", 1, 1);
    check(&s, INT_MAX, "2019-20..2019-20@0", "60 of 2019-20, then a 2018-19 match: 2019-20 alone");
    set_free(&s);

    add_season(&s, "2018-19", DAY0 - 365, 90, 1);
    add_season(&s, "2019-20", DAY0, 10, 1);
    add_fixture(&s, "2018-19", DAY0 + 20, "C", "D", 1, 1);
    check(&s, INT_MAX, "2018-19..2019-20@-365",
          "10 of 2019-20, then a 2018-19 match: 2019-20 from the season before");
    set_free(&s);
}

int main(void)
{
    test_no_match_played();
    test_one_season();
    test_half_of_the_season_before();
    test_rows_to_come();
    test_season_before_partial();
    test_labels_of_other_styles();
    test_match_of_the_season_before_played_late();
    return done_testing();
}
