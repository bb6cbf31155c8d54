/* publish.c: temp file, fsync, link(2) without clobbering, fsync directory. */
#define _GNU_SOURCE
#include "publish.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The one temp file this process owns, for the signal handler and die().
 * A fixed buffer: the handler must not touch malloc'd state being freed. */
static char pending_tmp[PATH_MAX];
static volatile sig_atomic_t have_pending;

static void remove_pending(void)
{
    if (have_pending) {
        unlink(pending_tmp);
        have_pending = 0;
    }
}

static void on_signal(int sig)
{
    remove_pending();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_signals(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    char *dir = xstrdup(path);
    dir[slash - path] = '\0';
    return dir;
}

/* A writer holds an exclusive flock on its temp file until it is published
 * or removed; a temp whose lock can be taken belongs to a writer that was
 * killed (SIGKILL gives no chance to clean up) and is removed here. Only
 * temps of this name are touched, never a published file. */
static void sweep_stale_temps(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    size_t blen = strlen(base);
    struct dirent *e;
    if (!d)
        return; /* creating the temp will report the problem */
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (n[0] != '.' || strncmp(n + 1, base, blen) != 0 || n[1 + blen] != '.' ||
            strlen(n + 2 + blen) != 6)
            continue;
        int fd = openat(dirfd(d), n, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            unlinkat(dirfd(d), n, 0);
        close(fd);
    }
    closedir(d);
}

/* Creates and locks the temp; retries when a sweeper removed it in the
 * moment between creating and locking. -1 with errno on failure, leaving
 * nothing behind. */
static int create_locked_temp(void)
{
    size_t len = strlen(pending_tmp);
    for (int tries = 0; tries < 100; tries++) {
        int fd = mkostemp(pending_tmp, O_CLOEXEC);
        if (fd < 0)
            return -1;
        if (flock(fd, LOCK_EX) != 0) {
            int saved = errno;
            unlink(pending_tmp);
            close(fd);
            errno = saved;
            return -1;
        }
        struct stat mine, named;
        if (fstat(fd, &mine) == 0 && stat(pending_tmp, &named) == 0 &&
            mine.st_ino == named.st_ino && mine.st_dev == named.st_dev)
            return fd;
        close(fd); /* swept away before we locked it: take another name */
        memcpy(pending_tmp + len - 6, "XXXXXX", 6);
    }
    errno = EAGAIN;
    return -1;
}

/* The temp file beside path, for output_open and output_open_new. */
static FILE *open_temp(struct output *o, const char *path)
{
    char *dir = dir_of(path);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    /* No signal between creating the temp and recording its name. */
    sigprocmask(SIG_BLOCK, &block, &old);
    catch_signals();
    set_die_hook(remove_pending);
    sweep_stale_temps(dir, base);
    snprintf(pending_tmp, sizeof pending_tmp, "%s/.%s.XXXXXX", dir, base);
    int fd = create_locked_temp();
    int saved = errno;
    if (fd >= 0)
        have_pending = 1;
    sigprocmask(SIG_SETMASK, &old, NULL);
    free(dir);
    if (fd < 0)
        die("%s: cannot create temp file: %s", path, strerror(saved));
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        saved = errno;
        close(fd);
        die("%s: %s", path, strerror(saved));
    }
    o->final_path = xstrdup(path);
    return o->fp;
}

static void start_output(struct output *o, const char *path)
{
    o->final_path = NULL;
    o->fp = stdout;
    if (path && strlen(path) + 16 >= sizeof pending_tmp)
        die("%s: path too long", path);
}

FILE *output_open(struct output *o, const char *path)
{
    start_output(o, path);
    if (!path)
        return stdout;
    if (access(path, F_OK) == 0)
        die_code(EXIT_EXISTS, "%s: already exists, not overwritten", path);
    return open_temp(o, path);
}

FILE *output_open_new(struct output *o, const char *path)
{
    start_output(o, path);
    if (access(path, F_OK) == 0)
        return NULL;
    return open_temp(o, path);
}

void fsync_dir(const char *path)
{
    char *dir = dir_of(path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        int saved = errno;
        if (fd >= 0)
            close(fd);
        /* The file is published; only its durability is in doubt. */
        die("%s: cannot sync directory %s: %s", path, dir, strerror(saved));
    }
    close(fd);
    free(dir);
}

/* link(2) never replaces; where a file system has no hard links, fall back
 * to renameat2(RENAME_NOREPLACE), which is just as safe. */
static int publish_noreplace(const char *tmp, const char *final)
{
    if (link(tmp, final) == 0)
        return unlink(tmp) == 0 ? 0 : -1;
    if (errno != EPERM && errno != ENOTSUP && errno != EXDEV)
        return -1;
    return renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_NOREPLACE);
}

/* Publishes the temp under its final name: 1, or 0 when the name exists
 * (the temp removed). Dies on any other failure. */
static int commit_temp(struct output *o)
{
    const char *path = o->final_path;
    int failed = fflush(o->fp) != 0 || ferror(o->fp);
    int fd = fileno(o->fp);
    if (!failed && (fchmod(fd, 0644) != 0 || fsync(fd) != 0))
        failed = 1;
    int saved = errno;
    /* The temp's lock must outlive fclose until the temp is linked and
     * unlinked: a concurrent writer of the same file sweeps every temp it
     * can lock as a killed writer's, and would otherwise remove ours under
     * link (ENOENT) or between link and unlink (our unlink then fails). A
     * flock lasts while any descriptor of the open file does. */
    int lock_fd = failed ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (!failed && lock_fd < 0) {
        failed = 1;
        saved = errno;
    }
    if (fclose(o->fp) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    o->fp = NULL;
    if (failed)
        die("%s: write error: %s", path, strerror(saved));
    if (publish_noreplace(pending_tmp, path) != 0) {
        saved = errno;
        if (saved != EEXIST)
            die("%s: cannot publish: %s", path, strerror(saved));
        remove_pending();
        close(lock_fd);
        return 0;
    }
    have_pending = 0;
    close(lock_fd);
    fsync_dir(path);
    return 1;
}

static void end_output(struct output *o)
{
    free(o->final_path);
    o->final_path = NULL;
}

void output_commit(struct output *o)
{
    if (!o->final_path) {
        close_stdout();
        return;
    }
    if (!commit_temp(o))
        die_code(EXIT_EXISTS, "%s: already exists, not overwritten", o->final_path);
    end_output(o);
}

int output_commit_new(struct output *o)
{
    int published = commit_temp(o);
    end_output(o);
    return published;
}

