/* test_leagues.c: the league map read through table.c, looked up by
 * division code, by country and competition, and by slug. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "leagues.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

int main(void)
{
    char path[] = "/tmp/test_leagues.XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fdopen(fd, "w");
    /* columns in another order than the shipped file's, one left out */
    fputs("league,code,competition,country\n"
          "premier_league,E0,,\n"
          "mls,USA,MLS,USA\n"
          "swiss_super_league,SWZ,Super League,Switzerland\n"
          "swiss_super_league,,Challenge League,Switzerland\n", fp);
    fclose(fp);
    struct league_map m = { .path = path };
    leagues_load(&m);
    ok(m.n == 4, "four rows");
    const struct league *l = league_by_code(&m, "E0");
    ok(l && strcmp(l->slug, "premier_league") == 0 && !l->calendar, "by code");
    l = league_by_name(&m, "USA", "MLS");
    ok(l && strcmp(l->slug, "mls") == 0, "by country and competition");
    ok(!l->calendar, "no seasons column: not calendar");
    l = league_by_name(&m, "Switzerland", "Challenge League");
    ok(l && strcmp(l->slug, "swiss_super_league") == 0, "a second name of one league");
    ok(league_by_code(&m, "") == NULL, "the empty code of a name-only row is no code");
    ok(league_by_name(&m, "USA", "NASL") == NULL, "unknown competition");
    ok(league_by_slug(&m, "mls") != NULL && league_by_slug(&m, "nfl") == NULL, "by slug");
    leagues_free(&m);

    struct league_map shipped = { .path = "data/leagues.csv" };
    leagues_load(&shipped);
    static const char *const extra[] = { "Argentina", "Austria", "Brazil", "China", "Denmark",
                                         "Finland", "Ireland", "Japan", "Mexico", "Norway",
                                         "Poland", "Romania", "Russia", "Sweden",
                                         "Switzerland", "USA" };
    int countries = 0;
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
        for (size_t k = 0; k < shipped.n; k++)
            if (strcmp(shipped.v[k].country, extra[i]) == 0 && *shipped.v[k].code) {
                countries++;
                break;
            }
    ok(countries == 16, "the shipped map has the site's 16 extra leagues (%d)", countries);
    l = league_by_name(&shipped, "USA", "MLS");
    ok(l && l->calendar && strcmp(l->slug, "mls") == 0, "MLS: calendar-year seasons");
    l = league_by_name(&shipped, "Russia", "Premier League");
    ok(l && !l->calendar, "Russia: July-to-June seasons");
    leagues_free(&shipped);
    remove(path);
    return done_testing();
}
