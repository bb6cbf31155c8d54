/* replace.h: a file rewritten whole: a walk cache compacted, a row image,
 * an import's list (unlike the files of publish.h, which are never
 * replaced). It is written to a temp file beside it, PATH.PID.new, and
 * renamed over it, so that a reader sees the old file or the new one,
 * never a part. The temp's name is the one pipeline.mk's sweep of dead
 * runs takes from a writer that was killed. */
#ifndef LF_REPLACE_H
#define LF_REPLACE_H

#include <sys/types.h>

struct replacement {
    int fd;          /* the temp file, open for writing */
    char *tmp;       /* its name */
    const char *path;
};

/* Creates the temp file beside path (mode, less the umask); 0, or -1 with
 * errno set and nothing left to end. */
int replace_begin(struct replacement *r, const char *path, mode_t mode);

/* Closes the temp file and, when ok (its writes done) and the close
 * succeeded, renames it over path; otherwise removes it, path as it was.
 * 0 once path is replaced, else -1 with errno set. */
int replace_end(struct replacement *r, int ok);

#endif
