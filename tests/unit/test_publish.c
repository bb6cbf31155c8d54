/* test_publish.c: output_open/output_commit publish a whole file or
 * nothing, never replace one, and leave no temp file behind (docs/design.md §4).
 * Every publish runs in a forked child, since output_commit closes stdout
 * and failures exit. TAP output. */
#define _GNU_SOURCE
#include "publish.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

static char root[64];      /* the test's temp directory */
static char dir[128];      /* where files are published */
static char errlog[128];   /* a child's stderr */
static char path[192];     /* the file being published */

static const char CONTENT[] = "{\n  \"model\": \"published whole\"\n}\n";
static const char OLD[] = "the existing file, not to be touched\n";

/* Runs fn in a child with stderr to errlog; returns its wait status. */
static int in_child(void (*fn)(void))
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(99);
    }
    if (pid == 0) {
        int fd = open(errlog, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, 2) < 0)
            _exit(98);
        close(fd);
        set_progname("test_publish");
        fn();
        _exit(0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            perror("waitpid");
            exit(99);
        }
    return status;
}

static int exited(int status, int code) { return WIFEXITED(status) && WEXITSTATUS(status) == code; }

static char *slurp(const char *p, size_t *len)
{
    static char buf[4096];
    int fd = open(p, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0)
        close(fd);
    if (n < 0)
        return NULL;
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static int file_is(const char *p, const char *want)
{
    size_t len;
    const char *got = slurp(p, &len);
    return got && len == strlen(want) && memcmp(got, want, len) == 0;
}

static int log_has(const char *want)
{
    size_t len;
    const char *got = slurp(errlog, &len);
    return got && strstr(got, want) != NULL;
}

/* Entries of dir other than . and ..; the names go to `names`. */
static int entries(char *names, size_t size)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    names[0] = '\0';
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        n++;
        if (strlen(names) + strlen(e->d_name) + 2 < size) {
            strcat(names, " ");
            strcat(names, e->d_name);
        }
    }
    if (d)
        closedir(d);
    return n;
}

static void clean_dir(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    if (d)
        closedir(d);
}

static void put_file(const char *p, const char *text)
{
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || write_all(fd, text, strlen(text)) != 0 || close(fd) != 0) {
        perror(p);
        exit(99);
    }
}

/* ---- the children ------------------------------------------------------ */

static void publish_content(void)
{
    struct output o;
    umask(077); /* the published mode must not depend on the umask */
    FILE *fp = output_open(&o, path);
    fputs(CONTENT, fp);
    output_commit(&o);
}

/* Another process publishes the same name between our open and commit. */
static void publish_race(void)
{
    struct output o;
    FILE *fp = output_open(&o, path);
    put_file(path, OLD);
    fputs(CONTENT, fp);
    output_commit(&o);
}

/* output_open_new and output_commit_new: exit 10 + what they returned
 * (1 published, 0 the name taken), or 20 when the open found it there;
 * with taken, another process publishes the name between open and commit. */
static void new_output(int taken)
{
    struct output o;
    FILE *fp = output_open_new(&o, path);
    if (!fp)
        _exit(20);
    if (taken)
        put_file(path, OLD);
    fputs(CONTENT, fp);
    _exit(10 + output_commit_new(&o));
}

static void publish_new(void)
{
    new_output(0);
}

static void publish_new_race(void)
{
    new_output(1);
}

static void die_midway(void)
{
    struct output o;
    FILE *fp = output_open(&o, path);
    fputs(CONTENT, fp);
    fflush(fp);
    die("giving up half-way");
}

/* A file-size limit makes the writes fail (EFBIG) at commit's flush. */
static void write_fails(void)
{
    struct output o;
    struct rlimit rl = { 1024, 1024 }; /* room for the message on stderr */
    signal(SIGXFSZ, SIG_IGN);
    FILE *fp = output_open(&o, path);
    setrlimit(RLIMIT_FSIZE, &rl);
    for (int i = 0; i < 200; i++)
        fputs(CONTENT, fp);
    output_commit(&o);
}

static int ready_pipe[2];

