/* test_walkcache.c: the keys of a walk cache (what a week's predictions
 * depend on, and nothing else) and the exact round trip of its numbers.
 * TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "date.h"
#include "walkcache.h"
#include "walkforward.h"

#include <dirent.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* The state of a walk's chain kept with a week: exact, and told apart
 * from a week kept without one. */
static void test_chain_state(void)
{
    struct fixture_set set;
    read_text(CSV, &set);
    const double p[6] = { 0.5, 0.25, 0.25, 0.2, 0.3, 0.5 };
    const double state[4] = { 1.0 / 3, -0.0, DBL_MIN / 7, DBL_MAX };
    double got[6], st[8];
    int skipped;
    struct walk_cache *c = walk_cache_open(path, "chained", &set, NULL, 0, NULL);
    walk_cache_get(c, day("2023-08-14"), 0, 99999, 2, got, &skipped);
    walk_cache_put_chained(c, 2, p, state, 4);
    walk_cache_close(c);
    c = walk_cache_open(path, "chained", &set, NULL, 0, NULL);
    ok(walk_cache_get(c, day("2023-08-14"), 0, 99999, 2, got, &skipped) && !skipped &&
           memcmp(got, p, sizeof got) == 0,
       "a week kept with its chain's state: its predictions found");
    const char *kept = walk_cache_chain_kept(c, 8);
    ok(kept && walk_cache_chain_read(kept, st, 8) == 4 && memcmp(st, state, sizeof state) == 0,
       "and the state, exactly (-0, subnormal and max included)");
    ok(!walk_cache_chain_kept(c, 3) && walk_cache_chain_read(kept, st, 3) == -1,
       "a state longer than the room given: none");
    walk_cache_close(c);

    c = walk_cache_open(path, "failed chained", &set, NULL, 0, NULL);
    walk_cache_get(c, day("2023-08-14"), 0, 99999, 2, got, &skipped);
    walk_cache_put_chained(c, 2, NULL, NULL, 0);
    walk_cache_close(c);
    c = walk_cache_open(path, "failed chained", &set, NULL, 0, NULL);
    kept = walk_cache_get(c, day("2023-08-14"), 0, 99999, 2, got, &skipped) && skipped
               ? walk_cache_chain_kept(c, 8)
               : NULL;
    ok(kept && walk_cache_chain_read(kept, st, 8) == 0,
       "a failed refit kept with its (empty) chain: skipped, a state of no numbers");
    walk_cache_close(c);

    c = walk_cache_open(path, "kind", &set, NULL, 0, NULL); /* kept by keep() */
    ok(walk_cache_get(c, day("2023-08-14"), 0, 99999, 2, got, &skipped) &&
           !walk_cache_chain_kept(c, 8),
       "a week kept without a chain: no state");
    walk_cache_close(c);
    fixtures_free(&set);
}

/* A week_fn whose fit starts from the week before's in its month: each
 * week's "fit" is the last one's plus one, so a forecast shows the chain
 * it followed. */
struct toy_chain {
    int fits, has_last, last_week;
    double last, seen[2];
};

static int toy_week(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                    double *p, void *ctx)
{
    struct toy_chain *t = ctx;
    (void)set, (void)idx;
    t->fits++;
    int chained = t->has_last && t->last_week < week && same_month(t->last_week, week);
    t->last = (chained ? t->last : 0) + 1;
    t->last_week = week;
    t->has_last = 1;
    for (size_t i = 0; i < 3 * k; i++)
        p[i] = t->last / 4;
    return 0;
}

static size_t toy_save(const void *ctx, double *state)
{
    const struct toy_chain *t = ctx;
    state[0] = t->last;
    return t->has_last ? 1 : 0;
}

static void toy_restore(void *ctx, int week, const double *state, size_t n)
{
    struct toy_chain *t = ctx;
    t->has_last = n == 1;
    t->last = n == 1 ? state[0] : 0;
    t->last_week = week;
}

static const struct week_chain TOY_CHAIN = { toy_save, toy_restore };

static void toy_sink(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                     const double *p, const double base[3], void *ctx)
{
    struct toy_chain *t = ctx;
    (void)set, (void)idx, (void)k, (void)base;
    t->seen[week == day("2023-08-14")] = p[0];
}

/* Walks of the two August weeks of CSV, the second run with a week more
 * than the first: with the chain kept, the first week is taken from the
 * cache and the second fitted alone, from it; without, the first week is
 * refitted first. Both give the forecasts of a walk without a cache. */
static void test_walk_takes_up_chain(void)
{
    struct fixture_set set;
    read_text(CSV, &set);
    for (int kept = 0; kept < 2; kept++) {
        const struct week_chain *chain = kept ? &TOY_CHAIN : NULL;
        const char *kind = kept ? "toy chained" : "toy";
        struct toy_chain t = { 0 }, full = { 0 };
        struct walk_cache *c = walk_cache_open(path, kind, &set, NULL, 0, NULL);
        walk_weeks(&set, 0, day("2023-08-14"), toy_week, &t, toy_sink, &t, c, chain);
        walk_cache_close(c);
        ok(t.fits == 1, "%s: the first run fits its one week", kind);

        struct toy_chain again = { 0 };
        c = walk_cache_open(path, kind, &set, NULL, 0, NULL);
        walk_weeks(&set, 0, day("2023-08-21"), toy_week, &again, toy_sink, &again, c, chain);
        ok(walk_cache_close(c) == 1, "%s: the second run finds the first week", kind);
        ok(again.fits == (kept ? 1 : 2), "%s: and fits %s", kind,
           kept ? "the new week alone" : "the first week again, then the new one");
        walk_weeks(&set, 0, day("2023-08-21"), toy_week, &full, toy_sink, &full, NULL, NULL);
        ok(again.seen[0] == full.seen[0] && again.seen[1] == full.seen[1] &&
               full.seen[1] == 0.5,
           "%s: the forecasts of a walk without a cache, the new week's chained", kind);
    }
    fixtures_free(&set);
}

