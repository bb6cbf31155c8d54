/* testfiles.h: files written for the tests of what is kept by the
 * identity of a file read (rowimage.h, versionmemo.h, importdir.h), and
 * the removal of a test's temporary directory; header only. */
#ifndef LF_TESTFILES_H
#define LF_TESTFILES_H

#include "tap.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Lets the time pass within which a file just changed gets no image, nor
 * a kept version (rowimage.c, RACY_NS). */
static inline void let_time_pass(void)
{
    struct timespec pause = { 0, 60000000 };
    nanosleep(&pause, NULL);
}

static inline void write_file_now(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0)
        die("%s: cannot write", path);
}

/* Removes a test's temporary directory and all in it; a failure is said,
 * not fatal (the test points stand). */
static inline void remove_tree(const char *dir)
{
    char cmd[640];
    if (snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir) >= (int)sizeof cmd || system(cmd) != 0)
        diag("could not remove %s", dir);
}

#endif
