/* test_versionrank.c: which version of a league and type is the newest by
 * the registry (versionrank.h): registrations rank by date, then as they
 * were given; a reinstatement puts its version above every version
 * registered before it, of any date; a backfill's registration and a
 * reinstatement of before take no epoch. TAP. */
#define _GNU_SOURCE /* fmemopen */
#include "versionrank.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define A "2024-05-19-aaaaaaaa"
#define B "2024-05-19-bbbbbbbb"
#define OLDER "2024-05-12-cccccccc"
#define LATER "2024-05-26-dddddddd"

#define LINE(key) "{\"key\":\"" key "\"}\n"
#define REG(v) LINE("poisson_v2_serie_a_" v)
/* A reinstatement as registry-append writes it; one written before the
 * rank across dates, without its "newest" member. */
#define BACK(v, n) "{\"key\":\"poisson_v2_serie_a_" v "@reinstated-" #n "\",\"newest\":\"of all dates\"}\n"
#define OLD_BACK(v, n) LINE("poisson_v2_serie_a_" v "@reinstated-" #n)
/* A backfill's registration: its data cut before a date (UNTIL). */
#define BACKFILL(v) "{\"key\":\"poisson_v2_serie_a_" v "\",\"data\":{\"cutoff\":\"2024-05-30\"}}\n"

/* The ranks of poisson_v2, serie_a in the registry text. */
static struct version_ranks ranks_of(const char *text)
{
    struct version_ranks r;
    FILE *fp = fmemopen((void *)text, strlen(text), "r");
    version_ranks_read(fp, "registry", "poisson_v2", "serie_a", &r);
    fclose(fp);
    return r;
}

/* Whether v ranks first in the registry text. */
static int first_in(const char *text, const char *v)
{
    struct version_ranks r = ranks_of(text);
    int first = version_ranks_first(&r, v);
    version_ranks_free(&r);
    return first;
}

static void test_registrations(void)
{
    struct version_ranks r = ranks_of("");
    ok(r.n == 0 && version_rank_of(&r, A) == NULL, "an empty registry: no rank");
    version_ranks_free(&r);
    const char *a_then_b = REG(A) REG(B);
    ok(first_in(a_then_b, B) && !first_in(a_then_b, A),
       "of one date, the one registered last is the newest");
    ok(first_in(REG(LATER) REG(OLDER), LATER),
       "without a reinstatement a later date ranks first, registered before or after");
    ok(first_in(REG(OLDER) REG(LATER), LATER), "(and after)");
    r = ranks_of(REG(A) REG(B));
    const struct version_rank *a = version_rank_of(&r, A);
    ok(a && a->registered && a->last == 1 && a->epoch == 0 && a->reinstated == 0,
       "a registration: its line, no epoch");
    ok(version_rank_cmp(A, NULL, B, version_rank_of(&r, B)) < 0 &&
           version_rank_cmp(LATER, NULL, B, version_rank_of(&r, B)) < 0,
       "a version the registry does not hold ranks below every registered one, "
       "of its date or of an earlier one");
    ok(version_rank_cmp(LATER, NULL, A, NULL) > 0 && version_rank_cmp(OLDER, NULL, A, NULL) < 0,
       "and among versions it does not hold, by date");
    version_ranks_free(&r);
}

