/* test_dataversion.c: the version of a model's data: its name, its digest
 * (against sha256sum of the same text), its independence
 * from row order and unplayed rows, and the cutoff. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "dataversion.h"
#include "date.h"
#include "testfixtures.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>


#include "tap.h"

static const char CSV[] =
    "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away\n"
    "serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.34,3.2,3.32\n"
    "serie_a,2023-24,2023-08-20,Roma,Salernitana,2,2,,,\n"
    "serie_a,2023-24,2023-08-26,\"Inter, Milano\",Cagliari,2,0,1.2,6,15\n"
    "serie_a,2023-24,2023-09-02,Lazio,Juventus,,,2.5,3.1,2.9\n";

/* The same played rows as CSV's, in another order. */
static const char SHUFFLED[] =
    "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away\n"
    "serie_a,2023-24,2023-08-26,\"Inter, Milano\",Cagliari,2,0,1.2,6,15\n"
    "serie_a,2023-24,2023-09-02,Lazio,Juventus,,,2.5,3.1,2.9\n"
    "serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.34,3.2,3.32\n"
    "serie_a,2023-24,2023-08-20,Roma,Salernitana,2,2,,,\n";

static void read_text(const char *text, struct fixture_set *set)
{
    read_fixtures_text(text, "test", set);
}

/* The digest of text by sha256sum (coreutils): one computed apart from
 * the library's. */
static void hex_of(const char *text, char hex[65])
{
    char path[] = "/tmp/test_dataversion.XXXXXX", cmd[64];
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0)
        die("%s: cannot write", path);
    snprintf(cmd, sizeof cmd, "sha256sum %s", path);
    FILE *p = popen(cmd, "r");
    if (!p || fscanf(p, "%64s", hex) != 1 || pclose(p) != 0)
        die("sha256sum failed");
    unlink(path);
}

static void test_digest_is_the_played_rows_text(void)
{
    struct fixture_set set;
    struct data_version dv;
    char want[65];
    read_text(CSV, &set);
    /* The played rows as split-league --played writes them. */
    hex_of("league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,"
           "odds_away\n"
           "serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.34,3.2,3.32\n"
           "serie_a,2023-24,2023-08-20,Roma,Salernitana,2,2,,,\n"
           "serie_a,2023-24,2023-08-26,\"Inter, Milano\",Cagliari,2,0,1.2,6,15\n",
           want);
    ok(data_version_of(set.v, set.n, INT_MAX, &dv) == 0, "a version of played rows");
    ok(strcmp(dv.digest, want) == 0, "digest is the SHA-256 of the played rows' text");
    char name[32];
    snprintf(name, sizeof name, "2023-08-26-%.8s", want);
    ok(strcmp(dv.name, name) == 0, "name is the last date and 8 hex digits: %s", dv.name);
    ok(dv.matches == 3, "3 matches (the unplayed one left out)");
    ok(data_version_valid(dv.name), "the name is a valid version");
    fixtures_free(&set);
}

/* Rows with match statistics: the models read them, so they are part of
 * the text digested, as split-league --played writes it (the odds source
 * is not: no model reads it). */
