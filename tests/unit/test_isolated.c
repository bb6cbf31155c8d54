/* test_isolated.c: run_isolated, a piece of work in a child process: its
 * status whether it returns, dies or is killed, its stderr captured, and
 * nothing of the parent's touched (its memory, its buffered output). TAP. */
#define _POSIX_C_SOURCE 200809L
#include "isolated.h"
#include "util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static int counter;

static int returns_three(void *arg)
{
    counter++; /* the child's copy */
    fprintf(stderr, "line one\nline %s\n", (const char *)arg);
    return 3;
}

static int dies(void *arg)
{
    (void)arg;
    die("cannot go on");
}

static int killed(void *arg)
{
    (void)arg;
    raise(SIGKILL);
    return 0;
}

static int writes_much(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) /* far beyond a pipe's buffer */
        fprintf(stderr, "%05d\n", i);
    return 0;
}

int main(void)
{
    set_progname("test_isolated");
    char *errors;
    int status = run_isolated(returns_three, "two", &errors, NULL);
    ok(status == 3, "the work's return is the status (%d)", status);
    ok(strcmp(errors, "line one\nline two\n") == 0, "its stderr is captured");
    ok(counter == 0, "the parent's memory is untouched");
    free(errors);

    status = run_isolated(dies, NULL, &errors, NULL);
    ok(status == 1 && strcmp(errors, "test_isolated: cannot go on\n") == 0,
       "a die() in the child: status 1 and its message, and the parent goes on");
    free(errors);

    status = run_isolated(killed, NULL, &errors, NULL);
    ok(status == 128 + SIGKILL && errors[0] == '\0', "killed by a signal: 128 + it (%d)", status);
    free(errors);

    status = run_isolated(writes_much, NULL, &errors, NULL);
    ok(status == 0 && strlen(errors) == 20000 * 6 && strncmp(errors + 6 * 19999, "19999\n", 6) == 0,
       "120 kB of errors: all read, no deadlock");
    free(errors);

    /* Output the parent buffered before the fork is written once, by it. */
    FILE *tmp = tmpfile();
    int saved = dup(STDOUT_FILENO);
    fflush(stdout);
    dup2(fileno(tmp), STDOUT_FILENO);
    printf("before");
    status = run_isolated(returns_three, "x", &errors, NULL);
    free(errors);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    char text[64] = { 0 };
    rewind(tmp);
    size_t got = fread(text, 1, sizeof text - 1, tmp);
    fclose(tmp);
    ok(status == 3 && got == 6 && strcmp(text, "before") == 0,
       "the parent's buffered output is written once (got '%s')", text);
    return done_testing();
}