static void wait_for_signal(void)
{
    struct output o;
    FILE *fp = output_open(&o, path);
    fputs(CONTENT, fp);
    fflush(fp);
    if (write(ready_pipe[1], "r", 1) != 1)
        _exit(97);
    for (;;)
        pause();
}

static void to_stdout(void)
{
    struct output o;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0 || dup2(fd, 1) < 0)
        _exit(96);
    close(fd);
    FILE *fp = output_open(&o, NULL);
    if (fp != stdout)
        _exit(95);
    fputs(CONTENT, fp);
    output_commit(&o);
}

static void to_dev_full(void)
{
    struct output o;
    int fd = open("/dev/full", O_WRONLY);
    if (fd < 0 || dup2(fd, 1) < 0)
        _exit(96);
    close(fd);
    FILE *fp = output_open(&o, NULL);
    fputs(CONTENT, fp);
    output_commit(&o);
}

static void relative_name(void)
{
    if (chdir(dir) != 0)
        _exit(96);
    struct output o;
    FILE *fp = output_open(&o, "relative.json");
    fputs(CONTENT, fp);
    output_commit(&o);
}

static char missing_path[256];

static void into_missing_dir(void)
{
    struct output o;
    output_open(&o, missing_path);
    _exit(0);
}

/* ---- the tests --------------------------------------------------------- */

static void test_publish(void)
{
    char names[512];
    struct stat st;
    int status = in_child(publish_content);
    ok(exited(status, 0), "publish: exit 0");
    ok(file_is(path, CONTENT), "publish: the file holds everything written");
    memset(&st, 0, sizeof st);
    stat(path, &st);
    ok((st.st_mode & 07777) == 0644, "publish: mode 0644 under umask 077 (%o)",
       (unsigned)(st.st_mode & 07777));
    ok(entries(names, sizeof names) == 1, "publish: no temp file left (dir holds:%s)", names);

    /* The same name again: exit 3, the file untouched, no temp left. */
    status = in_child(publish_content);
    ok(exited(status, EXIT_EXISTS), "existing: exit 3 (status %d)", status);
    ok(file_is(path, CONTENT), "existing: the published file is byte-identical");
    ok(log_has("already exists, not overwritten"), "existing: says so on stderr");
    ok(entries(names, sizeof names) == 1, "existing: no temp file left (dir holds:%s)", names);
    clean_dir();

    /* A file that is not ours, and mode 0600: left exactly as it was. */
    put_file(path, OLD);
    status = in_child(publish_content);
    ok(exited(status, EXIT_EXISTS), "someone else's file: exit 3");
    ok(file_is(path, OLD) && stat(path, &st) == 0 && (st.st_mode & 07777) == 0600,
       "someone else's file: same bytes, same mode");
    ok(entries(names, sizeof names) == 1, "someone else's file: no temp left (dir holds:%s)",
       names);
    clean_dir();

    status = in_child(publish_race);
    ok(exited(status, EXIT_EXISTS), "race: the name taken before commit gives exit 3");
    ok(file_is(path, OLD), "race: the winner's file is not replaced");
    ok(entries(names, sizeof names) == 1, "race: our temp file is removed (dir holds:%s)",
       names);
    clean_dir();
}

/* A file of a set that another run published first is no error. */
static void test_publish_new(void)
{
    char names[512];
    int status = in_child(publish_new);
    ok(exited(status, 11) && file_is(path, CONTENT), "new: published (status %d)", status);
    status = in_child(publish_new);
    ok(exited(status, 20) && file_is(path, CONTENT), "new: there already, NULL (status %d)",
       status);
    clean_dir();
    status = in_child(publish_new_race);
    ok(exited(status, 10), "new, race: the name taken before commit gives 0 (status %d)",
       status);
    ok(file_is(path, OLD), "new, race: the winner's file is not replaced");
    ok(entries(names, sizeof names) == 1, "new, race: our temp file is removed (dir holds:%s)",
       names);
    clean_dir();
}

