/* testfiles.h: files written for the tests of what is kept by the
 * identity of a file read (rowimage.h, versionmemo.h, importdir.h), and
 * the removal of a test's temporary directory; header only. */
#ifndef LF_TESTFILES_H
#define LF_TESTFILES_H

#include "tap.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
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

/* How long ago, in ns, the file at path changed (its change time): a test
 * of what a file read within the racy window gets (RACY_NS, 50 ms) checks
 * it only where the read came well within it. A loaded machine may let
 * more than the window pass between a write and the read after it, and
 * the file is then rightly taken as settled. */
#define WELL_WITHIN_WINDOW_NS 40000000LL
static inline long long ns_since_change(const char *path)
{
    struct stat st;
    struct timespec now;
    if (stat(path, &st) != 0)
        die("%s: cannot stat", path);
    clock_gettime(CLOCK_REALTIME, &now);
    return (now.tv_sec - st.st_ctim.tv_sec) * 1000000000LL + now.tv_nsec - st.st_ctim.tv_nsec;
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