static size_t bytes_of(const char *file)
{
    struct stat st;
    return stat(file, &st) == 0 ? (size_t)st.st_size : 0;
}

static size_t lines_of(const char *file)
{
    FILE *fp = fopen(file, "r");
    size_t n = 0;
    for (int ch; fp && (ch = getc(fp)) != EOF;)
        n += ch == '\n';
    if (fp)
        fclose(fp);
    return n;
}

/* n records of kinds "KIND0", "KIND1", ... (walks of other options or
 * code: never found again by the kind "kind"). */
static void keep_unused(const char *prefix, int n, const struct fixture_set *set,
                        const double *p)
{
    char kind[32];
    for (int i = 0; i < n; i++) {
        snprintf(kind, sizeof kind, "%s%d", prefix, i);
        struct walk_cache *c = walk_cache_open(path, kind, set, NULL, 0, NULL);
        double got[6];
        int skipped;
        walk_cache_get(c, day("2023-08-14"), 0, 99999, 2, got, &skipped);
        walk_cache_put(c, 2, p);
        walk_cache_close(c);
    }
}

/* A file of more records unused than used and added is rewritten with
 * the used and added ones only; below the threshold it is only appended
 * to. */
static void test_compaction(void)
{
    struct fixture_set set;
    read_text(CSV, &set);
    const double p[6] = { 0.5, 0.25, 0.25, 0.1, 0.2, 0.7 };
    double got[6];
    unlink(path);
    keep_unused("old", 15, &set, p);
    /* The bound: one byte more than those 15 records. */
    walk_cache_compact_above(bytes_of(path) + 1);
    keep("kind", &set, NULL, p);
    ok(lines_of(path) == 16, "15 records unused, below the bound; one added: appended");
    ok(holds("kind", &set, NULL, got), "the week found");
    ok(lines_of(path) == 16, "15 unused, one used: the file as it was");
    chmod(path, 0640);
    keep_unused("new", 1, &set, p);
    ok(lines_of(path) == 1,
       "16 unused, past the bound, outweighing the one added: rewritten with it alone");
    struct stat st;
    ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640, "its permissions kept");
    ok(holds("new0", &set, NULL, got) && memcmp(got, p, sizeof got) == 0,
       "the record written by the rewrite checks, its numbers exactly");
    ok(!holds("kind", &set, NULL, got) && !holds("old0", &set, NULL, got),
       "the records unused are gone");
    /* Past the bound but not outweighing what the run used and added: a
     * walk of two weeks, both added, beside one unused record as large as
     * the first of them. */
    walk_cache_compact_above(1);
    unlink(path);
    keep_unused("other", 1, &set, p);
    struct walk_cache *c = walk_cache_open(path, "two weeks", &set, NULL, 0, NULL);
    int skipped;
    walk_cache_get(c, day("2023-08-14"), 0, 99999, 2, got, &skipped);
    walk_cache_put(c, 2, p);
    walk_cache_get(c, day("2023-08-21"), 0, 99999, 1, got, &skipped);
    walk_cache_put(c, 1, p);
    walk_cache_close(c);
    ok(lines_of(path) == 3, "one unused, outweighed by the two added: appended");
    walk_cache_compact_above((size_t)4 << 20);
    unlink(path);
    fixtures_free(&set);
}

/* Whether dir holds a file other than `a` and `b` (a rewrite's temp file
 * left behind). */
static int other_files(const char *a, const char *b)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
             strcmp(e->d_name, a) != 0 && strcmp(e->d_name, b) != 0;
    if (d)
        closedir(d);
    return n;
}

/* A cache path that is a symlink: the rewrite replaces the file it names,
 * with its permissions, and the link stays (a rename over the link left
 * the file it named behind, holding every record, and the cache unlinked
 * from it). */
static void test_compaction_through_symlink(void)
{
    struct fixture_set set;
    read_text(CSV, &set);
    const double p[6] = { 0.5, 0.25, 0.25, 0.1, 0.2, 0.7 };
    double got[6];
    char target[80];
    snprintf(target, sizeof target, "%s/target", dir);
    unlink(path);
    unlink(target);
    ok(symlink("target", path) == 0, "the cache path a symlink");
    keep_unused("old", 16, &set, p);
    ok(lines_of(target) == 16, "appended to through the link");
    walk_cache_compact_above(bytes_of(target));
    chmod(target, 0640);
    keep_unused("new", 1, &set, p);
    struct stat st;
    ok(lstat(path, &st) == 0 && S_ISLNK(st.st_mode), "the link is still a link");
    ok(lines_of(target) == 1, "the file it names rewritten");
    ok(stat(target, &st) == 0 && (st.st_mode & 07777) == 0640, "with its permissions");
    ok(holds("new0", &set, NULL, got) && memcmp(got, p, sizeof got) == 0,
       "the record found through the link");
    ok(other_files("cache", "target") == 0, "no temp file left");
    walk_cache_compact_above((size_t)4 << 20);
    unlink(path);
    unlink(target);
    fixtures_free(&set);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/cache", dir);
    test_round_trip_and_keys();
    test_skipped_week();
    test_chain_state();
    test_walk_takes_up_chain();
    test_compaction();
    test_compaction_through_symlink();
    unlink(path);
    rmdir(dir);
    return done_testing();
}