static void test_statistics_are_digested(void)
{
    static const char STATS[] =
        "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,"
        "odds_away,odds_source,home_shots,away_shots,home_shots_on_target,"
        "away_shots_on_target,home_corners,away_corners\n"
        "serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.34,3.2,3.32,b365_closing,9,12,2,5,4,6\n"
        "serie_a,2023-24,2023-08-20,Roma,Salernitana,2,2,,,,,,,,,,\n";
    struct fixture_set set, other;
    struct data_version dv, dv2;
    char want[65];
    read_text(STATS, &set);
    hex_of("league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,"
           "odds_away,home_shots,away_shots,home_shots_on_target,away_shots_on_target,"
           "home_corners,away_corners\n"
           "serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.34,3.2,3.32,9,12,2,5,4,6\n"
           "serie_a,2023-24,2023-08-20,Roma,Salernitana,2,2,,,,,,,,,\n",
           want);
    ok(data_version_of(set.v, set.n, INT_MAX, &dv) == 0 && strcmp(dv.digest, want) == 0,
       "statistics: the digest covers them, with their header");
    read_text(STATS, &other);
    other.v[0].stats[STAT_HOME_CORNERS] = 5;
    ok(data_version_of(other.v, other.n, INT_MAX, &dv2) == 0 && strcmp(dv.digest, dv2.digest) != 0,
       "statistics: another corner count is another version");
    fixtures_free(&other);
    read_text(STATS, &other);
    other.v[0].stats_present = 0;
    data_version_of(other.v, other.n, INT_MAX, &dv2);
    hex_of("league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,"
           "odds_away\n"
           "serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.34,3.2,3.32\n"
           "serie_a,2023-24,2023-08-20,Roma,Salernitana,2,2,,,\n",
           want);
    ok(strcmp(dv2.digest, want) == 0, "statistics: rows without any digest as before them");
    fixtures_free(&set);
    fixtures_free(&other);
}

static void test_order_does_not_matter(void)
{
    struct fixture_set a, b;
    struct data_version va, vb;
    read_text(CSV, &a);
    read_text(SHUFFLED, &b);
    data_version_of(a.v, a.n, INT_MAX, &va);
    data_version_of(b.v, b.n, INT_MAX, &vb);
    ok(strcmp(va.name, vb.name) == 0, "the same rows in another order: the same version");
    fixtures_free(&a);
    fixtures_free(&b);
}

/* A model's rows: its league's, then a linked division's, each sorted
 * (two runs, merged), and the same rows in three runs (sorted): the
 * version of the rows in their canonical order either way. */
static void test_runs_of_rows(void)
{
    static const char TWO_RUNS[] =
        "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away\n"
        "serie_b,2023-24,2023-08-19,Bari,Parma,1,1,,,\n"
        "serie_b,2023-24,2023-08-26,Como,Bari,0,2,,,\n"
        "serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.34,3.2,3.32\n"
        "serie_a,2023-24,2023-08-19,Roma,Salernitana,2,2,,,\n"
        "serie_a,2023-24,2023-08-27,Lazio,Lecce,1,0,,,\n";
    static const char THREE_RUNS[] =
        "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away\n"
        "serie_a,2023-24,2023-08-27,Lazio,Lecce,1,0,,,\n"
        "serie_b,2023-24,2023-08-19,Bari,Parma,1,1,,,\n"
        "serie_b,2023-24,2023-08-26,Como,Bari,0,2,,,\n"
        "serie_a,2023-24,2023-08-19,Roma,Salernitana,2,2,,,\n"
        "serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.34,3.2,3.32\n";
    struct fixture_set two, three, sorted;
    struct data_version v2, v3, vs;
    read_text(TWO_RUNS, &two);
    read_text(THREE_RUNS, &three);
    read_text(TWO_RUNS, &sorted);
    fixtures_sort(&sorted);
    char want[65];
    hex_of("league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,"
           "odds_away\n"
           "serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.34,3.2,3.32\n"
           "serie_a,2023-24,2023-08-19,Roma,Salernitana,2,2,,,\n"
           "serie_b,2023-24,2023-08-19,Bari,Parma,1,1,,,\n"
           "serie_b,2023-24,2023-08-26,Como,Bari,0,2,,,\n"
           "serie_a,2023-24,2023-08-27,Lazio,Lecce,1,0,,,\n",
           want);
    data_version_of(two.v, two.n, INT_MAX, &v2);
    data_version_of(three.v, three.n, INT_MAX, &v3);
    data_version_of(sorted.v, sorted.n, INT_MAX, &vs);
    ok(strcmp(v2.digest, want) == 0, "two sorted runs: the digest of the rows in order");
    ok(strcmp(v3.digest, want) == 0 && strcmp(vs.digest, want) == 0,
       "three runs, and the rows sorted first: the same");
    fixtures_free(&two);
    fixtures_free(&three);
    fixtures_free(&sorted);
}

