/* replace.c: a file rewritten whole through a temp file beside it (see
 * replace.h). */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC */
#include "replace.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int replace_begin(struct replacement *r, const char *path, mode_t mode)
{
    size_t len = strlen(path) + 32;
    r->path = path;
    r->tmp = xmalloc(len);
    snprintf(r->tmp, len, "%s.%ld.new", path, (long)getpid());
    r->fd = open(r->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (r->fd < 0) {
        int err = errno;
        free(r->tmp);
        r->tmp = NULL;
        errno = err;
        return -1;
    }
    return 0;
}

int replace_end(struct replacement *r, int ok)
{
    int err = ok ? 0 : errno ? errno : EIO; /* (the failed write's, kept) */
    if (close(r->fd) != 0 && !err)
        err = errno;
    if (!err && rename(r->tmp, r->path) != 0)
        err = errno;
    if (err)
        unlink(r->tmp);
    free(r->tmp);
    r->tmp = NULL;
    r->fd = -1;
    errno = err;
    return err ? -1 : 0;
}
