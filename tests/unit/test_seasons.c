/* test_seasons.c: season labels parsed, derived from dates for calendar
 * and August-to-May leagues, and cut at summer breaks. TAP output. */
#include "date.h"
#include "seasons.h"

#include <string.h>

#include "tap.h"

static int parses_to(const char *s, const char *want)
{
    char buf[8];
    return season_parse(s, buf) == 0 && strcmp(buf, want) == 0;
}

static void test_parse(void)
{
    char buf[8];
    ok(parses_to("2012", "2012"), "a calendar year");
    ok(parses_to("2012/2013", "2012-13"), "2012/2013 (extra leagues)");
    ok(parses_to("2012-13", "2012-13"), "2012-13 (canonical)");
    ok(parses_to("1999/00", "1999-00"), "1999/00 across the century");
    ok(parses_to("2012-2013", "2012-13"), "2012-2013");
    ok(season_parse("2012/2014", buf) == -1, "years not consecutive");
    ok(season_parse("2023-25", buf) == -1, "2023-25 refused");
    ok(season_parse("12/13", buf) == -1, "two-digit first year refused");
    ok(season_parse("2012/", buf) == -1, "2012/ refused");
}

static void test_of_league(void)
{
    char buf[8];
    season_of_league(days_from_civil(2024, 2, 24), 1, buf);
    ok(strcmp(buf, "2024") == 0, "MLS in February: 2024");
    season_of_league(days_from_civil(2024, 12, 7), 1, buf);
    ok(strcmp(buf, "2024") == 0, "MLS in December: 2024");
    season_of_league(days_from_civil(2024, 7, 20), 0, buf);
    ok(strcmp(buf, "2024-25") == 0, "Russia in July: 2024-25");
    season_of_league(days_from_civil(2024, 5, 20), 0, buf);
    ok(strcmp(buf, "2023-24") == 0, "Russia in May: 2023-24");
}

#define D(y, m, d) days_from_civil(y, m, d)

static void test_by_date(void)
{
    char labels[16][8];
    /* one season that ran into August (2019-20): one label */
    int covid[] = { D(2019, 8, 9), D(2020, 3, 9), D(2020, 6, 17), D(2020, 7, 26),
                    D(2020, 8, 2) };
    ok(seasons_by_date(covid, 5, labels) == 1 && strcmp(labels[4], "2019-20") == 0,
       "2019-20 ending in August stays one season");
    /* two seasons, the second starting in September after a pandemic
     * pause from March to June that is longer than the summer break */
    int two[] = { D(2019, 8, 9), D(2020, 3, 9), D(2020, 6, 17), D(2020, 7, 1),
                  D(2020, 7, 15), D(2020, 8, 2), D(2020, 9, 12), D(2021, 5, 23) };
    ok(seasons_by_date(two, 8, labels) == 2, "two seasons");
    ok(strcmp(labels[5], "2019-20") == 0 && strcmp(labels[6], "2020-21") == 0,
       "cut at the summer break, not the pandemic pause: %s %s", labels[5], labels[6]);
    /* the order of the rows does not matter */
    int shuffled[] = { D(2023, 8, 11), D(2022, 8, 12), D(2024, 5, 19), D(2023, 5, 28) };
    ok(seasons_by_date(shuffled, 4, labels) == 2 && strcmp(labels[0], "2023-24") == 0 &&
           strcmp(labels[1], "2022-23") == 0 && strcmp(labels[2], "2023-24") == 0 &&
           strcmp(labels[3], "2022-23") == 0, "rows in any order");
    /* no break found (matches all summer, and after it): the 1st of July */
    int summer[] = { D(2022, 7, 20), D(2022, 8, 1), D(2023, 6, 20), D(2023, 6, 30),
                     D(2023, 7, 1), D(2023, 7, 10), D(2023, 7, 25), D(2023, 8, 10),
                     D(2023, 8, 25), D(2023, 9, 10) };
    ok(seasons_by_date(summer, 10, labels) == 2 && strcmp(labels[3], "2022-23") == 0 &&
           strcmp(labels[4], "2023-24") == 0, "no break: cut at the 1st of July");
    /* 2018-19 and 2019-20, which ran into the summer after its pause and
     * ended the file: two seasons, its July matches its own */
    int ended[] = { D(2018, 8, 10), D(2019, 5, 12), D(2019, 8, 9), D(2020, 3, 9),
                    D(2020, 6, 17), D(2020, 7, 1), D(2020, 7, 12), D(2020, 7, 26) };
    ok(seasons_by_date(ended, 8, labels) == 2 && strcmp(labels[1], "2018-19") == 0 &&
           strcmp(labels[5], "2019-20") == 0 && strcmp(labels[7], "2019-20") == 0,
       "a last season that ran into July stays one: %s %s", labels[5], labels[7]);
    /* a season cut short in March (ligue_1 2019-20), the next from August:
     * no summer gap in the window, the 1st of July divides them */
    int cut[] = { D(2019, 8, 9), D(2020, 3, 8), D(2020, 8, 21), D(2021, 5, 23) };
    ok(seasons_by_date(cut, 4, labels) == 2 && strcmp(labels[1], "2019-20") == 0 &&
           strcmp(labels[2], "2020-21") == 0, "a season cut short in March, the next after");
    /* a season whose first match is in June: named so that it holds its
     * matches of the next year (season_check), not the season before */
    int june[] = { D(2019, 6, 25), D(2019, 10, 10), D(2020, 3, 10), D(2020, 6, 1) };
    ok(seasons_by_date(june, 4, labels) == 1 && strcmp(labels[0], "2019-20") == 0 &&
           strcmp(labels[3], "2019-20") == 0 && season_check(labels[3], june[3]) == 0,
       "a first match in June: the season holding all its matches, %s", labels[3]);
}

static void test_check(void)
{
    ok(season_check("2023-24", D(2023, 8, 19)) == 0, "2023-24 holds August 2023");
    ok(season_check("2019-20", D(2020, 8, 2)) == 0, "2019-20 holds August 2020");
    ok(season_check("2020", D(2021, 2, 25)) == 0, "Brazil's 2020 holds February 2021");
    ok(season_check("2024", D(2024, 3, 1)) == 0, "2024");
    ok(season_check("23-24", D(2023, 8, 19)) == -1, "23-24 refused");
    ok(season_check("2023/24", D(2023, 8, 19)) == -1, "2023/24 refused (not canonical)");
    ok(season_check("2023-2024", D(2023, 8, 19)) == -1, "2023-2024 refused (not canonical)");
    ok(season_check("2021-22", D(2023, 8, 19)) == -1, "2021-22 does not hold 2023");
    ok(season_check("2024-25", D(2023, 8, 19)) == -1, "2024-25 does not hold 2023");
    ok(season_check("", D(2023, 8, 19)) == -1, "empty refused");
}

int main(void)
{
    test_parse();
    test_check();
    test_of_league();
    test_by_date();
    return done_testing();
}