static void test_failures(void)
{
    char names[512];
    int status = in_child(die_midway);
    ok(exited(status, EXIT_FAIL), "die: exit 1");
    ok(log_has("test_publish: giving up half-way"), "die: message on stderr");
    ok(entries(names, sizeof names) == 0, "die: no temp file, no final file (dir holds:%s)",
       names);

    status = in_child(write_fails);
    ok(exited(status, EXIT_FAIL), "write error: exit 1 (status %d)", status);
    ok(log_has("write error"), "write error: reported");
    ok(entries(names, sizeof names) == 0, "write error: nothing published (dir holds:%s)",
       names);

    if (pipe(ready_pipe) != 0) {
        perror("pipe");
        exit(99);
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(ready_pipe[0]);
        wait_for_signal();
    }
    char c;
    close(ready_pipe[1]);
    int got = (int)read(ready_pipe[0], &c, 1);
    close(ready_pipe[0]);
    ok(got == 1 && entries(names, sizeof names) == 1,
       "signal: while writing, one temp file exists (dir holds:%s)", names);
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
    ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "signal: killed by SIGTERM");
    ok(entries(names, sizeof names) == 0, "signal: the temp file is removed (dir holds:%s)",
       names);

    snprintf(missing_path, sizeof missing_path, "%s/no-such-dir/model.json", dir);
    status = in_child(into_missing_dir);
    ok(exited(status, EXIT_FAIL) && log_has("cannot create temp file"),
       "missing directory: exit 1, cannot create temp file");
}

static void test_stdout(void)
{
    char names[512];
    int status = in_child(to_stdout);
    ok(exited(status, 0), "stdout: exit 0");
    ok(file_is(path, CONTENT), "stdout: everything written reaches stdout");
    ok(entries(names, sizeof names) == 1, "stdout: no temp file (dir holds:%s)", names);
    clean_dir();

    status = in_child(to_dev_full);
    ok(exited(status, EXIT_FAIL), "stdout to /dev/full: exit 1");
    ok(log_has("test_publish: write error"), "stdout to /dev/full: 'write error' on stderr");

    status = in_child(relative_name);
    snprintf(missing_path, sizeof missing_path, "%s/relative.json", dir);
    ok(exited(status, 0) && file_is(missing_path, CONTENT) && entries(names, sizeof names) == 1,
       "a name without a directory is published in the current one (dir holds:%s)", names);
    clean_dir();
}

static void test_write_all(void)
{
    int p[2];
    char big[100000], back[100000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
    if (pipe(p) != 0)
        exit(99);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) { /* more than a pipe buffer: short writes happen */
        close(p[0]);
        _exit(write_all(p[1], big, sizeof big) == 0 ? 0 : 1);
    }
    close(p[1]);
    size_t got = 0;
    ssize_t n;
    while (got < sizeof back && (n = read(p[0], back + got, sizeof back - got)) > 0)
        got += (size_t)n;
    close(p[0]);
    int status;
    waitpid(pid, &status, 0);
    ok(exited(status, 0) && got == sizeof big && memcmp(big, back, got) == 0,
       "write_all: 100000 bytes through a pipe, in full");
    int fd = open("/dev/full", O_WRONLY);
    ok(fd >= 0 && write_all(fd, big, 10) == -1 && errno == ENOSPC,
       "write_all: -1 with errno ENOSPC on /dev/full");
    if (fd >= 0)
        close(fd);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/test_publish.XXXXXX", tmp && strlen(tmp) < 30 ? tmp : "/tmp");
    if (!mkdtemp(root)) {
        perror(root);
        return 99;
    }
    snprintf(dir, sizeof dir, "%s/models", root);
    snprintf(errlog, sizeof errlog, "%s/stderr", root);
    snprintf(path, sizeof path, "%s/poisson_model.json", dir);
    if (mkdir(dir, 0755) != 0) {
        perror(dir);
        return 99;
    }
    signal(SIGPIPE, SIG_IGN);
    test_publish();
    test_publish_new();
    test_failures();
    test_stdout();
    test_write_all();
    clean_dir();
    rmdir(dir);
    unlink(errlog);
    rmdir(root);
    return done_testing();
}
