/* rowerrors.c: capped per-file reports of bad rows. */
#include "rowerrors.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>

void row_error(struct row_errors *e, long line, const char *fmt, ...)
{
    if (e->n++ >= ROW_ERRORS_SHOWN)
        return;
    char why[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    warnf("%s:%ld: %s", e->name, line, why);
}

size_t row_errors_end(const struct row_errors *e)
{
    if (e->n > ROW_ERRORS_SHOWN)
        warnf("%s: %zu bad rows in all, the first %d shown", e->name, e->n,
              ROW_ERRORS_SHOWN);
    return e->n;
}
