/* leaguefit-step: one step of a model's training, run for pipeline.mk. It
 * times the command and, when it fails, keeps the first line of its errors
 * (prog: file:line: reason), so that the run's summary can name the cause
 * of each failure; with --done, prints the model's progress line.
 *
 * It runs once for every file of every model: a program rather than a
 * script, so that its own cost (a fork and an exec) stays small beside the
 * step's. */
#define _GNU_SOURCE /* pipe2 */
#include "publish.h" /* write_all */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: %s [-d DIR] [-s STAMP TOTAL] RUNDIR TYPE LEAGUE VERSION -- COMMAND [ARG...]\n"
            "       %s --done RUNDIR TOTAL TYPE LEAGUE VERSION\n"
            "  Runs COMMAND; exit 3 (the file was published by another run first) counts\n"
            "  as success. Appends \"TYPE LEAGUE VERSION PROGRAM\" to RUNDIR/made when\n"
            "  COMMAND succeeded (exit 0).\n"
            "  Appends \"TYPE LEAGUE VERSION SECONDS\" to RUNDIR/times and, on\n"
            "  failure, \"TYPE LEAGUE VERSION FIRST-ERROR-LINE\" to RUNDIR/failures.\n"
            "  -d DIR makes DIR (and its parents) first when missing; -s STAMP TOTAL, once\n"
            "  COMMAND succeeded, creates the empty file STAMP and does what --done does.\n"
            "  --done prints \"[k/TOTAL] TYPE LEAGUE VERSION: trained in S s\", k counting\n"
            "  the models done in RUNDIR, S the sum of the model's steps.\n",
            progname, progname);
}

/* The model a step belongs to. */
struct model {
    const char *type, *league, *version;
};

/* ---- the run directory's files ---- */

/* mkdir -p: the run directory is made by the pipeline, but a step run by
 * hand may name a new one. */
static void make_dirs(const char *dir)
{
    char *path = xstrdup(dir);
    for (char *p = path + 1;; p++) {
        if (*p && *p != '/')
            continue;
        char end = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            die("%s: %s", path, strerror(errno));
        if (!(*p = end))
            break;
    }
    free(path);
}

static int open_locked(const char *dir, const char *name, int flags)
{
    char *path = path_join(dir, name);
    int fd = open(path, flags | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0 || flock(fd, LOCK_EX) != 0)
        die("%s: %s", path, strerror(errno));
    free(path);
    return fd;
}

/* The steps of one run append to shared files from parallel jobs: one
 * write under flock keeps each line whole. */
static void append_line(const char *dir, const char *name, const struct model *m,
                        const char *last)
{
    size_t n = strlen(m->type) + strlen(m->league) + strlen(m->version) + strlen(last) + 5;
    char *line = xmalloc(n);
    snprintf(line, n, "%s\t%s\t%s\t%s\n", m->type, m->league, m->version, last);
    int fd = open_locked(dir, name, O_WRONLY);
    if (write_all(fd, line, strlen(line)) != 0)
        die("%s/%s: %s", dir, name, strerror(errno));
    close(fd);
    free(line);
}

/* ---- running the command ---- */

/* The first non-empty line of the command's errors, kept as they pass. */
struct first_line {
    char *s;
    size_t n, cap;
    int complete;
};

static void keep_first_line(struct first_line *fl, const char *buf, size_t n)
{
    for (size_t i = 0; i < n && !fl->complete; i++) {
        if (buf[i] == '\n') {
            fl->complete = fl->n > 0;
            continue;
        }
        grow(&fl->s, &fl->cap, fl->n + 2, 1);
        fl->s[fl->n++] = buf[i];
        fl->s[fl->n] = '\0';
    }
}

/* Copies the command's standard error to ours until it is closed. A write
 * error on ours is not the step's failure: the copy goes on, for the line. */
static void pass_errors(int fd, struct first_line *fl)
{
    char buf[4096];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        keep_first_line(fl, buf, (size_t)n);
        (void)write_all(STDERR_FILENO, buf, (size_t)n);
    }
}

/* The message and exit status of a command that could not be started, as
 * a shell gives them (127: not found; 126: found but not run). */
