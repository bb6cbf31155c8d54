/* csvrows.h: rows of a CSV file through libcsv, with line numbers.
 *
 * Fields are copied and NUL-terminated; a UTF-8 BOM at the start is dropped;
 * lines end with LF, CRLF or a lone CR (a classic Mac file), each counted;
 * blank lines and rows whose fields are all empty (the comma padding of old
 * football-data.co.uk files) are skipped. A row holding a NUL byte is handed
 * over with `nul_byte` set, for the caller to report; the last row, when the
 * input ends without a line end after it, with `unterminated` set (a file
 * cut short ends so, mid-field perhaps). */
#ifndef LF_CSVROWS_H
#define LF_CSVROWS_H

#include <stddef.h>
#include <stdio.h>

struct csv_row {
    char **field;
    size_t n;
    long line;    /* line on which the row ends */
    int nul_byte; /* a field held a NUL byte (truncated there) */
    int unterminated; /* the input ended in this row, without a line end */
};

typedef void (*csv_row_fn)(const struct csv_row *row, void *data);

/* Calls fn for every row. On a CSV syntax error (e.g. an unterminated
 * quote) or a read error it reports "prog: name:line: reason" and returns
 * -1; otherwise 0. */
int csv_rows_read(FILE *fp, const char *name, csv_row_fn fn, void *data);

/* The same with another field delimiter than the comma (';' or '\t' of a
 * spreadsheet's re-save, see dialect.h). */
int csv_rows_read_delim(FILE *fp, const char *name, char delim, csv_row_fn fn,
                        void *data);

#endif
