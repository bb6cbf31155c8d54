/* testfiles.h: files written for the tests of what is kept by the
 * identity of a file read (rowimage.h, versionmemo.h), header only. */
#ifndef LF_TESTFILES_H
#define LF_TESTFILES_H

#include "util.h"

#include <stdio.h>
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

#endif