static void test_reinstatements(void)
{
    const char *back = REG(A) REG(B) BACK(A, 1);
    ok(first_in(back, A) && !first_in(back, B), "a correction taken back: its version first");
    struct version_ranks r = ranks_of(back);
    const struct version_rank *a = version_rank_of(&r, A);
    ok(a && a->registered && a->reinstated == 1 && a->last == 3 && a->epoch == 3,
       "its last line and epoch its reinstatement's, its number 1");
    version_ranks_free(&r);
    const char *cut = REG(OLDER) REG(A) BACK(OLDER, 1);
    ok(first_in(cut, OLDER) && !first_in(cut, A),
       "newer matches taken out: the older date's version first");
    const char *grown = REG(OLDER) REG(A) BACK(OLDER, 1) REG(LATER);
    ok(first_in(grown, LATER), "then new data: a later date, registered after, first");
    const char *backfill = REG(OLDER) REG(A) BACK(OLDER, 1) REG("2024-05-05-eeeeeeee");
    ok(first_in(backfill, OLDER), "an earlier date registered after does not pass it");
    const char *again = REG(OLDER) REG(A) BACK(OLDER, 1) BACK(A, 1);
    ok(first_in(again, A), "the later one given again: first again");
    r = ranks_of(again);
    ok(version_rank_of(&r, OLDER)->epoch == 3 && version_rank_of(&r, A)->epoch == 4,
       "each its own epoch");
    version_ranks_free(&r);
}

static void test_kinds_without_epoch(void)
{
    const char *old_back = REG(OLDER) REG(A) REG(B) OLD_BACK(A, 1);
    ok(first_in(old_back, A), "a reinstatement of before: its version the newest of its date");
    ok(!first_in(REG(LATER) REG(A) REG(B) OLD_BACK(A, 1), A) &&
           first_in(REG(LATER) REG(A) REG(B) OLD_BACK(A, 1), LATER),
       "and of its date alone: a later date registered before it stays first");
    struct version_ranks r = ranks_of(REG(LATER) OLD_BACK(A, 1) REG(A));
    ok(version_rank_of(&r, A)->epoch == 0, "it takes no epoch");
    version_ranks_free(&r);
    const char *alone = REG(OLDER) REG(LATER) BACK(OLDER, 1) OLD_BACK(LATER, 1);
    ok(first_in(alone, OLDER) && !first_in(alone, LATER),
       "after a reinstatement of all dates, one of before of a version alone on its date "
       "does not pass it");
    const char *of_date = REG(A) REG(LATER) REG(OLDER) BACK(OLDER, 1) REG(B) OLD_BACK(A, 1);
    ok(first_in(of_date, A), "one of its date registered since: it takes its place, above it");
    r = ranks_of(of_date);
    ok(version_rank_of(&r, A)->epoch == 4 && version_rank_of(&r, LATER)->epoch == 0,
       "(its epoch that of its date's newest)");
    version_ranks_free(&r);
    const char *backfill = REG(LATER) REG(OLDER) BACK(OLDER, 1) BACKFILL(A);
    ok(first_in(backfill, OLDER) && !first_in(backfill, A),
       "a backfill registered after a reinstatement does not pass it, of a later date");
    const char *given = REG(LATER) REG(OLDER) BACK(OLDER, 1) BACKFILL(A) BACK(A, 1);
    ok(first_in(given, A), "its data given again, reinstated: first");
    ok(first_in(BACKFILL(A) REG(OLDER), A), "without a reinstatement, by date as every version");
}

static void test_other_lines(void)
{
    const char *others = REG(A) REG(B) BACK(A, 1) LINE("1x2_v2_serie_a_" B "@reinstated-1")
        LINE("poisson_v2_ligue_1_" B "@reinstated-1") LINE("poisson_v2_serie_a_" B "@reinstated-01")
        LINE("poisson_v2_serie_a_" B "@reinstated-oops") LINE("poisson_v2_serie_a_v2");
    ok(first_in(others, A),
       "lines of another type or league, or not of these kinds, rank nothing");
    struct version_ranks r = ranks_of(BACK(A, 3) REG(B));
    const struct version_rank *a = version_rank_of(&r, A);
    ok(a && !a->registered && a->reinstated == 3, "not registered; its number its last reinstatement's");
    version_ranks_free(&r);
    ok(first_in(REG(A) "{\"key\":\"poisson_v2_serie_a_" B "\"", A), "a torn last line is no line");
}

/* A member a hand repeated: the last is read, as jq reads it (status, the
 * report), the first ignored. */