static int start_failed(const char *prog, int err, struct first_line *fl)
{
    char msg[512];
    int n = snprintf(msg, sizeof msg, "%s: %s: %s\n", progname, prog, strerror(err));
    size_t len = n < 0 ? 0 : (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1;
    keep_first_line(fl, msg, len);
    (void)write_all(STDERR_FILENO, msg, len);
    return err == ENOENT ? 127 : 126;
}

/* Runs argv with its standard error through a pipe; returns its exit
 * status as a shell gives it (128 + the signal that killed it). Started
 * by posix_spawnp, not fork and exec: the step's address space is not
 * copied for a child that replaces it at once (a millisecond and a half
 * a step where starting a process is dear, 72 steps in a week's run). */
static int run_command(char **argv, struct first_line *fl)
{
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0)
        die("pipe: %s", strerror(errno));
    posix_spawn_file_actions_t actions;
    if (posix_spawn_file_actions_init(&actions) != 0 ||
        posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDERR_FILENO) != 0)
        die("posix_spawn: %s", strerror(errno));
    pid_t pid;
    int err = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipefd[1]);
    if (err != 0) {
        close(pipefd[0]);
        return start_failed(argv[0], err, fl);
    }
    pass_errors(pipefd[0], fl);
    close(pipefd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            die("waitpid: %s", strerror(errno));
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int run_step(const char *run, const struct model *m, char **argv)
{
    struct first_line fl = { 0 };
    make_dirs(run);
    double start = now();
    int rc = run_command(argv, &fl);
    char secs[32];
    snprintf(secs, sizeof secs, "%.3f", now() - start);
    /* What this run made itself, for the summary (not what another run
     * at the same time made first: exit 3). */
    const char *slash = strrchr(argv[0], '/'), *prog = slash ? slash + 1 : argv[0];
    if (rc == 0)
        append_line(run, "made", m, prog);
    if (rc == EXIT_EXISTS)
        rc = 0;
    append_line(run, "times", m, secs);
    if (rc != 0) {
        char why[256];
        if (!fl.n)
            snprintf(why, sizeof why, "%s exited %d", prog, rc);
        append_line(run, "failures", m, fl.n ? fl.s : why);
    }
    free(fl.s);
    return rc;
}

/* ---- the progress line ---- */

/* Counts this model among the run's done ones; returns its rank. */
static long count_done(const char *run)
{
    int fd = open_locked(run, "done", O_RDWR);
    if (write_all(fd, "x\n", 2) != 0)
        die("%s/done: %s", run, strerror(errno));
    long lines = 0;
    char buf[4096];
    ssize_t n;
    for (off_t off = 0; (n = pread(fd, buf, sizeof buf, off)) > 0; off += n)
        for (ssize_t i = 0; i < n; i++)
            lines += buf[i] == '\n';
    close(fd);
    return lines;
}

/* The seconds of the model's steps in RUNDIR/times. */
static double model_seconds(const char *run, const struct model *m)
{
    char *path = path_join(run, "times");
    FILE *fp = fopen(path, "r");
    free(path);
    double sum = 0;
    char *line = NULL;
    size_t cap = 0;
    while (fp && getline(&line, &cap, fp) > 0) {
        const char *want[] = { m->type, m->league, m->version };
        char *field = line, *tab;
        int k = 0;
        for (; k < 3 && (tab = strchr(field, '\t')); k++, field = tab + 1) {
            *tab = '\0';
            if (strcmp(field, want[k]) != 0)
                break;
        }
        if (k == 3)
            sum += strtod(field, NULL);
    }
    free(line);
    if (fp)
        fclose(fp);
    return sum;
}

static void done_line(const char *run, const char *total, const struct model *m)
{
    make_dirs(run);
    long k = count_done(run);
    printf("[%ld/%s] %s %s %s: trained in %.1f s\n", k, *total ? total : "?", m->type,
           m->league, m->version, model_seconds(run, m));
    close_stdout();
}

/* Creates path (an empty file; its directory too when missing). */
static void leave_stamp(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash && slash != path) {
        char *dir = xstrdup(path);
        dir[slash - path] = '\0';
        make_dirs(dir);
        free(dir);
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0 || close(fd) != 0)
        die("%s: %s", path, strerror(errno));
}

int main(int argc, char **argv)
{
    set_progname(argv[0]);
    const char *first = argc > 1 ? argv[1] : "";
    if (strcmp(first, "-h") == 0 || strcmp(first, "--help") == 0) {
        usage(stdout);
        close_stdout();
        return EXIT_OK;
    }
    if (strcmp(first, "--done") == 0) {
        if (argc != 7) {
            usage(stderr);
            return EXIT_USAGE;
        }
        struct model m = { argv[4], argv[5], argv[6] };
        done_line(argv[2], argv[3], &m);
        return EXIT_OK;
    }
    /* -d DIR: the directory of the step's output, made first when
     * missing; -s STAMP TOTAL: the model's last step, which on success
     * leaves STAMP and prints the progress line (as --done). So that make
     * runs a step without a shell, and the last without a second program. */
    const char *out_dir = NULL, *stamp = NULL, *total = NULL;
    for (;;) {
        if (argc > 2 && strcmp(argv[1], "-d") == 0) {
            out_dir = argv[2];
            argc -= 2, argv += 2;
        } else if (argc > 3 && strcmp(argv[1], "-s") == 0) {
            stamp = argv[2], total = argv[3];
            argc -= 3, argv += 3;
        } else {
            break;
        }
    }
    if (argc < 7 || strcmp(argv[5], "--") != 0) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (out_dir)
        make_dirs(out_dir);
    struct model m = { argv[2], argv[3], argv[4] };
    int rc = run_step(argv[1], &m, argv + 6);
    if (rc == 0 && stamp) {
        leave_stamp(stamp);
        done_line(argv[1], total, &m);
    }
    return rc;
}
