/* isolated.c: run_isolated, a piece of work in a child process. */
#define _POSIX_C_SOURCE 200809L
#include "isolated.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Everything readable from fd until its end, NUL-terminated. */
static char *read_fd(int fd)
{
    size_t len = 0, cap = 0;
    char *text = NULL;
    for (;;) {
        grow(&text, &cap, len + 4097, 1);
        ssize_t got = read(fd, text + len, cap - len - 1);
        if (got > 0) {
            len += (size_t)got;
        } else if (got == 0) {
            break;
        } else if (errno != EINTR) {
            warnf("reading a child's errors: %s", strerror(errno));
            break;
        }
    }
    text[len] = '\0';
    return text;
}

static int exit_status(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

int run_isolated(int (*work)(void *arg), void *arg, char **errors)
{
    int fd[2];
    *errors = NULL;
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
    *errors = read_fd(fd[0]);
    close(fd[0]);
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) {
            warnf("waitpid: %s", strerror(errno));
            return -1;
        }
    return exit_status(status);
}
