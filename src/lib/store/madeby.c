/* madeby.c: a file's stamp of the program that made it (madeby.h). */
#define _POSIX_C_SOURCE 200809L /* st_mtim */
#include "madeby.h"
#include "buildid.h"
#include "replace.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STAMP_SUFFIX ".made-by"

/* The longest stamp: the program's identity, then the file's size and
 * modification time in decimal. */
#define STAMP_MAX (PROGRAM_ID_LEN + 3 * 24)

static char *stamp_path(const char *path)
{
    size_t n = strlen(path) + sizeof STAMP_SUFFIX;
    char *s = xmalloc(n);
    snprintf(s, n, "%s%s", path, STAMP_SUFFIX);
    return s;
}

/* The running program's identity, read once. */
static const char *identity(void)
{
    static char id[PROGRAM_ID_LEN];
    if (!id[0])
        program_identity(id);
    return id;
}

/* The stamp of the file of st by the running program. */
static int stamp_text(char text[STAMP_MAX], const struct stat *st)
{
    return snprintf(text, STAMP_MAX, "%s\n%lld %lld.%09ld\n", identity(), (long long)st->st_size,
                    (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec);
}

void made_by_begin(const char *path)
{
    identity();
    struct stat st;
    if (lstat(path, &st) == 0 || errno != ENOENT)
        return; /* (the name taken, publishing will fail; or not known to be free) */
    char *stamp = stamp_path(path);
    /* (Looked at first, so that the usual run, with no stamp left, calls
     * no unlink.) */
    if (lstat(stamp, &st) == 0 && unlink(stamp) != 0 && errno != ENOENT)
        die("%s: cannot remove the stamp left without its file: %s", stamp, strerror(errno));
    free(stamp);
}

int made_by_stamp(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    char text[STAMP_MAX];
    int len = stamp_text(text, &st);
    char *stamp = stamp_path(path);
    struct replacement r;
    int rc = replace_begin(&r, stamp, 0644);
    if (rc == 0)
        rc = replace_end(&r, write_all(r.fd, text, (size_t)len) == 0);
    free(stamp);
    return rc;
}

int made_by_this_program(const char *path)
{
    struct stat st;
    char want[STAMP_MAX], have[STAMP_MAX + 1];
    if (stat(path, &st) != 0)
        return 0;
    int len = stamp_text(want, &st);
    char *stamp = stamp_path(path);
    FILE *fp = fopen(stamp, "rb");
    free(stamp);
    if (!fp)
        return 0;
    size_t got = fread(have, 1, sizeof have, fp);
    fclose(fp);
    return got == (size_t)len && memcmp(have, want, got) == 0;
}
