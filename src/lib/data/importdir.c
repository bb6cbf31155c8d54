/* importdir.c: input files imported each on its own into a directory. */
#define _POSIX_C_SOURCE 200809L
#include "importdir.h"
#include "isolated.h"
#include "names.h"
#include "replace.h"
#include "textbuf.h"
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

static int later(struct timespec a, struct timespec b)
{
    return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

/* Whether path was modified or put in place after t's modification time
 * (a missing path was not). Its change time too: a file replaced by one
 * dated before the import (a download that keeps the server's date,
 * wget -N or curl -R; cp -p, rsync -t, an archive unpacked) has an older
 * modification time, but its change time is when it was put there, which
 * no program sets back. */
static int newer_than(const char *path, const struct stat *t)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    return later(st.st_mtim, t->st_mtim) || later(st.st_ctim, t->st_mtim);
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
    struct replacement r;
    if (replace_begin(&r, path, 0666) != 0 ||
        replace_end(&r, write_all(r.fd, text, strlen(text)) == 0) != 0) {
        warnf("%s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
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

/* A file to import: its import's name and the temp its rows go to. */
struct job {
    char *file, *name, *tmp;
};

/* The files of a run are imported in turn by one worker process, rather
 * than each by a process of its own: forking for each of 247 files cost a
 * full build's import 2 s of CPU, against 0.6 s for the imports. After
 * each file the worker writes to its stderr a NUL byte, then the import's
 * status and when the file was opened (WORK_MARK), so that the parent
 * knows whose errors came before it, and keeps the file while the worker
 * goes on. A file whose reader dies (die(), a
 * signal) ends the worker: it is the file after the last one marked, its
 * errors what came after that mark, and a new worker goes on from the
 * file after it. (A NUL is never part of a message: a field's text ends
 * at its first NUL.) */
struct worker {
    const struct import_dir *d;
    const struct job *job;
    size_t from, n;
};
#define WORK_MARK "%d %lld %ld\n"

/* In the worker: each file's rows to its temp file, then its mark. */
static int import_in_worker(void *arg)
{
    const struct worker *w = arg;
    for (size_t i = w->from; i < w->n; i++) {
        const struct job *j = &w->job[i];
        struct timespec opened;
        clock_gettime(CLOCK_REALTIME, &opened);
        if (!freopen(j->tmp, "w", stdout))
            die("%s: %s", j->tmp, strerror(errno));
        /* (the status as exit() would give it a child of its own) */
        int status = w->d->import(j->file, w->d->ctx) & 0xff;
        if (fflush(stdout) != 0)
            die("%s: %s", j->tmp, strerror(errno));
        fputc('\0', stderr);
        fprintf(stderr, WORK_MARK, status, (long long)opened.tv_sec, opened.tv_nsec);
    }
    return 0;
}

/* The errors, with a line of ours when a signal ended the import (it
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

/* Keeps what the worker made of one file (its status, and its errors, a
 * string the call takes): the import, and NAME.failed when it failed; 0,
 * or -1 when they could not be kept. */
static int keep_import(const struct import_dir *d, const struct job *j, int status,
                       char *errors, struct timespec opened)
{
    char *failed = xmalloc(strlen(j->name) + 8);
    sprintf(failed, "%s.failed", j->name);
    errors = with_signal(errors, j->file, status);
    int rc = 0;
    /* A good import's warnings (a fixture dropped for its result) are
     * said too, once, when the file is imported. */
    fputs(errors, stderr);
    if (status > 0) {
        rc = write_failed(failed, j->tmp, errors);
        rc |= fill_empty(j->tmp, d->empty_import);
    } else if (unlink(failed) != 0 && errno != ENOENT) {
        warnf("%s: %s", failed, strerror(errno));
        rc = -1;
    }
    if (rc == 0)
        rc = date_at(j->tmp, opened);
    /* The rows are kept only with their NAME.failed right. */
    if (rc == 0 && rename(j->tmp, j->name) != 0) {
        warnf("%s: %s", j->name, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        unlink(j->tmp);
    else if (d->imported)
        d->imported(j->file, d->ctx);
    free(errors), free(failed);
    return rc;
}

/* The text from `from` up to `to`, a new string. */
/* What the parent has of a worker's run: the file it is in, and that
 * file's errors so far. */
struct reading {
    const struct import_dir *d;
    const struct job *job;
    size_t next, n;
    struct text_buf errors;
    int rc;
};

/* Takes what the worker wrote, and keeps each file as its mark comes:
 * an interrupted run keeps the files done, and leaves one temp. */
static void on_worker_errors(const char *text, size_t len, void *arg)
{
    struct reading *r = arg;
    struct text_buf *t = &r->errors;
    text_buf_add(t, text, len);
    const char *mark, *line_end;
    while (r->next < r->n && (mark = memchr(t->s, '\0', t->len)) != NULL &&
           (line_end = memchr(mark, '\n', t->len - (size_t)(mark - t->s))) != NULL) {
        int status;
        long long sec;
        long nsec;
        if (sscanf(mark + 1, WORK_MARK, &status, &sec, &nsec) != 3)
            return; /* (not a mark: the file is the worker's last) */
        struct timespec opened = { (time_t)sec, nsec };
        r->rc |= keep_import(r->d, &r->job[r->next++], status,
                             xstrndup(t->s, (size_t)(mark - t->s)), opened);
        text_buf_drop(t, (size_t)(line_end + 1 - t->s));
    }
}

/* Runs a worker on job[from .. n) and keeps what it made; returns the
 * index of the first file it did not come to. */
static size_t run_worker(const struct import_dir *d, const struct job *job, size_t from,
                         size_t n, int *rc)
{
    struct worker w = { d, job, from, n };
    struct reading r = { d, job, from, n, { 0 }, 0 };
    struct timespec started; /* (no later than the first file's opening) */
    clock_gettime(CLOCK_REALTIME, &started);
    int status = run_isolated_reading(import_in_worker, &w, on_worker_errors, &r);
    size_t i = r.next;
    *rc |= r.rc;
    if (status < 0) {
        for (; i < n; i++) {
            warnf("%s: not imported", job[i].file);
            unlink(job[i].tmp);
        }
        *rc = -1;
    } else if (i < n) { /* the file the worker ended in (by status, or at exit) */
        *rc |= keep_import(d, &job[i], status, text_buf_release(&r.errors), started);
        i++;
    }
    text_buf_free(&r.errors);
    return i;
}

/* Imports job[0 .. n) (run_worker) and frees them; 0, or -1. */
static int import_jobs(const struct import_dir *d, struct job *job, size_t n)
{
    int rc = 0;
    for (size_t next = 0; next < n;)
        next = run_worker(d, job, next, n, &rc);
    for (size_t i = 0; i < n; i++)
        free(job[i].name), free(job[i].tmp);
    return rc;
}

/* Whether the import at name would be file itself (DIR the file's own
 * directory, `--into . E0.csv`): its rename would put the canonical rows
 * in place of the file they were read from. */
static int is_the_file(const char *file, const char *name)
{
    struct stat a, b;
    return stat(file, &a) == 0 && stat(name, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* Whether name is the import of one of job[0 .. n). */
static int has_name(const struct job *job, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(job[i].name, name) == 0)
            return 1;
    return 0;
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
    struct job *job = xmalloc((n + 1) * sizeof *job);
    size_t njobs = 0;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char *name = import_dir_name(d->dir, files[i]);
        if (is_the_file(files[i], name)) {
            warnf("%s: its import %s would replace it: import into another directory",
                  files[i], name);
            free(name);
            rc = -1;
            continue;
        }
        /* A file whose import another file of these jobs makes (the same
         * file given twice, or a/b and a__b) comes after it is kept: they
         * would share a temp, and --changed must see that import. */
        if (has_name(job, njobs, name)) {
            rc |= import_jobs(d, job, njobs);
            njobs = 0;
        }
        if (d->changed && !out_of_date(d, files[i], name)) {
            free(name);
            continue;
        }
        struct job *j = &job[njobs++];
        j->file = files[i];
        j->name = name;
        j->tmp = xmalloc(strlen(name) + 32);
        sprintf(j->tmp, "%s.%ld.new", name, (long)getpid());
    }
    rc |= import_jobs(d, job, njobs);
    free(job);
    return rc;
}
