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

/* Everything readable from fd until its end, NUL-terminated (read_all),
 * its length in *len; fd is closed. */
static char *read_fd(int fd, size_t *len)
{
    FILE *fp = fdopen(fd, "r");
    char *text = fp ? read_all(fp, len) : NULL;
    if (!text)
        warnf("reading a child's errors: %s", strerror(errno));
    if (fp)
        fclose(fp);
    else
        close(fd);
    if (!text)
        *len = 0;
    return text ? text : xstrdup("");
}

static int exit_status(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

int run_isolated(int (*work)(void *arg), void *arg, char **errors, size_t *len)
{
    int fd[2];
    size_t ignored;
    *errors = NULL;
    if (!len)
        len = &ignored;
    *len = 0;
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
    *errors = read_fd(fd[0], len);
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) {
            warnf("waitpid: %s", strerror(errno));
            return -1;
        }
    return exit_status(status);
}
