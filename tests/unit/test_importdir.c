/* test_importdir.c: input files imported each on its own into a directory
 * (importdir.h), with an import of the test's own that succeeds, reports
 * bad rows, dies or is killed by what its file is called: the imports'
 * names, NAME.failed (sorted leagues, "*" for none, the first error, a
 * signal said), the header of no rows where the reader wrote nothing,
 * the import's date, NAME.failed replaced when a file fails again and
 * removed when it imports, no temp file left, and `changed`'s choice by
 * modification times (a file that cannot be read is imported). TAP. */
#define _POSIX_C_SOURCE 200809L
#include "importdir.h"
#include "util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "testfiles.h"

static const char *version = "v1"; /* written in every row: which run made it */

static const char *pids_path; /* each import appends "BASE PID" here */

static const char *awaited; /* the import waits.csv waits for */

/* Whether path comes to exist within 10 s. */
static int comes(const char *path)
{
    struct timespec tick = { 0, 10000000 };
    for (int i = 0; i < 1000 && access(path, F_OK) != 0; i++)
        nanosleep(&tick, NULL);
    return access(path, F_OK) == 0;
}

static int fake_import(char *file, void *ctx)
{
    (void)ctx;
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    FILE *pids = fopen(pids_path, "a");
    if (!pids || fprintf(pids, "%s %ld\n", base, (long)getpid()) < 0 || fclose(pids) != 0)
        die("%s: cannot write", pids_path);
    if (strcmp(base, "waits.csv") == 0) {
        printf("league,version\n%s,%s\n", comes(awaited) ? "kept" : "not_kept", version);
        return 0;
    }
    if (strcmp(base, "killed.csv") == 0)
        raise(SIGKILL);
    if (strcmp(base, "dies.csv") == 0)
        die("%s:1: cannot read", file);
    printf("league,version\n");
    if (strcmp(base, "bad.csv") == 0) {
        printf("serie_a,%s\npremier_league,%s\nserie_a,%s\n", version, version, version);
        fprintf(stderr, "%s:4: bad row\n%s:5: bad row\n", file, file);
        return 1;
    }
    printf("la_liga,%s\n", version);
    return 0;
}

static int imported_count; /* files the parent was told were imported */

static void count_imported(const char *file, void *ctx)
{
    (void)file, (void)ctx;
    imported_count++;
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return NULL;
    size_t len;
    char *text = read_all(fp, &len);
    fclose(fp);
    return text;
}

static int text_is(const char *path, const char *want)
{
    char *got = slurp(path);
    int same = got && strcmp(got, want) == 0;
    if (!same)
        diag("%s: got '%s', want '%s'", path, got ? got : "(none)", want);
    free(got);
    return same;
}

static int exists(const char *path) { return access(path, F_OK) == 0; }

/* Whether dir holds a file whose name ends in ".new". */
static int temp_left(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls %s | grep -q '\\.new$'", dir);
    return system(cmd) == 0;
}

/* The second now, by the clock the import dates with (CLOCK_REALTIME).
 * Not time(): it reads the seconds the kernel updates at each timer tick,
 * which lag that clock by up to a tick (more when ticks come late, on a
 * loaded machine): taken just after a second began, it named the second
 * before an import opened within that tick. (Whole seconds, as a file
 * system may keep its times.) */
static time_t realtime_second(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return t.tv_sec;
}

static void set_mtime(const char *path, time_t t)
{
    struct timespec ts[2] = { { t, 0 }, { t, 0 } };
    utimensat(AT_FDCWD, path, ts, 0);
}

