/* rowerrors.h: "file:line: reason" for bad rows, at most the first
 * ROW_ERRORS_SHOWN of a file, then one line with the count: one bad file
 * must not bury every other message under hundreds of lines. */
#ifndef LF_ROWERRORS_H
#define LF_ROWERRORS_H

#include <stddef.h>

#define ROW_ERRORS_SHOWN 10

struct row_errors {
    const char *name; /* the file, as messages name it */
    size_t n;         /* errors so far, shown or not */
};

/* Counts an error of row `line` and prints it while fewer than
 * ROW_ERRORS_SHOWN have been. */
void row_error(struct row_errors *e, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prints "file: N errors in all, the first 10 shown" when some were held
 * back. Returns the count. */
size_t row_errors_end(const struct row_errors *e);

#endif
