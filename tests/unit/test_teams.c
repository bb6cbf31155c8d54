/* test_teams.c: folding of team names, edit distance and nearest names.
 * TAP output. */
#include "fixtures.h"
#include "teams.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int folds_to(const char *name, const char *want)
{
    char *got = team_fold(name);
    int same = strcmp(got, want) == 0;
    if (!same)
        diag("'%s' folds to '%s'", name, got);
    free(got);
    return same;
}

static void test_fold(void)
{
    ok(folds_to("M'Gladbach", "mgladbach") && folds_to("M'gladbach", "mgladbach"),
       "case and apostrophe");
    ok(folds_to("Atlético Madrid", "atleticomadrid"), "accent and space");
    ok(folds_to("Bayern München", "bayernmunchen"), "umlaut");
    ok(folds_to("Wisła Kraków", "wislakrakow"), "Polish letters (Latin Extended-A)");
    ok(folds_to("St. Gallen", "stgallen"), "full stop");
    ok(folds_to("Ko\xcc\x88ln", "koln") && folds_to("Atle\xcc\x81tico", "atletico"),
       "accents written apart (NFD, U+0308, U+0301) as the letters written whole");
    ok(folds_to("Zenit \xd0\xa1\xd0\x9f\xd0\xb1", "zenit\xd0\xa1\xd0\x9f\xd0\xb1"),
       "other scripts kept as they are");
}

static void test_distance(void)
{
    ok(team_distance("Nottm Forest", "Nott'm Forest") == 0, "punctuation costs nothing");
    ok(team_distance("Atl. Madrid", "Ath Madrid") == 1, "one letter");
    ok(team_distance("Arsenal", "Chelsea") == 6, "unrelated");

}

int main(void)
{
    test_fold();
    test_distance();
    return done_testing();
}
