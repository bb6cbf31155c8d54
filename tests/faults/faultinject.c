/* faultinject.c: an LD_PRELOAD shim that makes the Nth output call of a
 * program fail, or counts its output calls (docs/reliability.md, "Fault
 * injection").
 *
 *   FAULT_CALL=write FAULT_N=3 FAULT_ERRNO=ENOSPC LD_PRELOAD=build/faultinject.so prog ...
 *
 * FAULT_CALL   a kind (open write fsync close fdopen link rename unlink
 *              fchmod flock), a function name (openat, renameat2, ...), or
 *              "any": the calls that FAULT_N counts. Unset: inject nothing.
 * FAULT_N      which matching call fails (1 is the first).
 * FAULT_ERRNO  errno name (ENOSPC, EIO, EDQUOT, EROFS, EPERM, ...) or number;
 *              default EIO. "short" makes the chosen write(2) write half of
 *              its bytes and succeed (a short write, not an error).
 * FAULT_COUNT_FILE  at exit, append "KIND COUNT" lines and "any TOTAL".
 * FAULT_TRACE  append one line per counted call: "SEQ KIND FUNCTION TARGET".
 * FAULT_LOG    append one line per injected fault.
 * FAULT_PROBE_LOCK  before each link, rename and unlink, try on the source
 *              name the lock a concurrent writer's sweep of stale temps
 *              takes (publish.c: flock LOCK_EX|LOCK_NB on a new open) and
 *              append "FUNCTION NAME locked|unlocked|absent".
 *
 * What is counted (the output path only; reads are never counted):
 *   open    open/openat/creat (and 64 variants) with write access, O_CREAT or
 *           O_DIRECTORY (publish.c opens the directory to fsync it);
 *           mkstemp/mkostemp (glibc's own open inside is not interposable);
 *           fopen/fopen64 with a writing mode
 *   write   write(2) on a descriptor opened for writing through the above,
 *           and every write(2) a stdio stream from fdopen/fopen makes (see
 *           below); stdout and stderr are not counted
 *   fsync   fsync, fdatasync (any descriptor)
 *   close   close of a descriptor opened for writing; fclose of a wrapped
 *           stream (its final close)
 *   fdopen  every fdopen
 *   link    link, linkat;  rename  rename, renameat, renameat2
 *   unlink  unlink, unlinkat;  fchmod  fchmod;  flock  flock
 * Nothing is counted before main's constructors have run (the dynamic
 * loader's opens are not interposable anyway).
 *
 * glibc's stdio writes through an internal write that LD_PRELOAD cannot
 * see, so a stream from fdopen(fd, "w") is rebuilt with fopencookie over the
 * same descriptor: its writes, seeks and close go through this file (one
 * counted write per write(2) made, short writes continued as glibc does),
 * and its _fileno is set to the descriptor so that fileno(), fchmod and
 * fsync work as before. Buffering is glibc's default (BUFSIZ) instead of
 * st_blksize, which changes how many writes a run makes, not what it writes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

enum kind { K_OPEN, K_WRITE, K_FSYNC, K_CLOSE, K_FDOPEN, K_LINK, K_RENAME,
            K_UNLINK, K_FCHMOD, K_FLOCK, NKINDS };
static const char *const kind_names[NKINDS] = {
    "open", "write", "fsync", "close", "fdopen", "link", "rename",
    "unlink", "fchmod", "flock",
};

#define MAX_FD 4096
static unsigned char tracked[MAX_FD]; /* opened for writing by the program */
static int active;
static long counts[NKINDS], total, matched;
static const char *sel;  /* FAULT_CALL */
static long fail_n;      /* FAULT_N */
static int fail_errno = EIO, fail_short;

/* ---- the real functions, found lazily ---- */
#define REAL(name) static __typeof__(name) *real_##name
REAL(open); REAL(openat); REAL(write); REAL(fsync);
REAL(fdatasync); REAL(close); REAL(fdopen); REAL(link); REAL(linkat);
REAL(rename); REAL(renameat); REAL(unlink); REAL(unlinkat); REAL(fchmod);
REAL(flock); REAL(mkstemp); REAL(mkostemp); REAL(fopen);
static int (*real_renameat2)(int, const char *, int, const char *, unsigned);
static FILE *(*real_fopen64)(const char *, const char *);

#define LOAD(name) (real_##name ? (void)0 : (void)(*(void **)&real_##name = dlsym(RTLD_NEXT, #name)))

