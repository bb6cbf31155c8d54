/* test_reinstate.c: a version made the newest again (reinstate.h): the
 * keys of its reinstatements and what follows the version in a key. TAP. */
#define _GNU_SOURCE /* fmemopen */
#include "reinstate.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define A "2024-05-19-aaaaaaaa"

static void test_keys(void)
{
    char *key = reinstated_key("poisson_v2", "serie_a", A, 2);
    ok(strcmp(key, "poisson_v2_serie_a_" A "@reinstated-2") == 0, "the key: %s", key);
    free(key);
    ok(reinstated_number("") == 0, "nothing after the version: its registration (0)");
    ok(reinstated_number("@reinstated-1") == 1, "a reinstatement: its number");
    ok(reinstated_number("@reinstated-12") == 12, "of any number");
    ok(reinstated_number("x") < 0, "a longer name: no line of the version");
    ok(reinstated_number("@reinstated-") < 0, "nor a suffix without number");
    ok(reinstated_number("@reinstated-01") < 0, "nor a number with a leading zero");
    ok(reinstated_number("@reinstated-0") < 0, "nor the number 0");
    ok(reinstated_number("@reinstated-1x") < 0, "nor trailing text");
    ok(reinstated_number("@reinstated-1234567890123456789") < 0, "nor 19 digits");
    ok(reinstated_number("@retrained-1") < 0, "nor another kind");
    /* (Which league, type and version a line ranks: test_versionrank.) */
}

int main(void)
{
    test_keys();
    return done_testing();
}
