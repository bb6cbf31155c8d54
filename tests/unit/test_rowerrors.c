/* test_rowerrors.c: bad rows reported up to ROW_ERRORS_SHOWN a file, then
 * one line with the count; stderr captured in a file. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "rowerrors.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static size_t lines_of(const char *path, char *last, size_t len)
{
    FILE *fp = fopen(path, "r");
    char buf[512];
    size_t n = 0;
    while (fgets(buf, sizeof buf, fp)) {
        n++;
        snprintf(last, len, "%s", buf);
    }
    fclose(fp);
    return n;
}

int main(void)
{
    char path[] = "/tmp/test_rowerrors.XXXXXX", last[512];
    int fd = mkstemp(path);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    set_progname("prog");
    struct row_errors few = { "few.csv", 0 }, many = { "many.csv", 0 };
    for (long i = 0; i < 3; i++)
        row_error(&few, i + 2, "bad %s", "x");
    for (long i = 0; i < 25; i++)
        row_error(&many, i + 2, "bad %ld", i);
    size_t nfew = row_errors_end(&few), nmany = row_errors_end(&many);
    fflush(stderr);
    dup2(saved, 2);
    ok(nfew == 3 && nmany == 25, "every error counted (%zu, %zu)", nfew, nmany);
    ok(lines_of(path, last, sizeof last) == 3 + ROW_ERRORS_SHOWN + 1,
       "3 + 10 shown + one count line");
    ok(strcmp(last, "prog: many.csv: 25 bad rows in all, the first 10 shown\n") == 0,
       "the count line");
    remove(path);
    return done_testing();
}
