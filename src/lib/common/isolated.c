/* isolated.c: run_isolated, a piece of work in a child process. */
#define _POSIX_C_SOURCE 200809L
#include "isolated.h"
#include "textbuf.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Gives on_errors what is readable from fd, as it comes, until its end;
 * fd is closed. */
static void read_fd(int fd, void (*on_errors)(const char *, size_t, void *), void *ctx)
{
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n > 0)
            on_errors(buf, (size_t)n, ctx);
        else if (errno != EINTR) {
            warnf("reading a child's errors: %s", strerror(errno));
            break;
        }
    }
    close(fd);
}

static int exit_status(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

int run_isolated_reading(int (*work)(void *arg), void *arg,
                         void (*on_errors)(const char *text, size_t len, void *ctx), void *ctx)
{
    int fd[2];
    if (pipe(fd) != 0) {
        warnf("pipe: %s", strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t child = fork();
    if (child < 0) {
        warnf("fork: %s", strerror(errno));
        close(fd[0]), close(fd[1]);
        return -1;
    }
    if (child == 0) {
        close(fd[0]);
        if (dup2(fd[1], STDERR_FILENO) < 0)
            _exit(EXIT_FAIL);
        close(fd[1]);
        exit(work(arg));
    }
    close(fd[1]);
    read_fd(fd[0], on_errors, ctx);
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) {
            warnf("waitpid: %s", strerror(errno));
            return -1;
        }
    return exit_status(status);
}

/* What the child wrote, so far. */
static void append(const char *text, size_t len, void *ctx) { text_buf_add(ctx, text, len); }

int run_isolated(int (*work)(void *arg), void *arg, char **errors, size_t *len)
{
    struct text_buf t = { 0 };
    int status = run_isolated_reading(work, arg, append, &t);
    if (len)
        *len = t.len;
    *errors = text_buf_release(&t);
    return status;
}
