/* test_excluded.c: the list of matches left out, applied to a set: each
 * listed match dropped, others kept in order. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "date.h"
#include "excluded.h"
#include "fixtures.h"
#include "teams.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static struct fixture match(const char *league, int y, int m, int d, const char *home,
                            const char *away)
{
    struct fixture f = { 0 };
    f.league = xstrdup(league), f.season = xstrdup("2016-17");
    f.home = xstrdup(home), f.away = xstrdup(away);
    f.date = days_from_civil(y, m, d), f.line = d, f.source = "t.csv";
    return f;
}

int main(void)
{
    char path[] = "/tmp/test_excluded.XXXXXX";
    FILE *fp = fdopen(mkstemp(path), "w");
    fputs("league,date,home,away,reason\n"
          "ligue_1,2017-04-16,Bastia,Lyon,abandoned: awarded\n"
          "ligue_1,2017-04-16,Nice,Metz,not in the set: warned\n"
          "serie_a,2012-09-23,Cagliari,Roma,another league: not warned\n", fp);
    fclose(fp);
    struct excluded x = { .path = path };
    excluded_load(&x, NULL);
    ok(x.n == 3, "three listed");
    struct fixture_set set = { 0 };
    struct fixture v[] = { match("ligue_1", 2017, 4, 15, "Lyon", "Bastia"),
                           match("ligue_1", 2017, 4, 16, "Bastia", "Lyon"),
                           match("ligue_1", 2017, 4, 16, "Monaco", "Nice"),
                           match("ligue_2", 2017, 4, 16, "Bastia", "Lyon") };
    for (size_t i = 0; i < 4; i++) {
        grow(&set.v, &set.cap, set.n + 1, sizeof *set.v);
        set.v[set.n++] = v[i];
    }
    ok(excluded_apply(&x, &set) == 1, "one dropped");
    ok(set.n == 3 && strcmp(set.v[0].home, "Lyon") == 0 && strcmp(set.v[1].home, "Monaco") == 0 &&
           strcmp(set.v[2].league, "ligue_2") == 0,
       "the reverse fixture, another match that day and another league are kept, in order");
    ok(x.v[0].found && !x.v[1].found && !x.v[2].found, "found marks");
    ok(excluded_apply(&x, &set) == 0, "applied again: nothing more");
    fixtures_free(&set);
    excluded_free(&x);

    /* The list names Bastia as the site does; the alias table, which the
     * data's names went through, renames it. */
    struct team_aliases teams = { 0 };
    struct team_alias rename = { "ligue_1", "Bastia", "SC Bastia", 1 };
    teams.v = &rename, teams.n = 1;
    struct excluded aliased = { .path = path };
    excluded_load(&aliased, &teams);
    ok(strcmp(aliased.v[0].home, "SC Bastia") == 0 && strcmp(aliased.v[0].away, "Lyon") == 0,
       "a listed side is named through the alias table");
    struct fixture_set renamed = { 0 };
    grow(&renamed.v, &renamed.cap, 1, sizeof *renamed.v);
    renamed.v[renamed.n++] = match("ligue_1", 2017, 4, 16, "SC Bastia", "Lyon");
    ok(excluded_apply(&aliased, &renamed) == 1 && renamed.n == 0,
       "the match, its side renamed by the table, is dropped");
    fixtures_free(&renamed);
    excluded_free(&aliased);
    remove(path);
    return done_testing();
}
