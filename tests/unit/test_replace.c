/* test_replace.c: a file rewritten whole through PATH.PID.new (replace.h):
 * the old file until the rename, the new one after; a failed write leaves
 * the old file and no temp. TAP. */
#define _GNU_SOURCE
#include "replace.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

static char dir[] = "/tmp/test_replace.XXXXXX";

static void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0)
        die("%s: cannot write", path);
}

/* The file's text ("" when it cannot be read). */
static const char *text_of(const char *path)
{
    static char buf[256];
    FILE *fp = fopen(path, "r");
    size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
    if (fp)
        fclose(fp);
    buf[n] = '\0';
    return buf;
}

static int exists(const char *path) { return access(path, F_OK) == 0; }

static void test_replaced(const char *path, const char *tmp)
{
    struct replacement r;
    put(path, "old\n");
    ok(replace_begin(&r, path, 0640) == 0, "begin");
    ok(strcmp(r.tmp, tmp) == 0, "the temp is PATH.PID.new, the name the sweep of dead runs takes");
    ok(write_all(r.fd, "new\n", 4) == 0, "written");
    ok(strcmp(text_of(path), "old\n") == 0, "the old file stands until the end");
    ok(replace_end(&r, 1) == 0, "end");
    ok(strcmp(text_of(path), "new\n") == 0, "then the new one");
    ok(!exists(tmp), "and no temp is left");
    struct stat st;
    ok(stat(path, &st) == 0 && (st.st_mode & 07777) == (0640 & ~(mode_t)umask(022)),
       "with the mode asked, less the umask");
}

static void test_failed_write(const char *path, const char *tmp)
{
    struct replacement r;
    put(path, "old\n");
    ok(replace_begin(&r, path, 0600) == 0, "begin");
    ok(write_all(r.fd, "half", 4) == 0, "part written");
    errno = ENOSPC; /* as a write that failed leaves it */
    ok(replace_end(&r, 0) == -1 && errno == ENOSPC, "end of a failed write: -1, its errno kept");
    ok(strcmp(text_of(path), "old\n") == 0, "the old file as it was");
    ok(!exists(tmp), "no temp left");
    errno = 0;
    ok(replace_begin(&r, path, 0600) == 0 && replace_end(&r, 0) == -1 && errno != 0,
       "a failure with no errno: -1 still, an errno set");
    ok(strcmp(text_of(path), "old\n") == 0, "the old file as it was");
}

static void test_no_directory(void)
{
    struct replacement r;
    char path[96];
    snprintf(path, sizeof path, "%s/none/f", dir);
    ok(replace_begin(&r, path, 0600) == -1 && errno == ENOENT,
       "begin in a directory that does not exist: -1, ENOENT");
}

int main(void)
{
    umask(022);
    if (!mkdtemp(dir))
        die("mkdtemp: %s", strerror(errno));
    char path[96], tmp[128];
    snprintf(path, sizeof path, "%s/f", dir);
    snprintf(tmp, sizeof tmp, "%s.%ld.new", path, (long)getpid());
    test_replaced(path, tmp);
    test_failed_write(path, tmp);
    test_no_directory();
    unlink(path);
    rmdir(dir);
    return done_testing();
}
