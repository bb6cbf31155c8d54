/* util.c: diagnostics and checked helpers shared by every program. */
#include "util.h"
#include "decimal.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *progname = "leaguefit";
static void (*die_hook)(void);

void set_progname(const char *argv0)
{
    const char *slash = strrchr(argv0, '/');
    progname = slash ? slash + 1 : argv0;
}

void set_die_hook(void (*hook)(void)) { die_hook = hook; }

/* "prog: message\n" in one write (stderr is unbuffered): the programs
 * make runs side by side share its stderr, and a line written in three
 * parts could be cut by another's. Without memory, in parts after all. */
static void vreport(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int body = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    size_t head = strlen(progname) + 2;
    char *line = body >= 0 ? malloc(head + (size_t)body + 2) : NULL;
    if (!line) {
        fprintf(stderr, "%s: ", progname);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        return;
    }
    memcpy(line, progname, head - 2);
    memcpy(line + head - 2, ": ", 2);
    vsnprintf(line + head, (size_t)body + 1, fmt, ap);
    line[head + (size_t)body] = '\n';
    fwrite(line, 1, head + (size_t)body + 1, stderr);
    free(line);
}

void warnf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
}

_Noreturn static void vdie(int code, const char *fmt, va_list ap)
{
    vreport(fmt, ap);
    if (die_hook)
        die_hook();
    exit(code);
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdie(EXIT_FAIL, fmt, ap);
}

void die_code(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdie(code, fmt, ap);
}

void exit_failure(void)
{
    if (die_hook)
        die_hook();
    exit(EXIT_FAIL);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die("out of memory");
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

char *xstrndup(const char *s, size_t n)
{
    const char *nul = memchr(s, '\0', n);
    size_t len = nul ? (size_t)(nul - s) : n;
    char *copy = xmalloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

void grow(void *v, size_t *cap, size_t need, size_t elsize)
{
    void **vp = v;
    if (need <= *cap)
        return;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    *vp = xrealloc(*vp, ncap * elsize);
    *cap = ncap;
}

void close_stdout(void)
{
    int failed = fflush(stdout) != 0 || ferror(stdout);
    int saved = errno;
    if (fclose(stdout) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        fprintf(stderr, "%s: write error: %s\n", progname, strerror(saved));
        if (die_hook)
            die_hook();
        exit(EXIT_FAIL);
    }
}

int parse_double(const char *s, double *out)
{
    char *end;
    if (!*s || s[strspn(s, "0123456789.eE+-")])
        return -1; /* no hex, inf, nan or white space: strtod takes them */
    if (decimal_parse_exact(s, out) == 0)
        return 0; /* most numbers of a table: strtod's double, sooner */
    errno = 0;
    double v = strtod(s, &end);
    /* strtod flags a subnormal with ERANGE, though it is exact enough:
     * format_double writes them. */
    int subnormal = errno == ERANGE && v != 0 && fabs(v) < DBL_MIN;
    if (*end || (errno && !subnormal) || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int parse_long(const char *s, long *out)
{
    char *end;
    if (!*s)
        return -1;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno)
        return -1;
    *out = v;
    return 0;
}

char *read_all(FILE *fp, size_t *len)
{
    size_t cap = 0, n = 0;
    char *buf = NULL;
    for (;;) {
        grow(&buf, &cap, n + 65536, 1);
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
    }
    buf[n] = '\0';
    *len = n;
    if (ferror(fp)) {
        free(buf);
        return NULL;
    }
    return buf;
}

int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}