/* Raw output for the shim's own files: never counted, never interposed. */
static void append_line(const char *path, const char *line)
{
    int fd = (int)syscall(SYS_openat, AT_FDCWD, path,
                          O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    size_t len = strlen(line);
    (void)!syscall(SYS_write, fd, line, len);
    syscall(SYS_close, fd);
}

static const struct { const char *name; int value; } errnos[] = {
    { "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EDQUOT", EDQUOT },
    { "EROFS", EROFS }, { "EPERM", EPERM }, { "EACCES", EACCES },
    { "EEXIST", EEXIST }, { "ENOENT", ENOENT }, { "EINTR", EINTR },
    { "ENOMEM", ENOMEM }, { "EMFILE", EMFILE }, { "ENFILE", ENFILE },
    { "EFBIG", EFBIG }, { "EXDEV", EXDEV }, { "ENOTSUP", ENOTSUP },
    { "EINVAL", EINVAL }, { "EBADF", EBADF }, { "EAGAIN", EAGAIN },
    { "EWOULDBLOCK", EWOULDBLOCK }, { "ENOLCK", ENOLCK },
};

static void report(void)
{
    const char *path = getenv("FAULT_COUNT_FILE");
    if (!path || !*path)
        return;
    char buf[64];
    for (int k = 0; k < NKINDS; k++) {
        snprintf(buf, sizeof buf, "%s %ld\n", kind_names[k], counts[k]);
        append_line(path, buf);
    }
    snprintf(buf, sizeof buf, "any %ld\n", total);
    append_line(path, buf);
}

__attribute__((constructor)) static void init(void)
{
    sel = getenv("FAULT_CALL");
    if (sel && !*sel)
        sel = NULL;
    const char *n = getenv("FAULT_N");
    fail_n = n ? atol(n) : 0;
    const char *e = getenv("FAULT_ERRNO");
    if (e && *e) {
        if (strcmp(e, "short") == 0)
            fail_short = 1;
        else if (e[0] >= '0' && e[0] <= '9')
            fail_errno = atoi(e);
        else
            for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
                if (strcmp(e, errnos[i].name) == 0)
                    fail_errno = errnos[i].value;
    }
    atexit(report);
    active = 1;
}

/* Counts one call; 1 when it is the one to fail (errno is then set). */
static int hit(enum kind k, const char *func, const char *target, int fd)
{
    if (!active)
        return 0;
    int saved = errno;
    counts[k]++;
    total++;
    const char *trace = getenv("FAULT_TRACE");
    char line[512];
    if (trace && *trace) {
        if (target)
            snprintf(line, sizeof line, "%ld %s %s %s\n", total, kind_names[k], func, target);
        else
            snprintf(line, sizeof line, "%ld %s %s fd %d\n", total, kind_names[k], func, fd);
        append_line(trace, line);
    }
    int fail = 0;
    if (sel && (strcmp(sel, "any") == 0 || strcmp(sel, kind_names[k]) == 0 ||
                strcmp(sel, func) == 0) &&
        ++matched == fail_n) {
        fail = 1;
        const char *log = getenv("FAULT_LOG");
        if (log && *log) {
            snprintf(line, sizeof line, "injected %s %s #%ld (call %ld) %s %s\n",
                     kind_names[k], func, matched, total,
                     fail_short && k == K_WRITE ? "short" : strerrorname_np(fail_errno),
                     target ? target : "");
            append_line(log, line);
        }
    }
    errno = fail ? fail_errno : saved;
    return fail;
}

static int is_tracked(int fd) { return fd >= 0 && fd < MAX_FD && tracked[fd]; }
static void track(int fd, int on)
{
    if (fd >= 0 && fd < MAX_FD)
        tracked[fd] = (unsigned char)on;
}

static int counted_open_flags(int flags)
{
    return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_DIRECTORY));
}

/* ---- open ---- */

static int do_open(const char *func, int dirfd, const char *path, int flags,
                   mode_t mode)
{
    int counted = counted_open_flags(flags);
    if (counted && hit(K_OPEN, func, path, -1))
        return -1;
    int fd;
    if (dirfd == AT_FDCWD && strcmp(func, "open") == 0) {
        LOAD(open);
        fd = real_open(path, flags, mode);
    } else {
        LOAD(openat);
        fd = real_openat(dirfd, path, flags, mode);
    }
    if (fd >= 0)
        track(fd, (flags & O_ACCMODE) != O_RDONLY);
    return fd;
}