static void test_cutoff_and_changes(void)
{
    struct fixture_set set;
    struct data_version all, cut, none;
    read_text(CSV, &set);
    data_version_of(set.v, set.n, INT_MAX, &all);
    int aug21;
    date_parse_iso("2023-08-21", &aug21);
    data_version_of(set.v, set.n, aug21, &cut);
    ok(cut.matches == 2 && cut.last_date == aug21 - 1, "cutoff 2023-08-21: 2 matches to 08-20");
    ok(strncmp(cut.name, "2023-08-20-", 11) == 0, "cutoff version named for 2023-08-20");
    ok(strcmp(cut.name, all.name) != 0, "other data, other version");
    int aug01;
    date_parse_iso("2023-08-01", &aug01);
    ok(data_version_of(set.v, set.n, aug01, &none) == -1 && none.name[0] == '\0',
       "no played match before the cutoff: no version");
    set.v[0].home_goals = 1; /* a corrected result: the same dates, new data */
    struct data_version fixed;
    data_version_of(set.v, set.n, INT_MAX, &fixed);
    ok(strcmp(fixed.name, all.name) != 0 && strncmp(fixed.name, all.name, 11) == 0,
       "a corrected score: same date, another digest");
    fixtures_free(&set);
}

/* Whether two sets' rows are the same version, compared row by row
 * (data_version_same_rows): where they are, their digests agree; a row
 * the digest holds changed, and they are not. */
static void test_same_rows_without_digests(void)
{
    struct fixture_set a, b;
    struct data_version va, vb;
    int aug21;
    date_parse_iso("2023-08-21", &aug21);
    read_text(CSV, &a);
    read_text(SHUFFLED, &b);
    ok(data_version_same_rows(&a, &b, INT_MAX), "the same rows in another order: the same");
    b.v[1].odds[0] = 9.5; /* the unplayed row's odds: no version holds them */
    ok(data_version_same_rows(&a, &b, INT_MAX), "an unplayed row changed: still the same");
    b.v[0].odds[2] = 16;  /* Inter's played row, after the cutoff */
    ok(data_version_same_rows(&a, &b, aug21), "a row from the cutoff on changed: the same before it");
    data_version_of(a.v, a.n, aug21, &va);
    data_version_of(b.v, b.n, aug21, &vb);
    ok(strcmp(va.digest, vb.digest) == 0, "(as their digests before it say)");
    ok(!data_version_same_rows(&a, &b, INT_MAX), "but not with it: another version");
    fixtures_free(&b);
    read_text(SHUFFLED, &b);
    b.v[3].away_goals = 3; /* Roma's score corrected */
    ok(!data_version_same_rows(&a, &b, aug21), "a corrected score: not the same");
    b.v[3].away_goals = 2;
    b.v[3].stats_present = 1; /* a statistic where the other row has none */
    ok(!data_version_same_rows(&a, &b, aug21), "a statistic added: not the same");
    b.v[3].stats_present = 0;
    b.n--; /* Roma's row gone */
    ok(!data_version_same_rows(&a, &b, INT_MAX), "a played row fewer: not the same");
    ok(data_version_same_rows(NULL, &b, aug21 - 10) && !data_version_same_rows(NULL, &a, aug21),
       "no rows (NULL) are the same as none played before the cutoff, only");
    b.n++;
    fixtures_free(&a);
    fixtures_free(&b);
}

static const char *stamped_version(cJSON *root)
{
    return cJSON_GetObjectItemCaseSensitive(root, "version")->valuestring;
}

