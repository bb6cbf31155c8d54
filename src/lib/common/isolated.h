/* isolated.h: a piece of work run in a child process of its own.
 *
 * A program that works through many inputs in one run (import-fixtures
 * --into, which imports hundreds of files) must fail one input without
 * failing the others, even where a reader dies (a missing column, an
 * unreadable file): as if each input had its own process, but without the
 * cost of starting a program (a shell, an exec, a rename a file cost
 * thirty times the import of a season's file). A fork gives that. */
#ifndef LF_ISOLATED_H
#define LF_ISOLATED_H

#include <stddef.h>

/* Runs work(arg) in a child process (stdio flushed first, so nothing
 * buffered is written twice) and returns its exit status: what work
 * returned, or what exit() or die() gave; 128 + the signal when one ended
 * it; -1 when no child could be made (reported). *errors gets what the
 * child wrote to stderr, NUL-terminated (the caller frees it), and *len
 * its length (len may be NULL): the child may write NUL bytes of its own,
 * to mark where one piece of its work ends. */
int run_isolated(int (*work)(void *arg), void *arg, char **errors, size_t *len);

/* As run_isolated, but what the child writes to stderr is given to
 * on_errors(text, len, ctx) as it comes, in pieces of any size, so that
 * the caller can act on the end of one piece of the child's work while it
 * goes on with the next. */
int run_isolated_reading(int (*work)(void *arg), void *arg,
                         void (*on_errors)(const char *text, size_t len, void *ctx), void *ctx);

#endif
