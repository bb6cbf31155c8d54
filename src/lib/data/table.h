/* table.h: the small shipped tables (leagues.csv, teams.csv,
 * excluded.csv): a header naming the columns, then one row a line. */
#ifndef LF_TABLE_H
#define LF_TABLE_H

/* Gets the cells of one row in the order of the names given to
 * table_read ("" where a column is absent), in UTF-8 (Windows-1252 text
 * mended, as in the data files) and trimmed, and its line. */
typedef void (*table_row_fn)(const char *const *cells, long line, void *data);

/* Reads the table at path: ncols column names, of which the first
 * nrequired must be in the header (the rest may be absent), then fn for
 * every row. Dies with "path:line: reason" on a file it cannot read. */
void table_read(const char *path, const char *const *names, int ncols, int nrequired,
                table_row_fn fn, void *data);

#endif