int main(void)
{
    set_progname("test_importdir");
    char dir[] = "/tmp/test_importdir.XXXXXX";
    if (!mkdtemp(dir))
        die("mkdtemp: cannot make a temp directory");
    char *out = path_join(dir, "out"), *in = path_join(dir, "in");
    mkdir(out, 0700);
    mkdir(in, 0700);
    char *files[6];
    const char *names[6] = { "good.csv", "bad.csv", "dies.csv", "after_dies.csv", "killed.csv",
                             "after_killed.csv" };
    pids_path = path_join(dir, "pids");
    for (int i = 0; i < 6; i++) {
        files[i] = path_join(in, names[i]);
        FILE *fp = fopen(files[i], "w");
        fclose(fp);
    }
    char *name = import_dir_name("d", "a/b/c.csv");
    ok(strcmp(name, "d/a__b__c.csv") == 0, "an import's name: the path with / written __ (%s)", name);
    free(name);

    struct import_dir d = { out, NULL, 0, 0, fake_import, NULL, "league,version\n", count_imported };
    time_t started = realtime_second();
    ok(import_dir_update(&d, files, 6) == 0 && imported_count == 6,
       "failing files fail alone: the run succeeds, six imports told");
    char *imp[6], *failed[6];
    for (int i = 0; i < 6; i++) {
        imp[i] = import_dir_name(out, files[i]);
        failed[i] = xmalloc(strlen(imp[i]) + 8);
        sprintf(failed[i], "%s.failed", imp[i]);
    }
    char want[1024];
    ok(text_is(imp[0], "league,version\nla_liga,v1\n") && !exists(failed[0]),
       "a good file: its rows, no .failed");
    snprintf(want, sizeof want, "premier_league\t%s:4: bad row\nserie_a\t%s:4: bad row\n",
             files[1], files[1]);
    ok(text_is(imp[1], "league,version\nserie_a,v1\npremier_league,v1\nserie_a,v1\n") &&
           text_is(failed[1], want),
       "bad rows: the good rows kept; .failed has its leagues, sorted, with the first error");
    snprintf(want, sizeof want, "*\ttest_importdir: %s:1: cannot read\n", files[2]);
    ok(text_is(imp[2], "league,version\n") && text_is(failed[2], want),
       "a reader that dies: an import of no rows (the header given), * and its message");
    snprintf(want, sizeof want, "*\ttest_importdir: %s: import ended by signal %d\n", files[4],
             SIGKILL);
    ok(text_is(imp[4], "league,version\n") && text_is(failed[4], want),
       "an import killed: no rows, * and the signal said");
    ok(text_is(imp[3], "league,version\nla_liga,v1\n") && !exists(failed[3]) &&
           text_is(imp[5], "league,version\nla_liga,v1\n") && !exists(failed[5]),
       "the files after a reader that died, and after one killed, are imported");
    /* One process imports the files in turn until a reader ends it; the
     * next file starts a new one. */
    char *pids = slurp(pids_path);
    long pid[6];
    int got = pids ? sscanf(pids, "good.csv %ld\nbad.csv %ld\ndies.csv %ld\nafter_dies.csv %ld\n"
                                  "killed.csv %ld\nafter_killed.csv %ld\n",
                            &pid[0], &pid[1], &pid[2], &pid[3], &pid[4], &pid[5])
                      : 0;
    ok(got == 6 && pid[0] == pid[1] && pid[1] == pid[2] && pid[3] == pid[4] &&
           pid[2] != pid[3] && pid[4] != pid[5] && pid[0] != (long)getpid(),
       "one worker process a run of files, another after each that ended one");
    free(pids);
    struct stat st;
    time_t after = realtime_second();
    ok(stat(imp[0], &st) == 0 && st.st_mtime >= started && st.st_mtime <= after,
       "an import is dated when its file was opened");

    version = "v2";
    snprintf(want, sizeof want, "premier_league\t%s:4: bad row\nserie_a\t%s:4: bad row\n",
             files[1], files[1]);
    ok(import_dir_update(&d, files + 1, 1) == 0 && text_is(failed[1], want) &&
           text_is(imp[1], "league,version\nserie_a,v2\npremier_league,v2\nserie_a,v2\n"),
       "a file failing again: its rows and its .failed replaced");
    ok(!temp_left(out), "no temp file left");

    /* --changed: imports newer than their files are kept. */
    version = "v3";
    d.changed = 1;
    time_t now = time(NULL);
    for (int i = 0; i < 6; i++)
        set_mtime(files[i], now - 100);
    /* (dated back after their imports, which their change time says:
     * imported once more, then not) */
    ok(import_dir_update(&d, files, 1) == 0 && text_is(imp[0], "league,version\nla_liga,v3\n"),
       "changed: a file dated back after its import (cp -p, wget -N) is imported again");
    version = "v3b";
    imported_count = 0;
    ok(import_dir_update(&d, files, 1) == 0 && text_is(imp[0], "league,version\nla_liga,v3\n") &&
           imported_count == 0,
       "changed: a file older than its import is not imported again (nor told)");
    version = "v3c";
    set_mtime(files[0], now + 100);
    ok(import_dir_update(&d, files, 1) == 0 && text_is(imp[0], "league,version\nla_liga,v3c\n"),
       "changed: a file newer than its import is");
    const char *tables[] = { NULL, files[1] };
    d.tables = tables, d.ntables = 2;
    set_mtime(files[0], now - 100);
    set_mtime(files[1], now + 200);
    version = "v4";
    ok(import_dir_update(&d, files, 1) == 0 && text_is(imp[0], "league,version\nla_liga,v4\n"),
       "changed: and all are, when a table is newer than their imports");
    unlink(imp[0]);
    version = "v5";
    d.tables = NULL, d.ntables = 0;
    ok(import_dir_update(&d, files, 1) == 0 && text_is(imp[0], "league,version\nla_liga,v5\n"),
       "changed: a missing import is made");

    /* A file gone: imported, so that its error is said (its old import
     * is newer than nothing). */
    version = "v6";
    char *gone = path_join(in, "gone");
    rename(files[0], gone);
    ok(import_dir_update(&d, files, 1) == 0 && text_is(imp[0], "league,version\nla_liga,v6\n"),
       "changed: a file that cannot be read is imported (the import says what it can)");
    rename(gone, files[0]);
    free(gone);

    /* A file's import is kept as soon as the worker is done with it, not
     * when it is done with all: an interrupted run keeps what it did. */
    char *out2 = path_join(dir, "out2"), *waits = path_join(in, "waits.csv");
    mkdir(out2, 0700);
    fclose(fopen(waits, "w"));
    char *two[] = { files[0], waits };
    struct import_dir d2 = { out2, NULL, 0, 0, fake_import, NULL, "league,version\n", NULL };
    char *waits_imp = import_dir_name(out2, waits);
    awaited = import_dir_name(out2, files[0]);
    ok(import_dir_update(&d2, two, 2) == 0 && text_is(waits_imp, "league,version\nkept,v6\n"),
       "a file's import is in place while the worker goes on to the next");
    free(out2), free(waits), free(waits_imp), free((char *)awaited);

    d.dir = "/nonexistent/dir";
    ok(import_dir_update(&d, files, 1) == -1, "a missing directory: -1");

    remove_tree(dir);
    for (int i = 0; i < 6; i++)
        free(files[i]), free(imp[i]), free(failed[i]);
    free(out), free(in), free((char *)pids_path);
    return done_testing();
}
