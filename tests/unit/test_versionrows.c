/* test_versionrows.c: the rows of a linked model version (versionrows.h).
 * Which rows of the whole data a league's version links (divisions sharing
 * two teams with its played rows before the cutoff, played rows only, not
 * its own), that reading them back as --feeder keeps exactly them, and the
 * version of both: the league's alone when nothing is linked. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "dataversion.h"
#include "date.h"
#include "fixtures.h"
#include "promoted.h"
#include "testfixtures.h"
#include "util.h"
#include "versionrows.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* The whole data: the league "top", the division below sharing B and C
 * with it (B went down after 2023-01-01, C came up), a division sharing
 * one team only, and an unplayed row below. */
static const char *const DATA =
    "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away\n"
    "top,2022-23,2022-09-01,A,B,1,0,,,\n"
    "below,2022-23,2022-09-02,C,D,2,2,,,\n"
    "apart,2022-23,2022-09-03,A,Z,0,1,,,\n"
    "top,2023-24,2023-09-01,A,C,3,1,,,\n"
    "below,2023-24,2023-09-02,B,D,0,0,,,\n"
    "below,2023-24,2023-09-09,D,B,,,,,\n"
    "apart,2023-24,2023-09-03,Z,Y,1,1,,,\n";

static void read_text(const char *text, struct fixture_set *set)
{
    read_fixtures_text(text, "data", set);
}

/* The selected rows' lines, as "league:date" joined by spaces. */
static void selected(const struct fixture_set *set, const char *keep, char *out, size_t len)
{
    out[0] = '\0';
    for (size_t i = 0; i < set->n; i++)
        if (keep[i]) {
            char date[11];
            date_format(set->v[i].date, date);
            snprintf(out + strlen(out), len - strlen(out), "%s%s:%s", out[0] ? " " : "",
                     set->v[i].league, date);
        }
}

static void write_rows(const char *path, const struct fixture_set *set, const char *keep,
                       const char *league)
{
    FILE *fp = fopen(path, "w");
    fixture_write_header(fp);
    for (size_t i = 0; i < set->n; i++)
        if (keep ? keep[i] : strcmp(set->v[i].league, league) == 0)
            fixture_write(fp, &set->v[i]);
    fclose(fp);
}

int main(void)
{
    struct fixture_set all = { 0 };
    read_text(DATA, &all);
    char *keep = xmalloc(all.n), got[256];

    size_t n = linked_rows_select(&all, "top", INT_MAX, keep);
    selected(&all, keep, got, sizeof got);
    ok(n == 2 && strcmp(got, "below:2022-09-02 below:2023-09-02") == 0,
       "linked: the played rows of the division sharing two teams (%s)", got);
    int until;
    date_parse_iso("2023-01-01", &until);
    n = linked_rows_select(&all, "top", until, keep);
    ok(n == 0, "before the cutoff no team is shared yet: none linked");

    /* One link index for every league (split-league --into): the rows
     * each would select on its own. */
    struct link_index ix;
    link_index_build(&ix, all.v, all.n);
    const char *const leagues[] = { "top", "below", "apart", "none" };
    int same = 1;
    for (int l = 0; l < 4; l++) {
        char *alone = xmalloc(all.n);
        size_t a = linked_rows_select(&all, leagues[l], INT_MAX, alone);
        size_t b = linked_rows_select_indexed(&all, &ix, leagues[l], INT_MAX, keep);
        same &= a == b && memcmp(alone, keep, all.n) == 0;
        free(alone);
    }
    linked_rows_select_indexed(&all, &ix, "below", INT_MAX, keep);
    selected(&all, keep, got, sizeof got);
    ok(same && strcmp(got, "top:2022-09-01 top:2023-09-01") == 0,
       "one link index for every league selects what each would alone (below: %s)", got);
    link_index_free(&ix);

    /* Read back as --feeder: the same rows, and the version of both. */
    char dir[] = "/tmp/test_versionrows.XXXXXX";
    if (!mkdtemp(dir))
        die("mkdtemp");
    char league_path[64], feeder_path[64];
    snprintf(league_path, sizeof league_path, "%s/top.csv", dir);
    snprintf(feeder_path, sizeof feeder_path, "%s/feeder.csv", dir);
    linked_rows_select(&all, "top", INT_MAX, keep);
    write_rows(league_path, &all, NULL, "top");
    write_rows(feeder_path, &all, keep, NULL);
    struct fixture_set league = { 0 };
    if (fixtures_read_path(league_path, &league) != 0)
        die("%s", league_path);
    char *paths[] = { feeder_path };
    struct version_rows rows;
    version_rows_read(&rows, &league, NULL, paths, 1);
    ok(rows.feed.n == 2 && rows.all.n == league.n + 2, "the feeder file's rows are all linked");
    struct data_version alone, both;
    data_version_of(league.v, league.n, INT_MAX, &alone);
    data_version_of(rows.all.v, rows.all.n, INT_MAX, &both);
    ok(strcmp(alone.name, both.name) != 0 && both.matches == alone.matches + 2,
       "the version digests both: %s, not the league's %s", both.name, alone.name);

    /* fit-poisson appends to the league's own set (league_rows is set):
     * the rows a separate set gets, after the league's. */
    struct fixture_set grown = { 0 };
    if (fixtures_read_path(league_path, &grown) != 0)
        die("%s", league_path);
    size_t added = feeder_append(&grown, feeder_path, &grown, "top");
    int same_rows = added == rows.feed.n && grown.n == league.n + rows.feed.n;
    for (size_t i = 0; same_rows && i < rows.feed.n; i++)
        same_rows = grown.v[league.n + i].date == rows.feed.v[i].date &&
                    strcmp(grown.v[league.n + i].home, rows.feed.v[i].home) == 0;
    ok(same_rows, "a feeder appended to the league's own set: the same %zu rows", added);
    fixtures_free(&grown);
    version_rows_free(&rows);

    /* No feeder: the league's own set, the league's version. */
    version_rows_read(&rows, &league, NULL, paths, 0);
    ok(rows.all.v == league.v && rows.feed.n == 0, "without linked rows, the league's rows");
    version_rows_free(&rows);

    /* A feeder of a header alone (split-league --linked writes one when
     * nothing is linked): no rows, the league's own set, and no pointer
     * offset into the feed's array, which it does not have yet (the
     * sanitized build checks that). */
    write_rows(feeder_path, &all, NULL, "no such league");
    version_rows_read(&rows, &league, NULL, paths, 1);
    ok(rows.feed.n == 0 && rows.all.v == league.v, "a feeder of a header alone links nothing");
    version_rows_free(&rows);

    remove(league_path), remove(feeder_path), remove(dir);
    fixtures_free(&league);
    fixtures_free(&all);
    free(keep);
    return done_testing();
}
