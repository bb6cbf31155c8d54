/* test_tableleagues.c: a table line's league told misspelt when it is in
 * neither the league map nor the data but within two letters of one that
 * is; a league merely absent, or the data's own, is not. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "excluded.h"
#include "fixtures.h"
#include "leagues.h"
#include "tableleagues.h"
#include "teams.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static void add(struct fixture_set *set, const char *league)
{
    grow(&set->v, &set->cap, set->n + 1, sizeof *set->v);
    set->v[set->n++] = (struct fixture){ .league = (char *)league, .borrowed = 1 };
}

static int said(const char *got, const char *want)
{
    return got && want ? strcmp(got, want) == 0 : got == want;
}

int main(void)
{
    struct league_map map = { 0 };
    char *slugs[] = { "premier_league", "ligue_1", "ligue_2", "serie_a" };
    map.v = xcalloc(4, sizeof *map.v);
    for (map.n = 0; map.n < 4; map.n++)
        map.v[map.n].slug = slugs[map.n];
    struct fixture_set set = { 0 };
    add(&set, "my_league");
    add(&set, "my_league");

    ok(said(league_misspelt("premier_leage", &map, &set), "premier_league"), "a letter left out");
    ok(said(league_misspelt("Premier-League", &map, &set), "premier_league"),
       "case and punctuation: within two letters folded");
    ok(said(league_misspelt("my_leage", &map, &set), "my_league"), "a league of the data");
    ok(said(league_misspelt("my_leage", NULL, &set), "my_league"), "no map: the data alone");
    ok(league_misspelt("premier_league", &map, &set) == NULL, "the map's own");
    ok(league_misspelt("my_league", &map, &set) == NULL, "the data's own, not in the map");
    ok(league_misspelt("ligue_2", &map, &set) == NULL, "ligue_2, one letter from ligue_1: its own");
    ok(league_misspelt("bundesliga", &map, &set) == NULL, "absent, near none: no mistake");
    ok(league_misspelt("ligue_3", &map, &set) != NULL, "ligue_3 near ligue_1 and ligue_2");

    struct team_alias aliases[] = { { "premier_leage", "Nottm Forest", "Nott'm Forest", 2 },
                                    { "bundesliga", "M'Gladbach", "M'gladbach", 3 } };
    struct team_aliases t = { .path = "teams.csv", .v = aliases, .n = 2 };
    struct excluded_match listed[] = { { "serie_a", "Cagliari", "Roma", "awarded", 0, 2, 0 },
                                       { "seria_a", "Cagliari", "Roma", "awarded", 0, 3, 0 } };
    struct excluded x = { .path = "excluded.csv", .v = listed, .n = 2 };
    ok(tables_report_misspelt_leagues(&t, &x, &map, &set) == 2,
       "one line of each table said (teams.csv:2, excluded.csv:3)");
    ok(tables_report_misspelt_leagues(NULL, NULL, &map, &set) == 0, "no tables");
    free(map.v);
    free(set.v);
    return done_testing();
}