static void test_memo_digests_once_a_cutoff(void)
{
    struct fixture_set set;
    struct data_version all, cut;
    struct version_memo memo = { 0 };
    int aug21;
    read_text(CSV, &set);
    date_parse_iso("2023-08-21", &aug21);
    data_version_of(set.v, set.n, INT_MAX, &all);
    data_version_of(set.v, set.n, aug21, &cut);
    cJSON *a = cJSON_CreateObject(), *b = cJSON_CreateObject(), *c = cJSON_CreateObject();
    data_version_stamp_memo(a, &memo, &set, INT_MAX, all.name, "test");
    ok(memo.have && strcmp(stamped_version(a), all.name) == 0, "the memo stamps the version");
    /* What the memo holds is what a second stamp of the cutoff takes. */
    strcpy(memo.dv.name, "2000-01-01-00000000");
    data_version_stamp_memo(b, &memo, &set, INT_MAX, NULL, "test");
    ok(strcmp(stamped_version(b), "2000-01-01-00000000") == 0,
       "the same cutoff again: not digested again");
    data_version_stamp_memo(c, &memo, &set, aug21, NULL, "test");
    ok(strcmp(stamped_version(c), cut.name) == 0, "another cutoff: digested");
    cJSON_Delete(a), cJSON_Delete(b), cJSON_Delete(c);
    fixtures_free(&set);
}

static void test_names(void)
{
    ok(data_version_valid("v2"), "v2 (made before versions) is valid");
    ok(!data_version_valid("2024-02-30-3f9a1c2b"), "no February 30");
    ok(!data_version_valid("2024-05-19-3F9A1C2B"), "upper-case hex refused");
    ok(!data_version_valid("2024-05-19-3f9a1c2"), "7 hex digits refused");
    ok(!data_version_valid("../../etc"), "a path refused");
    ok(data_version_cmp("v2", "1999-01-01-00000000") < 0, "v2 is older than any dated version");
    ok(data_version_cmp("2024-05-19-ffffffff", "2024-05-26-00000000") < 0,
       "versions order by date first");
}

/* fixtures_sort: rows out of order sorted; rows in order (a version's,
 * which fixtures_sort passes over in one look) left as they are; one pair
 * out of place at the end sorted too. */
static void test_sort_passes_over_rows_in_order(void)
{
    static const char ROWS[] =
        "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away\n"
        "serie_b,2023-24,2023-08-19,Bari,Parma,1,1,,,\n"
        "serie_b,2023-24,2023-08-26,Como,Bari,0,2,,,\n"
        "serie_a,2023-24,2023-08-19,Roma,Salernitana,2,2,,,\n"
        "serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.34,3.2,3.32\n"
        "serie_a,2023-24,2023-08-27,Lazio,Lecce,1,0,,,\n";
    struct fixture_set set;
    read_text(ROWS, &set);
    fixtures_sort(&set);
    int ordered = 1;
    for (size_t i = 1; i < set.n; i++)
        ordered &= fixture_order(&set.v[i - 1], &set.v[i]) <= 0;
    ok(set.n == 5 && ordered, "rows out of order: sorted");
    struct fixture *copy = xmalloc(set.n * sizeof *copy);
    memcpy(copy, set.v, set.n * sizeof *copy);
    fixtures_sort(&set);
    ok(memcmp(copy, set.v, set.n * sizeof *copy) == 0, "rows in order: left as they are");
    struct fixture last = set.v[set.n - 1];
    set.v[set.n - 1] = set.v[set.n - 2];
    set.v[set.n - 2] = last;
    fixtures_sort(&set);
    ok(memcmp(copy, set.v, set.n * sizeof *copy) == 0, "the last two swapped: sorted back");
    free(copy);
    fixtures_free(&set);
}

int main(void)
{
    test_sort_passes_over_rows_in_order();
    test_statistics_are_digested();
    test_digest_is_the_played_rows_text();
    test_order_does_not_matter();
    test_runs_of_rows();
    test_cutoff_and_changes();
    test_same_rows_without_digests();
    test_memo_digests_once_a_cutoff();
    test_names();
    return done_testing();
}
