/* test_reinstate.c: a version made the newest of its date again
 * (reinstate.h): the keys of its reinstatements, which lines rank a
 * version, and what the registry says of a version among those of its
 * date. TAP. */
#define _GNU_SOURCE /* fmemopen */
#include "reinstate.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define A "2024-05-19-aaaaaaaa"
#define B "2024-05-19-bbbbbbbb"
#define OLDER "2024-05-12-cccccccc"

static void test_keys(void)
{
    char *key = reinstated_key("poisson_v2", "serie_a", A, 2);
    ok(strcmp(key, "poisson_v2_serie_a_" A "@reinstated-2") == 0, "the key: %s", key);
    free(key);
    const char *p = "poisson_v2_serie_a_";
    ok(key_ranks_version("poisson_v2_serie_a_" A, p, A), "its registration ranks a version");
    ok(key_ranks_version("poisson_v2_serie_a_" A "@reinstated-1", p, A),
       "so does its reinstatement");
    ok(key_ranks_version("poisson_v2_serie_a_" A "@reinstated-12", p, A), "of any number");
    ok(!key_ranks_version("poisson_v2_serie_a_" B "@reinstated-1", p, A),
       "another version's does not");
    ok(!key_ranks_version("1x2_v2_serie_a_" A, p, A), "nor another type's");
    ok(!key_ranks_version("poisson_v2_serie_a_" A "x", p, A), "nor a longer name");
    ok(!key_ranks_version("poisson_v2_serie_a_" A "@reinstated-", p, A), "nor a suffix without number");
    ok(!key_ranks_version("poisson_v2_serie_a_" A "@reinstated-01", p, A),
       "nor a number with a leading zero");
    ok(!key_ranks_version("poisson_v2_serie_a_" A "@reinstated-0", p, A), "nor the number 0");
    ok(!key_ranks_version("poisson_v2_serie_a_" A "@reinstated-1x", p, A), "nor trailing text");
    ok(!key_ranks_version("poisson_v2_serie_a_" A "@retrained-1", p, A), "nor another kind");
}

/* The standing of version v (poisson_v2, serie_a) in the registry text. */
static struct date_standing standing(const char *text, const char *v)
{
    struct date_standing st;
    FILE *fp = fmemopen((void *)text, strlen(text), "r");
    date_standing_read(fp, "registry", "poisson_v2", "serie_a", v, &st);
    fclose(fp);
    return st;
}

#define LINE(key) "{\"key\":\"" key "\"}\n"

static void test_standing(void)
{
    struct date_standing st = standing("", A);
    ok(!st.registered && !st.newest && st.reinstated == 0, "an empty registry: nothing of it");
    const char *a_then_b = LINE("poisson_v2_serie_a_" A) LINE("poisson_v2_serie_a_" B);
    st = standing(a_then_b, A);
    ok(st.registered && !st.newest && st.reinstated == 0, "registered before another of its date");
    st = standing(a_then_b, B);
    ok(st.registered && st.newest, "the one registered last is the newest");
    const char *back = LINE("poisson_v2_serie_a_" A) LINE("poisson_v2_serie_a_" B)
        LINE("poisson_v2_serie_a_" A "@reinstated-1");
    st = standing(back, A);
    ok(st.registered && st.newest && st.reinstated == 1, "reinstated: the newest, its number 1");
    ok(!standing(back, B).newest, "the other not");
    const char *later = LINE("poisson_v2_serie_a_" A) LINE("poisson_v2_serie_a_" B)
        LINE("poisson_v2_serie_a_" A "@reinstated-1") LINE("poisson_v2_serie_a_" B "@reinstated-1")
        LINE("poisson_v2_serie_a_" OLDER) LINE("1x2_v2_serie_a_" A) LINE("poisson_v2_ligue_1_" A)
        LINE("poisson_v2_serie_a_" A "@reinstated-oops");
    st = standing(later, A);
    ok(!st.newest && st.reinstated == 1,
       "lines of another date, type or league, or not of these kinds, change nothing");
    ok(standing(later, B).newest, "the other's reinstatement made it the newest");
    st = standing(LINE("poisson_v2_serie_a_" A "@reinstated-3") LINE("poisson_v2_serie_a_" B), A);
    ok(!st.registered && st.reinstated == 3, "not registered; the number its last reinstatement's");
    st = standing(LINE("poisson_v2_serie_a_" A) "{\"key\":\"poisson_v2_serie_a_" B "\"", A);
    ok(st.newest, "a torn last line is no line");
}

int main(void)
{
    test_keys();
    test_standing();
    return done_testing();
}
