/* test_datafile.c: where a shipped table is found: the option, then the
 * environment, then data/ under the working directory, then beside the
 * program. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "datafile.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static int is(char *got, const char *want)
{
    int same = strcmp(got, want) == 0;
    if (!same)
        diag("got '%s', want '%s'", got, want);
    free(got);
    return same;
}

int main(void)
{
    /* run from the checkout: data/leagues.csv is there */
    setenv("TEST_TABLE", "/from/env.csv", 1);
    ok(is(datafile_find("given.csv", "TEST_TABLE", "leagues.csv"), "given.csv"), "option first");
    ok(is(datafile_find(NULL, "TEST_TABLE", "leagues.csv"), "/from/env.csv"), "then environment");
    setenv("TEST_TABLE", "", 1);
    ok(is(datafile_find(NULL, "TEST_TABLE", "leagues.csv"), "data/leagues.csv"),
       "an empty variable is no variable: data/ of the working directory");
    /* Beside the program (PREFIX/share/leaguefit/, PREFIX/data/) is tested
     * by running bin/import-fixtures and the installed one elsewhere
     * (import-fixtures.bats, install.bats): this test's PREFIX is build/. */
    char *cwd = getcwd(NULL, 0);
    if (chdir("/") == 0) {
        ok(is(datafile_find(NULL, NULL, "leagues.csv"), "data/leagues.csv"),
           "none found: data/NAME, for the message");
        if (chdir(cwd) != 0)
            return 1;
    }
    free(cwd);
    return done_testing();
}
