/* importdir.c: input files imported each on its own into a directory. */
#define _POSIX_C_SOURCE 200809L
#include "importdir.h"
#include "isolated.h"
#include "names.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *import_dir_name(const char *dir, const char *file)
{
    size_t n = strlen(dir) + 2 * strlen(file) + 2, k = 0;
    char *name = xmalloc(n);
    k += (size_t)snprintf(name, n, "%s/", dir);
    for (const char *c = file; *c; c++) {
        if (*c == '/')
            name[k++] = '_', name[k++] = '_';
        else
            name[k++] = *c;
    }
    name[k] = '\0';
    return name;
}

/* Whether path's modification time is later than t's (a missing path is
 * not). */
static int newer_than(const char *path, const struct stat *t)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    return st.st_mtim.tv_sec > t->st_mtim.tv_sec ||
           (st.st_mtim.tv_sec == t->st_mtim.tv_sec && st.st_mtim.tv_nsec > t->st_mtim.tv_nsec);
}

/* Whether the import at name is missing or older than file or a table
 * (make's rule for a target and its prerequisites). A file that cannot
 * be read is imported, so that its error is said. */
static int out_of_date(const struct import_dir *d, const char *file, const char *name)
{
    struct stat import;
    if (stat(name, &import) != 0 || access(file, R_OK) != 0)
        return 1;
    if (newer_than(file, &import))
        return 1;
    for (size_t i = 0; i < d->ntables; i++)
        if (d->tables[i] && newer_than(d->tables[i], &import))
            return 1;
    return 0;
}

/* Writes text to path (created or truncated); -1 (reported) on failure. */
static int write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    int bad = !fp || fputs(text, fp) == EOF;
    bad |= fp && fclose(fp) != 0;
    if (bad)
        warnf("%s: %s", path, strerror(errno));
    return bad ? -1 : 0;
}

/* Writes text to path through a temp file beside it and rename(2), which
 * replaces what is there; -1 (reported) on failure. */
static int replace_with_text(const char *path, const char *text)
{
    char *tmp = xmalloc(strlen(path) + 32);
    sprintf(tmp, "%s.%ld.new", path, (long)getpid());
    int rc = write_text(tmp, text);
    if (rc == 0 && rename(tmp, path) != 0) {
        warnf("%s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

/* The first field of each line after the header of the import at path
 * (its rows' leagues, repeated); returns how many. */
static size_t league_fields(const char *path, char ***out)
{
    size_t n = 0, cap = 0, line_cap = 0;
    char **league = NULL, *line = NULL;
    FILE *in = fopen(path, "r");
    for (long row = 0; in && getline(&line, &line_cap, in) > 0; row++) {
        line[strcspn(line, ",\n")] = '\0';
        if (row == 0 || !*line)
            continue;
        grow(&league, &cap, n + 1, sizeof *league);
        league[n++] = xstrdup(line);
    }
    if (in)
        fclose(in);
    free(line);
    *out = league;
    return n;
}

/* NAME.failed of a file whose import (at import) failed with errors: its
 * leagues, distinct and sorted (names.h), or "*". */
static int write_failed(const char *path, const char *import, const char *errors)
{
    char **field;
    const char **league = NULL;
    size_t nfield = league_fields(import, &field), first = strcspn(errors, "\n"), len = 0,
           cap = 0;
    int *rank = xmalloc((nfield + 1) * sizeof *rank);
    size_t n = name_ranks((const char *const *)field, nfield, rank, &league);
    char *text = NULL;
    for (size_t i = 0; i < n || (i == 0 && n == 0); i++) {
        const char *l = n ? league[i] : "*";
        grow(&text, &cap, len + strlen(l) + first + 3, 1);
        len += (size_t)sprintf(text + len, "%s\t%.*s\n", l, (int)first, errors);
    }
    int rc = replace_with_text(path, text);
    for (size_t i = 0; i < nfield; i++)
        free(field[i]);
    free(field), free(league), free(rank), free(text);
    return rc;
}

struct child {
    const struct import_dir *d;
    char *file, *tmp; /* the file, and the temp its rows go to */
};

/* In the child: the file's rows to its temp file. */
static int import_in_child(void *arg)
{
    struct child *c = arg;
    if (!freopen(c->tmp, "w", stdout))
        die("%s: %s", c->tmp, strerror(errno));
    return c->d->import(c->file, c->d->ctx);
}

/* The child's errors, with a line of ours when a signal ended it (it
 * could say nothing itself). */
static char *with_signal(char *errors, const char *file, int status)
{
    if (status <= 128)
        return errors;
    size_t len = strlen(errors);
    char *more = xmalloc(len + strlen(progname) + strlen(file) + 64);
    sprintf(more, "%s%s: %s: import ended by signal %d\n", errors, progname, file, status - 128);
    free(errors);
    return more;
}

/* A failed file's import that its reader left empty gets the header of
 * no rows; 0, or -1 (reported). */
static int fill_empty(const char *tmp, const char *text)
{
    struct stat st;
    if (!text || stat(tmp, &st) != 0 || st.st_size > 0)
        return 0;
    return write_text(tmp, text);
}

/* Dates the import at path t, when its file was opened (importdir.h). */
static int date_at(const char *path, struct timespec t)
{
    struct timespec times[2] = { t, t };
    if (utimensat(AT_FDCWD, path, times, 0) != 0) {
        warnf("%s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Imports one file into its name; 0, or -1 when it could not be run or
 * kept. */
static int import_file(const struct import_dir *d, char *file, const char *name)
{
    struct child c = { d, file, xmalloc(strlen(name) + 32) };
    char *failed = xmalloc(strlen(name) + 8), *errors;
    sprintf(c.tmp, "%s.%ld.new", name, (long)getpid());
    sprintf(failed, "%s.failed", name);
    struct timespec opened;
    clock_gettime(CLOCK_REALTIME, &opened);
    int status = run_isolated(import_in_child, &c, &errors), rc = 0;
    errors = with_signal(errors, file, status);
    if (status < 0) {
        warnf("%s: not imported", file);
        rc = -1;
    } else if (status > 0) {
        fputs(errors, stderr);
        rc = write_failed(failed, c.tmp, errors);
        rc |= fill_empty(c.tmp, d->empty_import);
    } else if (unlink(failed) != 0 && errno != ENOENT) {
        warnf("%s: %s", failed, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && status >= 0)
        rc = date_at(c.tmp, opened);
    /* The rows are kept only with their NAME.failed right. */
    if (rc == 0 && rename(c.tmp, name) != 0) {
        warnf("%s: %s", name, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        unlink(c.tmp);
    else if (d->imported)
        d->imported(file, d->ctx);
    free(errors), free(failed), free(c.tmp);
    return rc;
}

int import_dir_update(const struct import_dir *d, char *const *files, size_t n)
{
    struct stat st;
    if (stat(d->dir, &st) != 0) {
        warnf("%s: %s", d->dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        warnf("%s: not a directory", d->dir);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char *name = import_dir_name(d->dir, files[i]);
        if (!d->changed || out_of_date(d, files[i], name))
            rc |= import_file(d, files[i], name);
        free(name);
    }
    return rc;
}
