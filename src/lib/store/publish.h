/* publish.h: write a file so that it appears complete or not at all, and
 * never replaces an existing file (docs/design.md §4).
 *
 * output_open(&o, path) gives a FILE* to write to: stdout when path is NULL,
 * otherwise a temp file beside path. output_commit() checks every write, and
 * for a path: fchmod, fsync, link(2) to the final name (never replacing it),
 * unlink the temp, fsync the directory. If the final name exists, the temp is
 * removed and the program exits EXIT_EXISTS with a message. On die(),
 * SIGINT, SIGTERM or SIGHUP the temp file (and only it) is removed.
 * One output may be open at a time; several can be published in turn.
 * For stdout, output_commit() is close_stdout(). */
#ifndef LF_PUBLISH_H
#define LF_PUBLISH_H

#include "util.h" /* write_all */

#include <stdio.h>

struct output {
    FILE *fp;
    char *final_path; /* NULL for stdout */
};

FILE *output_open(struct output *o, const char *path);
void output_commit(struct output *o);

/* For a run that makes the missing files of a set (fit-1x2 --all), where
 * another run may publish one of them first: a final name that exists is
 * not an error. output_open_new (path required) returns NULL when path
 * exists; output_commit_new returns 1 once published, 0 when the name was
 * taken meanwhile (the temp removed, the file there left as it is). */
FILE *output_open_new(struct output *o, const char *path);
int output_commit_new(struct output *o);

/* fsync the directory holding path, so that a new name in it is durable;
 * dies with a message on failure. */
void fsync_dir(const char *path);

#endif
