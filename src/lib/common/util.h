/* util.h: program name, diagnostics, checked allocation, checked stdout. */
#ifndef LF_UTIL_H
#define LF_UTIL_H

#include <stddef.h>
#include <stdio.h>

/* Exit codes shared by every program. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_EXISTS = 3 };

extern const char *progname;

void set_progname(const char *argv0);

/* Called by die() before exiting, so a half-written temp file is removed. */
void set_die_hook(void (*hook)(void));

/* "prog: message\n" on stderr; die() then exits 1. */
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die_code(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Exits 1 after a failure already reported, running the die hook. */
_Noreturn void exit_failure(void);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* The first n bytes of s, or s up to its NUL when shorter, as a new string. */
char *xstrndup(const char *s, size_t n);

/* "dir/name", a new string. */
char *path_join(const char *dir, const char *name);

/* Grow *v (element size elsize) so that it holds at least need elements. */
void grow(void *v, size_t *cap, size_t need, size_t elsize);

/* Write buf in full to fd, retrying short writes and EINTR; -1 on error. */
int write_all(int fd, const void *buf, size_t len);

/* The rest of a stream, NUL-terminated (*len bytes before the NUL); NULL
 * on a read error (the stream's error flag set). */
char *read_all(FILE *fp, size_t *len);

/* Flush and close stdout, dying with a message if any write failed
 * (e.g. > /dev/full). Call once at the end of main. */
void close_stdout(void);

/* Parse a whole string as a finite double / a long; 0 on success. */
int parse_double(const char *s, double *out);
int parse_long(const char *s, long *out);

#endif
