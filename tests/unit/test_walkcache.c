/* test_walkcache.c: the keys of a walk cache (what a week's predictions
 * depend on, and nothing else) and the exact round trip of its numbers.
 * TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "date.h"
#include "walkcache.h"
#include "walkforward.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

/* Two weeks: Monday 2023-08-14 to Sunday 2023-08-20, then from 2023-08-21. */
static const char CSV[] =
    "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away\n"
    "serie_a,2023-24,2023-08-12,Empoli,Verona,0,1,2.34,3.2,3.32\n"
    "serie_a,2023-24,2023-08-13,Roma,Salernitana,2,2,,,\n"
    "serie_a,2023-24,2023-08-19,Inter,Monza,2,0,1.2,6,15\n"
    "serie_a,2023-24,2023-08-20,Lazio,Lecce,1,1,2.5,3.1,2.9\n"
    "serie_a,2023-24,2023-08-26,Napoli,Genoa,,,2.5,3.1,2.9\n";

static char dir[] = "/tmp/test_walkcache.XXXXXX";
static char path[64];

static void read_text(const char *text, struct fixture_set *set)
{
    FILE *fp = fmemopen((void *)text, strlen(text), "r");
    memset(set, 0, sizeof *set);
    fixtures_read(fp, "test", set);
    fclose(fp);
}

static int day(const char *iso)
{
    int d = 0;
    date_parse_iso(iso, &d);
    return d;
}

/* Whether a cache of `kind` over set holds the week of 2023-08-14 (two
 * matches) of a walk over all days; p gets its numbers. */
static int holds(const char *kind, const struct fixture_set *set, const double *X, double *p)
{
    struct walk_cache *c = walk_cache_open(path, kind, set, X, X ? 2 : 0, NULL);
    int skipped = 0, hit = walk_cache_get(c, day("2023-08-14"), 0, 99999, 2, p,
                                          &skipped);
    walk_cache_close(c);
    return hit && !skipped;
}

/* The same for a walk from `from`. */
static int holds_from(const struct fixture_set *set, int from, double *p)
{
    struct walk_cache *c = walk_cache_open(path, "kind", set, NULL, 0, NULL);
    int skipped = 0, hit = walk_cache_get(c, day("2023-08-14"), from, 99999, 2, p, &skipped);
    walk_cache_close(c);
    return hit && !skipped;
}

static void keep(const char *kind, const struct fixture_set *set, const double *X,
                 const double *p)
{
    struct walk_cache *c = walk_cache_open(path, kind, set, X, X ? 2 : 0, NULL);
    double got[6];
    int skipped;
    ok(!walk_cache_get(c, day("2023-08-14"), 0, 99999, 2, got, &skipped),
       "a week not kept yet is not found");
    walk_cache_put(c, 2, p);
    ok(walk_cache_close(c) == 0, "no week found on the way");
}

static void test_round_trip_and_keys(void)
{
    struct fixture_set set, other;
    read_text(CSV, &set);
    const double p[6] = { 1.0 / 3, DBL_MIN / 7, DBL_MAX, -0.0, 0.1, 1 - DBL_EPSILON };
    double got[6] = { 0 };
    keep("kind", &set, NULL, p);
    ok(holds("kind", &set, NULL, got), "the week kept is found");
    ok(memcmp(got, p, sizeof got) == 0, "its numbers exactly (subnormal, max, -0 included)");
    ok(!holds("other kind", &set, NULL, got), "another kind of walk does not find it");

    /* The walk's first day: the same key up to the first day of the
     * week's month, another within it (a fit chained to the month's
     * earlier weeks depends on which of them the walk holds). */
    ok(holds_from(&set, day("2023-07-15"), got) && holds_from(&set, day("2023-08-01"), got),
       "a walk from before the week's month or from its first day: found");
    ok(!holds_from(&set, day("2023-08-07"), got),
       "a walk from a later day of the week's month: not found");

    /* Rows in another order, an unplayed row gone, a later week changed:
     * the same week. */
    read_text("league,season,date,home_team,away_team,home_goals,away_goals,odds_home,"
              "odds_draw,odds_away\n"
              "serie_a,2023-24,2023-08-20,Lazio,Lecce,1,1,2.5,3.1,2.9\n"
              "serie_a,2023-24,2023-08-27,Napoli,Genoa,3,0,2.5,3.1,2.9\n"
              "serie_a,2023-24,2023-08-12,Empoli,Verona,0,1,2.34,3.2,3.32\n"
              "serie_a,2023-24,2023-08-19,Inter,Monza,2,0,1.2,6,15\n"
              "serie_a,2023-24,2023-08-13,Roma,Salernitana,2,2,,,\n",
              &other);
    ok(holds("kind", &other, NULL, got), "rows reordered, later rows changed: found");
    fixtures_free(&other);

    /* A result of the week itself, or of the history before it, changed:
     * another week. */
    read_text(CSV, &other);
    other.v[3].away_goals = 2;
    ok(!holds("kind", &other, NULL, got), "a result of the week changed: not found");
    other.v[3].away_goals = 1;
    other.v[0].odds[0] = 2.35;
    ok(!holds("kind", &other, NULL, got), "odds before the week changed: not found");
    fixtures_free(&other);

    /* The features of the rows are part of the key. */
    double X[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
    keep("kind", &set, X, p);
    ok(holds("kind", &set, X, got), "with features: found");
    X[1] = nextafter(X[1], 3);
    ok(!holds("kind", &set, X, got), "a feature one ulp off: not found");
    X[1] = 2;
    X[9] = 0; /* the unplayed row's */
    ok(holds("kind", &set, X, got), "an unplayed row's features do not count");
    fixtures_free(&set);
}

static void test_skipped_week(void)
{
    struct fixture_set set;
    read_text(CSV, &set);
    struct walk_cache *c = walk_cache_open(path, "skips", &set, NULL, 0, NULL);
    double got[6];
    int skipped = 0;
    walk_cache_get(c, day("2023-08-14"), 0, 99999, 2, got, &skipped);
    walk_cache_put(c, 2, NULL);
    walk_cache_close(c);
    c = walk_cache_open(path, "skips", &set, NULL, 0, NULL);
    ok(walk_cache_get(c, day("2023-08-14"), 0, 99999, 2, got, &skipped) && skipped,
       "a week whose refit failed is kept as skipped");
    walk_cache_close(c);
    fixtures_free(&set);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/cache", dir);
    test_round_trip_and_keys();
    test_skipped_week();
    unlink(path);
    rmdir(dir);
    return done_testing();
}
