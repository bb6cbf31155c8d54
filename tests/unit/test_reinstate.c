/* test_reinstate.c: a version made the newest again (reinstate.h): the
 * keys of its reinstatements and which lines rank a version. TAP. */
#define _GNU_SOURCE /* fmemopen */
#include "reinstate.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define A "2024-05-19-aaaaaaaa"
#define B "2024-05-19-bbbbbbbb"

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

int main(void)
{
    test_keys();
    return done_testing();
}