#define MODE_ARG(flags)                                                        \
    mode_t mode = 0;                                                           \
    if ((flags) & (O_CREAT | __O_TMPFILE)) {                                   \
        va_list ap;                                                            \
        va_start(ap, flags);                                                   \
        mode = va_arg(ap, mode_t);                                             \
        va_end(ap);                                                            \
    }

int open(const char *path, int flags, ...)
{
    MODE_ARG(flags);
    return do_open("open", AT_FDCWD, path, flags, mode);
}
int open64(const char *path, int flags, ...)
{
    MODE_ARG(flags);
    return do_open("open", AT_FDCWD, path, flags, mode);
}
int openat(int dirfd, const char *path, int flags, ...)
{
    MODE_ARG(flags);
    return do_open("openat", dirfd, path, flags, mode);
}
int openat64(int dirfd, const char *path, int flags, ...)
{
    MODE_ARG(flags);
    return do_open("openat", dirfd, path, flags, mode);
}
int creat(const char *path, mode_t mode)
{
    return do_open("creat", AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}
int creat64(const char *path, mode_t mode)
{
    return do_open("creat", AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int mkstemp(char *tmpl)
{
    LOAD(mkstemp);
    if (hit(K_OPEN, "mkstemp", tmpl, -1))
        return -1;
    int fd = real_mkstemp(tmpl);
    track(fd, 1);
    return fd;
}
int mkostemp(char *tmpl, int flags)
{
    LOAD(mkostemp);
    if (hit(K_OPEN, "mkostemp", tmpl, -1))
        return -1;
    int fd = real_mkostemp(tmpl, flags);
    track(fd, 1);
    return fd;
}

/* ---- write, fsync, close ---- */

static ssize_t counted_write(const char *func, int fd, const void *buf, size_t len)
{
    LOAD(write);
    if (hit(K_WRITE, func, NULL, fd)) {
        if (!fail_short)
            return -1;
        return real_write(fd, buf, len > 1 ? len / 2 : len);
    }
    return real_write(fd, buf, len);
}

ssize_t write(int fd, const void *buf, size_t len)
{
    if (!is_tracked(fd)) {
        LOAD(write);
        return real_write(fd, buf, len);
    }
    return counted_write("write", fd, buf, len);
}

int fsync(int fd)
{
    LOAD(fsync);
    if (hit(K_FSYNC, "fsync", NULL, fd))
        return -1;
    return real_fsync(fd);
}
int fdatasync(int fd)
{
    LOAD(fdatasync);
    if (hit(K_FSYNC, "fdatasync", NULL, fd))
        return -1;
    return real_fdatasync(fd);
}

/* A failed close still closes the descriptor, as Linux's does. */
static int counted_close(const char *func, int fd)
{
    LOAD(close);
    int fail = hit(K_CLOSE, func, NULL, fd);
    track(fd, 0);
    int rc = real_close(fd);
    if (fail) {
        errno = fail_errno;
        return -1;
    }
    return rc;
}

int close(int fd)
{
    if (!is_tracked(fd)) {
        LOAD(close);
        return real_close(fd);
    }
    return counted_close("close", fd);
}

/* ---- streams ---- */

struct cookie { int fd; };

static ssize_t ck_read(void *c, char *buf, size_t len)
{
    return read(((struct cookie *)c)->fd, buf, len);
}

/* As glibc's _IO_new_file_write: continue short writes, stop at an error. */
static ssize_t ck_write(void *c, const char *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = counted_write("fwrite", ((struct cookie *)c)->fd, buf + done, len - done);
        if (n < 0)
            return done ? (ssize_t)done : -1;
        done += (size_t)n;
    }
    return (ssize_t)done;
}

static int ck_seek(void *c, off64_t *off, int whence)
{
    off64_t r = lseek64(((struct cookie *)c)->fd, *off, whence);
    if (r < 0)
        return -1;
    *off = r;
    return 0;
}

static int ck_close(void *c)
{
    int fd = ((struct cookie *)c)->fd;
    free(c);
    return counted_close("fclose", fd);
}

static FILE *wrap_stream(int fd, const char *mode)
{
    struct cookie *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    cookie_io_functions_t io = { ck_read, ck_write, ck_seek, ck_close };
    FILE *fp = fopencookie(c, mode, io);
    if (!fp) {
        free(c);
        return NULL;
    }
    fp->_fileno = fd; /* fileno() works: cookie streams already have _IO_IS_FILEBUF */
    track(fd, 1);
    return fp;
}

static int writing_mode(const char *mode)
{
    return strpbrk(mode, "wa+") != NULL;
}

FILE *fdopen(int fd, const char *mode)
{
    LOAD(fdopen);
    if (hit(K_FDOPEN, "fdopen", NULL, fd))
        return NULL;
    if (!active || !writing_mode(mode))
        return real_fdopen(fd, mode);
    return wrap_stream(fd, mode);
}

static FILE *do_fopen(const char *func, const char *path, const char *mode)
{
    if (!active || !writing_mode(mode)) {
        if (strcmp(func, "fopen64") == 0) {
            LOAD(fopen64);
            return real_fopen64(path, mode);
        }
        LOAD(fopen);
        return real_fopen(path, mode);
    }
    int flags = strchr(mode, '+') ? O_RDWR : O_WRONLY;
    if (mode[0] == 'w')
        flags |= O_CREAT | O_TRUNC;
    else if (mode[0] == 'a')
        flags |= O_CREAT | O_APPEND;
    if (strchr(mode, 'e'))
        flags |= O_CLOEXEC;
    if (strchr(mode, 'x'))
        flags |= O_EXCL;
    int fd = do_open(func, AT_FDCWD, path, flags, 0666);
    if (fd < 0)
        return NULL;
    FILE *fp = wrap_stream(fd, mode);
    if (!fp) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return fp;
}

FILE *fopen(const char *path, const char *mode) { return do_fopen("fopen", path, mode); }
FILE *fopen64(const char *path, const char *mode) { return do_fopen("fopen64", path, mode); }

/* ---- names ---- */

/* FAULT_PROBE_LOCK: could another process lock (and so sweep) this name
 * now? Raw system calls: nothing here is counted or interposed. */
static void probe_lock(const char *func, int dirfd, const char *name)
{
    const char *log = getenv("FAULT_PROBE_LOCK");
    if (!active || !log || !*log)
        return;
    int saved = errno;
    const char *state = "absent";
    int fd = (int)syscall(SYS_openat, dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
        state = syscall(SYS_flock, fd, LOCK_EX | LOCK_NB) == 0 ? "unlocked" : "locked";
        syscall(SYS_close, fd);
    }
    char line[512];
    snprintf(line, sizeof line, "%s %s %s\n", func, name, state);
    append_line(log, line);
    errno = saved;
}

int link(const char *from, const char *to)
{
    probe_lock("link", AT_FDCWD, from);
    LOAD(link);
    if (hit(K_LINK, "link", to, -1))
        return -1;
    return real_link(from, to);
}
int linkat(int fd1, const char *from, int fd2, const char *to, int flags)
{
    probe_lock("linkat", fd1, from);
    LOAD(linkat);
    if (hit(K_LINK, "linkat", to, -1))
        return -1;
    return real_linkat(fd1, from, fd2, to, flags);
}
int rename(const char *from, const char *to)
{
    probe_lock("rename", AT_FDCWD, from);
    LOAD(rename);
    if (hit(K_RENAME, "rename", to, -1))
        return -1;
    return real_rename(from, to);
}
int renameat(int fd1, const char *from, int fd2, const char *to)
{
    probe_lock("renameat", fd1, from);
    LOAD(renameat);
    if (hit(K_RENAME, "renameat", to, -1))
        return -1;
    return real_renameat(fd1, from, fd2, to);
}
int renameat2(int fd1, const char *from, int fd2, const char *to, unsigned flags)
{
    probe_lock("renameat2", fd1, from);
    LOAD(renameat2);
    if (hit(K_RENAME, "renameat2", to, -1))
        return -1;
    return real_renameat2(fd1, from, fd2, to, flags);
}
int unlink(const char *path)
{
    probe_lock("unlink", AT_FDCWD, path);
    LOAD(unlink);
    if (hit(K_UNLINK, "unlink", path, -1))
        return -1;
    return real_unlink(path);
}
int unlinkat(int fd, const char *path, int flags)
{
    probe_lock("unlinkat", fd, path);
    LOAD(unlinkat);
    if (hit(K_UNLINK, "unlinkat", path, -1))
        return -1;
    return real_unlinkat(fd, path, flags);
}
int fchmod(int fd, mode_t mode)
{
    LOAD(fchmod);
    if (hit(K_FCHMOD, "fchmod", NULL, fd))
        return -1;
    return real_fchmod(fd, mode);
}
int flock(int fd, int op)
{
    LOAD(flock);
    if (hit(K_FLOCK, "flock", NULL, fd))
        return -1;
    return real_flock(fd, op);
}