static void test_repeated_members(void)
{
    const char *newest_last = REG(A) REG(LATER)
        "{\"key\":\"poisson_v2_serie_a_" A "@reinstated-1\",\"newest\":\"by hand\","
        "\"newest\":\"of all dates\"}\n";
    ok(first_in(newest_last, A), "a repeated newest: the last, of all dates, counts");
    const char *newest_first = REG(A) REG(LATER)
        "{\"key\":\"poisson_v2_serie_a_" A "@reinstated-1\",\"newest\":\"of all dates\","
        "\"newest\":\"by hand\"}\n";
    ok(first_in(newest_first, LATER), "a repeated newest: the last, not of all dates, counts");
    const char *key_last = REG(A) REG(LATER)
        "{\"key\":\"poisson_v2_serie_a_" LATER "@reinstated-1\",\"key\":\"poisson_v2_serie_a_" A
        "@reinstated-1\",\"newest\":\"of all dates\"}\n";
    ok(first_in(key_last, A), "a repeated key: the last is the line's");
    const char *data_last = REG(LATER) REG(OLDER) BACK(OLDER, 1)
        "{\"key\":\"poisson_v2_serie_a_" A "\",\"data\":{},\"data\":{\"cutoff\":\"2024-05-30\"}}\n";
    ok(first_in(data_last, OLDER), "a repeated data: the last, a backfill's, counts");
}

/* The quiet reader by prefix ranks every version as the reader by type
 * and league does, field by field. */
static void test_quiet_reader_by_prefix(void)
{
    const char *text = REG(OLDER) REG(A) BACKFILL(LATER) BACK(OLDER, 1) OLD_BACK(B, 2) REG(B)
        LINE("poisson_v2_ligue_1_" A) "\n{\"key\":\"poisson_v2_serie_a_" LATER "\"";
    struct version_ranks loud = ranks_of(text), quiet;
    FILE *fp = fmemopen((void *)text, strlen(text), "r");
    version_ranks_read_quietly(fp, "registry", "poisson_v2_serie_a_", &quiet);
    fclose(fp);
    int same = loud.n == quiet.n && loud.n == 4;
    for (size_t i = 0; same && i < loud.n; i++)
        same = strcmp(loud.v[i].version, quiet.v[i].version) == 0 &&
               loud.v[i].last == quiet.v[i].last && loud.v[i].epoch == quiet.v[i].epoch &&
               loud.v[i].reinstated == quiet.v[i].reinstated &&
               loud.v[i].registered == quiet.v[i].registered;
    ok(same, "by prefix: the same %zu ranks as by type and league (%zu)", quiet.n, loud.n);
    version_ranks_free(&loud);
    version_ranks_free(&quiet);
}

/* The prefix of a version's key, by its end: as the report's regex took it. */
static void test_key_prefix(void)
{
    ok(version_key_prefix_len("poisson_v2_serie_a_" A) == 19, "a registration's key");
    ok(version_key_prefix_len("poisson_v2_serie_a_" A "@reinstated-12") == 19,
       "a reinstatement's key");
    ok(version_key_prefix_len("x@y_" A) == 4, "a prefix holding '@', the version at the end");
    ok(version_key_prefix_len("_" A) == 1, "the shortest prefix, '_'");
    ok(version_key_prefix_len(A) == 0 && version_key_prefix_len("x" A) == 0,
       "a version without a prefix ending '_': none");
    ok(version_key_prefix_len("poisson_v2_serie_a_v2") == 0 &&
           version_key_prefix_len("poisson_v2_serie_a_" A "@reinstated-0") == 0 &&
           version_key_prefix_len("poisson_v2_serie_a_" A "x") == 0 &&
           version_key_prefix_len("poisson_v2_serie_a_2024-05-19-AAAAAAAA") == 0,
       "v2, a bad reinstatement number, a tail, a digest not lowercase hex: none");
}

int main(void)
{
    test_registrations();
    test_reinstatements();
    test_kinds_without_epoch();
    test_other_lines();
    test_repeated_members();
    test_quiet_reader_by_prefix();
    test_key_prefix();
    return done_testing();
}
