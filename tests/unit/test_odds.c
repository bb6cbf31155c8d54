/* test_odds.c: the odds sources of football-data.co.uk's columns, in
 * order of preference, chosen per row. TAP output. */
#include "odds.h"

#include <string.h>

#include "tap.h"

static void test_pick(void)
{
    char *header[] = { "B365H", "B365D", "B365A", "AvgH", "AvgD", "AvgA", "PSCH", "PSCD",
                       "PSCA", "AvgCH", "AvgCD", "AvgCA", "B365CH", "B365CD", "B36CA" };
    struct odds_columns oc;
    double odds[3];
    odds_columns_map(&oc, header, 15);
    char *all[] = { "2", "3", "4", "2.1", "3.1", "4.1", "2.2", "3.2", "4.2", "2.3", "3.3",
                    "4.3", "2.4", "3.4", "4.4" };
    ok(odds_pick(&oc, all, 15, '.', odds) == ODDS_PINNACLE_CLOSING && odds[0] == 2.2,
       "Pinnacle closing first");
    all[7] = "";
    ok(odds_pick(&oc, all, 15, '.', odds) == ODDS_AVG_CLOSING && odds[1] == 3.3,
       "a row without Pinnacle closing falls through to the closing average");
    all[9] = "1.0";
    ok(odds_pick(&oc, all, 15, '.', odds) == ODDS_B365_CLOSING && odds[2] == 4.4,
       "odds of 1 are no odds; Bet365 closing with the site's B36CA");
    all[14] = "x";
    ok(odds_pick(&oc, all, 15, '.', odds) == ODDS_AVG && odds[0] == 2.1,
       "then the pre-closing average");
    ok(odds_pick(&oc, all, 2, '.', odds) == ODDS_NONE && odds[0] == 0,
       "a row cut short has no odds beyond its end");
    char *comma[] = { "2,5", "3,25", "2,8" };
    ok(odds_pick(&oc, comma, 3, ',', odds) == ODDS_B365 && odds[1] == 3.25, "decimal comma");
}

static void test_names(void)
{
    ok(odds_source_by_name("") == ODDS_NONE, "empty: none");
    ok(odds_source_by_name("pinnacle_closing") == ODDS_PINNACLE_CLOSING, "by name");
    ok(odds_source_by_name("betbrain_avg") == ODDS_BETBRAIN_AVG, "betbrain_avg");
    ok(odds_source_by_name("pinnacle closing") == -1, "unknown name");
    int distinct = 1;
    for (int i = 0; i < NODDS_SOURCES; i++)
        for (int j = 0; j < i; j++)
            distinct &= strcmp(odds_source_names[i], odds_source_names[j]) != 0;
    ok(distinct, "names distinct");
}

int main(void)
{
    test_pick();
    test_names();
    return done_testing();
}
